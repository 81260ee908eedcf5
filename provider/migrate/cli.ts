/**
 * `telnyx-texml migrate --to-plugin`: rewrites a `pulumi stack export` document so that the
 * stack's dynamic resources belong to the provider plugin (see to-plugin.ts), and copies the
 * stack's `telnyx:*` settings to `telnyx-texml:*` in its config file (the API key as the same
 * ciphertext: it is never decrypted). Sends no request to Telnyx.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import * as YAML from "yaml";
import { migrateToPlugin, type PluginSettings, type StackExport } from "./to-plugin";

const USAGE = `usage: telnyx-texml migrate --to-plugin --stack-config Pulumi.<stack>.yaml [--in export.json] [--out migrated.json]

Moves texml.Application, Queue and Secret resources of a \`pulumi stack export\` document to the
provider plugin (telnyx-texml:index:*), keeping their ids and outputs; reads the export from --in
(or stdin) and writes the rewritten one to --out (or stdout). Adds telnyx-texml:apiKey, accountSid
and baseUrl to the stack config file, copied from telnyx:* (the API key stays encrypted).
Sends nothing to Telnyx. Then: \`pulumi stack import --file <out>\`.`;

const SETTING_NAMES = ["apiKey", "accountSid", "baseUrl"] as const;

/** The stack's plain `telnyx:*` settings, and the config document with all of them copied to `telnyx-texml:*` (keys already there win). */
export function pluginSettingsFromConfig(configText: string, configFile: string): { settings: PluginSettings; updated: string } {
  const document = YAML.parseDocument(configText);
  const config = document.get("config");
  if (config !== undefined && !YAML.isMap(config)) throw new Error(`migrate: "config" in ${configFile} is not a map`);
  const settings: PluginSettings = {};
  for (const name of SETTING_NAMES) {
    const key = document.hasIn(["config", `telnyx-texml:${name}`]) ? `telnyx-texml:${name}` : `telnyx:${name}`;
    const value = document.getIn(["config", key]);
    if (value === undefined) continue;
    const plain: unknown = YAML.isNode(value) ? value.toJSON() : value;
    if (name === "apiKey") {
      // Copied to telnyx-texml:apiKey below as the same ciphertext: one file, one key, never decrypted.
      const secure = typeof plain === "object" && plain !== null && typeof (plain as { secure?: unknown }).secure === "string";
      if (!secure)
        throw new Error(`migrate: ${key} in ${configFile} is not a secret; set it with \`pulumi config set --secret ${key}\` first`);
    } else if (typeof plain === "string") {
      settings[name] = plain;
    } else {
      throw new Error(`migrate: ${key} in ${configFile} is not a string`);
    }
    if (!document.hasIn(["config", `telnyx-texml:${name}`])) document.setIn(["config", `telnyx-texml:${name}`], plain);
  }
  return { settings, updated: document.toString() };
}

function readStdin(): string {
  return readFileSync(0, "utf8");
}

export function main(args: string[]): void {
  const { values } = parseArgs({
    args,
    options: {
      "to-plugin": { type: "boolean" },
      "stack-config": { type: "string" },
      in: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values["to-plugin"] || !values["stack-config"]) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const configFile = values["stack-config"];
  const { settings, updated } = pluginSettingsFromConfig(readFileSync(configFile, "utf8"), configFile);
  const source = values.in ?? "stdin";
  let exported: StackExport;
  try {
    exported = JSON.parse(values.in ? readFileSync(values.in, "utf8") : readStdin()) as StackExport;
  } catch (error) {
    throw new Error(
      `migrate: ${source} is not a \`pulumi stack export\` document: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof exported !== "object" || exported === null || typeof exported.deployment !== "object") {
    throw new Error(`migrate: ${source} is not a \`pulumi stack export\` document (no "deployment")`);
  }
  const result = migrateToPlugin(exported, settings);
  const text = `${JSON.stringify(result.exported, null, 4)}\n`;
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
  writeFileSync(configFile, updated);
  for (const line of result.moved) console.error(`moved ${line}`);
  for (const urn of result.dropped) console.error(`dropped from the state ${urn}`);
  console.error(`added telnyx-texml:* settings to ${configFile}; next: pulumi stack import --file ${values.out ?? "<the output>"}`);
}
