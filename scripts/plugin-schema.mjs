/**
 * The provider plugin's Pulumi package schema, rendered from the same documented
 * declarations scripts/generate-types.mjs derives for the public TypeScript types (zod
 * schemas for shapes, the OpenAPI spec for descriptions) and from the kinds registry (type
 * tokens, replacing inputs, secret outputs). Nothing in it is written by hand but the
 * package's own metadata and the config settings' descriptions below.
 *
 * generate-types.mjs writes it as provider/faces/plugin/package-schema.ts (checked up to date by
 * `--check`); the plugin serves it from `GetSchema`.
 */

export const PLUGIN_SCHEMA_FILE = "provider/faces/plugin/package-schema.ts";

const PACKAGE = "telnyx-texml";
const token = (name) => `${PACKAGE}:index:${name}`;
const typeRef = (name) => ({ $ref: `#/types/${token(name)}` });
const ANY = { $ref: "pulumi.json#/Any" };

/** The provider settings (`telnyx-texml:<name>`); each falls back to an environment variable. */
const SETTINGS = {
  apiKey: {
    secret: true,
    env: "TELNYX_API_KEY",
    text: "The Telnyx API key (a v2 key, sent as a Bearer token). Set it with `pulumi config set --secret telnyx-texml:apiKey <key>`",
  },
  accountSid: {
    env: "TELNYX_ACCOUNT_SID",
    text: "The TeXML account SID that `/texml/Accounts/{account_sid}` calls use: queues and the account-wide lookups default to it",
  },
  baseUrl: {
    env: "TELNYX_BASE_URL",
    text: "The API base URL including `/v2` (default `https://api.telnyx.com/v2`); an absolute http(s) URL without user info, query or fragment",
  },
};

/** A declaration's doc comment as a schema description: its paragraphs, `@defaultValue` as a sentence, links as plain names. */
function description(doc) {
  const tags = doc.tags.map((tag) => tag.replace(/^@defaultValue (.*)$/, "Default: $1."));
  return (
    [...doc.lines, ...tags]
      .join("\n\n")
      .replace(/\{@link ([^}]+)\}/g, "$1")
      // The shared notes name the dynamic face's config namespace; the plugin's is the package's.
      .replace(/`telnyx:(\w+)`/g, `\`${PACKAGE}:$1\``)
  );
}

/** The schema type of a JSON Schema node from zod (nulls dropped: an unset value is a missing one). */
function typeOfJson(node) {
  if (node.anyOf) {
    const members = node.anyOf.filter((member) => member.type !== "null");
    return members.length === 1 ? typeOfJson(members[0]) : ANY;
  }
  if (node.enum || node.const !== undefined) return { type: "string" };
  const types = (Array.isArray(node.type) ? node.type : node.type ? [node.type] : []).filter((t) => t !== "null");
  if (types.length !== 1) return ANY;
  const [type] = types;
  if (type === "array") return { type: "array", items: node.items ? typeOfJson(node.items) : ANY };
  if (type === "object")
    return {
      type: "object",
      additionalProperties:
        node.additionalProperties && typeof node.additionalProperties === "object" ? typeOfJson(node.additionalProperties) : ANY,
    };
  return { type };
}

/** The schema type of a lookup argument, from its TypeScript type in the generator's table. */
function typeOfLookup(prop) {
  if (prop.enum) return { type: "string" };
  if (prop.lookupType === "number") return { type: "integer" };
  if (prop.lookupType === "string" || prop.lookupType === "string | Date") return { type: "string" };
  throw new Error(`plugin schema: no schema type for lookup argument ${prop.name}: ${prop.lookupType}`);
}

function typeOf(prop) {
  if (prop.nested) return typeRef(prop.nested);
  if (prop.json) return typeOfJson(prop.json);
  if (prop.lookupType) return typeOfLookup(prop);
  // A result list (`applications: ApplicationInfo[]`).
  const list = /^(\w+)\[\]$/.exec(prop.type);
  if (list) return { type: "array", items: typeRef(list[1]) };
  throw new Error(`plugin schema: no schema type for ${prop.name}: ${prop.type}`);
}

/** An object's properties and its required ones. */
function objectSpec(decl, extra = () => ({})) {
  const properties = {};
  for (const prop of decl.props) properties[prop.name] = { ...typeOf(prop), description: description(prop.doc), ...extra(prop.name) };
  const required = decl.props.filter((prop) => !prop.optional).map((prop) => prop.name);
  return { properties, ...(required.length ? { required } : {}) };
}

const byName = (decls) => new Map(decls.map((decl) => [decl.name, decl]));

