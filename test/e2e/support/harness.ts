import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import * as auto from "@pulumi/pulumi/automation";
import { inject, vi } from "vitest";
import { startEmulator, type EmulatorOptions } from "../../../emulator";

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(__dirname, "../../..");

/** The emulator handle type, as returned by `startEmulator`. */
export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** An inline Pulumi program: registers resources, returns the stack outputs. */
// biome-ignore lint/suspicious/noConfusingVoidType: a program that exports nothing is an `async () => { ... }`, whose type is Promise<void>
export type Program = () => Promise<Record<string, unknown> | void>;

/** A Pulumi stack driven by the real CLI against a fresh emulator. */
export interface E2eStack {
  /** The emulator the stack talks to; its request log is the witness. */
  readonly emulator: Emulator;
  /** The Automation API stack (preview, up, refresh, destroy). */
  readonly stack: auto.Stack;
  /** The program directory (a temporary folder with node_modules links). */
  readonly workDir: string;
  /** Replaces the program run by the next operation. */
  setProgram(program: Program): void;
  /** Runs the Pulumi CLI itself in the stack's environment (e.g. `stack export`). */
  cli(args: string[]): Promise<{ stdout: string; stderr: string }>;
  /** Removes the stack, its state and the emulator. */
  dispose(): Promise<void>;
}

/** The secret values a test uses; none may ever appear in plain text. */
export const SECRET_VALUE = "crm-token-value-3f9a27c1";

/**
 * Starts an emulator and a stack with a local file backend and the passphrase secrets
 * provider, configured only through stack config (`telnyx:*`), the way users do it.
 */
export async function createE2eStack(
  name: string,
  program: Program,
  extraConfig: auto.ConfigMap = {},
  emulatorOptions: EmulatorOptions = {},
): Promise<E2eStack> {
  const pulumiPath = inject("pulumiCli");
  const emulator = await startEmulator({ port: 0, webhookDispatch: false, ...emulatorOptions });
  const workDir = mkdtempSync(path.join(os.tmpdir(), `texml-e2e-${name}-`));
  const stateDir = path.join(workDir, ".state");
  mkdirSync(stateDir);
  linkPackages(workDir);

  const envVars: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_HOME: path.join(workDir, ".pulumi-home"),
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    PATH: [path.join(repoRoot, "node_modules", ".bin"), path.dirname(pulumiPath), process.env.PATH ?? ""].join(path.delimiter),
  };
  const pulumiCommand = await auto.PulumiCommand.get({ root: path.dirname(path.dirname(pulumiPath)), skipVersionCheck: true });
  const stack = await auto.LocalWorkspace.createOrSelectStack(
    { stackName: "e2e", projectName: `texml-${name}`, program },
    { workDir, pulumiCommand, envVars },
  );
  await stack.setAllConfig({
    "telnyx:apiKey": { value: emulator.apiKey, secret: true },
    "telnyx:accountSid": { value: emulator.accountSid },
    "telnyx:baseUrl": { value: emulator.baseUrl },
    ...extraConfig,
  });

  return {
    emulator,
    stack,
    workDir,
    setProgram(next) {
      (stack.workspace as auto.LocalWorkspace).program = next;
    },
    async cli(args) {
      const { stdout, stderr } = await execFileAsync(pulumiPath, [...args, "--stack", "e2e", "--non-interactive"], {
        cwd: workDir,
        env: { ...process.env, ...envVars },
        maxBuffer: 64 * 1024 * 1024,
      });
      return { stdout, stderr };
    },
    async dispose() {
      await emulator.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/**
 * Makes `@pulumi/pulumi` and `pulumi-telnyx-texml` resolvable from the program
 * directory, as an `npm install` in a user's project would: the engine starts the
 * dynamic provider there, and the stored `__provider` resolves our package by name.
 */
function linkPackages(workDir: string): void {
  const modules = path.join(workDir, "node_modules");
  mkdirSync(modules);
  symlinkSync(path.join(repoRoot, "node_modules", "@pulumi"), path.join(modules, "@pulumi"), "dir");
  symlinkSync(repoRoot, path.join(modules, "pulumi-telnyx-texml"), "dir");
}

/**
 * A stack that runs an example project's own `index.ts` as is, with the stack's work
 * directory as the current directory, as `pulumi up` in that project would.
 */
export async function createExampleStack(name: string, exampleDir: string, extraConfig: auto.ConfigMap = {}): Promise<E2eStack> {
  let e2e: E2eStack | undefined;
  const program: Program = async () => {
    process.chdir(e2e!.workDir);
    vi.resetModules();
    return { ...(await import(path.join(exampleDir, "index.ts"))) };
  };
  e2e = await createE2eStack(name, program, extraConfig);
  const dispose = e2e.dispose.bind(e2e);
  e2e.dispose = async () => {
    process.chdir(repoRoot);
    await dispose();
  };
  return e2e;
}

/** A public API request from the emulator's log, with its body parsed. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  body: unknown;
}

/** The requests the emulator received since the last `clearRequests`. */
export async function loggedRequests(emulator: Emulator): Promise<LoggedRequest[]> {
  const entries = (await emulator.requests()) as Array<{
    method: string;
    path: string;
    query?: string;
    contentType?: string;
    body?: string;
  }>;
  return entries.map((entry) => ({
    method: entry.method,
    path: entry.path,
    query: entry.query ?? "",
    body: parseBody(entry.contentType, entry.body),
  }));
}

function parseBody(contentType: string | undefined, body: string | undefined): unknown {
  if (!body) return undefined;
  if (contentType?.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(body));
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** Requests that change state (anything but GET). */
export function writes(requests: LoggedRequest[]): LoggedRequest[] {
  return requests.filter((r) => r.method !== "GET");
}

/** Command output without colour codes. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}

/**
 * `pulumi preview --diff` text without colour codes and without the padding that
 * aligns the colons of a resource's properties, so a line reads `~ voiceUrl: "a" => "b"`.
 */
export function diffText(text: string): string {
  return stripAnsi(text).replace(/^(\s*(?:\+-|[-+~])?\s*[\w.]+)\s+:/gm, "$1:");
}
