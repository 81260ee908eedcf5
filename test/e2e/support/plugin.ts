// Pulumi YAML projects that use the provider plugin (`pulumi-resource-telnyx-texml`) from
// this run's packed package: the project's node_modules links to the shared install, whose
// `.bin` holds the plugin (npm links the package's `bin` there), and Pulumi.yaml's
// `plugins.providers` entry points at that directory, as examples/config-repo-yaml does.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { EmulatorOptions } from "../../../emulator";
import { createCliProject, type CliProject } from "./project";

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(__dirname, "../../..");

let yamlHost: Promise<string> | undefined;

/** The directory of the Pulumi YAML language host (found in the cache or built there by scripts/ensure-pulumi.mjs). */
export function yamlHostDir(): Promise<string> {
  yamlHost ??= execFileAsync(process.execPath, [path.join(repoRoot, "scripts", "ensure-pulumi.mjs"), "--yaml-host"], {
    maxBuffer: 16 * 1024 * 1024,
  }).then(({ stdout }) => stdout.trim().split("\n").pop() ?? "");
  return yamlHost;
}

/** The head of a Pulumi.yaml using the plugin: name, `runtime: yaml` and where the plugin is. */
export function yamlProjectHead(name: string): string {
  return [
    `name: ${name}`,
    "runtime: yaml",
    "plugins:",
    "  providers:",
    "    - name: telnyx-texml",
    "      path: ./node_modules/.bin",
    "",
  ].join("\n");
}

export interface YamlProjectOptions {
  /** An example directory to copy (its Pulumi.yaml uses the plugin already). */
  fromExample?: string;
  /** Or the rest of a Pulumi.yaml (`resources:`, `outputs:` ...) after {@link yamlProjectHead}. */
  body?: string;
  /** Stack config beyond the `telnyx-texml:*` settings. */
  config?: Record<string, { value: string; secret?: boolean }>;
  emulator?: EmulatorOptions;
}

/** A Pulumi YAML project and stack whose `telnyx-texml:*` config points at a fresh emulator. */
export async function createYamlProject(name: string, options: YamlProjectOptions): Promise<CliProject> {
  let source = options.fromExample;
  let scratch: string | undefined;
  if (!source) {
    scratch = mkdtempSync(path.join(os.tmpdir(), `texml-yaml-${name}-`));
    writeFileSync(path.join(scratch, "Pulumi.yaml"), yamlProjectHead(`texml-${name}`) + (options.body ?? ""));
    source = scratch;
  }
  try {
    return await createCliProject(name, {
      fromExample: source,
      config: options.config,
      emulator: options.emulator,
      settingsNamespace: "telnyx-texml",
      pathPrefix: [await yamlHostDir()],
    });
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/** Stack state resources of a type, from `pulumi stack export`. */
export async function stateResources(
  project: CliProject,
  type: string,
): Promise<Array<{ id: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }>> {
  const exported = JSON.parse((await project.pulumi(["stack", "export"])).stdout) as {
    deployment: { resources?: Array<{ type: string; id: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }> };
  };
  return (exported.deployment.resources ?? []).filter((resource) => resource.type === type);
}
