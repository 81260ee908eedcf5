import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../../emulator";

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
let emulator: EmulatorHandle;
let env: Record<string, string>;

beforeAll(async () => {
  // A fresh project that installs only the packed tarball (npm adds its peer @pulumi/pulumi), as a user would.
  dir = mkdtempSync(path.join(os.tmpdir(), "texml-doctor-e2e-"));
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "doctor-e2e", private: true })}\n`);
  const base: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !name.startsWith("TELNYX_")) base[name] = value;
  base.PATH = [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter);
  const install = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", inject("packageTarball")], dir, base);
  if (install.code !== 0) throw new Error(`npm install of the tarball failed (${install.code}):\n${install.stdout}\n${install.stderr}`);
  emulator = await startEmulator({ port: 0, webhookDispatch: false });
  env = { ...base, TELNYX_API_KEY: emulator.apiKey, TELNYX_BASE_URL: emulator.baseUrl, TELNYX_ACCOUNT_SID: emulator.accountSid };
}, 900_000);

afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("npx telnyx-texml doctor, from the installed tarball, reads only and finds nothing to report", async () => {
  await emulator.seed({ queues: [{ name: "support" }] });
  const result = await run("npx", ["--no-install", "telnyx-texml", "doctor", "--json"], dir, env);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout) as { mode: string; exitCode: number; checks: { id: string; verdict: string }[] };
  expect(report.mode).toBe("read-only");
  expect(report.exitCode).toBe(0);
  expect(report.checks.filter((c) => c.verdict === "contradicted" || c.verdict === "error")).toEqual([]);
  expect((await emulator.requests()).filter((r) => r.method !== "GET")).toEqual([]);
  expect(result.stdout).not.toContain(emulator.apiKey);
});

it("npx telnyx-texml doctor --write, from the installed tarball, creates and deletes only its own objects", async () => {
  await emulator.clearRequests();
  const result = await run("npx", ["--no-install", "telnyx-texml", "doctor", "--write"], dir, env);
  expect(result.code).toBe(0);
  const prefix = /objects named (telnyx-texml-doctor-[0-9a-f]{8})/.exec(result.stdout)?.[1];
  expect(prefix).toBeDefined();
  expect(result.stdout).toContain("left behind: nothing");
  expect(result.stdout).toMatch(/^write\.queue-default-max-size +max_size 100 +max_size 100 +ok$/m);
  expect(result.stdout + result.stderr).not.toContain(emulator.apiKey);
  const writes = (await emulator.requests()).filter((r) => r.method !== "GET");
  expect(writes.length).toBeGreaterThan(0);
  for (const r of writes)
    expect(r.path.includes(prefix!) || r.body.includes(prefix!) || /^\/texml_applications\/\d+$/.test(r.path)).toBe(true);
  const state = await emulator.state();
  expect(state.applications).toEqual([]);
  expect(state.queues.map((q) => q.sid)).toEqual(["support"]);
});
