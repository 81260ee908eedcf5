#!/usr/bin/env node
/**
 * Generates the package's public type declarations: plain TypeScript interfaces, with no
 * reference to zod, so that a user's program type-checks whatever its compiler settings
 * (zod's own declaration files need `esModuleInterop` or `skipLibCheck`; see issue 19).
 *
 * - Shapes and types come from the zod schemas the provider validates with, through
 *   `z.toJSONSchema`: resource inputs, the wire records data functions return (in
 *   camelCase, as `toResult` converts them) and the declarative file.
 * - Every property's documentation comes from the OpenAPI spec (spec/texml-openapi.json):
 *   its description, allowed values and default, with notes of ours where the spec has
 *   no description or the provider adds a rule (validation, replacement, units). A kind's
 *   notes are on its zod fields (`documented`), the rest on its definition's `surface`.
 * - The kinds are the registry's (provider/kinds/registry.ts): for each kind programs
 *   declare, its `args.ts`, its class `resource.ts` (with any hook of its `register.ts`), its
 *   `texml.yaml` entry type, and the package root's `provider/faces/dynamic/index.ts` and the
 *   light `definitions.ts`; no kind is named here.
 * - Lookup arguments have no zod schema: their types are given in the table below, their
 *   documentation again comes from the spec's query and path parameters.
 *
 *   node scripts/generate-types.mjs           write the files
 *   node scripts/generate-types.mjs --check   exit 1 when a file differs from what it would write
 *
 * test/unit/public-types.test.ts runs `--check`, and holds each interface equal to the
 * zod-inferred type at compile time (`npm run typecheck`).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PLUGIN_SCHEMA_FILE, pluginSchemaModule, renderPluginSchema } from "./plugin-schema.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------
// The spec

/** The OpenAPI document, with `$ref` resolution and description lookups. */
class Spec {
  constructor(doc) {
    this.doc = doc;
  }

  deref(node) {
    let current = node;
    const seen = new Set();
    while (current && typeof current === "object" && typeof current.$ref === "string") {
      if (seen.has(current.$ref)) throw new Error(`circular $ref ${current.$ref}`);
      seen.add(current.$ref);
      const { $ref, ...siblings } = current;
      const target = $ref
        .slice(2)
        .split("/")
        .reduce((o, k) => (o === undefined ? undefined : o[k.replace(/~1/g, "/").replace(/~0/g, "~")]), this.doc);
      if (target === undefined) throw new Error(`unresolved $ref ${$ref}`);
      current = { ...target, ...siblings };
    }
    return current;
  }

  /** A property of a component schema by path (`["inbound", "channel_limit"]`). */
  schemaProperty(schemaName, keys) {
    let node = this.deref(this.doc.components.schemas[schemaName]);
    if (!node) throw new Error(`spec has no schema ${schemaName}`);
    for (const key of keys) {
      node = this.deref(node?.properties?.[key]);
      if (!node) return undefined;
    }
    return node;
  }

  /** A parameter of an operation (`GetTexmlCalls`, `StartTime_gt`), or a property of an object parameter (`filter.friendly_name`). */
  parameter(operationId, name) {
    const [paramName, ...inner] = name.split(".");
    for (const [, item] of Object.entries(this.doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (method === "parameters" || op.operationId !== operationId) continue;
        for (const raw of [...(op.parameters ?? []), ...(item.parameters ?? [])]) {
          const param = this.deref(raw);
          if (param.name !== paramName) continue;
          let schema = this.deref(param.schema) ?? {};
          if (inner.length === 0)
            return { ...schema, description: param.description ?? schema.description, example: param.example ?? schema.example };
          for (const key of inner) schema = this.deref(schema.properties?.[key]);
          return schema;
        }
        throw new Error(`operation ${operationId} has no parameter ${paramName}`);
      }
    }
    throw new Error(`spec has no operation ${operationId}`);
  }

