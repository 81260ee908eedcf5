#!/usr/bin/env node
// Finds or builds the Pulumi CLI used by the end-to-end tests and the demo, and prints
// its path on stdout (progress goes to stderr). In order:
//   1. $PULUMI_CLI, or `pulumi` on PATH, at or above the pinned version;
//   2. a copy cached outside the repo by an earlier run;
//   3. a build of the pinned release from its Go modules into that cache (Go toolchain);
//   4. the official `pulumi` npm launcher (downloads the CLI; needs the internet);
//   5. otherwise a clear message saying how to install Pulumi.
// The pinned version is the installed @pulumi/pulumi SDK's, so CLI and SDK match.
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The @pulumi/pulumi version installed in this repo: the CLI release we pin. */
export function pinnedVersion() {
  return JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")).version;
}

/** Where builds are cached across runs and clones (never inside the repo). */
export function cacheRoot() {
  if (process.env.PULUMI_TELNYX_CACHE) return process.env.PULUMI_TELNYX_CACHE;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "pulumi-telnyx-texml");
}

const log = (message) => process.stderr.write(`[ensure-pulumi] ${message}\n`);

function parseVersion(text) {
  const match = /v?(\d+)\.(\d+)\.(\d+)/.exec(text);
  return match ? match.slice(1, 4).map(Number) : undefined;
}

function atLeast(found, wanted) {
  for (let i = 0; i < 3; i++) {
    if (found[i] !== wanted[i]) return found[i] > wanted[i];
  }
  return true;
}

/** `pulumi version` of a binary, or undefined when it does not run. */
function versionOf(binary) {
  try {
    return execFileSync(binary, ["version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } }).trim();
  } catch {
    return undefined;
  }
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function acceptable(binary, wanted) {
  const text = versionOf(binary);
  const found = text && parseVersion(text);
  if (!found) return false;
  if (atLeast(found, wanted)) return true;
  log(`${binary} is ${text}, older than the pinned v${wanted.join(".")}; not using it`);
  return false;
}

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let output = "";
    const relay = (chunk) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split("\n")) if (line.trim()) process.stderr.write(`  ${line}\n`);
    };
    child.stdout.on("data", relay);
    child.stderr.on("data", relay);
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(Object.assign(new Error(`${command} ${args.join(" ")} exited with ${code}`), { output }))));
  });
}

/** Runs a `go ... -json` command; a failed download still prints JSON with an `Error`. */
function goJson(args, cwd) {
  try {
    return JSON.parse(execFileSync("go", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: goEnv() }));
  } catch (error) {
    if (error.stdout?.trim().startsWith("{")) return JSON.parse(error.stdout);
    throw error;
  }
}

function goEnv() {
  return { ...process.env, GOFLAGS: "-mod=mod -buildvcs=false", GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "local" };
}

