// scripts/build-sdks.mjs and ensure-pulumi.mjs's ensureSdkLanguageHost refuse what they cannot
// do with a message naming the argument or setting at fault, before running or building anything.
// (Generating the SDKs for real is test/e2e/sdk-python.test.ts's and plugin-go.test.ts's.)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const repoRoot = path.resolve(__dirname, "../..");
const buildSdks = path.join(repoRoot, "scripts", "build-sdks.mjs");
const scratchDirs: string[] = [];

function scratch(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "texml-build-sdks-unit-"));
  scratchDirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function node(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, args, { cwd: repoRoot, encoding: "utf8", env: { ...process.env, ...env } });
}

describe("scripts/build-sdks.mjs", () => {
  it("refuses a language it does not generate, naming --language", () => {
    const result = node([buildSdks, "--language", "go,ruby"]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("build-sdks: --language ruby is not one of go, python");
    expect(result.stdout).toBe("");
  });

  it("refuses an unknown argument and a flag without its value", () => {
    expect(node([buildSdks, "--outdir", "x"]).stderr.trim()).toBe(
      "build-sdks: unknown argument '--outdir' (expected --plugin, --out or --language)",
    );
    expect(node([buildSdks, "--out"]).stderr.trim()).toBe("build-sdks: --out needs a value");
  });

  it("refuses a --plugin path that does not exist before looking for the CLI, and writes nothing", () => {
    const out = scratch();
    const missing = path.join(out, "no-such-plugin");
    const result = node([buildSdks, "--plugin", missing, "--out", path.join(out, "sdk")]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      `build-sdks: --plugin ${missing} does not exist (run \`npm run build\` first for the default dist/provider/faces/plugin/main.js)`,
    );
    expect(result.stderr).not.toContain("[ensure-pulumi]");
    expect(readdirSync(out)).toEqual([]);
  });
});

describe("ensureSdkLanguageHost", () => {
  it("without a cached host or a build script, names the host, where it looked and the setting that points at the script", () => {
    const cache = scratch();
    const script = path.join(cache, "missing", "build.sh");
    const probe = `import("./scripts/ensure-pulumi.mjs").then((m) => m.ensureSdkLanguageHost("go", undefined)).then((dir) => console.log("found " + dir), (e) => { console.error(e.message); process.exit(3); })`;
    const result = node(["-e", probe], { PULUMI_TELNYX_CACHE: cache, PULUMI_LANGUAGE_GO_BUILD: script });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain("needs Pulumi's language host 'pulumi-language-go'");
    expect(result.stderr).toContain(`nor in ${path.join(cache, "pulumi-language-go-v3.260.0")}`);
    expect(result.stderr).toContain(`its build script ${script} does not exist`);
    expect(result.stderr).toContain("PULUMI_LANGUAGE_GO_BUILD=/path/to/build.sh");
    // Nothing was started: no scratch build directory is left in the cache.
    expect(readdirSync(cache)).toEqual([]);
  });

  it("refuses a language it has no host for", () => {
    const probe = `import("./scripts/ensure-pulumi.mjs").then((m) => m.ensureSdkLanguageHost("ruby", undefined)).then(() => {}, (e) => { console.error(e.message); process.exit(3); })`;
    const result = node(["-e", probe]);
    expect(result.status).toBe(3);
    expect(result.stderr.trim()).toBe("ensureSdkLanguageHost: no language host for 'ruby' (known: go, python)");
  });
});
