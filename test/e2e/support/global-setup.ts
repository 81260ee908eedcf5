import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node" with { "resolution-mode": "import" };

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(__dirname, "../../..");

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of the Pulumi CLI found or built by scripts/ensure-pulumi.mjs; its directory holds `pulumi-language-nodejs`. */
    pulumiCli: string;
    /** This run's `npm pack` of the package, what users install (see support/project.ts). */
    packageTarball: string;
    /** A scratch directory for this run, removed at its end (the CLI projects' shared install lives here). */
    e2eRunDir: string;
  }
}

/**
 * Finds (or builds, the first time) the Pulumi CLI and its Node.js language host once for
 * the whole e2e run, compiles the package (the engine's dynamic-provider process loads our
 * stored `__provider`, which requires the built `pulumi-telnyx-texml/dynamic`) and packs it
 * with `npm pack`, so CLI projects install it the way users get it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const ensure = execFileAsync(process.execPath, [path.join(repoRoot, "scripts", "ensure-pulumi.mjs")], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
  ensure.child.stderr?.pipe(process.stderr);
  const { stdout } = await ensure;
  const pulumiCli = stdout.trim().split("\n").pop() ?? "";
  await execFileAsync(process.execPath, [path.join(repoRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], {
    cwd: repoRoot,
  }).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`the package does not build (tsc -p tsconfig.build.json):\n${error.stdout ?? ""}${error.stderr ?? ""}`);
  });

  const runDir = mkdtempSync(path.join(os.tmpdir(), "texml-e2e-run-"));
  // The build just ran: skip `prepare` (it would build again). npm runs on this Node (24), not the system's.
  const { stdout: packed } = await execFileAsync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", runDir], {
    cwd: repoRoot,
    env: { ...process.env, PATH: [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter) },
    maxBuffer: 16 * 1024 * 1024,
  });
  const [info] = JSON.parse(packed) as Array<{ filename: string }>;
  if (!info) throw new Error(`npm pack printed no file: ${packed}`);

  project.provide("pulumiCli", pulumiCli);
  project.provide("packageTarball", path.join(runDir, info.filename));
  project.provide("e2eRunDir", runDir);
  // Asynchronous: the run directory holds the CLI projects' shared install, and a blocking
  // delete of it stalls vitest's main loop long enough to time out its worker shutdown.
  return () => rm(runDir, { recursive: true, force: true });
}