/** The `replace` lines of an upstream go.mod that do not point at a local directory. */
function remoteReplaces(goModText) {
  const lines = [];
  const block = /replace\s*\(([\s\S]*?)\)/g;
  for (const match of goModText.matchAll(block)) lines.push(...match[1].split("\n"));
  for (const match of goModText.matchAll(/^replace\s+([^(\n].*)$/gm)) lines.push(match[1]);
  return lines
    .map((line) => line.replace(/\/\/.*$/, "").trim())
    .filter((line) => line.includes("=>"))
    .filter((line) => {
      const target = line.split("=>")[1].trim();
      return !target.startsWith(".") && !target.startsWith("/");
    });
}

/** Writes the small launcher a Pulumi release ships for dynamic providers. */
function writeDynamicProviderShim(binDir) {
  const shim = path.join(binDir, "pulumi-resource-pulumi-nodejs");
  writeFileSync(
    shim,
    [
      "#!/bin/sh",
      "# Runs @pulumi/pulumi's dynamic-provider plugin from the program's node_modules, as a Pulumi release does.",
      `SCRIPT=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")`,
      `if [ -n "$SCRIPT" ]; then exec node "$SCRIPT" "$@"; fi`,
      "echo 'pulumi-resource-pulumi-nodejs: @pulumi/pulumi is not installed in the program directory' >&2",
      "exit 1",
      "",
    ].join("\n"),
  );
  chmodSync(shim, 0o755);
}

async function buildFromGoModules(version, target) {
  const tag = `v${version}`;
  const work = `${target}.build-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.join(work, "bin"), { recursive: true });
  const started = Date.now();
  log(`building the Pulumi CLI ${tag} from its Go modules into ${target} (first run only; several minutes)`);

  log(`resolving github.com/pulumi/pulumi/pkg/v3@${tag}`);
  const pkg = goJson(["mod", "download", "-json", `github.com/pulumi/pulumi/pkg/v3@${tag}`], work);
  if (pkg.Error) throw new Error(`go mod download github.com/pulumi/pulumi/pkg/v3@${tag}: ${pkg.Error}`);
  const replaces = remoteReplaces(readFileSync(pkg.GoMod, "utf8"));
  const commit = pkg.Origin?.Hash;

  writeFileSync(
    path.join(work, "go.mod"),
    [
      "module pulumi-telnyx-texml/pulumi-cli-build",
      "",
      "go 1.24",
      "",
      `require github.com/pulumi/pulumi/pkg/v3 ${tag}`,
      `require github.com/pulumi/pulumi/sdk/v3 ${tag}`,
      "",
      ...replaces.map((line) => `replace ${line}`),
      "",
    ].join("\n"),
  );
  writeFileSync(path.join(work, "tools.go"), '//go:build tools\n\npackage build\n\nimport _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"\n');

  log("downloading modules (go mod tidy)");
  await run("go", ["mod", "tidy"], { cwd: work, env: goEnv() });
  log("compiling github.com/pulumi/pulumi/pkg/v3/cmd/pulumi");
  const ldflags = `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${tag}`;
  await run("go", ["build", "-trimpath", "-ldflags", ldflags, "-o", path.join(work, "bin", "pulumi"), "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"], { cwd: work, env: goEnv() });

  // The Node.js language host has no tags of its own; it is required at the release's commit.
  const langHost = "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3";
  let langHostNote;
  if (commit) {
    log(`fetching the Node.js language host ${langHost} at ${commit.slice(0, 12)}`);
    const host = goJson(["mod", "download", "-json", `${langHost}@${commit}`], work);
    if (host.Error) {
      langHostNote = `not built: ${host.Error}`;
      log(`the language host cannot be fetched here: ${host.Error}`);
      log("continuing: our tests and the demo run programs inline through the Automation API, which needs no language host");
    } else {
      await run("go", ["get", `${langHost}@${commit}`], { cwd: work, env: goEnv() });
      await run("go", ["build", "-trimpath", "-ldflags", ldflags, "-o", path.join(work, "bin", "pulumi-language-nodejs"), langHost], { cwd: work, env: goEnv() });
      langHostNote = `built from ${langHost}@${commit}`;
    }
  } else {
    langHostNote = "not built: the module proxy reported no commit for the release";
  }

  writeDynamicProviderShim(path.join(work, "bin"));
  writeFileSync(path.join(work, "BUILD-INFO.json"), JSON.stringify({ version: tag, commit, replaces, languageHost: langHostNote, seconds: Math.round((Date.now() - started) / 1000) }, null, 2));
  const built = versionOf(path.join(work, "bin", "pulumi"));
  if (built !== tag) throw new Error(`the built CLI reports '${built}', expected ${tag}`);
  rmSync(target, { recursive: true, force: true });
  renameSync(work, target);
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
  return path.join(target, "bin", "pulumi");
}

async function viaNpmLauncher(version) {
  log(`trying the official 'pulumi' npm launcher (downloads the CLI ${version}; needs the internet)`);
  const dir = path.join(cacheRoot(), `npm-launcher-v${version}`);
  const auto = require("@pulumi/pulumi/automation");
  const command = await auto.PulumiCommand.install({ root: dir, version });
  return command.command;
}

/** Returns the path of a usable `pulumi` binary, building or installing it when needed. */
export async function ensurePulumi() {
  const version = pinnedVersion();
  const wanted = parseVersion(version);
  const failures = [];

  const named = process.env.PULUMI_CLI;
  if (named) {
    if (acceptable(named, wanted)) return named;
    failures.push(`PULUMI_CLI=${named} is missing or too old`);
  }
  const fromPath = onPath("pulumi");
  if (fromPath && acceptable(fromPath, wanted)) return fromPath;

  const target = path.join(cacheRoot(), `pulumi-v${version}`);
  const cached = path.join(target, "bin", "pulumi");
  if (existsSync(cached) && versionOf(cached) === `v${version}`) {
    log(`using the cached build ${cached}`);
    return cached;
  }

  if (onPath("go")) {
    try {
      return await buildFromGoModules(version, target);
    } catch (error) {
      failures.push(`building from Go modules failed: ${error.message}`);
      log(failures.at(-1));
    }
  } else {
    failures.push("no Go toolchain on PATH");
  }

  try {
    return await viaNpmLauncher(version);
  } catch (error) {
    failures.push(`the npm launcher failed: ${error.message.split("\n")[0]}`);
  }

  throw new Error(
    [
      `No Pulumi CLI >= v${version} is available:`,
      ...failures.map((f) => `  - ${f}`),
      "Install Pulumi (https://www.pulumi.com/docs/install/, e.g. `curl -fsSL https://get.pulumi.com | sh`),",
      "or install Go >= 1.24 so this script can build it, or point PULUMI_CLI at a pulumi binary.",
    ].join("\n"),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  ensurePulumi().then(
    (binary) => process.stdout.write(`${binary}\n`),
    (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
