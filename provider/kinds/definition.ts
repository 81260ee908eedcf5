/**
 * The one declaration of a resource kind: what it accepts, what it exposes, how Telnyx
 * tells one object from another, and which changes replace it. Everything generic about
 * a resource (validation at preview, diffs, resets of removed fields, output names, the
 * type token) is derived from it; the kind's `api.ts` beside it holds its typed REST calls and
 * the rules the generic lifecycle (`lifecycle.ts`) runs them with.
 *
 * Adding a resource kind means adding a `definition.ts` (a {@link defineResource} call), its
 * `api.ts`, and its line in `registry.ts`; its class and public types (under
 * ../faces/dynamic/), exports, reference page and plugin schema are generated from this.
 */
import type * as pulumi from "@pulumi/pulumi";
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

/**
 * Documents a schema field for the generated public types: `description` stands in where the
 * spec has none, `notes` are sentences of ours added after it (validation, replacement, units).
 * Both travel with the field: a declarative-file entry that reuses it is documented alike.
 */
export function documented<S extends z.ZodType>(schema: S, docs: { description?: string; notes?: readonly string[] }): S {
  return schema.meta({ ...docs }) as S;
}

/** An interface the types generator names and documents (a nested object's). */
export interface NamedType {
  /** The interface name. */
  readonly name: string;
  /** Its doc comment, one paragraph per line. */
  readonly doc: readonly string[];
}

/** Where the generated types of a kind take their documentation from in the spec (spec/texml-openapi.json). */
export interface SpecSources {
  /** Component schemas whose same-named properties describe the fields, in order. */
  readonly specSchemas: readonly string[];
  /** Explicit spec references by field path (`schema:X#a`, `param:Op#P`); `null`: none (the field's own description). */
  readonly specFor?: Readonly<Record<string, string | null>>;
  /** Names and docs of the interfaces of nested objects, by field path. */
  readonly nested?: Readonly<Record<string, NamedType>>;
}

/**
 * What programs see of a kind: the generated class (`resource.ts`), its public types
 * (`args.ts`), the package root's exports, its `texml.yaml` list and its reference page.
 * Absent for a kind only the package registers itself.
 */
export interface ResourceSurface {
  /** The class name programs use (`texml.Application`), and the prefix of its types (`ApplicationArgs`). */
  readonly className: string;
  /** The `texml.yaml` key listing entries of this kind (`applications`); absent: the file has none. */
  readonly fileKey?: string;
  /**
   * How the generated `TexmlDocument` documents the `fileKey` list and its entries
   * (`Texml<className>Entry`, from the list's schema in provider/faces/dynamic/declarative/schema.ts).
   * The resource options' fields (`import`, `protect`, `retainOnDelete`) are documented alike for every kind.
   */
  readonly fileEntry?: Partial<SpecSources> & {
    /** The list's doc on `TexmlDocument`. */
    readonly listDoc: string;
    /** The entry interface's doc. */
    readonly doc: readonly string[];
    /** Our description by field path, where neither the spec nor the field has one. */
    readonly text?: Readonly<Record<string, string>>;
    /** Sentences by field path, instead of the field's own (an entry's key is the default name). */
    readonly notes?: Readonly<Record<string, readonly string[]>>;
    /** "plain" when the file's defaults are not Telnyx's (a secret's `retireOnDelete`). */
    readonly defaults?: "telnyx" | "plain";
  };
  /** The reference page, `docs/resources/<docsPage>.md`. */
  readonly docsPage: string;
  /** The class's doc comment (Markdown, without comment markers). */
  readonly classDoc: string;
  /** The constructor's doc comment; absent: none. */
  readonly constructorDoc?: string;
  /**
   * The doc comment of a static `get(name, id, opts)` that reads an existing object without
   * managing it (and of `isInstance`, which such classes override); absent: no `get`.
   */
  readonly getDoc?: string;
  /** Resource options the class sets unless the program does (never for `get`); why, in the definition's comments. */
  readonly defaultOptions?: Readonly<Pick<pulumi.CustomResourceOptions, "deleteBeforeReplace">>;
  /**
   * The name of a function exported by the kind's `register.ts` that the class calls as
   * `(resourceName, args) => args` before registering: a check no definition can express
   * (`Secret` refuses a second declaration of one Telnyx name).
   */
  readonly beforeRegister?: string;
  /** The interface doc of `<className>Args`, and where its fields are documented. */
  readonly args: SpecSources & { readonly doc: readonly string[] };
  /** Where the outputs' documentation comes from for the provider plugin's schema (the class's comes from the output fields' `description`). */
  readonly outputs: SpecSources & {
    /** Our description by field path, where the spec has none. */
    readonly text?: Readonly<Record<string, string>>;
    /** Sentences of ours by field path. */
    readonly notes?: Readonly<Record<string, readonly string[]>>;
  };
  /**
   * Extra output interfaces rendered into `args.ts` from a wire schema (how Telnyx settled
   * a nested section), by output field: the section's JSON schema source and its interface.
   */
  readonly settled?: {
    readonly wire: z.ZodObject;
    readonly specSchemas: readonly string[];
    readonly sections: Readonly<Record<string, NamedType>>;
  };
  /** The reference page's prose no schema holds. */
  readonly page: {
    /** The program the page opens with. */
    readonly example: string;
    /** What the resource's id is. */
    readonly id: string;
    /** How to import one, a paragraph (or code block) per entry. */
    readonly importing: readonly string[];
    /** What `pulumi refresh` does. */
    readonly refresh: string;
  };
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
   * for the kind's `api.ts` to declare (its lifecycle rules).
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
  /** What programs see of the kind (class, types, file key, page); absent for a kind only the package registers. */
  surface?: ResourceSurface;
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