/** The package schema (see the module comment). */
export function renderPluginSchema({ kinds, version, resources, data }) {
  const types = {};
  const addTypes = (decls) => {
    for (const decl of decls.slice(1))
      types[token(decl.name)] = { type: "object", description: description({ lines: decl.doc, tags: [] }), ...objectSpec(decl) };
  };

  const resourceSpecs = {};
  for (const { definition } of kinds.filter((kind) => kind.declaredByPrograms)) {
    const inputs = resources.inputs[definition.kind];
    const outputs = resources.outputs[definition.kind];
    if (!inputs || !outputs) throw new Error(`plugin schema: no declarations for kind ${definition.kind}`);
    const replaces = (name) => (definition.replaceOn.includes(name) ? { replaceOnChanges: true } : {});
    const secret = (name) => ({ ...(definition.secretOutputs?.includes(name) ? { secret: true } : {}), ...replaces(name) });
    const inputSpec = objectSpec(inputs[0], secret);
    const outputSpec = objectSpec(outputs[0], secret);
    resourceSpecs[token(definition.kind)] = {
      description: description({ lines: inputs[0].doc, tags: [] })
        .replace(/^Arguments of /, "")
        .replace(/^(\w+): /, "$1: "),
      inputProperties: inputSpec.properties,
      ...(inputSpec.required ? { requiredInputs: inputSpec.required } : {}),
      properties: outputSpec.properties,
      ...(outputSpec.required ? { required: outputSpec.required } : {}),
    };
    addTypes(inputs);
    addTypes(outputs);
  }

  const dataDecls = byName(data.decls);
  const functions = {};
  for (const name of data.lookups) {
    const pascal = name[0].toUpperCase() + name.slice(1);
    const args = dataDecls.get(`${pascal}Args`);
    const result = dataDecls.get(`${pascal}Result`) ?? resultOf(dataDecls, name);
    if (!args || !result) throw new Error(`plugin schema: no declarations for function ${name}`);
    functions[token(name)] = {
      description: `${name}: a read-only lookup${description({ lines: args.doc, tags: [] }).replace(/^Arguments of \S+?(?:\.|:\s*(.*))$/, (_m, rest) => (rest ? `, ${rest}` : "."))}`,
      inputs: objectSpec(args),
      outputs: objectSpec(result),
    };
  }
  for (const decl of data.decls)
    if (/Info(\w*)$/.test(decl.name))
      types[token(decl.name)] = { type: "object", description: description({ lines: decl.doc, tags: [] }), ...objectSpec(decl) };

  const settings = Object.fromEntries(
    Object.entries(SETTINGS).map(([name, s]) => [
      name,
      {
        type: "string",
        description: `${s.text}. Falls back to the \`${s.env}\` environment variable.`,
        ...(s.secret ? { secret: true } : {}),
      },
    ]),
  );
  return {
    name: PACKAGE,
    displayName: "Telnyx TeXML",
    version,
    description: "Telnyx TeXML voice setup as code: TeXML applications, call queues and secrets, and read-only lookups of the TeXML API.",
    keywords: ["pulumi", "telnyx", "texml", "voice", "category/network", "kind/native"],
    homepage: "https://github.com/pulumi-telnyx-texml/pulumi-telnyx-texml#readme",
    repository: "https://github.com/pulumi-telnyx-texml/pulumi-telnyx-texml",
    license: "Apache-2.0",
    meta: { moduleFormat: "(.*)" },
    config: { variables: settings },
    provider: {
      description: "The telnyx-texml provider: its settings come from `telnyx-texml:*` stack config, else the environment.",
      inputProperties: settings,
    },
    resources: resourceSpecs,
    functions,
    types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

/** A single-record lookup (`getApplication`) returns the record itself: its outputs are the record's properties. */
function resultOf(decls, name) {
  const record = {
    getApplication: "ApplicationInfo",
    getCall: "CallInfo",
    getConference: "ConferenceInfo",
    getConferenceParticipant: "ConferenceParticipantInfo",
    getRecording: "RecordingInfo",
    getTranscription: "TranscriptionInfo",
    getQueue: "QueueInfo",
  }[name];
  return record === undefined ? (name.endsWith("Recordings") ? decls.get("GetRecordingsResult") : undefined) : decls.get(record);
}

/** The schema as the TypeScript module the plugin serves it from. */
export function pluginSchemaModule(schema, header) {
  return `${header}\n/** The \`telnyx-texml\` Pulumi package schema the provider plugin serves (\`GetSchema\`). */\nexport const packageSchema = ${JSON.stringify(schema, null, 2)};\n`;
}
