#!/usr/bin/env node
// Builds the deployable webhook verifier (part of `npm run build`, after tsc): esbuild
// bundles provider/webhooks/bundle-entry.ts with the modules it imports (core,
// verification, tweetnacl) into dist/provider/webhooks/verifier.bundle.mjs, one ES module
// with no imports, not minified so that it can be read. buildVerifierBundle reads that
// file at run time and puts the deployment's configuration in its `__VERIFIER_CONFIG__`
// line; nothing is compiled or assembled then.
//   node scripts/build-verifier.mjs           write the bundle
//   node scripts/build-verifier.mjs --check   exit 1 when the bundle in dist is not what the sources build to
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outfile = path.join(root, "dist", "provider", "webhooks", "verifier.bundle.mjs");
const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

/** Must stay byte for byte what provider/webhooks/bundle.ts replaces. */
const CONFIG_LINE = "const __VERIFIER_CONFIG__ = null;";

const check = process.argv.includes("--check");
const started = performance.now();
const result = await build({
  absWorkingDir: root,
  entryPoints: [path.join(root, "provider", "webhooks", "bundle-entry.ts")],
  outfile,
  write: false,
  bundle: true,
  format: "esm",
  // Workers, Lambda and any other runtime: no Node built-ins, nothing left to import.
  platform: "neutral",
  mainFields: ["module", "main"],
  target: "es2022",
  minify: false,
  sourcemap: false,
  legalComments: "inline",
  tsconfig: path.join(root, "tsconfig.json"),
  // tweetnacl looks for Node's PRNG where `require` exists (`require("crypto")`); an ES
  // module has no `require`, and the verifier only verifies, never needs randomness: the
  // branch is compiled away instead of bringing in a require shim.
  define: { require: "undefined" },
  banner: {
    js: [
      `// Telnyx webhook verifier from pulumi-telnyx-texml ${version}: provider/webhooks/bundle-entry.ts and the modules it`,
      "// imports, bundled by esbuild. Self-contained: no npm dependencies at run time.",
      "// Includes tweetnacl-js (public domain, https://tweetnacl.js.org).",
      "// buildVerifierBundle puts the deployment's configuration (JSON) in place of the null below.",
      CONFIG_LINE,
    ].join("\n"),
  },
  logLevel: "warning",
  metafile: true,
});
const ms = performance.now() - started;

const code = result.outputFiles[0].text;
const imports = code.match(/^\s*(import\s|export\s+\*\s+from|export\s*\{[^}]*\}\s*from)|\bimport\s*\(|\brequire\s*\(/gm);
if (imports) throw new Error(`build-verifier: the bundle must import nothing at run time, found: ${imports.join(", ")}`);
if (code.split(CONFIG_LINE).length !== 2) throw new Error("build-verifier: the configuration line must appear exactly once");
const relative = path.relative(root, outfile);
if (check) {
  if (!existsSync(outfile) || readFileSync(outfile, "utf8") !== code) {
    console.error(`build-verifier: ${relative} is missing or not what the sources build to: run npm run build`);
    process.exit(1);
  }
  console.log(`build-verifier: ${relative} is up to date`);
} else {
  mkdirSync(path.dirname(outfile), { recursive: true });
  writeFileSync(outfile, code);
  const inputs = Object.keys(result.metafile.inputs).map((f) => f.replace(/^.*node_modules\//, ""));
  console.log(`build-verifier: ${relative} (${Buffer.byteLength(code)} bytes from ${inputs.join(", ")}) in ${ms.toFixed(0)} ms`);
}
