/**
 * The one declaration of a resource kind: what it accepts, what it exposes, how Telnyx
 * tells one object from another, and which changes replace it. Everything generic about
 * a resource (validation at preview, diffs, resets of removed fields, output names, the
 * type token) is derived from it; the REST calls live beside it in the kind's `api.ts`, and
 * `provider.ts` hands both to the generic lifecycle (`lifecycle.ts`).
 *
 * Adding a resource kind means adding a `definition.ts` (a {@link defineResource} call),
 * its REST operations, and a class that extends `pulumi.CustomResource` with `dynamicResourceArgs(definition, …)`.
 */
import * as z from "zod";

/** The metadata key under which an input schema records Telnyx's default for a field. */
const DEFAULT_META_KEY = "telnyxDefault";

/**
 * Marks `schema` with Telnyx's default for the field (`null`: the field is unset by
 * default). A field the program declared and then removed goes back to this value;
 * an exported or imported object lists only the fields that differ from it.
 */
export function telnyxDefault<S extends z.ZodType>(schema: S, value: unknown): S {
  return schema.meta({ [DEFAULT_META_KEY]: value }) as S;
}

/** What a kind's declaration says; {@link defineResource} derives the rest. */
export interface ResourceDeclaration<Inputs extends z.ZodObject, Outputs extends z.ZodObject> {
  /** The kind name: `dispatch` routes by it and the type token is `pulumi-nodejs:dynamic/texml:<kind>`. Never renamed: state refers to it. */
  kind: string;
  /** How messages name one object of this kind ("application": "cannot import application <id>"). */
  noun: string;
  /** The inputs, camelCase, with Telnyx's defaults marked by {@link telnyxDefault}. */
  inputs: Inputs;
  /** The outputs as the state holds them; its keys are the resource's output properties. */
  outputs: Outputs;
  /**
   * The input that names the object in Telnyx: what an ambiguous create looks for, and
   * what duplicate checks compare. Whether it is unique, and whether a listing shows it, is
   * for the kind's `provider.ts` to declare (its lifecycle rules).
   */
  identity: keyof z.infer<Inputs> & string;
  /** Inputs whose change needs a new object (created before the old one is deleted); every other input updates in place. */
  replaceOn: readonly (keyof z.infer<Inputs> & string)[];
  /**
   * The output that holds the object's creation time, for kinds Telnyx can read back: it tells
   * the object the state records from a newer one under the same id, and dates the candidates
   * of an ambiguous create (see `lifecycle.ts`).
   */
  creationTime?: keyof z.infer<Outputs> & string;
  /** Outputs always kept as Pulumi secrets. */
  secretOutputs?: readonly (keyof z.infer<Outputs> & string)[];
  /** Property values in the form they are compared in (e.g. letter case that carries no meaning removed). */
  canonical?: (props: Record<string, unknown>) => Record<string, unknown>;
}

/** A resource kind's declaration plus what is derived from it. */
export interface ResourceDefinition<Inputs extends z.ZodObject = z.ZodObject, Outputs extends z.ZodObject = z.ZodObject>
  extends Readonly<ResourceDeclaration<Inputs, Outputs>> {
  /** The Pulumi type token of resources of this kind. */
  readonly type: string;
  /** The output property names, from the outputs schema. */
  readonly outputNames: readonly string[];
  /** Telnyx's default by dotted input path (`voiceMethod`, `inbound.channelLimit`), from the input schema's marks. */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** {@link ResourceDeclaration.canonical}, or the properties unchanged. */
  readonly canonical: (props: Record<string, unknown>) => Record<string, unknown>;
}

/** Declares a resource kind (see the module comment). */
export function defineResource<Inputs extends z.ZodObject, Outputs extends z.ZodObject>(
  declaration: ResourceDeclaration<Inputs, Outputs>,
): ResourceDefinition<Inputs, Outputs> {
  return Object.freeze({
    ...declaration,
    type: `pulumi-nodejs:dynamic/texml:${declaration.kind}`,
    outputNames: Object.freeze(Object.keys(declaration.outputs.shape)),
    defaults: Object.freeze(defaultsOf(declaration.inputs)),
    canonical: declaration.canonical ?? ((props: Record<string, unknown>) => props),
  });
}

/** The marked defaults of an object schema's fields, one level of nesting deep (as inputs go). */
function defaultsOf(schema: z.ZodObject, prefix = ""): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const path = prefix + key;
    const meta = field.meta();
    if (meta && DEFAULT_META_KEY in meta) defaults[path] = meta[DEFAULT_META_KEY];
    const inner = unwrap(field);
    if (inner instanceof z.ZodObject && prefix === "") Object.assign(defaults, defaultsOf(inner, `${path}.`));
  }
  return defaults;
}

/** The schema inside `.optional()` / `.nullable()` wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
  return current;
}
