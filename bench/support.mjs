// Shared by the benchmark scripts: the emulator in its own process (as users run it),
// a median, and where results go. Nothing here measures.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/**
 * Starts `telnyx-texml emulator` in a child process and resolves once it answers
 * /__emulator/health. Needs `npm run build`.
 */
export async function startEmulatorProcess({ apiKey = "KEY_bench", accountSid, extraArgs = [] } = {}) {
  const port = await freePort();
  const started = performance.now();
  const args = [
    path.join(root, "dist", "scripts", "cli.js"),
    "emulator",
    "--port",
    String(port),
    "--api-key",
    apiKey,
    "--no-webhooks",
    ...extraArgs,
  ];
  if (accountSid) args.push("--account-sid", accountSid);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  let banner = "";
  child.stdout.on("data", (chunk) => (banner += chunk));
  const origin = `http://127.0.0.1:${port}`;
  let health;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the emulator exited with ${child.exitCode}: ${banner}`);
    try {
      const response = await fetch(`${origin}/__emulator/health`);
      if (response.ok) {
        health = await response.json();
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    child,
    origin,
    apiKey,
    baseUrl: health.baseUrl,
    accountSid: health.accountSid,
    startupMs: performance.now() - started,
    admin: async (method, route, body) => {
      const response = await fetch(`${origin}/__emulator${route}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} /__emulator${route}: ${response.status} ${await response.text()}`);
      return response.status === 204 ? undefined : response.json();
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (value, digits = 0) => Number(value.toFixed(digits));

/** Writes bench/results/<name>.json. */
export function writeResult(name, figures) {
  const dir = path.join(root, "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify({ measuredAt: new Date().toISOString(), ...figures }, null, 2)}\n`);
}
