// A Pulumi project on disk driven by the real `pulumi` CLI, as users run it: a directory
// with Pulumi.yaml, index.ts, package.json, tsconfig.json and node_modules holding this
// package installed from its `npm pack` tarball, a local file backend, passphrase secrets,
// and `telnyx:*` stack config pointing at a fresh emulator.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "../../../emulator";
import { PULUMI_NEW_TSCONFIG } from "../../../provider/faces/dynamic/declarative/export";

const repoRoot = path.resolve(__dirname, "../../..");

/** A running emulator, as returned by `startEmulator`. */
export type Emulator = EmulatorHandle;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliProject {
  /** The project directory (Pulumi.yaml, index.ts, package.json, tsconfig.json, node_modules). */
  readonly dir: string;
  /** The emulator the stack's `telnyx:*` config points at; its request log is the witness. */
  readonly emulator: Emulator;
  /** Runs `pulumi <args> --stack e2e --non-interactive` in `dir`; throws with its output when it fails, unless `allowFailure`. */
  pulumi(args: string[], opts?: { allowFailure?: boolean; env?: Record<string, string> }): Promise<CliResult>;
  /** Writes a file of the project, e.g. `writeFile("index.ts", source)`. */
  writeFile(relative: string, text: string): void;
  /** Stops the emulator and removes the project, its state and its PULUMI_HOME. */
  dispose(): Promise<void>;
}

export interface CliProjectOptions {
  /** The program (index.ts source) of a generated project named `texml-<name>`. */
  program?: string;
  /** A project directory to copy instead (its Pulumi.yaml, index.ts and other files; never its node_modules). */
  fromExample?: string;
  /** Stack config set with `pulumi config set [--secret]`, keys as given (e.g. `texml-config-repo:crmToken`). */
  config?: Record<string, { value: string; secret?: boolean }>;
  /** Emulator options (defaults: a free port, webhooks recorded but not sent). */
  emulator?: EmulatorOptions;
  /** The namespace of the Telnyx settings set in stack config: `telnyx` (the dynamic resources, the default) or `telnyx-texml` (the provider plugin). */
  settingsNamespace?: string;
  /** Directories put first on the CLI's PATH (e.g. the Pulumi YAML language host's). */
  pathPrefix?: string[];
}

const STACK = "e2e";
const PASSPHRASE = "e2e-passphrase";

