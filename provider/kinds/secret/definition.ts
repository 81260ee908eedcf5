import * as z from "zod";
import { defineResource, documented } from "../definition";

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
export const retireOnDeleteSchema = documented(z.boolean({ error: "must be true or false" }), {
  description:
    "Whether deleting the secret (removing it, renaming it, destroying the stack) overwrites its value in Telnyx with 32 random bytes, so that it stops working in TeXML",
  notes: [
    "Off by default: the stack cannot read a secret, so it cannot prove the live value is still its own, and a delete leaves the value with a warning",
    "Even when set, nothing is written while another resource of the stack declares the name in the same deployment (a rename without an alias, a move, `--replace`), nor for a protected resource, whose delete the engine refuses",
    "This stack cannot know of another stack that declares the same name: that stack's value is retired too. Changing only this setting sends nothing to Telnyx",
  ],
});

/** Inputs of a TeXML secret. Messages never quote the value. */
export const secretInputsSchema = z.strictObject({
  /** The name TeXML templates use to reference the secret; changing it replaces the secret. */
  name: documented(secretNameSchema, {
    notes: [
      "Must start with a letter or underscore and hold only letters, digits, underscores and hyphens, so that TeXML can reference it as `{{name}}`. One `Secret` per name in a program. Changing it creates the new secret; the old name keeps its value unless `retireOnDelete` is set",
    ],
  }),
  /** The secret value; always handled as a Pulumi secret. */
  value: documented(z.string({ error: "must be a string" }).min(1, { error: "must not be empty" }), {
    notes: ["Must not be empty. Always handled as a Pulumi secret: in inputs, outputs, state, previews and logs"],
  }),
  /** Opt-in retirement of the value on delete (see {@link retireOnDeleteSchema}). */
  retireOnDelete: retireOnDeleteSchema.optional(),
});

/** Validated secret inputs. */
export type SecretInputs = z.infer<typeof secretInputsSchema>;

/**
 * `texml.Secret`: a new value updates in place, a new name replaces. Telnyx cannot read,
 * list or delete a secret; its delete writes nothing unless `retireOnDelete` is set
 * (see the provider). A missing `retireOnDelete` and `false` are the same setting, so
 * removing the option is a change the next `pulumi up` records. The class refuses a second
 * `Secret` of one Telnyx name in a program before registering (`register.ts`).
 */
export const secretResource = defineResource({
  kind: "Secret",
  noun: "secret",
  inputs: secretInputsSchema,
  outputs: z.object({
    name: documented(z.string(), { description: "The name TeXML uses to reference the secret." }),
    value: documented(z.string(), { description: "The value (a secret output)." }),
    retireOnDelete: documented(z.boolean(), { description: "Whether deleting the resource overwrites the value with random bytes." }),
  }),
  identity: "name",
  replaceOn: ["name"],
  secretOutputs: ["value"],
  canonical: (props) => ({ ...props, retireOnDelete: props.retireOnDelete ?? false }),
  surface: {
    className: "Secret",
    fileKey: "secrets",
    fileEntry: {
      listDoc: "Secrets by entry name; each value is a reference to Pulumi config, never a literal.",
      doc: [
        "An entry of `secrets` in a declarative TeXML file: a {@link Secret} whose value comes from Pulumi config, never from the file.",
      ],
      specFor: { valueFrom: null },
      text: {
        valueFrom: "Where the value comes from: always a Pulumi config key, never the file",
        "valueFrom.config": "A config key (`crmToken`, or namespaced `myproject:crmToken`), set with `pulumi config set --secret`",
      },
      notes: {
        name: [
          "Defaults to the entry's key",
          "Must start with a letter or underscore and hold only letters, digits, underscores and hyphens",
        ],
      },
      nested: { valueFrom: { name: "TexmlSecretValueFrom", doc: ["Where a secret entry's value comes from."] } },
      defaults: "plain",
    },
    docsPage: "secret",
    classDoc: [
      "A TeXML secret (`POST /texml/secrets`): a value TeXML documents reference by name",
      "as a Mustache dynamic parameter, so that it never has to be pasted into TeXML.",
      "",
      "- `value` is a Pulumi secret everywhere: inputs, outputs, state, previews and logs.",
      "- A new value updates in place; a new name creates the new secret before the old one goes.",
      "- Telnyx cannot read, list or delete secrets. Refresh keeps the state as it is, and",
      "  `import` is refused at preview.",
      "- Deleting this resource (removing it, renaming it, destroying the stack) leaves the value",
      "  in Telnyx, with a warning that says so. With `retireOnDelete: true` the value is",
      "  overwritten with random bytes instead, unless another resource of the stack declared",
      "  the name in the same deployment; `protect` (also inherited from a parent) keeps the",
      "  engine from deleting it at all.",
      "- Two `Secret`s of one Telnyx name in a program are refused, also when the names are",
      "  `Output`s that resolve to the same one.",
    ].join("\n"),
    beforeRegister: "claimSecretName",
    args: {
      doc: ["Arguments of {@link Secret}: the spec's `CreateTeXMLSecretRequest`."],
      specSchemas: ["CreateTeXMLSecretRequest"],
      specFor: { retireOnDelete: null },
    },
    outputs: {
      specSchemas: ["CreateTeXMLSecretRequest"],
      specFor: { retireOnDelete: null },
      text: { retireOnDelete: retireOnDeleteSchema.meta()?.description as string },
      notes: { value: ["Always a Pulumi secret"], retireOnDelete: retireOnDeleteSchema.meta()?.notes as string[] },
    },
    page: {
      example: [
        'import * as pulumi from "@pulumi/pulumi";',
        'import * as texml from "pulumi-telnyx-texml";',
        "",
        'const token = new texml.Secret("crm-token", {',
        '  name: "crm_token",',
        '  value: new pulumi.Config().requireSecret("crmToken"),',
        "});",
        "",
        "// TeXML documents reference the value as {{crm_token}}.",
        "export const secretName = token.name;",
      ].join("\n"),
      id: "The secret's name.",
      importing: [
        "A secret cannot be imported: Telnyx has no endpoint to read one, so there is nothing to adopt or verify. The `import` option is refused at `pulumi preview`, before any request. Declare the secret with its value instead: `pulumi up` sets it (an existing name has its value replaced).",
      ],
      refresh: "Telnyx cannot show a secret's value, so refresh keeps the state as it is.",
    },
  },
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
