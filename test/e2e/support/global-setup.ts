import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node" with { "resolution-mode": "import" };

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(__dirname, "../../..");

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of the Pulumi CLI found or built by scripts/ensure-pulumi.mjs. */
    pulumiCli: string;
  }
}

/**
 * Finds (or builds, the first time) the Pulumi CLI once for the whole e2e run, and
 * compiles the package: the engine's dynamic-provider process loads our stored
 * `__provider`, which requires the built `pulumi-telnyx-texml/dynamic`.
 */
export default async function setup(project: TestProject): Promise<void> {
  const ensure = execFileAsync(process.execPath, [path.join(repoRoot, "scripts", "ensure-pulumi.mjs")], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  ensure.child.stderr?.pipe(process.stderr);
  const { stdout } = await ensure;
  const pulumiCli = stdout.trim().split("\n").pop() ?? "";
  await execFileAsync(process.execPath, [path.join(repoRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: repoRoot });
  project.provide("pulumiCli", pulumiCli);
}
