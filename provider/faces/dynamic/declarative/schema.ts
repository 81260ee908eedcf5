import * as z from "zod";
import { applicationInputsSchema } from "../../../kinds/application/definition";
import { queueInputsSchema } from "../../../kinds/queue/definition";
import { retireOnDeleteSchema, secretInputsSchema } from "../../../kinds/secret/definition";

/** An entry key: also the Pulumi resource name, so it must be a usable one. */
const entryKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: "entry names may hold only letters, digits, '_', '.' and '-'" });

/** Where a secret's value comes from: always Pulumi config, never the file. */
const secretSource = z.strictObject({
  /** A config key (`crmToken`, or namespaced `myproject:crmToken`), set with `pulumi config set --secret`. */
  config: z.string({ error: "must be a config key" }).min(1, { error: "must be a config key" }),
});

/** `import: <id>` adopts an object that already exists in Telnyx (the `import` resource option). */
const importId = z
  .string({ error: "must be the id of an existing object" })
  .min(1, { error: "must be the id of an existing object" })
  .optional();

/** Pulumi resource options an entry may set. */
const resourceOptions = {
  /** Pulumi's `protect`: refuse to delete the object while set. */
  protect: z.boolean({ error: "must be true or false" }).optional(),
  /** Pulumi's `retainOnDelete`: removing the entry or destroying the stack leaves the object in Telnyx. */
  retainOnDelete: z.boolean({ error: "must be true or false" }).optional(),
};

/**
 * A declarative TeXML document (YAML or JSON). Entry keys name the resources;
 * `friendlyName` and queue and secret `name`s default to the key.
 */
export const texmlDocumentSchema = z.strictObject({
  /** Strings to reuse as `${name}` in any string value. */
  variables: z.record(entryKey, z.string({ error: "must be a string" })).optional(),
  /** TeXML applications by entry name. */
  applications: z
    .record(
      entryKey,
      applicationInputsSchema.extend({
        friendlyName: applicationInputsSchema.shape.friendlyName.optional(),
        import: importId,
        ...resourceOptions,
        /** Friendly names must be unique in a file; `true` on every entry sharing one allows it. */
        allowDuplicateFriendlyName: z.boolean({ error: "must be true or false" }).optional(),
      }),
    )
    .optional(),
  /** Queues by entry name. */
  queues: z
    .record(entryKey, queueInputsSchema.extend({ name: queueInputsSchema.shape.name.optional(), import: importId, ...resourceOptions }))
    .optional(),
  /** Secrets by entry name; the value is a reference to Pulumi config, never a literal. */
  secrets: z
    .record(
      entryKey,
      z.strictObject({
        name: secretInputsSchema.shape.name.optional(),
        valueFrom: secretSource,
        /** Removing the entry or destroying the stack overwrites the value with random bytes (see `texml.Secret`). */
        retireOnDelete: retireOnDeleteSchema.optional(),
        ...resourceOptions,
      }),
    )
    .optional(),
});

/**
 * A validated document (references resolved): the generated, zod-free interface, equal to
 * `z.infer<typeof texmlDocumentSchema>` (held so by test/unit/public-types.test.ts).
 */
export type { TexmlDocument } from "./types";
