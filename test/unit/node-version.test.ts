// The package refuses an unsupported Node.js at load, naming the version found and the one
// needed, before anything else loads or any request is sent. Each built entry point is run
// by a real Node.js older than 22 (the system's; OLD_NODE=<path> picks another).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MINIMUM_NODE_MAJOR, nodeVersionError } from "../../provider/node-version";

const repoRoot = path.resolve(__dirname, "../..");

/** A Node.js binary older than the package supports: OLD_NODE, else the first such `node` on PATH. */
function oldNode(): { executable: string; version: string } {
  const candidates = process.env.OLD_NODE
    ? [process.env.OLD_NODE]
    : execFileSync("which", ["-a", "node"], { encoding: "utf8" }).split("\n").filter(Boolean);
  for (const executable of candidates) {
    const version = execFileSync(executable, ["-p", "process.versions.node"], { encoding: "utf8" }).trim();
    if (Number(version.split(".")[0]) < MINIMUM_NODE_MAJOR) return { executable, version };
  }
  throw new Error(
    `no Node.js older than ${MINIMUM_NODE_MAJOR} among ${candidates.join(", ")}: set OLD_NODE=<path to node 20> to run this test`,
  );
}

const entries = [
  ["the package root", "dist/provider/index.js"],
  ["pulumi-telnyx-texml/data", "dist/provider/data/index.js"],
  ["pulumi-telnyx-texml/webhooks", "dist/provider/webhooks/index.js"],
  ["pulumi-telnyx-texml/dynamic", "dist/provider/faces/dynamic/runtime.bundle.js"],
] as const;

describe("on Node.js older than 22", () => {
  const node = oldNode();
  const expected = (executable: string) =>
    `pulumi-telnyx-texml needs Node.js 22 or newer, but this is Node.js ${node.version} (${executable}). Install Node.js 22 or later (for Pulumi, the \`node\` first on PATH) and run again.`;

  for (const [name, entry] of entries) {
    it(`${name} (${entry}) throws the version error at load, before loading anything else`, () => {
      expect(existsSync(path.join(repoRoot, entry)), `${entry} is built by npm run build`).toBe(true);
      const script = [
        "const Module = require('module');",
        "const loaded = [];",
        "const load = Module._load;",
        "Module._load = function (request, ...rest) { loaded.push(request); return load.call(this, request, ...rest); };",
        `try { require(${JSON.stringify(path.join(repoRoot, entry))}); console.log(JSON.stringify({ loaded: true })); }`,
        "catch (e) { console.log(JSON.stringify({ name: e.name, setting: e.setting, message: e.message, loaded: loaded.filter((r) => !r.startsWith('node:')) })); }",
      ].join("\n");
      const out = JSON.parse(execFileSync(node.executable, ["-e", script], { encoding: "utf8" })) as Record<string, unknown>;
      const entryPath = path.join(repoRoot, entry);
      const checkModule = entry.startsWith("dist/provider/index") ? "./node-version" : "../node-version";
      expect(out).toEqual({
        name: "TelnyxConfigError",
        setting: "Node.js version",
        message: expected(node.executable),
        // Nothing but the entry, the check and the error family it throws was loaded (the bundle is one file).
        loaded: entry.endsWith("bundle.js") ? [entryPath] : [entryPath, checkModule, "./base/errors"],
      });
    });
  }

  it("the telnyx-texml command prints the message alone and exits 1", () => {
    const result = spawnSync(node.executable, [path.join(repoRoot, "dist/scripts/cli.js"), "validate", "texml.yaml"], { encoding: "utf8" });
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 1,
      stdout: "",
      stderr: `${expected(node.executable)}\n`,
    });
  });

  it("the provider plugin prints the message alone and exits 1, printing no port", () => {
    const result = spawnSync(node.executable, [path.join(repoRoot, "dist/provider/faces/plugin/main.js")], { encoding: "utf8" });
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 1,
      stdout: "",
      stderr: `${expected(node.executable)}\n`,
    });
  });
});

describe("nodeVersionError", () => {
  it("accepts 22 and later, and what is not a Node.js version", () => {
    for (const version of ["22.0.0", "22.12.1", "24.21.0", "30.1.0", undefined, ""]) expect(nodeVersionError(version)).toBeUndefined();
  });
  it("names the version found and the one needed", () => {
    expect(nodeVersionError("18.19.0")?.message).toBe(
      "pulumi-telnyx-texml needs Node.js 22 or newer, but this is Node.js 18.19.0. Install Node.js 22 or later (for Pulumi, the `node` first on PATH) and run again.",
    );
  });
});
