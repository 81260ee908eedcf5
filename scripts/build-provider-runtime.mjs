#!/usr/bin/env node
// Builds the dynamic provider's entry point (part of `npm run build`, after tsc): esbuild
// bundles provider/faces/dynamic/runtime.ts and everything it imports, zod included, into
// dist/provider/faces/dynamic/runtime.bundle.js, which `pulumi-telnyx-texml/dynamic` resolves to.
//
// Why: Pulumi starts a fresh dynamic-provider process for every `pulumi up`, `preview`,
// `refresh` and `destroy`, and that process loads this entry before its first call. From
// tsc's output that is 124 modules (29 of ours, 95 of zod, 64 of them its error messages in
// other languages, which we never use); bundled, it is one file, and zod's unused parts are left
// out because we import it as a namespace (`import * as z`). Measured in a process that has
// loaded @pulumi/pulumi already: about 150 ms of CPU before, about 40 ms after.
//
// @pulumi/pulumi stays external (the dynamic-provider host's own copy, so that both share
// one runtime), and so does undici: it is loaded on the first request, and a copy inside the
// bundle would neither get the user's `npm audit fix` nor share the installed one.
//   node scripts/build-provider-runtime.mjs
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outfile = path.join(root, "dist", "provider", "faces", "dynamic", "runtime.bundle.js");
const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

/** The only packages the bundle may require at run time. */
const EXTERNAL = ["@pulumi/pulumi", "undici"];

const started = performance.now();
const result = await build({
  absWorkingDir: root,
  entryPoints: [path.join(root, "provider", "faces", "dynamic", "runtime.ts")],
  outfile,
  write: false,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node22",
  // ES modules where a package ships both, so that unused exports can be dropped.
  mainFields: ["module", "main"],
  external: EXTERNAL,
  minify: false,
  sourcemap: false,
  legalComments: "inline",
  tsconfig: path.join(root, "tsconfig.json"),
  banner: {
    js: `// pulumi-telnyx-texml ${version}: the dynamic provider's entry (provider/faces/dynamic/runtime.ts and what it imports, zod included), bundled by esbuild.`,
  },
  logLevel: "warning",
  metafile: true,
});
const ms = performance.now() - started;
const code = result.outputFiles[0].text;

// A require of anything else (a relative path into dist, yaml, ...) would load a second copy
// of our modules beside the bundle's, or fail where that package is not installed.
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
const unexpected = [...new Set(required.filter((name) => !builtins.has(name) && !EXTERNAL.includes(name)))];
if (unexpected.length)
  throw new Error(
    `build-provider-runtime: the bundle may require only Node built-ins and ${EXTERNAL.join(", ")}, found: ${unexpected.join(", ")}`,
  );
if (/\brequire\(\s*[^"'\s)]/.test(code.replace(/typeof require|require\.resolve|__require/g, ""))) {
  const sample = code.match(/.{0,60}\brequire\(\s*[^"'\s)].{0,40}/)?.[0];
  throw new Error(`build-provider-runtime: the bundle has a require of a computed name, which esbuild cannot follow: ${sample}`);
}

mkdirSync(path.dirname(outfile), { recursive: true });
writeFileSync(outfile, code);
const zodBytes = Object.entries(result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].inputs)
  .filter(([file]) => file.includes("node_modules/zod/"))
  .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
console.log(
  `build-provider-runtime: ${path.relative(root, outfile)} (${Buffer.byteLength(code)} bytes, ${zodBytes} of them zod) in ${ms.toFixed(0)} ms`,
);
