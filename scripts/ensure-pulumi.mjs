#!/usr/bin/env node
// Finds or builds the Pulumi CLI used by the end-to-end tests and the demo, together with
// the Node.js language host (`pulumi-language-nodejs`) it needs to run `runtime: nodejs`
// programs, and prints the CLI's path on stdout (progress goes to stderr). Callers put the
// printed path's directory on PATH: the language host is always there or on PATH already.
// The CLI, in order:
//   1. $PULUMI_CLI, or `pulumi` on PATH, at or above the pinned version;
//   2. a copy cached outside the repo by an earlier run;
//   3. a build of the pinned release from its Go modules into that cache (Go toolchain);
//   4. the official `pulumi` npm launcher (downloads the CLI; needs the internet);
//   5. otherwise a clear message saying how to install Pulumi.
// The language host: next to that CLI or on PATH (a Pulumi release ships it); otherwise built
// from Pulumi's source by ../shared/pulumi-language-nodejs/build.sh into our cache. A Pulumi
// install of the user's is never written to: when it lacks the host, the host is built into
// the cache next to a symlink to that `pulumi`, and the symlink's path is printed.
// The pinned version is the installed @pulumi/pulumi SDK's, so CLI and SDK match.
// With `--yaml-host`, it finds or builds the Pulumi YAML language host instead (ensureYamlHost)
// and prints its directory.
import { execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
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
    return execFileSync(binary, ["version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    }).trim();
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
    child.on("close", (code) =>
      code === 0 ? resolve(output) : reject(Object.assign(new Error(`${command} ${args.join(" ")} exited with ${code}`), { output })),
    );
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
  writeFileSync(
    path.join(work, "tools.go"),
    '//go:build tools\n\npackage build\n\nimport _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"\n',
  );

  log("downloading modules (go mod tidy)");
  await run("go", ["mod", "tidy"], { cwd: work, env: goEnv() });
  log("compiling github.com/pulumi/pulumi/pkg/v3/cmd/pulumi");
  const ldflags = `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${tag}`;
  await run(
    "go",
    ["build", "-trimpath", "-ldflags", ldflags, "-o", path.join(work, "bin", "pulumi"), "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"],
    { cwd: work, env: goEnv() },
  );

  writeDynamicProviderShim(path.join(work, "bin"));
  writeFileSync(
    path.join(work, "BUILD-INFO.json"),
    JSON.stringify({ version: tag, commit, replaces, seconds: Math.round((Date.now() - started) / 1000) }, null, 2),
  );
  const built = versionOf(path.join(work, "bin", "pulumi"));
  if (built !== tag) throw new Error(`the built CLI reports '${built}', expected ${tag}`);
  rmSync(target, { recursive: true, force: true });
  renameSync(work, target);
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
  return path.join(target, "bin", "pulumi");
}

const LANGUAGE_HOST = "pulumi-language-nodejs";
const DYNAMIC_PROVIDER = "pulumi-resource-pulumi-nodejs";

/** Pulumi's own source of the language host and its build script, shipped next to this repo. */
export function languageHostBuildScript() {
  return process.env.PULUMI_LANGUAGE_NODEJS_BUILD ?? path.join(root, "..", "shared", "pulumi-language-nodejs", "build.sh");
}

/** Builds the language host with build.sh into `binDir` (through a scratch directory, then renamed into place). */
async function buildLanguageHost(binDir, version, cli) {
  const script = languageHostBuildScript();
  const missing = [];
  if (!existsSync(script)) missing.push(`its build script ${script} does not exist`);
  if (!onPath("go")) missing.push("no Go toolchain (>= 1.25) is on PATH to build it");
  if (missing.length > 0) {
    throw new Error(
      [
        `The Pulumi CLI needs its Node.js language host '${LANGUAGE_HOST}' to run this project's programs (runtime: nodejs),`,
        `and it is neither next to the CLI (${cli}) nor on PATH; it cannot be built here because ${missing.join(" and ")}.`,
        "Get it by installing Pulumi from a release, which ships it next to `pulumi` (https://www.pulumi.com/docs/install/,",
        "e.g. `curl -fsSL https://get.pulumi.com | sh`), or put its directory on PATH, or provide Pulumi's source of the host",
        `with its build.sh at ${script} (or PULUMI_LANGUAGE_NODEJS_BUILD=/path/to/build.sh) and a Go toolchain.`,
      ].join("\n"),
    );
  }
  const scratch = path.join(binDir, `.${LANGUAGE_HOST}.build-${process.pid}`);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const started = Date.now();
  log(`building the Node.js language host ${LANGUAGE_HOST} against pulumi v${version} with ${script} (first run only)`);
  try {
    await run("bash", [script, scratch, `v${version}`], { env: { ...process.env, GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "local" } });
    renameSync(path.join(scratch, LANGUAGE_HOST), path.join(binDir, LANGUAGE_HOST));
  } catch (error) {
    throw new Error(
      `building ${LANGUAGE_HOST} failed: ${error.message}${error.output ? `\n${error.output.trim().split("\n").slice(-15).join("\n")}` : ""}`,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  log(`built ${path.join(binDir, LANGUAGE_HOST)} in ${Math.round((Date.now() - started) / 1000)} s`);
  const info = path.join(path.dirname(binDir), "BUILD-INFO.json");
  if (existsSync(info)) {
    const data = JSON.parse(readFileSync(info, "utf8"));
    writeFileSync(
      info,
      JSON.stringify(
        { ...data, languageHost: { builtWith: script, against: `v${version}`, seconds: Math.round((Date.now() - started) / 1000) } },
        null,
        2,
      ),
    );
  }
}

/** Points `link` at `target`, replacing a stale link; never touches anything but our own link. */
function linkTo(target, link) {
  try {
    if (lstatSync(link).isSymbolicLink() && readlinkSync(link) === target) return;
    rmSync(link, { force: true });
  } catch {
    // no link yet
  }
  symlinkSync(target, link);
}

/**
 * Returns a `pulumi` path whose directory (put on PATH by callers), or PATH itself, holds
 * the Node.js language host. `ours` says the CLI's directory is our cache and may be written to.
 */
async function withLanguageHost(cli, version, ours) {
  const dir = path.dirname(cli);
  if (existsSync(path.join(dir, LANGUAGE_HOST))) return cli;
  const elsewhere = onPath(LANGUAGE_HOST);
  if (elsewhere) {
    log(`using the language host on PATH: ${elsewhere}`);
    return cli;
  }
  if (ours) {
    await buildLanguageHost(dir, version, cli);
    return cli;
  }
  // Someone's own Pulumi install: leave its directory alone and build next to a link to it.
  const binDir = path.join(cacheRoot(), `language-host-v${version}`, "bin");
  mkdirSync(binDir, { recursive: true });
  if (existsSync(path.join(binDir, LANGUAGE_HOST))) {
    log(`${cli} has no ${LANGUAGE_HOST} next to it; using the one built earlier in ${binDir}, next to a link to that pulumi`);
  } else {
    log(
      `${cli} has no ${LANGUAGE_HOST} next to it; adding one in ${binDir}, next to a link to that pulumi (its own directory stays untouched)`,
    );
    await buildLanguageHost(binDir, version, cli);
  }
  const linked = path.join(binDir, "pulumi");
  linkTo(realpathSync(cli), linked);
  if (!existsSync(path.join(dir, DYNAMIC_PROVIDER)) && !onPath(DYNAMIC_PROVIDER)) writeDynamicProviderShim(binDir);
  return linked;
}

/**
 * The Go and Python language hosts. `pulumi package gen-sdk --language go|python` generates an
 * SDK with them (scripts/build-sdks.mjs), and `runtime: go` programs run with the Go one. A
 * Pulumi release ships them next to `pulumi`; a CLI built from Go modules does not, so they are
 * built from Pulumi's source with ../shared/pulumi-language-<language>/build.sh into our cache.
 */
const SDK_LANGUAGE_HOSTS = { go: "pulumi-language-go", python: "pulumi-language-python" };

/** Pulumi's source of a language host and its build script (PULUMI_LANGUAGE_GO_BUILD / PULUMI_LANGUAGE_PYTHON_BUILD override it). */
export function sdkLanguageHostBuildScript(language) {
  return (
    process.env[`PULUMI_LANGUAGE_${language.toUpperCase()}_BUILD`] ??
    path.join(root, "..", "shared", `pulumi-language-${language}`, "build.sh")
  );
}

/**
 * Returns the directory holding `pulumi-language-<language>` (`go` or `python`), for callers to
 * put on PATH: the directory of `cli` when the host is next to it (a Pulumi release, same
 * version), else our cache's build for the pinned version, built there the first time (through a
 * scratch directory, renamed into place). A host elsewhere on PATH is not used: its version is
 * unknown, and generated SDKs must match the pinned SDK release.
 */
export async function ensureSdkLanguageHost(language, cli) {
  const host = SDK_LANGUAGE_HOSTS[language];
  if (!host)
    throw new Error(`ensureSdkLanguageHost: no language host for '${language}' (known: ${Object.keys(SDK_LANGUAGE_HOSTS).join(", ")})`);
  if (cli && existsSync(path.join(path.dirname(cli), host))) return path.dirname(cli);
  const version = pinnedVersion();
  const dir = path.join(cacheRoot(), `${host}-v${version}`);
  if (existsSync(path.join(dir, host))) {
    log(`using the cached ${host} v${version} in ${dir}`);
    return dir;
  }
  const script = sdkLanguageHostBuildScript(language);
  const missing = [];
  if (!existsSync(script)) missing.push(`its build script ${script} does not exist`);
  if (!onPath("go")) missing.push("no Go toolchain (>= 1.25) is on PATH to build it");
  if (missing.length > 0) {
    throw new Error(
      [
        `Generating the ${language} SDK (and running runtime: ${language} programs) needs Pulumi's language host '${host}',`,
        `which is neither next to the CLI${cli ? ` (${cli})` : ""} nor in ${dir}; it cannot be built here because ${missing.join(" and ")}.`,
        "Install Pulumi from a release, which ships it next to `pulumi` (https://www.pulumi.com/docs/install/), or provide",
        `Pulumi's source of the host with its build.sh at ${script} (or PULUMI_LANGUAGE_${language.toUpperCase()}_BUILD=/path/to/build.sh) and a Go toolchain.`,
      ].join("\n"),
    );
  }
  const scratch = `${dir}.build-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const started = Date.now();
  log(`building ${host} against pulumi v${version} with ${script} into ${dir} (first run only)`);
  try {
    await run("bash", [script, scratch, `v${version}`], { env: { ...process.env, GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "local" } });
    rmSync(dir, { recursive: true, force: true });
    renameSync(scratch, dir);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(
      `building ${host} failed: ${error.message}${error.output ? `\n${error.output.trim().split("\n").slice(-15).join("\n")}` : ""}`,
    );
  }
  log(`built ${path.join(dir, host)} in ${Math.round((Date.now() - started) / 1000)} s`);
  return dir;
}

async function viaNpmLauncher(version) {
  log(`trying the official 'pulumi' npm launcher (downloads the CLI ${version}; needs the internet)`);
  const dir = path.join(cacheRoot(), `npm-launcher-v${version}`);
  const auto = require("@pulumi/pulumi/automation");
  const command = await auto.PulumiCommand.install({ root: dir, version });
  return command.command;
}

/** Returns the path of a usable `pulumi` binary with its Node.js language host, building what is missing. */
export async function ensurePulumi() {
  const version = pinnedVersion();
  const cli = await ensureCli(version);
  return withLanguageHost(cli.path, version, cli.ours);
}

/** The CLI alone: `{ path, ours }`, where `ours` means it lives in our cache (writable). */
async function ensureCli(version) {
  const wanted = parseVersion(version);
  const failures = [];

  const named = process.env.PULUMI_CLI;
  if (named) {
    if (acceptable(named, wanted)) return { path: named, ours: isInCache(named) };
    failures.push(`PULUMI_CLI=${named} is missing or too old`);
  }
  const fromPath = onPath("pulumi");
  if (fromPath && acceptable(fromPath, wanted)) return { path: fromPath, ours: isInCache(fromPath) };

  const target = path.join(cacheRoot(), `pulumi-v${version}`);
  const cached = path.join(target, "bin", "pulumi");
  if (existsSync(cached) && versionOf(cached) === `v${version}`) {
    log(`using the cached build ${cached}`);
    return { path: cached, ours: true };
  }

  if (onPath("go")) {
    try {
      return { path: await buildFromGoModules(version, target), ours: true };
    } catch (error) {
      failures.push(`building from Go modules failed: ${error.message}`);
      log(failures.at(-1));
    }
  } else {
    failures.push("no Go toolchain on PATH");
  }

  try {
    return { path: await viaNpmLauncher(version), ours: true };
  } catch (error) {
    failures.push(`the npm launcher failed: ${error.message.split("\n")[0]}`);
  }

  throw new Error(
    [
      `No Pulumi CLI >= v${version} is available:`,
      ...failures.map((f) => `  - ${f}`),
      "Install Pulumi (https://www.pulumi.com/docs/install/, e.g. `curl -fsSL https://get.pulumi.com | sh`),",
      "or install Go >= 1.25 so this script can build it, or point PULUMI_CLI at a pulumi binary.",
    ].join("\n"),
  );
}

/** Whether a path lies in our cache (e.g. a caller already put our bin directory on PATH). */
function isInCache(file) {
  const relative = path.relative(cacheRoot(), path.resolve(file));
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/** The Pulumi YAML language host release that `runtime: yaml` projects (the provider plugin's tests and example) run with. */
export const YAML_HOST_VERSION = "v1.25.0";
const YAML_HOST = "pulumi-language-yaml";

/**
 * Returns the directory holding `pulumi-language-yaml`, for callers to put on PATH: our cache's
 * build of {@link YAML_HOST_VERSION}, built the first time from its Go module with `go install`
 * (about 5 minutes cold; through a scratch directory, renamed into place). A host on PATH is not
 * used: its version is unknown, and the tests pin this one.
 */
export async function ensureYamlHost() {
  const dir = path.join(cacheRoot(), `${YAML_HOST}-${YAML_HOST_VERSION}`);
  if (existsSync(path.join(dir, YAML_HOST))) {
    log(`using the cached ${YAML_HOST} ${YAML_HOST_VERSION} in ${dir}`);
    return dir;
  }
  if (!onPath("go")) {
    throw new Error(
      `Pulumi YAML programs (runtime: yaml) need the language host '${YAML_HOST}', which is not in ${dir}, and no Go toolchain is on PATH to build it. ` +
        `Install Go and run this script again, or build it yourself: GOBIN=${dir} go install github.com/pulumi/pulumi-yaml/cmd/${YAML_HOST}@${YAML_HOST_VERSION}`,
    );
  }
  const scratch = `${dir}.build-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const started = Date.now();
  log(`building ${YAML_HOST} ${YAML_HOST_VERSION} from its Go module into ${dir} (first run only; about 5 minutes)`);
  try {
    await run("go", ["install", `github.com/pulumi/pulumi-yaml/cmd/${YAML_HOST}@${YAML_HOST_VERSION}`], {
      env: { ...goEnv(), GOFLAGS: "-buildvcs=false", GOBIN: scratch },
    });
    rmSync(dir, { recursive: true, force: true });
    renameSync(scratch, dir);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(
      `building ${YAML_HOST} ${YAML_HOST_VERSION} failed: ${error.message}${error.output ? `\n${error.output.trim().split("\n").slice(-15).join("\n")}` : ""}`,
    );
  }
  log(`built ${path.join(dir, YAML_HOST)} in ${Math.round((Date.now() - started) / 1000)} s`);
  return dir;
}

// `--yaml-host` prints the YAML language host's directory instead of the CLI's path.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href && process.argv.includes("--yaml-host")) {
  ensureYamlHost().then(
    (dir) => process.stdout.write(`${dir}\n`),
    (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  );
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  ensurePulumi().then(
    (binary) => process.stdout.write(`${binary}\n`),
    (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