  /** `schema:Name#a.b` or `param:OperationId#Name[.prop]`. */
  lookup(ref) {
    const match = /^(schema|param):([^#]+)#(.+)$/.exec(ref);
    if (!match) throw new Error(`bad spec reference ${ref}`);
    const [, kind, owner, key] = match;
    const node = kind === "schema" ? this.schemaProperty(owner, key.split(".")) : this.parameter(owner, key);
    if (!node) throw new Error(`spec reference ${ref} does not resolve`);
    return node;
  }
}

// ---------------------------------------------------------------------------------------
// Names and documentation

// The provider's own mapping (provider/base/wire.ts, the one place names are mapped), loaded from source.
const wire = () => {
  enableTypeScriptRequire();
  return require(path.join(repoRoot, "provider/base/wire.ts"));
};
const snakeToCamel = (name) => wire().snakeToCamel(name);
const camelToSnake = (name) => wire().camelToSnake(name);

/** Spec text as plain Markdown for a doc comment: HTML tags turned into code spans and lists, `*\/` escaped. */
function cleanText(text) {
  return String(text)
    .replace(/<code>\s*([^<]*?)\s*<\/code>/g, "`$1`")
    .replace(/<\/ul>/g, "\u0001")
    .replace(/<li>/g, "\u0002")
    .replace(/<br\s*\/?>/g, " ")
    .replace(/<\/?[a-z][^>]*>/g, "")
    .replace(/\s+/g, " ")
    .replace(/\s*\u0002\s*/g, "\n- ")
    .replace(/\s*\u0001\s*/g, "\n")
    .replace(/\*\//g, "*\\/")
    .trim();
}

const sentence = (text) => (/[.!?]$/.test(text) ? text : `${text}.`);
const literal = (value) => JSON.stringify(value);
const codeList = (values) => values.map((v) => `\`${literal(v)}\``).join(", ");

/**
 * A property's doc comment: the spec's description (or ours when the spec has none),
 * our notes, allowed values, constraints, the API's name for it, and its default.
 */
function propertyDoc({ spec, text, notes = [], schema, apiName, defaults, role }) {
  const description = text ?? (spec?.description ? cleanText(spec.description) : undefined);
  if (!description) throw new Error(`no description for ${apiName ?? "a property"}: the spec has none, give one in the table`);
  const details = notes.map(sentence);
  const enumValues = schema?.enum ?? (schema?.anyOf ?? []).find((s) => s.enum)?.enum;
  if (enumValues) details.push(`Allowed values: ${codeList(enumValues)}.`);
  else if (spec?.enum && role === "result") details.push(`Values the spec documents: ${codeList(spec.enum)}.`);
  const numeric = [schema, ...(schema?.anyOf ?? [])].find((s) => s && (s.type === "integer" || s.type === "number"));
  if (numeric && role !== "result") {
    const rules = [
      numeric.type === "integer" ? "a whole number" : "a number",
      ...(numeric.minimum !== undefined ? [`at least ${numeric.minimum}`] : []),
      ...(numeric.maximum !== undefined && numeric.maximum < Number.MAX_SAFE_INTEGER ? [`at most ${numeric.maximum}`] : []),
    ];
    details.push(`Must be ${rules.join(", ")}.`);
  }
  if (apiName) details.push(`API field: \`${apiName}\`.`);
  const lines = [sentence(description), ...(details.length ? [details.join(" ")] : [])];
  const tags = [];
  const shownDefault =
    defaults &&
    spec &&
    "default" in spec &&
    spec.default !== "null" &&
    !(spec.default === null && role === "result" && !options_nullable(schema));
  if (shownDefault)
    tags.push(`@defaultValue \`${literal(spec.default)}\`${defaults === "telnyx" ? " (Telnyx's default when left out)" : ""}`);
  return { lines, tags };
}

/** True when a JSON Schema node admits null (a `null` default means something only then). */
function options_nullable(schema) {
  return !!schema && isNullable(schema);
}

function renderDoc(indent, doc) {
  const body = [...doc.lines.flatMap((l, i) => (i === 0 ? [l] : ["", l])), ...(doc.tags.length ? ["", ...doc.tags] : [])];
  const out = [`${indent}/**`];
  for (const line of body) for (const part of line.split("\n")) out.push(part ? `${indent} * ${part}` : `${indent} *`);
  out.push(`${indent} */`);
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------
// Interfaces from JSON Schema (zod) and from the lookup table

/**
 * One interface (and the nested ones it needs) from a JSON Schema object produced by
 * `z.toJSONSchema`. Unknown extra keys of loose objects are left out on purpose: the
 * public types name every field, and a record keeps whatever else Telnyx sent at run time.
 *
 * @param options.name the interface name
 * @param options.doc its doc comment (lines)
 * @param options.input wrap every level in `pulumi.Input`, as Pulumi resource args are
 * @param options.camel rename snake_case wire keys to camelCase (data function results)
 * @param options.dropNull leave `null` out of types (resource outputs drop nulls)
 * @param options.specSchemas component schemas to take descriptions from, in order
 * @param options.specFor explicit spec references by property path (`schema:X#a`, `param:Op#P`)
 * @param options.text our descriptions by property path (when the spec has none)
 * @param options.notes extra sentences by property path
 * @param options.fieldDocs take `text` and `notes` from the fields' own `description` and `notes` (zod meta) where the tables give none
 * @param options.nested names (and docs) of nested interfaces by property path
 * @param options.apiNames how the API spells a property (`camel` path -> API name)
 * @param options.defaults "telnyx" for inputs left to Telnyx's default, "plain" for results
 */
function interfacesFromSchema(spec, json, options, pathPrefix = [], apiPrefix = []) {
  const out = [];
  const props = [];
  const required = new Set(json.required ?? []);
  for (const [key, schema] of Object.entries(json.properties ?? {})) {
    const name = options.camel ? snakeToCamel(key) : key;
    const pathKey = [...pathPrefix, name].join(".");
    const apiKey = options.camel ? key : (options.apiNames?.[pathKey] ?? camelToSnake(key));
    const apiPath = [...apiPrefix, apiKey];
    const explicit = options.specFor?.[pathKey];
    const specNode =
      explicit === null
        ? undefined
        : explicit
          ? spec.lookup(explicit)
          : (options.specSchemas.map((s) => spec.schemaProperty(s, apiPath)).find((n) => n?.description) ??
            options.specSchemas.map((s) => spec.schemaProperty(s, apiPath)).find(Boolean));
    let type;
    if (isObjectWithProperties(schema) || isObjectWithProperties(nonNull(schema))) {
      const nested = options.nested?.[pathKey];
      if (!nested) throw new Error(`${options.name}.${pathKey}: a nested object needs a name in options.nested`);
      out.push(
        ...interfacesFromSchema(
          spec,
          { ...nonNull(schema), name: nested.name, doc: nested.doc },
          { ...options, name: nested.name, doc: nested.doc },
          [...pathPrefix, name],
          apiPath,
        ),
      );
      type = nested.name + (isNullable(schema) && !options.dropNull ? " | null" : "");
      type = options.input ? `pulumi.Input<${type}>` : type;
    } else {
      type = tsType(schema, options);
    }
    // A field's own documentation (`documented` in provider/kinds/definition.ts) travels in its JSON Schema node.
    const fieldDocs = options.fieldDocs ? schema : {};
    const doc = propertyDoc({
      spec: specNode,
      text: options.text?.[pathKey] ?? fieldDocs.description,
      notes: [...(options.notes?.[pathKey] ?? fieldDocs.notes ?? []), ...(options.commonNotes?.(key, schema) ?? [])],
      schema,
      apiName: explicit === null ? undefined : options.showApiName === false ? undefined : apiKeyLabel(explicit, apiPath),
      defaults: options.defaults,
      role: options.input ? "input" : (options.role ?? "result"),
    });
    const nestedName = options.nested?.[pathKey]?.name;
    props.push({
      name,
      optional: !required.has(key),
      type,
      doc,
      json: schema,
      ...(nestedName && (isObjectWithProperties(schema) || isObjectWithProperties(nonNull(schema))) ? { nested: nestedName } : {}),
    });
  }
  out.unshift({ name: options.name, doc: options.doc, props });
  return out;
}

function apiKeyLabel(explicit, apiPath) {
  if (explicit) {
    const [, kind, , key] = /^(schema|param):([^#]+)#(.+)$/.exec(explicit);
    return kind === "param" ? key.replace(/^(filter|page)\.(.*)$/, "$1[$2]") : key;
  }
  return apiPath.join(".");
}

const isNullable = (schema) =>
  (Array.isArray(schema.type) && schema.type.includes("null")) || (schema.anyOf ?? []).some((s) => s.type === "null");
const isObjectWithProperties = (schema) => schema && schema.type === "object" && schema.properties;
function nonNull(schema) {
  if (schema.anyOf) {
    const rest = schema.anyOf.filter((s) => s.type !== "null");
    return rest.length === 1 ? rest[0] : schema;
  }
  return schema;
}

/** The TypeScript type of a JSON Schema node; `pulumi.Input` at every level when `options.input`. */
function tsType(schema, options, top = true) {
  const wrap = (t) => (options.input ? `pulumi.Input<${t}>` : t);
  const members = [];
  const add = (t) => {
    if (!members.includes(t)) members.push(t);
  };
  if (schema.anyOf) {
    for (const member of schema.anyOf) {
      if (member.type === "null") {
        if (!options.dropNull) add("null");
      } else add(tsType(member, { ...options, input: false }, false));
    }
  } else if (schema.const !== undefined) {
    add(literal(schema.const));
  } else if (schema.enum) {
    for (const value of schema.enum) add(literal(value));
  } else {
    const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    if (types.length === 0) add("unknown");
    for (const type of types) {
      if (type === "null") {
        if (!options.dropNull) add("null");
      } else if (type === "string") add("string");
      else if (type === "integer" || type === "number") add("number");
      else if (type === "boolean") add("boolean");
      else if (type === "array") {
        const item = tsType(schema.items ?? {}, { ...options, input: false }, false);
        add(options.input ? `pulumi.Input<${item}>[]` : `${item.includes("|") ? `(${item})` : item}[]`);
      } else if (type === "object") {
        if (schema.properties) throw new Error("nested objects need a name");
        const value =
          schema.additionalProperties && typeof schema.additionalProperties === "object"
            ? tsType(schema.additionalProperties, { ...options, input: false }, false)
            : "unknown";
        add(`Record<string, ${value}>`);
      } else throw new Error(`unsupported JSON Schema type ${type}`);
    }
  }
  const union = members.join(" | ");
  return top ? wrap(union) : union;
}

/**
 * Lookup arguments from the table: `{ name: [type, optional, specRef | null, text?, notes?] }`.
 * `input` wraps each in `pulumi.Input` (the `getXOutput` forms).
 */
function lookupInterface(spec, { name, doc, props }, input) {
  return {
    name,
    doc,
    props: Object.entries(props).map(([prop, p]) => {
      const specNode = p.ref ? spec.lookup(p.ref) : undefined;
      return {
        name: prop,
        optional: !p.required,
        type: input ? `pulumi.Input<${p.type}>` : p.type,
        lookupType: p.type,
        enum: p.enum,
        doc: propertyDoc({
          spec: specNode,
          text: p.text,
          notes: p.notes,
          schema: p.enum ? { enum: p.enum } : undefined,
          apiName: p.ref ? apiKeyLabel(p.ref) : undefined,
          role: "input",
        }),
      };
    }),
  };
}

function renderInterface(decl) {
  const lines = [renderDoc("", { lines: decl.doc, tags: decl.tags ?? [] }), `export interface ${decl.name} {`];
  decl.props.forEach((p, i) => {
    if (i > 0) lines.push("");
    lines.push(renderDoc("  ", p.doc));
    lines.push(`  ${/^[A-Za-z_$][\w$]*$/.test(p.name) ? p.name : literal(p.name)}${p.optional ? "?" : ""}: ${p.type};`);
  });
  lines.push("}");
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------
// The table

const HEADER = [
  "// Generated by scripts/generate-types.mjs from the provider's zod schemas and the TeXML OpenAPI",
  "// spec (spec/texml-openapi.json). Do not edit by hand: change the schema or the generator's table",
  "// and run `node scripts/generate-types.mjs`. test/unit/public-types.test.ts checks that this file is",
  "// up to date and that each interface equals the type its zod schema validates.",
  "",
].join("\n");

/** Application fields the spec leaves undescribed (the data functions' `ApplicationInfo`). */
const APP_TEXT = {
  inbound: "Settings for inbound calls to the application's phone numbers and SIP subdomain",
  outbound: "Settings for outbound calls made through the application",
};

const DATE_NOTE = "An ISO 8601 UTC instant (`2023-06-15T09:56:45.000Z`), whatever form the endpoint sends";
const DATE_KEYS = new Set(["date_created", "date_updated", "start_time", "end_time", "created_at", "updated_at"]);
const resultNotes = (key) => (DATE_KEYS.has(key) ? [DATE_NOTE] : []);

const ACCOUNT = {
  type: "string",
  ref: "param:GetTexmlCalls#account_sid",
  notes: ["Defaults to the `telnyx:accountSid` stack config, else the `TELNYX_ACCOUNT_SID` environment variable"],
};
const LIMIT = {
  type: "number",
  text: "Return at most this many records, requesting no more pages than that needs",
  notes: ["Must be a positive whole number. Without it, every page is read, at the largest page size the API allows"],
};
const DAY = "string | Date";
const DAY_NOTE = "Give `YYYY-MM-DD` or a `Date` (its UTC day)";

/**
 * The folder of a kind (`Application` -> `application`): its definition and REST calls under
 * provider/kinds/, its generated class and args under provider/faces/dynamic/.
 */
export const kindFolder = (definition) => definition.kind[0].toLowerCase() + definition.kind.slice(1);

/** The kinds programs declare: those whose definition has a `surface`, in the registry's order. */
export const declaredKinds = (kinds) => kinds.map((kind) => kind.definition).filter((definition) => definition.surface);

/** A doc comment from Markdown text (one line per line, no markers). */
function commentOf(indent, text) {
  if (!text.includes("\n")) return `${indent}/** ${text} */`;
  return [`${indent}/**`, ...text.split("\n").map((line) => (line ? `${indent} * ${line}` : `${indent} *`)), `${indent} */`].join("\n");
}

/** The TypeScript type of an output field on the class, from its JSON Schema node (`inbound` -> its nested interface). */
function outputType(key, schema, nested) {
  if (nested?.[key]) return nested[key].name;
  if (schema.type === "string") return "string";
  if (schema.type === "number" || schema.type === "integer") return "number";
  if (schema.type === "boolean") return "boolean";
  if (schema.type === "array") return `${outputType(undefined, schema.items ?? {}, undefined)}[]`;
  throw new Error(`output ${key}: no class type for ${JSON.stringify(schema)}; name it in surface.outputs.nested`);
}

const CLASS_HEADER = HEADER.replace(
  "// up to date and that each interface equals the type its zod schema validates.",
  "// up to date; the class's shape and docs come from the kind's definition (`surface`).",
);

/**
 * The class of a kind (`resource.ts`): extends `pulumi.CustomResource` with
 * `dynamicResourceArgs(definition, …)`, its outputs declared with their docs from the output
 * schema, a static `get` and `isInstance` when the surface documents one, the surface's default
 * resource options, inputs that are secret outputs wrapped in `pulumi.secret`, and the kind's
 * `beforeRegister` hook from its `register.ts`.
 */
function renderResourceClass(definition, json, argsDecls) {
  const surface = definition.surface;
  const cls = surface.className;
  const argsName = `${cls}Args`;
  const definitionName = `${kindFolder(definition)}Resource`;
  const outputs = json(definition.outputs);
  const required = new Set(outputs.required ?? []);
  const nestedTypes = Object.values(surface.outputs.nested ?? {}).map((n) => n.name);
  const helpers = ["dynamicResourceArgs", ...(surface.getDoc ? ["isResourceOfKind"] : []), "lightDebugStacks"];
  const exported = argsDecls.map((d) => d.name);
  const lines = [
    `${CLASS_HEADER}import * as pulumi from "@pulumi/pulumi";`,
    `import { ${helpers.join(", ")} } from "../dynamic-resource";`,
    `import { ${definitionName} } from "../../../kinds/${kindFolder(definition)}/definition";`,
    ...(surface.beforeRegister ? [`import { ${surface.beforeRegister} } from "./register";`] : []),
    `import type { ${[argsName, ...nestedTypes].join(", ")} } from "./args";`,
    "",
    `export type { ${exported.join(", ")} } from "./args";`,
    "",
    commentOf("", surface.classDoc),
    `export class ${cls} extends pulumi.CustomResource {`,
  ];
  const members = [];
  if (surface.getDoc) {
    members.push(
      [
        commentOf("  ", surface.getDoc),
        `  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): ${cls} {`,
        `    return new ${cls}(name, {} as ${argsName}, { ...opts, id });`,
        "  }",
      ].join("\n"),
    );
    const article = /^[AEIOU]/.test(cls) ? "an" : "a";
    members.push(
      [
        `  /** True when \`obj\` is ${article} {@link ${cls}}, also one made by another copy of this package. */`,
        `  static override isInstance(obj: unknown): obj is ${cls} {`,
        `    return isResourceOfKind(${definitionName}, obj);`,
        "  }",
      ].join("\n"),
    );
  }
  members.push(
    Object.entries(outputs.properties)
      .map(([key, schema]) => {
        if (!schema.description) throw new Error(`${definition.kind} output ${key} has no description: document it in the output schema`);
        const type = outputType(key, schema, surface.outputs.nested) + (required.has(key) ? "" : " | undefined");
        return `${commentOf("  ", schema.description)}\n  declare readonly ${key}: pulumi.Output<${type}>;`;
      })
      .join("\n"),
  );
  // Inputs kept as Pulumi secrets everywhere: the secret outputs the program gives.
  const secretInputs = (definition.secretOutputs ?? []).filter((name) => name in definition.inputs.shape);
  const argsExpression = surface.beforeRegister ? "checked" : "args";
  const props = secretInputs.length
    ? `{ ...${argsExpression}, ${secretInputs.map((name) => `${name}: pulumi.secret(args.${name})`).join(", ")} }`
    : argsExpression;
  const defaults = Object.entries(surface.defaultOptions ?? {});
  const body = [
    ...(surface.beforeRegister ? [`    const checked = ${surface.beforeRegister}(name, args);`] : []),
    ...(defaults.length
      ? [
          `    // Resource options ${cls} defaults (see its definition): an explicit option is kept, and \`get\` (an \`id\`) takes none.`,
          `    const defaults = opts?.id === undefined ? { ${defaults.map(([key, value]) => `${key}: opts?.${key} ?? ${JSON.stringify(value)}`).join(", ")} } : {};`,
        ]
      : []),
    `    const [type, props, options] = dynamicResourceArgs(${definitionName}, ${props}, ${defaults.length ? "{ ...opts, ...defaults }" : "opts"});`,
    "    const restore = lightDebugStacks();",
    "    try {",
    "      super(type, name, props, options);",
    "    } finally {",
    "      restore();",
    "    }",
  ];
  members.push(
    [
      ...(surface.constructorDoc ? [commentOf("  ", surface.constructorDoc)] : []),
      `  constructor(name: string, args: ${argsName}, opts?: pulumi.CustomResourceOptions) {`,
      ...body,
      "  }",
    ].join("\n"),
  );
  lines.push(members.join("\n\n"), "}", "");
  return lines.join("\n");
}

/** The package root's module of the kinds (provider/faces/dynamic/index.ts): each class with its public types. */
function renderResourcesIndex(definitions, argsByKind) {
  const header = CLASS_HEADER.replace(
    /\/\/ up to date;.*\n/,
    "// up to date; it lists the kinds of provider/kinds/registry.ts that programs declare.\n",
  );
  const exports = definitions.map((definition) => {
    const names = [definition.surface.className, ...argsByKind[definition.kind].map((d) => `type ${d.name}`)];
    return `export { ${names.join(", ")} } from "./${kindFolder(definition)}/resource";`;
  });
  return `${header}${exports.join("\n")}\n`;
}

/**
 * The definitions of the kinds programs declare without their providers or classes
 * (provider/kinds/definitions.ts), for modules that must stay light: the `texml.yaml`
 * format reads its lists' keys and name fields from it.
 */
function renderDefinitionsIndex(definitions) {
  const header = CLASS_HEADER.replace(
    /\/\/ up to date;.*\n/,
    "// up to date; it lists the kinds of provider/kinds/registry.ts that programs declare.\n",
  );
  const name = (definition) => `${kindFolder(definition)}Resource`;
  return [
    header + definitions.map((d) => `import { ${name(d)} } from "./${kindFolder(d)}/definition";`).join("\n"),
    "",
    "/** The definitions of the kinds programs declare, in the registry's order, without their providers. */",
    `export const declaredDefinitions = [${definitions.map(name).join(", ")}] as const;`,
    "",
  ].join("\n");
}

/** Resource args, outputs, classes and the declarative file, for every kind of the registry. */
function resourceFiles(spec, schemas, z, kinds) {
  const json = (schema) => z.toJSONSchema(schema, { unrepresentable: "any" });
  const definitions = declaredKinds(kinds);
  const inputs = {};
  const outputs = {};
  const argsByKind = {};
  const files = {};
  const pulumiImport = 'import type * as pulumi from "@pulumi/pulumi";\n';
  for (const definition of definitions) {
    const surface = definition.surface;
    const cls = surface.className;
    const args = interfacesFromSchema(spec, json(definition.inputs), {
      name: `${cls}Args`,
      doc: surface.args.doc,
      input: true,
      specSchemas: surface.args.specSchemas,
      specFor: surface.args.specFor,
      nested: surface.args.nested,
      fieldDocs: true,
      defaults: "telnyx",
    });
    // How Telnyx settled nested sections, for the class's outputs (`ApplicationInbound`).
    const settled = [];
    if (surface.settled) {
      const wire = json(surface.settled.wire);
      for (const [section, { name, doc }] of Object.entries(surface.settled.sections))
        settled.push(
          ...interfacesFromSchema(
            spec,
            wire.properties[section],
            { name, doc, camel: true, dropNull: true, specSchemas: surface.settled.specSchemas, showApiName: false, defaults: "plain" },
            [],
            [section],
          ),
        );
    }
    // Outputs, for the provider plugin's schema (the class documents its own from the output fields).
    outputs[definition.kind] = interfacesFromSchema(spec, json(definition.outputs), {
      name: `${cls}Outputs`,
      doc: [`Outputs of ${cls}.`],
      showApiName: false,
      defaults: "plain",
      role: "result",
      specSchemas: surface.outputs.specSchemas,
      specFor: surface.outputs.specFor,
      text: surface.outputs.text,
      notes: surface.outputs.notes,
      nested: surface.outputs.nested,
    });
    inputs[definition.kind] = args;
    argsByKind[definition.kind] = [...args, ...settled];
    const folder = `provider/faces/dynamic/${kindFolder(definition)}`;
    files[`${folder}/args.ts`] =
      `${HEADER}${pulumiImport}import type { ${cls} } from "./resource";\n\n${[...args, ...settled].map(renderInterface).join("\n\n")}\n`;
    files[`${folder}/resource.ts`] = renderResourceClass(definition, json, argsByKind[definition.kind]);
  }
  files["provider/faces/dynamic/index.ts"] = renderResourcesIndex(definitions, argsByKind);
  files["provider/kinds/definitions.ts"] = renderDefinitionsIndex(definitions);
  Object.assign(files, declarativeFile(spec, schemas, json, definitions));
  return { decls: { inputs, outputs }, files };
}

/**
 * The declarative file's types (provider/faces/dynamic/declarative/types.ts): one list per kind with a
 * `fileKey`, its entries documented from the kind's input fields and its `fileEntry` (an
 * entry's key is the default name), the resource options alike for every kind.
 */
function declarativeFile(spec, schemas, json, definitions) {
  const doc = json(schemas.texmlDocumentSchema);
  const options = {
    import:
      "Adopts an object that already exists in Telnyx, like the `import` resource option: its id (for a queue `<queue sid>` or `<account sid>/<queue sid>`)",
    protect: "Pulumi's `protect` option: refuse to delete the object while set",
    retainOnDelete: "Pulumi's `retainOnDelete` option: removing the entry or destroying the stack leaves the object in Telnyx",
  };
  const listed = definitions.filter((d) => d.surface.fileKey);
  const entries = listed.flatMap((definition) => {
    const { className, fileKey, fileEntry, args } = definition.surface;
    if (!fileEntry) throw new Error(`${definition.kind} has a fileKey but no fileEntry: document its texml.yaml entries`);
    const list = doc.properties[fileKey];
    if (!list) throw new Error(`texmlDocumentSchema has no \`${fileKey}\` list for ${definition.kind}`);
    return interfacesFromSchema(spec, list.additionalProperties, {
      name: `Texml${className}Entry`,
      showApiName: false,
      doc: fileEntry.doc,
      specSchemas: fileEntry.specSchemas ?? args.specSchemas,
      specFor: { ...args.specFor, ...fileEntry.specFor, import: null, protect: null, retainOnDelete: null },
      text: { ...options, ...fileEntry.text },
      notes: fileEntry.notes,
      fieldDocs: true,
      nested: fileEntry.nested,
      role: "input",
      defaults: fileEntry.defaults ?? "telnyx",
    });
  });
  const documentDecl = {
    name: "TexmlDocument",
    doc: [
      "A declarative TeXML file (YAML or JSON), validated and with `${...}` references resolved, as {@link loadTexmlFile} returns it. Entry keys name the Pulumi resources; `friendlyName` and queue and secret `name`s default to the key.",
    ],
    props: [
      {
        name: "variables",
        optional: true,
        type: "{ [name: string]: string }",
        doc: { lines: ["Strings to reuse as `${name}` in any string value of the file."], tags: [] },
      },
      ...listed.map((definition) => ({
        name: definition.surface.fileKey,
        optional: true,
        type: `{ [entry: string]: Texml${definition.surface.className}Entry }`,
        doc: { lines: [definition.surface.fileEntry.listDoc], tags: [] },
      })),
    ],
  };
  const documentKeys = Object.keys(doc.properties).join(",");
  const fileKeys = documentDecl.props.map((p) => p.name).join(",");
  if (documentKeys !== fileKeys)
    throw new Error(`texmlDocumentSchema's top-level keys (${documentKeys}) differ from variables and the kinds' file keys (${fileKeys})`);
  const classImports = listed.map((d) => `import type { ${d.surface.className} } from "../${kindFolder(d)}/resource";\n`).join("");
  return {
    "provider/faces/dynamic/declarative/types.ts": `${HEADER}${classImports}import type { loadTexmlFile } from "./load";\n\n${[documentDecl, ...entries].map(renderInterface).join("\n\n")}\n`,
  };
}

/** Data function arguments and results. */
function dataFile(spec, schemas, z) {
  const json = (schema) => z.toJSONSchema(schema, { unrepresentable: "any" });
  const decls = [];
  const info = (schemaKey, name, doc, specSchemas, extra = {}) =>
    decls.push(
      ...interfacesFromSchema(spec, json(schemas[schemaKey]), {
        name,
        doc,
        camel: true,
        specSchemas,
        commonNotes: resultNotes,
        defaults: "plain",
        ...extra,
      }),
    );
  const args = (name, doc, props) => {
    decls.push(lookupInterface(spec, { name, doc: [doc], props }, false));
    decls.push(
      lookupInterface(
        spec,
        { name: name.replace(/Args$/, "OutputArgs"), doc: [`{@link ${name}} as \`pulumi.Input\`s, for the \`Output\` form.`], props },
        true,
      ),
    );
  };
  const result = (name, key, item, doc) =>
    decls.push({
      name,
      doc: [doc],
      props: [
        {
          name: key,
          optional: false,
          type: `${item}[]`,
          doc: { lines: [`The matching records, in the order the API lists them (up to \`limit\`).`], tags: [] },
        },
      ],
    });

  decls.push(
    lookupInterface(
      spec,
      { name: "AccountArgs", doc: ["Arguments every TeXML REST lookup takes."], props: { accountSid: ACCOUNT } },
      false,
    ),
  );
  decls.push(lookupInterface(spec, { name: "ListArgs", doc: ["Arguments every listing takes."], props: { limit: LIMIT } }, false));

  // Applications
  info(
    "texmlApplicationWireSchema",
    "ApplicationInfo",
    ["A TeXML application as Telnyx has it (`TexmlApplication`), in camelCase, dates in ISO 8601."],
    ["TexmlApplication"],
    {
      text: APP_TEXT,
      nested: {
        inbound: { name: "ApplicationInfoInbound", doc: ["Inbound call settings of an application (`inbound`)."] },
        outbound: { name: "ApplicationInfoOutbound", doc: ["Outbound call settings of an application (`outbound`)."] },
      },
    },
  );
  args("GetApplicationArgs", "Arguments of {@link getApplication}.", {
    id: { type: "string", required: true, ref: "param:GetTexmlApplication#id" },
  });
  args("GetApplicationsArgs", "Arguments of {@link getApplications}: filters of `GET /texml_applications`.", {
    friendlyName: { type: "string", ref: "param:FindTexmlApplications#filter.friendly_name" },
    outboundVoiceProfileId: { type: "string", ref: "param:FindTexmlApplications#filter.outbound_voice_profile_id" },
    sort: {
      type: '"created_at" | "-created_at" | "friendly_name" | "-friendly_name" | "active" | "-active"',
      ref: "param:FindTexmlApplications#sort",
      enum: ["created_at", "-created_at", "friendly_name", "-friendly_name", "active", "-active"],
    },
    limit: LIMIT,
  });
  result("GetApplicationsResult", "applications", "ApplicationInfo", "The result of {@link getApplications}.");

  // Calls
  info(
    "callWireSchema",
    "CallInfo",
    ["A TeXML call (`/texml/Accounts/{account_sid}/Calls/{call_sid}`), in camelCase, dates in ISO 8601."],
    ["CallResource"],
    {
      notes: { duration: ["Unit: seconds"], price: ["A decimal in `priceUnit`"] },
    },
  );
  args("GetCallArgs", "Arguments of {@link getCall}.", {
    callSid: { type: "string", required: true, ref: "param:GetTexmlCall#call_sid", text: "The CallSid that identifies the call" },
    accountSid: ACCOUNT,
  });
  const callDay = (param, note) => ({ type: DAY, ref: `param:GetTexmlCalls#${param}`, notes: [DAY_NOTE, ...(note ? [note] : [])] });
  args("GetCallsArgs", "Arguments of {@link getCalls}: filters of `GET /texml/Accounts/{account_sid}/Calls`.", {
    to: { type: "string", ref: "param:GetTexmlCalls#To" },
    from: { type: "string", ref: "param:GetTexmlCalls#From" },
    status: {
      type: '"canceled" | "completed" | "failed" | "busy" | "no-answer"',
      ref: "param:GetTexmlCalls#Status",
      enum: ["canceled", "completed", "failed", "busy", "no-answer"],
    },
    startTime: callDay("StartTime"),
    startTimeAfter: callDay("StartTime_gt"),
    startTimeBefore: callDay("StartTime_lt"),
    endTime: callDay("EndTime"),
    endTimeAfter: callDay("EndTime_gt"),
    endTimeBefore: callDay("EndTime_lt"),
    accountSid: ACCOUNT,
    limit: LIMIT,
  });
  result("GetCallsResult", "calls", "CallInfo", "The result of {@link getCalls}.");

  // Conferences
  info(
    "conferenceWireSchema",
    "ConferenceInfo",
    ["A TeXML conference (`ConferenceResource`), in camelCase, dates in ISO 8601."],
    ["ConferenceResource"],
    {
      notes: { subresourceUris: ["Keys in camelCase"] },
    },
  );
  args("GetConferenceArgs", "Arguments of {@link getConference}.", {
    conferenceSid: { type: "string", required: true, ref: "param:GetTexmlConference#conference_sid" },
    accountSid: ACCOUNT,
  });
  args("GetConferencesArgs", "Arguments of {@link getConferences}: filters of `GET /texml/Accounts/{account_sid}/Conferences`.", {
    friendlyName: { type: "string", ref: "param:GetTexmlConferences#FriendlyName" },
    status: {
      type: '"init" | "in-progress" | "completed"',
      ref: "param:GetTexmlConferences#Status",
      enum: ["init", "in-progress", "completed"],
    },
    dateCreated: { type: "string", ref: "param:GetTexmlConferences#DateCreated" },
    dateUpdated: { type: "string", ref: "param:GetTexmlConferences#DateUpdated" },
    accountSid: ACCOUNT,
    limit: LIMIT,
  });
  result("GetConferencesResult", "conferences", "ConferenceInfo", "The result of {@link getConferences}.");

  // Participants
  info(
    "participantWireSchema",
    "ConferenceParticipantInfo",
    ["A participant of a TeXML conference (`ConferenceParticipantResource`), in camelCase, dates in ISO 8601."],
    ["ParticipantResource"],
    {
      specFor: { label: "schema:DialConferenceParticipantRequest#Label" },
    },
  );
  args("GetConferenceParticipantArgs", "Arguments of {@link getConferenceParticipant}.", {
    conferenceSid: { type: "string", required: true, ref: "param:GetTexmlConferenceParticipant#conference_sid" },
    participant: {
      type: "string",
      required: true,
      ref: "param:GetTexmlConferenceParticipant#call_sid_or_participant_label",
      text: "The participant's CallSid or its label",
    },
    accountSid: ACCOUNT,
  });
  args("GetConferenceParticipantsArgs", "Arguments of {@link getConferenceParticipants}.", {
    conferenceSid: { type: "string", required: true, ref: "param:GetTexmlConferenceParticipants#conference_sid" },
    accountSid: ACCOUNT,
    limit: LIMIT,
  });
  result(
    "GetConferenceParticipantsResult",
    "participants",
    "ConferenceParticipantInfo",
    "The result of {@link getConferenceParticipants}.",
  );

  // Recordings
  info(
    "recordingWireSchema",
    "RecordingInfo",
    ["A TeXML recording (the `.json` recording shape, `TexmlGetCallRecordingResponseBody`), in camelCase, dates in ISO 8601."],
    ["TexmlGetCallRecordingResponseBody", "ConferenceRecordingResource"],
    {
      nested: { subresourcesUris: { name: "RecordingInfoSubresourcesUris", doc: ["Subresources of a recording (`subresources_uris`)."] } },
      specFor: { "subresourcesUris.transcriptions": null },
      text: {
        accountSid: "The id of the account the recording belongs to",
        callSid: "The identifier of the recorded call",
        conferenceSid: "The identifier of the recorded conference, if any",
        status: "The status of the recording",
        channels: "The number of channels in the recording",
        errorCode: "The recording error, if any",
        mediaUrl: "The URL to download the recording from",
        "subresourcesUris.transcriptions": "The relative URI of the recording's transcriptions, if any",
      },
      notes: { duration: ["Unit: seconds"] },
    },
  );
  args("GetRecordingArgs", "Arguments of {@link getRecording}.", {
    recordingSid: { type: "string", required: true, ref: "param:GetTeXMLCallRecording#recording_sid" },
    accountSid: ACCOUNT,
  });
  args("GetRecordingsArgs", "Arguments of {@link getRecordings}: filters of the account-wide `Recordings.json` listing.", {
    dateCreated: { type: "string", ref: "param:GetTeXMLCallRecordings#DateCreated" },
    accountSid: ACCOUNT,
    limit: LIMIT,
  });
  args("GetCallRecordingsArgs", "Arguments of {@link getCallRecordings}.", {
    callSid: {
      type: "string",
      required: true,
      ref: "param:FetchTeXMLCallRecordings#call_sid",
      text: "The CallSid whose recordings to list",
    },
    accountSid: ACCOUNT,
    limit: LIMIT,
  });
  args("GetConferenceRecordingsArgs", "Arguments of {@link getConferenceRecordings}.", {
    conferenceSid: { type: "string", required: true, ref: "param:FetchTeXMLConferenceRecordings#conference_sid" },
    accountSid: ACCOUNT,
    limit: LIMIT,
  });
  result(
    "GetRecordingsResult",
    "recordings",
    "RecordingInfo",
    "The result of {@link getRecordings}, {@link getCallRecordings} and {@link getConferenceRecordings}.",
  );

  // Transcriptions
  info(
    "transcriptionWireSchema",
    "TranscriptionInfo",
    ["A recording transcription (`TexmlRecordingTranscription`), in camelCase, dates in ISO 8601."],
    ["TexmlRecordingTranscription", "QueueResource"],
    {
      text: { callSid: "The identifier of the transcribed call" },
      notes: { duration: ["Unit: seconds"] },
    },
  );
  args("GetTranscriptionArgs", "Arguments of {@link getTranscription}.", {
    transcriptionSid: { type: "string", required: true, ref: "param:GetTeXMLRecordingTranscription#recording_transcription_sid" },
    accountSid: ACCOUNT,
  });
  args("GetTranscriptionsArgs", "Arguments of {@link getTranscriptions}.", { accountSid: ACCOUNT, limit: LIMIT });
  result("GetTranscriptionsResult", "transcriptions", "TranscriptionInfo", "The result of {@link getTranscriptions}.");

  // Queues
  info(
    "queueWireSchema",
    "QueueInfo",
    ["A TeXML queue with its live counters (`QueueResource`), in camelCase, dates in ISO 8601."],
    ["QueueResource"],
    {
      notes: { averageWaitTime: ["Unit: seconds"], subresourceUris: ["Keys in camelCase"] },
    },
  );
  args("GetQueueArgs", "Arguments of {@link getQueue}.", {
    queueSid: { type: "string", required: true, ref: "param:GetTexmlQueue#queue_sid" },
    accountSid: ACCOUNT,
  });
  args("GetQueuesArgs", "Arguments of {@link getQueues}: filters of `GET /texml/Accounts/{account_sid}/Queues`.", {
    dateCreated: {
      type: "string",
      ref: "param:GetTexmlQueues#DateCreated",
      text: "Filters queues by the creation date. Expected format is YYYY-MM-DD. Also accepts inequality operators, e.g. DateCreated>=2023-05-22",
      notes: ['(The spec\'s text says "conferences", copied from the conference listing.)'],
    },
    dateUpdated: {
      type: "string",
      ref: "param:GetTexmlQueues#DateUpdated",
      text: "Filters queues by the time they were last updated. Expected format is YYYY-MM-DD. Also accepts inequality operators, e.g. DateUpdated>=2023-05-22",
    },
    accountSid: ACCOUNT,
    limit: LIMIT,
  });
  result("GetQueuesResult", "queues", "QueueInfo", "The result of {@link getQueues}.");

  const refs = [
    "getApplication",
    "getApplications",
    "getCall",
    "getCalls",
    "getConference",
    "getConferences",
    "getConferenceParticipant",
    "getConferenceParticipants",
    "getRecording",
    "getRecordings",
    "getCallRecordings",
    "getConferenceRecordings",
    "getTranscription",
    "getTranscriptions",
    "getQueue",
    "getQueues",
  ];
  return {
    decls,
    lookups: refs,
    file: {
      "provider/data/types.ts":
        HEADER +
        'import type * as pulumi from "@pulumi/pulumi";\n' +
        `import type { ${refs.join(", ")} } from "./index";\n\n` +
        decls.map(renderInterface).join("\n\n") +
        "\n",
    },
  };
}

/** Every generated file by path relative to the repository, with its text. */
export function renderPublicTypes({ schemas, spec, z, kinds, version }) {
  const s = new Spec(spec);
  const resources = resourceFiles(s, schemas, z, kinds);
  const data = dataFile(s, schemas, z);
  const pluginSchema = renderPluginSchema({
    kinds,
    version,
    resources: resources.decls,
    data: { decls: data.decls, lookups: data.lookups },
  });
  return { ...resources.files, ...data.file, [PLUGIN_SCHEMA_FILE]: pluginSchemaModule(pluginSchema, HEADER) };
}

// ---------------------------------------------------------------------------------------
// Loading the TypeScript schemas

/** Compiles `.ts` files on require with TypeScript's transpiler (no type check), so the schemas load from source. */
function enableTypeScriptRequire() {
  const ts = require("typescript");
  const extensions = require("node:module").Module?._extensions ?? require.extensions;
  extensions[".ts"] = (module, filename) => {
    const source = readFileSync(filename, "utf8");
    const { outputText } = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        verbatimModuleSyntax: false,
      },
    });
    module._compile(outputText, filename);
  };
}

/**
 * The registry's kinds, after checking the convention the generated modules import by: a
 * declared kind's definition is the export `<folder>Resource` of `provider/kinds/<folder>/definition.ts`.
 */
function checkedKinds(kinds, from) {
  for (const definition of declaredKinds(kinds)) {
    const folder = kindFolder(definition);
    if (from(`provider/kinds/${folder}/definition.ts`)[`${folder}Resource`] !== definition)
      throw new Error(`kind ${definition.kind}: provider/kinds/${folder}/definition.ts must export its definition as ${folder}Resource`);
  }
  return kinds;
}

export function loadSchemas() {
  enableTypeScriptRequire();
  const from = (file) => require(path.join(repoRoot, file));
  return {
    schemas: {
      ...from("provider/faces/dynamic/declarative/schema.ts"),
      ...from("provider/base/schemas/texml-applications.ts"),
      ...from("provider/base/schemas/calls.ts"),
      ...from("provider/base/schemas/conferences.ts"),
      ...from("provider/base/schemas/participants.ts"),
      ...from("provider/base/schemas/recordings.ts"),
      ...from("provider/base/schemas/transcriptions.ts"),
      ...from("provider/base/schemas/queues.ts"),
    },
    // The kinds registry: every kind's definition (inputs, outputs, what programs see of it).
    kinds: checkedKinds(from("provider/kinds/registry.ts").kinds, from),
    version: from("provider/version.ts").version,
    // The same zod the schemas were built with (its CommonJS build), never a second copy.
    z: require(require.resolve("zod", { paths: [path.join(repoRoot, "provider")] })).z,
    spec: JSON.parse(readFileSync(path.join(repoRoot, "spec", "texml-openapi.json"), "utf8")),
  };
}

async function main(argv) {
  const check = argv.includes("--check");
  const files = renderPublicTypes(loadSchemas());
  const stale = [];
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(repoRoot, file);
    let current;
    try {
      current = readFileSync(target, "utf8");
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    if (check) stale.push(file);
    else {
      // A new kind's folder under provider/faces/dynamic/ does not exist before its first generation.
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
      process.stdout.write(`wrote ${file}\n`);
    }
  }
  if (check && stale.length) {
    process.stderr.write(`Out of date (run \`node scripts/generate-types.mjs\`): ${stale.join(", ")}\n`);
    process.exitCode = 1;
  } else if (check) process.stdout.write(`${Object.keys(files).length} generated files up to date\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exitCode = 1;
  });
}
