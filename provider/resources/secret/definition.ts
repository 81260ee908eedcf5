import * as z from "zod";
import { defineResource } from "../definition";

/**
 * A name TeXML can reference as a Mustache dynamic parameter: a letter or
 * underscore first, then letters, digits, underscores or hyphens. Dots (nested
 * lookups in Mustache), spaces and braces would make the reference ambiguous.
 */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The name a secret has in Telnyx (and in TeXML templates). */
const secretNameSchema = z.string({ error: "must be a string" }).min(1, { error: "must not be empty" }).regex(SECRET_NAME_PATTERN, {
  error:
    "must start with a letter or underscore and contain only letters, digits, underscores and hyphens, so that TeXML can reference it as {{name}}",
});

/**
 * Whether deleting the resource overwrites the value with random bytes. Off unless set:
 * the stack cannot read a secret, so it can never prove that the live value is still its own.
 */
export const retireOnDeleteSchema = z.boolean({ error: "must be true or false" });

/** Inputs of a TeXML secret. Messages never quote the value. */
export const secretInputsSchema = z.strictObject({
  /** The name TeXML templates use to reference the secret; changing it replaces the secret. */
  name: secretNameSchema,
  /** The secret value; always handled as a Pulumi secret. */
  value: z.string({ error: "must be a string" }).min(1, { error: "must not be empty" }),
  /** Opt-in retirement of the value on delete (see {@link retireOnDeleteSchema}). */
  retireOnDelete: retireOnDeleteSchema.optional(),
});

/** Validated secret inputs. */
export type SecretInputs = z.infer<typeof secretInputsSchema>;

/**
 * `texml.Secret`: a new value updates in place, a new name replaces. Telnyx cannot read,
 * list or delete a secret; its delete writes nothing unless `retireOnDelete` is set
 * (see the provider). A missing `retireOnDelete` and `false` are the same setting, so
 * removing the option is a change the next `pulumi up` records.
 */
export const secretResource = defineResource({
  kind: "Secret",
  noun: "secret",
  inputs: secretInputsSchema,
  outputs: z.object({ name: z.string(), value: z.string(), retireOnDelete: z.boolean() }),
  identity: "name",
  replaceOn: ["name"],
  secretOutputs: ["value"],
  canonical: (props) => ({ ...props, retireOnDelete: props.retireOnDelete ?? false }),
});

/**
 * `texml:SecretName`, the claim on a secret name that every `Secret` of earlier versions
 * registered beside it. Programs no longer register it; the kind stays so that the stored
 * providers of such claims still run: the next `pulumi up` or `destroy` deletes them, and
 * that delete writes nothing.
 */
export const secretNameResource = defineResource({
  kind: "SecretName",
  noun: "secret name claim",
  inputs: z.strictObject({ name: secretNameSchema }),
  outputs: z.object({ name: z.string() }),
  identity: "name",
  replaceOn: ["name"],
});
