#!/usr/bin/env node
// Generates the Go and Python SDKs of the `telnyx-texml` Pulumi package from the provider
// plugin's schema, the way Pulumi's own providers do: `pulumi package gen-sdk`. They are build
// output (sdk/ is gitignored), never edited or committed by hand.
//
//   node scripts/build-sdks.mjs [--plugin <path>] [--out <dir>] [--language go,python]
//
//   --plugin    where the schema comes from (default: dist/provider/faces/plugin/main.js, run with this Node):
//               an executable `pulumi-resource-telnyx-texml`, a directory holding one (like
//               `plugins.providers[].path`), the plugin's .js entry, or a schema .json file.
//   --out       where to write (default: sdk/): <out>/schema.json (the schema the SDKs were generated
//               from: the plugin's, plus the SDK layout when it sets none; see withSdkLayout), <out>/go, <out>/python
//   --language  which SDKs (default: go,python)
//
// Steps: the schema (`pulumi package get-schema <plugin>`, or the file), then `pulumi package
// gen-sdk <schema> --language <language>` with the language host found or built by
// scripts/ensure-pulumi.mjs, then `python3 -m py_compile` on every generated .py file.
// Prints a JSON summary on stdout (paths of the schema, the SDKs and the language hosts used);
// progress goes to stderr.
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensurePulumi, ensureSdkLanguageHost } from "./ensure-pulumi.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PLUGIN_BINARY = "pulumi-resource-telnyx-texml";
const LANGUAGES = ["go", "python"];

const log = (message) => process.stderr.write(`[build-sdks] ${message}\n`);

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${path.basename(command)} ${args.join(" ")} exited with ${code}\n${stdout}${stderr}`.trim()));
    });
  });
}

function parseArgs(argv) {
  const options = {
    plugin: path.join(root, "dist", "provider", "faces", "plugin", "main.js"),
    out: path.join(root, "sdk"),
    languages: LANGUAGES,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!["--plugin", "--out", "--language"].includes(flag))
      throw new Error(`build-sdks: unknown argument '${flag}' (expected --plugin, --out or --language)`);
    if (value === undefined) throw new Error(`build-sdks: ${flag} needs a value`);
    i++;
    if (flag === "--plugin") options.plugin = path.resolve(value);
    if (flag === "--out") options.out = path.resolve(value);
    if (flag === "--language") {
      options.languages = value.split(",").map((language) => language.trim());
      const unknown = options.languages.filter((language) => !LANGUAGES.includes(language));
      if (unknown.length > 0) throw new Error(`build-sdks: --language ${unknown.join(",")} is not one of ${LANGUAGES.join(", ")}`);
    }
  }
  return options;
}

/**
 * The plugin as something `pulumi package get-schema` can start: the executable itself, the one in a
 * directory, or, for the plugin's .js entry (not executable after tsc), a launcher running it with
 * this Node in `scratch`.
 */
function pluginExecutable(plugin, scratch) {
  const target = statSync(plugin).isDirectory() ? path.join(plugin, PLUGIN_BINARY) : plugin;
  if (!existsSync(target)) throw new Error(`build-sdks: the directory ${plugin} holds no ${PLUGIN_BINARY}`);
  if (!target.endsWith(".js")) return target;
  const launcher = path.join(scratch, PLUGIN_BINARY);
  writeFileSync(launcher, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(target)} "$@"\n`);
  chmodSync(launcher, 0o755);
  return launcher;
}

/**
 * Pulumi's "support pack" SDK layout, which gives the Go SDK its own go.mod (module
 * `<repository>/sdk/go`) and matching import paths. Without it or a `language.go.importBasePath`,
 * gen-sdk writes the Go package to `telnyxtexml/` but imports `.../sdk/go/telnyx-texml/internal`,
 * which does not compile. A schema that says how its Go SDK is laid out is used as it is.
 */
function withSdkLayout(schema) {
  if (schema.meta?.supportPack !== undefined || schema.language?.go) return schema;
  log("the schema sets neither meta.supportPack nor language.go: generating with meta.supportPack = true (one go.mod in sdk/go)");
  return { ...schema, meta: { ...schema.meta, supportPack: true } };
}

/** Every file under `dir` whose name ends with `suffix`. */
function filesEndingWith(dir, suffix) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

export async function buildSdks({ plugin, out, languages }) {
  const started = Date.now();
  // Before finding (or building) the CLI: a wrong path fails at once.
  if (!existsSync(plugin))
    throw new Error(
      `build-sdks: --plugin ${plugin} does not exist (run \`npm run build\` first for the default dist/provider/faces/plugin/main.js)`,
    );
  const cli = await ensurePulumi();
  const hosts = {};
  for (const language of languages) hosts[language] = await ensureSdkLanguageHost(language, cli);
  const env = {
    ...process.env,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    // The language hosts, this Node (a `#!/usr/bin/env node` plugin runs with it), then the CLI's own directory.
    PATH: [...new Set(Object.values(hosts)), path.dirname(process.execPath), path.dirname(cli), process.env.PATH ?? ""].join(
      path.delimiter,
    ),
  };

  mkdirSync(out, { recursive: true });
  const scratch = mkdtempSync(path.join(os.tmpdir(), "texml-build-sdks-"));
  try {
    let schemaText;
    if (plugin.endsWith(".json")) {
      log(`reading the schema from ${plugin}`);
      schemaText = readFileSync(plugin, "utf8");
    } else {
      const executable = pluginExecutable(plugin, scratch);
      log(`pulumi package get-schema ${executable}`);
      schemaText = (await run(cli, ["package", "get-schema", executable], { cwd: scratch, env })).stdout;
    }
    let schema;
    try {
      schema = JSON.parse(schemaText);
    } catch (error) {
      throw new Error(`build-sdks: the schema from ${plugin} is not JSON: ${error.message}`);
    }
    const schemaFile = path.join(out, "schema.json");
    writeFileSync(schemaFile, `${JSON.stringify(withSdkLayout(schema), null, 2)}\n`);

    const sdks = {};
    for (const language of languages) {
      const dir = path.join(out, language);
      rmSync(dir, { recursive: true, force: true });
      log(`pulumi package gen-sdk ${schemaFile} --language ${language} --out ${out}`);
      await run(cli, ["package", "gen-sdk", schemaFile, "--language", language, "--out", out], { cwd: scratch, env });
      if (!existsSync(dir)) throw new Error(`build-sdks: pulumi package gen-sdk --language ${language} wrote nothing to ${dir}`);
      sdks[language] = dir;
    }

    let pythonFiles = 0;
    if (sdks.python) {
      const files = filesEndingWith(sdks.python, ".py");
      if (files.length === 0) throw new Error(`build-sdks: the Python SDK in ${sdks.python} has no .py files`);
      log(`python3 -m py_compile (${files.length} files)`);
      await run("python3", ["-m", "py_compile", ...files], { cwd: sdks.python, env });
      pythonFiles = files.length;
    }
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { schema: schemaFile, sdks, languageHosts: hosts, pythonFilesCompiled: pythonFiles };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    const summary = await buildSdks(parseArgs(process.argv.slice(2)));
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}
