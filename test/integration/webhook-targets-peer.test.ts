// @pulumi/aws and @pulumi/cloudflare are optional peer dependencies: a project that has
// neither installed can use WebhookVerifier's bundle target, and gets a clear error only
// when it asks for a platform target. Checked for real in a child process whose module
// resolution finds @pulumi/pulumi and tweetnacl but not the two provider packages (the
// webhook sources are transpiled into a temporary folder with only those two linked, and
// the verifier bundle that npm run build made copied next to them).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..", "..");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "verifier-peers-"));
  for (const file of [
    "provider/version.ts",
    "provider/base/errors.ts",
    ...["component", "targets", "bundle", "core", "request-handler", "verification", "verify"].map((f) => `provider/webhooks/${f}.ts`),
  ]) {
    const js = ts.transpileModule(readFileSync(path.join(root, file), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file.replace(/\.ts$/, ".js")), js);
  }
  // The verifier npm run build bundled, where the published package has it: next to bundle.js.
  copyFileSync(
    path.join(root, "dist", "provider", "webhooks", "verifier.bundle.mjs"),
    path.join(dir, "provider", "webhooks", "verifier.bundle.mjs"),
  );
  mkdirSync(path.join(dir, "node_modules", "@pulumi"), { recursive: true });
  symlinkSync(path.join(root, "node_modules", "@pulumi", "pulumi"), path.join(dir, "node_modules", "@pulumi", "pulumi"));
  symlinkSync(path.join(root, "node_modules", "tweetnacl"), path.join(dir, "node_modules", "tweetnacl"));
  writeFileSync(
    path.join(dir, "program.js"),
    `const pulumi = require("@pulumi/pulumi");
const nacl = require("tweetnacl");
const out = {};
pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name + "-id", state: a.inputs }), call: () => ({}) }, "project", "stack", false).then(async () => {
  const { WebhookVerifier } = require("./provider/webhooks/component.js");
  const publicKey = Buffer.from(nacl.sign.keyPair().publicKey).toString("base64");
  for (const name of ["@pulumi/aws", "@pulumi/cloudflare"]) {
    try { require.resolve(name); out[name] = "resolvable"; } catch { out[name] = "absent"; }
  }
  const bundle = new WebhookVerifier("bundle-only", { publicKey });
  out.bundle = await new Promise((resolve) => bundle.platform.apply(resolve));
  for (const target of [{ platform: "aws" }, { platform: "cloudflare", accountId: "acc", workersDevSubdomain: "sub" }]) {
    try { new WebhookVerifier("v-" + target.platform, { publicKey, target }); out[target.platform] = "created"; } catch (e) { out[target.platform] = e.message; }
  }
  out.loaded = Object.keys(require.cache).filter((f) => /@pulumi[\\\\/](aws|cloudflare)/.test(f)).length;
  console.log(JSON.stringify(out));
});
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("optional peer dependencies, for real", () => {
  it("without @pulumi/aws and @pulumi/cloudflare: the bundle target works, platform targets say what to install", () => {
    const env = { ...process.env };
    delete env.NODE_PATH;
    const run = spawnSync(process.execPath, ["program.js"], { cwd: dir, env, encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout.trim().split("\n").at(-1)!);
    expect(out).toEqual({
      "@pulumi/aws": "absent",
      "@pulumi/cloudflare": "absent",
      bundle: "bundle",
      aws: 'WebhookVerifier: target "aws" needs @pulumi/aws, an optional peer dependency of pulumi-telnyx-texml that is not installed; run `npm install @pulumi/aws` in your Pulumi project (or use target { platform: "bundle" } and wire the bundle yourself)',
      cloudflare:
        'WebhookVerifier: target "cloudflare" needs @pulumi/cloudflare, an optional peer dependency of pulumi-telnyx-texml that is not installed; run `npm install @pulumi/cloudflare` in your Pulumi project (or use target { platform: "bundle" } and wire the bundle yourself)',
      loaded: 0,
    });
  });
});
