#!/usr/bin/env node
// Builds the provider plugin's request operations (part of `npm run build`, after tsc): esbuild
// bundles provider/faces/plugin/operations.ts (the resource and configuration operations and the
// lookups) and everything it imports, zod and undici included, into one file,
// dist/provider/faces/plugin/operations.bundle.js, which the built server.ts loads on the first request
// other than GetPluginInfo and GetSchema. (Not over tsc's operations.js: a later tsc alone, as
// the e2e set-up runs, would silently put the unbundled modules back.)
//
// Why: the engine starts the plugin twice per `pulumi up`, `preview` and `destroy`, and the
// second start's first request loaded about 250 modules from tsc's output (ours, 95 of zod, 109
// of undici): its largest cost beside the gRPC runtime. One file, with zod's unused parts left
// out, costs a fraction of that (figures: bench/results/plugin.json).
//
// Why undici is inside here but outside the dynamic face's bundle (build-provider-runtime.mjs):
// that one runs in a process that may already have loaded the installed undici; the plugin is a
// process of its own, whose every start pays for undici's 109 modules. The price is that an
// `npm audit fix` of undici reaches the plugin only with a rebuilt release of this package.
//
// Stays outside: @pulumi/pulumi (what config.ts, warnings.ts and the lookups load from the
// installed SDK on demand), and grpc.ts, which the bundle requires as ./grpc.js beside it: the
// module server.ts loaded at start, so both use the same gRPC runtime and protocol stubs, which
// it loads from the installed @pulumi/pulumi.
//   node scripts/build-plugin-operations.mjs
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pluginDir = path.join(root, "provider", "faces", "plugin");
const outfile = path.join(root, "dist", "provider", "faces", "plugin", "operations.bundle.js");
const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

/** Packages the bundle may require at run time (any of their subpaths too). */
const EXTERNAL_PACKAGES = ["@pulumi/pulumi"];
/** Our modules the bundle requires beside it instead of holding a copy (see above). */
const SHARED_MODULES = ["./grpc.js"];

/** `./grpc` imported by a module of provider/faces/plugin: left to require at run time, as ./grpc.js. */
const sharedGrpc = {
  name: "shared-grpc",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\/grpc(\.js)?$/ }, (args) =>
      path.resolve(args.resolveDir) === pluginDir ? { path: "./grpc.js", external: true } : undefined,
    );
  },
};

const started = performance.now();
const result = await build({
  absWorkingDir: root,
  entryPoints: [path.join(pluginDir, "operations.ts")],
  outfile,
  write: false,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node22",
  // ES modules where a package ships both, so that unused exports can be dropped.
  mainFields: ["module", "main"],
  external: EXTERNAL_PACKAGES.flatMap((name) => [name, `${name}/*`]),
  plugins: [sharedGrpc],
  minify: false,
  sourcemap: false,
  legalComments: "inline",
  tsconfig: path.join(root, "tsconfig.json"),
  banner: {
    js: `// pulumi-telnyx-texml ${version}: the provider plugin's request operations (provider/faces/plugin/operations.ts and what it imports, zod and undici included), bundled by esbuild.`,
  },
  logLevel: "warning",
  metafile: true,
});
const ms = performance.now() - started;
const code = result.outputFiles[0].text;

// A require of anything else (a relative path into dist, yaml, ...) would load a second copy of
// our modules beside the bundle's (two copies of the settings Configure stores), or fail where
// that package is not installed.
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const allowed = (name) =>
  builtins.has(name) || SHARED_MODULES.includes(name) || EXTERNAL_PACKAGES.some((pkg) => name === pkg || name.startsWith(`${pkg}/`));
const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
const unexpected = [...new Set(required.filter((name) => !allowed(name)))];
if (unexpected.length)
  throw new Error(
    `build-plugin-operations: the bundle may require only Node built-ins, ${[...EXTERNAL_PACKAGES, ...SHARED_MODULES].join(", ")}, found: ${unexpected.join(", ")}`,
  );
if (/\brequire\(\s*[^"'\s)]/.test(code.replace(/typeof require|require\.resolve|__require/g, ""))) {
  const sample = code.match(/.{0,60}\brequire\(\s*[^"'\s)].{0,40}/)?.[0];
  throw new Error(`build-plugin-operations: the bundle has a require of a computed name, which esbuild cannot follow: ${sample}`);
}
mkdirSync(path.dirname(outfile), { recursive: true });
writeFileSync(outfile, code);
const inputs = Object.values(result.metafile.outputs)[0].inputs;
const bytesOf = (dir) =>
  Object.entries(inputs)
    .filter(([file]) => file.includes(`node_modules/${dir}/`))
    .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
console.log(
  `build-plugin-operations: ${path.relative(root, outfile)} (${Object.keys(inputs).length} modules, ${Buffer.byteLength(code)} bytes, ${bytesOf("zod")} of them zod, ${bytesOf("undici")} undici) in ${ms.toFixed(0)} ms`,
);
