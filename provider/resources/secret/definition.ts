import * as z from "zod";
import { defineResource } from "../definition";

/**
 * A name TeXML can reference as a Mustache dynamic parameter: a letter or
 * underscore first, then letters, digits, underscores or hyphens. Dots (nested
 * lookups in Mustache), spaces and braces would make the reference ambiguous.
 */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Inputs of a TeXML secret. Messages never quote the value. */
export const secretInputsSchema = z.strictObject({
  /** The name TeXML templates use to reference the secret; changing it replaces the secret. */
  name: z
    .string({ error: "must be a string" })
    .min(1, { error: "must not be empty" })
    .regex(SECRET_NAME_PATTERN, { error: "must start with a letter or underscore and contain only letters, digits, underscores and hyphens, so that TeXML can reference it as {{name}}" }),
  /** The secret value; always handled as a Pulumi secret. */
  value: z.string({ error: "must be a string" }).min(1, { error: "must not be empty" }),
});

/** Validated secret inputs. */
export type SecretInputs = z.infer<typeof secretInputsSchema>;

/**
 * `texml.Secret`: a new value updates in place, a new name replaces. Telnyx cannot read,
 * list or delete a secret; the value is retired by the name's claim ({@link secretNameResource}).
 */
export const secretResource = defineResource({
  kind: "Secret",
  noun: "secret",
  inputs: secretInputsSchema,
  outputs: z.object({ name: z.string(), value: z.string() }),
  identity: "name",
  replaceOn: ["name"],
  secretOutputs: ["value"],
});

/** Inputs of the claim on a secret name (see `SecretName`). */
export const secretNameInputsSchema = secretInputsSchema.pick({ name: true });

/** `texml:SecretName`, the stack's claim on a secret name: any change is a new claim. */
export const secretNameResource = defineResource({
  kind: "SecretName",
  noun: "secret name claim",
  inputs: secretNameInputsSchema,
  outputs: z.object({ name: z.string() }),
  identity: "name",
  replaceOn: ["name"],
});
