// A `runtime: go` Pulumi project driven by the real CLI: a copy of a Go example whose go.mod
// points (`replace`) at a generated Go SDK, node_modules linked to this run's install of the
// packed package (Pulumi.yaml's `plugins.providers[].path: ./node_modules/.bin` finds the plugin
// there), the Go language host on PATH, a local file backend, passphrase secrets and the
// plugin's `telnyx-texml:*` stack config pointing at a fresh emulator. Same shape as
// createCliProject's projects (support/project.ts), which are Node.js ones.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { startEmulator, type EmulatorOptions } from "../../../emulator";
import { cliProjectIn, run, sharedNodeModules, type CliProject } from "./project";

const PASSPHRASE = "e2e-passphrase";
/** The Go SDK's module, as `pulumi package gen-sdk` names it from the schema's repository. */
export const GO_SDK_MODULE = "github.com/pulumi-telnyx-texml/pulumi-telnyx-texml/sdk/go";

export interface GoProjectOptions {
  /** The Go example to copy (Pulumi.yaml, go.mod, main.go; never node_modules or sdk). */
  fromExample: string;
  /** The generated Go SDK (scripts/build-sdks.mjs's `sdks.go`), which go.mod's `replace` is pointed at. */
  goSdk: string;
  /** The directory of `pulumi-language-go` (scripts/build-sdks.mjs's `languageHosts.go`). */
  goLanguageHost: string;
  emulator?: EmulatorOptions;
}

/**
 * Creates the project, runs `go mod edit -replace` and `go mod tidy` (as a user does after
 * generating the SDK), starts an emulator and initialises stack `e2e` with `telnyx-texml:*` config.
 */
export async function createGoProject(name: string, options: GoProjectOptions): Promise<CliProject> {
  const pulumiCli = inject("pulumiCli");
  const modules = await sharedNodeModules();

  const root = mkdtempSync(path.join(os.tmpdir(), `texml-go-${name}-`));
  const dir = path.join(root, "project");
  const stateDir = path.join(root, "state");
  mkdirSync(stateDir);
  cpSync(options.fromExample, dir, { recursive: true, filter: (source) => !/[\\/](node_modules|sdk)$/.test(source) });
  symlinkSync(modules, path.join(dir, "node_modules"), "dir");

  // Nothing from this process's environment may configure Telnyx: only stack config does.
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TELNYX_"))) as Record<string, string>;
  const env: Record<string, string> = {
    ...baseEnv,
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_HOME: path.join(root, "pulumi-home"),
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    // The local Go toolchain builds the program; never a download of another one.
    GOTOOLCHAIN: "local",
    // The Go language host; this Node for the plugin (`#!/usr/bin/env node`); the CLI's directory.
    PATH: [options.goLanguageHost, path.dirname(process.execPath), path.dirname(pulumiCli), process.env.PATH ?? ""].join(path.delimiter),
  };

  const go = async (args: string[]) => {
    const result = await run("go", args, dir, env);
    if (result.code !== 0) throw new Error(`go ${args.join(" ")} exited with ${result.code} in ${dir}\n${result.stdout}\n${result.stderr}`);
  };
  try {
    await go(["mod", "edit", `-replace=${GO_SDK_MODULE}=${options.goSdk}`]);
    await go(["mod", "tidy"]);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }

  const emulator = await startEmulator({ port: 0, webhookDispatch: false, ...options.emulator });
  const project = cliProjectIn({ root, dir, env, emulator, pulumiCli });
  const { pulumi } = project;

  try {
    await pulumi(["stack", "init"]);
    await pulumi(["config", "set", "--secret", "telnyx-texml:apiKey", emulator.apiKey]);
    await pulumi(["config", "set", "--plaintext", "telnyx-texml:accountSid", emulator.accountSid]);
    await pulumi(["config", "set", "--plaintext", "telnyx-texml:baseUrl", emulator.baseUrl]);
  } catch (error) {
    await project.dispose();
    throw error;
  }
  return project;
}