/** The versions a user's project would get: the CLI's own SDK release and this repo's compiler and Node types. */
function installedVersion(pkg: string): string {
  return (JSON.parse(readFileSync(path.join(repoRoot, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
}

function ownVersion(): string {
  return (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
}

/**
 * Creates a project directory, installs nothing itself (node_modules links to this run's
 * shared install of the packed package), starts an emulator and initialises stack `e2e`
 * with the `telnyx:*` config and `options.config`.
 */
export async function createCliProject(name: string, options: CliProjectOptions = {}): Promise<CliProject> {
  if (!options.program === !options.fromExample) throw new Error("createCliProject: give exactly one of program or fromExample");
  const pulumiCli = inject("pulumiCli");
  const modules = await sharedNodeModules();

  const root = mkdtempSync(path.join(os.tmpdir(), `texml-cli-${name}-`));
  const dir = path.join(root, "project");
  const stateDir = path.join(root, "state");
  mkdirSync(stateDir);
  if (options.fromExample) {
    cpSync(options.fromExample, dir, { recursive: true, filter: (source) => !/[\\/]node_modules$/.test(source) });
  } else {
    writeProject(dir, `texml-${name}`, options.program!);
  }
  symlinkSync(modules, path.join(dir, "node_modules"), "dir");

  const emulator = await startEmulator({ port: 0, webhookDispatch: false, ...options.emulator });
  // Nothing from this process's environment may configure Telnyx: only stack config does.
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TELNYX_"))) as Record<string, string>;
  const env: Record<string, string> = {
    ...baseEnv,
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_HOME: path.join(root, "pulumi-home"),
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    // This Node (>= 22, the package's engines) for the program and the dynamic provider; the CLI's
    // directory for the CLI, its language host and dynamic-provider launcher.
    PATH: [...(options.pathPrefix ?? []), path.dirname(process.execPath), path.dirname(pulumiCli), process.env.PATH ?? ""].join(
      path.delimiter,
    ),
  };

  const project = cliProjectIn({ root, dir, env, emulator, pulumiCli });
  const { pulumi } = project;

  try {
    await pulumi(["stack", "init"]);
    const ns = options.settingsNamespace ?? "telnyx";
    const config: Record<string, { value: string; secret?: boolean }> = {
      [`${ns}:apiKey`]: { value: emulator.apiKey, secret: true },
      [`${ns}:accountSid`]: { value: emulator.accountSid },
      [`${ns}:baseUrl`]: { value: emulator.baseUrl },
      ...options.config,
    };
    for (const [key, { value, secret }] of Object.entries(config)) {
      await pulumi(["config", "set", ...(secret ? ["--secret"] : ["--plaintext"]), key, value]);
    }
  } catch (error) {
    await project.dispose();
    throw error;
  }
  return project;
}

/**
 * The {@link CliProject} of a project directory `dir` under `root` (removed by `dispose`): runs
 * `pulumi <args> --stack e2e --non-interactive` there with `env`. Shared by every kind of project.
 */
export function cliProjectIn(parts: {
  root: string;
  dir: string;
  env: Record<string, string>;
  emulator: Emulator;
  pulumiCli: string;
}): CliProject {
  const { root, dir, env, emulator, pulumiCli } = parts;
  const pulumi: CliProject["pulumi"] = async (args, opts = {}) => {
    const result = await run(pulumiCli, [...args, "--stack", STACK, "--non-interactive"], dir, { ...env, ...opts.env });
    // E2E_CLI_LOG=1 shows every command and what it printed.
    if (process.env.E2E_CLI_LOG)
      process.stderr.write(`\n$ pulumi ${args.join(" ")}   (exit ${result.code})\n${result.stdout}${result.stderr}`);
    if (result.code !== 0 && !opts.allowFailure) {
      throw new Error(
        `pulumi ${args.join(" ")} exited with ${result.code} in ${dir}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
      );
    }
    return result;
  };

  const project: CliProject = {
    dir,
    emulator,
    pulumi,
    writeFile(relative, text) {
      const file = path.join(dir, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    },
    async dispose() {
      await emulator.close();
      rmSync(root, { recursive: true, force: true });
    },
  };

  return project;
}

/** A project as `pulumi new typescript` lays it out, with `program` as index.ts. */
function writeProject(dir: string, projectName: string, program: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    [
      `name: ${projectName}`,
      "description: An end-to-end test project",
      "runtime:",
      "  name: nodejs",
      "  options:",
      "    typescript: true",
      "",
    ].join("\n"),
  );
  writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify(
      {
        name: projectName,
        main: "index.ts",
        dependencies: { "@pulumi/pulumi": `^${installedVersion("@pulumi/pulumi")}`, "pulumi-telnyx-texml": `^${ownVersion()}` },
        devDependencies: {
          "@types/node": `^${installedVersion("@types/node").split(".")[0]}`,
          typescript: `~${installedVersion("typescript")}`,
        },
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(path.join(dir, "tsconfig.json"), `${JSON.stringify(PULUMI_NEW_TSCONFIG, null, 4)}\n`);
  writeFileSync(path.join(dir, "index.ts"), program);
}

let shared: Promise<string> | undefined;

/**
 * The node_modules every project of this run links to: the packed package, `@pulumi/pulumi`
 * at the pinned release, `typescript` and `@types/node`, installed once per run by npm. Test
 * files run in separate processes, so the first one installs and the others wait for it.
 */
export function sharedNodeModules(): Promise<string> {
  shared ??= installShared();
  return shared;
}

async function installShared(): Promise<string> {
  const template = path.join(inject("e2eRunDir"), "template");
  const modules = path.join(template, "node_modules");
  const ready = path.join(template, ".ready");
  const failed = path.join(template, ".failed");
  try {
    mkdirSync(template); // atomic: whoever creates it installs
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    for (let waited = 0; waited < 15 * 60_000; waited += 250) {
      if (existsSync(ready)) return modules;
      if (existsSync(failed)) throw new Error(readFileSync(failed, "utf8"));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`timed out waiting for another test process to install ${modules}`);
  }

  writeFileSync(path.join(template, "package.json"), `${JSON.stringify({ name: "texml-e2e-template", private: true }, null, 2)}\n`);
  const packages = [
    inject("packageTarball"),
    `@pulumi/pulumi@${installedVersion("@pulumi/pulumi")}`,
    `typescript@${installedVersion("typescript")}`,
    `@types/node@${installedVersion("@types/node").split(".")[0]}`,
  ];
  const started = Date.now();
  const result = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...packages], template, {
    ...(process.env as Record<string, string>),
    PATH: [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
  });
  if (result.code !== 0) {
    const message = `npm install ${packages.join(" ")} failed (${result.code}) in ${template}\n${result.stdout}\n${result.stderr}`;
    writeFileSync(failed, message);
    throw new Error(message);
  }
  process.stderr.write(
    `[e2e] installed the packed package and its dependencies for CLI projects in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  writeFileSync(ready, "");
  return modules;
}

export function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

const SUMMARY_KINDS: Record<string, string> = {
  "to create": "create",
  created: "create",
  "to update": "update",
  updated: "update",
  "to replace": "replace",
  replaced: "replace",
  "to delete": "delete",
  deleted: "delete",
  "to import": "import",
  imported: "import",
  unchanged: "same",
};

/**
 * The `Resources:` summary the CLI prints last (preview, up, refresh, destroy) as counts by
 * kind, e.g. `{ create: 1, update: 3, replace: 1, same: 3 }`, like the Automation API's.
 */
export function changeSummary(output: string): Record<string, number> {
  // eslint-disable-next-line no-control-regex
  const text = output.replace(/\u001b\[[0-9;]*m/g, "");
  const at = text.lastIndexOf("\nResources:\n");
  if (at < 0) throw new Error(`no "Resources:" summary in:\n${text}`);
  const counts: Record<string, number> = {};
  for (const line of text.slice(at + "\nResources:\n".length).split("\n")) {
    // e.g. `    + 1 to create`, `    +-1 replaced`, `    = 1 to import`, `    7 unchanged`, `    5 changes. 3 unchanged`
    const match =
      /^\s+(?:\+-|[-+~=])?\s*(?:\d+ changes?\. )?(\d+) (to create|created|to update|updated|to replace|replaced|to delete|deleted|to import|imported|unchanged)\s*$/.exec(
        line,
      );
    if (!match) break;
    const kind = SUMMARY_KINDS[match[2]!]!;
    counts[kind] = (counts[kind] ?? 0) + Number(match[1]);
  }
  return counts;
}
