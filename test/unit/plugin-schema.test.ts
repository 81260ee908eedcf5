// The provider plugin's package schema is derived, never hand-written: what `GetSchema` serves is
// what scripts/generate-types.mjs derives today from the kind definitions (zod), the spec's
// descriptions and the kinds registry, and it documents every property.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provider as pb } from "../../provider/faces/plugin/grpc";
import { lookups } from "../../provider/faces/plugin/functions";
import { kinds } from "../../provider/kinds/registry";
import { version } from "../../provider/version";
import { startPlugin, type PluginClient } from "./plugin-client";

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(__dirname, "../..");

interface PropertySpec {
  description?: string;
  secret?: boolean;
  replaceOnChanges?: boolean;
  type?: string;
  $ref?: string;
}
interface ObjectSpec {
  properties: Record<string, PropertySpec>;
  required?: string[];
}
interface PackageSchema {
  name: string;
  version: string;
  config: { variables: Record<string, PropertySpec> };
  provider: { inputProperties: Record<string, PropertySpec> };
  resources: Record<
    string,
    {
      description: string;
      inputProperties: Record<string, PropertySpec>;
      requiredInputs?: string[];
      properties: Record<string, PropertySpec>;
      required?: string[];
    }
  >;
  functions: Record<string, { description: string; inputs: ObjectSpec; outputs: ObjectSpec }>;
  types: Record<string, ObjectSpec & { description: string }>;
}

let plugin: PluginClient;
let served: PackageSchema;
let derived: PackageSchema;

/** The schema scripts/generate-types.mjs derives now, from the sources, in a process of its own. */
async function derive(): Promise<PackageSchema> {
  const script = [
    `const g = await import(${JSON.stringify(path.join(repoRoot, "scripts", "generate-types.mjs"))});`,
    `const { PLUGIN_SCHEMA_FILE } = await import(${JSON.stringify(path.join(repoRoot, "scripts", "plugin-schema.mjs"))});`,
    "process.stdout.write(g.renderPublicTypes(g.loadSchemas())[PLUGIN_SCHEMA_FILE]);",
  ].join("\n");
  const { stdout } = await execFileAsync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
  const start = stdout.indexOf("export const packageSchema = ");
  return JSON.parse(
    stdout
      .slice(start + "export const packageSchema = ".length)
      .trimEnd()
      .replace(/;$/, ""),
  ) as PackageSchema;
}

beforeAll(async () => {
  plugin = await startPlugin();
  const response = await plugin.call<InstanceType<typeof pb.GetSchemaResponse>>("getSchema", new pb.GetSchemaRequest());
  served = JSON.parse(response.getSchema()) as PackageSchema;
  derived = await derive();
});

afterAll(async () => {
  await plugin?.close();
});

/** Every property of the schema, with where it is. */
function everyProperty(schema: PackageSchema): Array<[string, PropertySpec]> {
  const out: Array<[string, PropertySpec]> = [];
  const add = (where: string, properties: Record<string, PropertySpec>) => {
    for (const [name, spec] of Object.entries(properties)) out.push([`${where}.${name}`, spec]);
  };
  add("config", schema.config.variables);
  add("provider", schema.provider.inputProperties);
  for (const [token, resource] of Object.entries(schema.resources)) {
    add(`${token} input`, resource.inputProperties);
    add(`${token} output`, resource.properties);
  }
  for (const [token, fn] of Object.entries(schema.functions)) {
    add(`${token} argument`, fn.inputs.properties);
    add(`${token} result`, fn.outputs.properties);
  }
  for (const [token, type] of Object.entries(schema.types)) add(token, type.properties);
  return out;
}

describe("the provider plugin's schema (GetSchema)", () => {
  it("is exactly what the generator derives from the definitions, the spec and the kinds registry", () => {
    expect(served).toEqual(derived);
    expect(served.name).toBe("telnyx-texml");
    expect(served.version).toBe(version);
  });

  it("describes every property, every resource and every function", () => {
    const properties = everyProperty(served);
    expect(properties.length).toBeGreaterThan(200);
    const undescribed = properties
      .filter(([, spec]) => typeof spec.description !== "string" || spec.description.trim().length < 10)
      .map(([where]) => where);
    expect(undescribed).toEqual([]);
    for (const resource of Object.values(served.resources)) expect(resource.description.length).toBeGreaterThan(10);
    for (const fn of Object.values(served.functions)) expect(fn.description.length).toBeGreaterThan(10);
    // The plugin's config namespace, not the dynamic resources' (`telnyx:`).
    expect(JSON.stringify(served)).not.toMatch(/`telnyx:(apiKey|accountSid|baseUrl)`/);
  });

  it("has the kinds programs declare, with the definitions' inputs and outputs, and the data lookups as functions", () => {
    const declared = kinds.filter((kind) => kind.declaredByPrograms);
    expect(Object.keys(served.resources)).toEqual(declared.map((kind) => `telnyx-texml:index:${kind.definition.kind}`));
    expect(Object.keys(served.resources)).toEqual([
      "telnyx-texml:index:Application",
      "telnyx-texml:index:Queue",
      "telnyx-texml:index:Secret",
    ]);
    for (const { definition } of declared) {
      const resource = served.resources[`telnyx-texml:index:${definition.kind}`]!;
      expect(Object.keys(resource.inputProperties).sort()).toEqual(Object.keys(definition.inputs.shape).sort());
      expect(Object.keys(resource.properties).sort()).toEqual([...definition.outputNames].sort());
    }
    expect(served.resources["telnyx-texml:index:Application"]!.requiredInputs).toEqual(["friendlyName", "voiceUrl"]);
    expect(served.resources["telnyx-texml:index:Application"]!.inputProperties.inbound).toMatchObject({
      $ref: "#/types/telnyx-texml:index:ApplicationInboundArgs",
    });
    expect(Object.keys(served.functions).sort()).toEqual(
      Object.keys(lookups)
        .map((name) => `telnyx-texml:index:${name}`)
        .sort(),
    );
    expect(served.functions["telnyx-texml:index:getApplications"]!.outputs.properties.applications).toMatchObject({
      type: "array",
      items: { $ref: "#/types/telnyx-texml:index:ApplicationInfo" },
    });
    expect(served.functions["telnyx-texml:index:getQueue"]!.inputs.required).toEqual(["queueSid"]);
  });

  it("marks secret values and the inputs whose change replaces", () => {
    const secrets = everyProperty(served)
      .filter(([, spec]) => spec.secret)
      .map(([where]) => where);
    expect(secrets.sort()).toEqual([
      "config.apiKey",
      "provider.apiKey",
      "telnyx-texml:index:Secret input.value",
      "telnyx-texml:index:Secret output.value",
    ]);
    const replacing = everyProperty(served)
      .filter(([, spec]) => spec.replaceOnChanges)
      .map(([where]) => where);
    expect(replacing.sort()).toEqual([
      "telnyx-texml:index:Queue input.accountSid",
      "telnyx-texml:index:Queue input.name",
      "telnyx-texml:index:Queue output.accountSid",
      "telnyx-texml:index:Queue output.name",
      "telnyx-texml:index:Secret input.name",
      "telnyx-texml:index:Secret output.name",
    ]);
  });
});
