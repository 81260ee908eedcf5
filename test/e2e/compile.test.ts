// Issue 19: a user's program must type-check against the published package whatever the
// project's compiler settings. The package is packed (`npm pack`, what users install) and
// installed with `@pulumi/pulumi` at this repository's version and two TypeScript releases;
// then a program using the whole public API compiles with zero errors under
// (a) the tsconfig `pulumi new typescript` writes (CommonJS, `moduleResolution: node`, strict,
//     no `esModuleInterop`, no `skipLibCheck`), and
// (b) an ES module project (`"type": "module"`, `module: nodenext`),
// each on TypeScript 5.9 and 6.0, while programs that misuse it fail with the expected codes.
// TypeScript 7 (npm's `latest`) is checked for what the README says of it: its native `tsc`
// compiles the program, but Pulumi's loader cannot use it (`@pulumi/pulumi` declares
// `typescript < 7`, and the compiler API its ts-node needs is not in TypeScript 7's package).
// Also: no declaration file reachable from the package's entry points imports zod.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(__dirname, "../..");
const nodeEnv = { ...process.env, PATH: [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter) };

const TYPESCRIPT = { "5.9": "typescript5", "6.0": "typescript6" } as const;
const TS_VERSIONS = { typescript5: "5.9.3", typescript6: "6.0.3" } as const;
const TS7_VERSION = "7.0.2";

function installedVersion(pkg: string): string {
  return (JSON.parse(readFileSync(path.join(repoRoot, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
}

/** The tsconfig `pulumi new typescript` writes. */
const PULUMI_NEW_TSCONFIG = {
  strict: true,
  outDir: "bin",
  target: "es2020",
  module: "commonjs",
  moduleResolution: "node",
  sourceMap: true,
  experimentalDecorators: true,
  pretty: false,
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
};

/** An ES module project on Node's own resolution. */
const ESM_TSCONFIG = { strict: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", outDir: "bin", pretty: false };

/** The whole public API, used as a program and a script would. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as texml from "pulumi-telnyx-texml";
import { getQueues, iterateCalls, type GetQueuesResult, type QueueInfo } from "pulumi-telnyx-texml/data";
import { verifyWebhook, WebhookVerificationError } from "pulumi-telnyx-texml/webhooks";

const config = new pulumi.Config();

const app = new texml.Application("support-line", {
  friendlyName: "support-line",
  voiceUrl: "https://voice.example.com/texml",
  voiceFallbackUrl: null,
  voiceMethod: "post",
  statusCallback: pulumi.output("https://voice.example.com/status"),
  anchorsiteOverride: "Amsterdam, Netherlands",
  tags: ["support", pulumi.output("line")],
  inbound: { channelLimit: 10, sipSubdomainReceiveSettings: "from_anyone" },
  outbound: pulumi.output({ channelLimit: null, outboundVoiceProfileId: "1293384261075731499" }),
});
const queue = new texml.Queue("support", { name: "support", maxSize: 25 }, { dependsOn: [app] });
const token = new texml.Secret("crm-token", { name: "crm_token", value: config.requireSecret("crmToken") });
const args: texml.ApplicationArgs = { friendlyName: "typed", voiceUrl: "https://voice.example.com/typed" };
new texml.Application("typed", args, { protect: true });

const legacy = texml.Application.get("legacy", "1293384261075731499");
const existing = texml.Queue.get("existing", "support");
export const isApplication: boolean = texml.Application.isInstance(legacy) && texml.Queue.isInstance(existing);

export const outputs = {
  id: app.id,
  voiceUrl: app.voiceUrl,
  inbound: app.inbound.apply((i?: texml.ApplicationInbound) => i?.channelLimit),
  queueSid: queue.sid,
  secretName: token.name,
  legacyUrl: legacy.voiceUrl,
  existingSize: existing.maxSize,
};

// Lookups: Output forms with and without args, with InvokeOutputOptions.
export const waiting = texml.getQueueOutput({ queueSid: queue.sid }, { dependsOn: [queue], parent: app }).apply((q: QueueInfo) => q.currentSize);
export const queueCount = texml.getQueuesOutput().apply((r: GetQueuesResult) => r.queues.length);
export const apps = texml.getApplicationsOutput({ friendlyName: "support" }, { dependsOn: app }).apply((r) => r.applications.map((a) => a.id));
export const calls = texml.getCallsOutput({ status: "completed", startTime: new Date(), limit: 10 }).apply((r) => r.calls.map((c: texml.CallInfo) => c.sid));
export const participants = texml.getConferenceParticipantsOutput({ conferenceSid: "c1" }).apply((r) => r.participants.length);

// Lookups in a plain script: Promise forms and iterators.
export async function report(): Promise<number> {
  const { queues } = await getQueues();
  const some = await texml.getQueues({ limit: 5, accountSid: "4e71926f-8f13-450e-b91c-23c2ef786aa6" });
  const first: QueueInfo | undefined = some.queues[0];
  let seen = 0;
  for await (const call of iterateCalls({ startTime: "2026-11-24", status: "completed" })) seen += call.duration ? 1 : 0;
  const recordings = await texml.getCallRecordings({ callSid: "v3:abc" });
  const application: texml.ApplicationInfo = await texml.getApplication({ id: "1" });
  return queues.length + (first?.currentSize ?? 0) + seen + recordings.recordings.length + (application.inbound?.channelLimit ?? 0);
}

// The declarative file.
export const fromFile = texml.fromFile("texml.yaml");
export const appIds = fromFile.applicationIds;
export function loadFile(): string[] {
  const doc: texml.TexmlDocument = texml.loadTexmlFile("texml.yaml");
  const entry: texml.TexmlApplicationEntry | undefined = doc.applications?.["support"];
  return [entry?.voiceUrl ?? "", ...Object.keys(doc.queues ?? {})];
}

// The webhook verifier.
export function verify(body: string, headers: Record<string, string>): unknown {
  try {
    return verifyWebhook(body, headers, { publicKey: "c2lnbmF0dXJl" }).payload;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    if (error instanceof texml.WebhookVerificationError) return error.reason;
    throw error;
  }
}
`;

/** Programs that must not compile, each with the error code TypeScript must give. */
const NEGATIVE: Record<string, { code: string; source: string }> = {
  "unknown-argument.ts": {
    code: "TS2353",
    source: 'new texml.Application("x", { friendlyName: "x", voiceUrl: "https://x.example.com", region: "eu" });',
  },
  "wrong-type.ts": { code: "TS2322", source: 'new texml.Queue("q", { name: "q", maxSize: "25" });' },
  "wrong-enum.ts": {
    code: "TS2322",
    source: 'new texml.Application("x", { friendlyName: "x", voiceUrl: "https://x.example.com", voiceMethod: "put" });',
  },
  "missing-required.ts": { code: "TS2345", source: 'new texml.Application("x", { voiceUrl: "https://x.example.com" });' },
  "bogus-lookup-arg.ts": { code: "TS2353", source: "texml.getQueuesOutput({ bogus: 1 });" },
  "bogus-lookup-option.ts": { code: "TS2353", source: "texml.getQueuesOutput({}, { retries: 3 });" },
  "lookup-without-id.ts": { code: "TS2554", source: "texml.getQueueOutput();" },
};

interface Diagnostic {
  file: string;
  code: string;
  text: string;
}

/** Runs `tsc -p <dir>` with one of the installed compilers; its diagnostics by file. */
async function compile(dir: string, compiler: "typescript5" | "typescript6" | "typescript7"): Promise<Diagnostic[]> {
  const tsc = path.join(dir, "node_modules", compiler, "bin", "tsc");
  const result = await execFileAsync(process.execPath, [tsc, "-p", dir, "--noEmit"], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }).then(
    (r) => r.stdout,
    (e: { stdout?: string }) => e.stdout ?? "",
  );
  const diagnostics: Diagnostic[] = [];
  for (const line of result.split("\n")) {
    const match = /^(.*?)(?:\(\d+,\d+\))?: error (TS\d+): (.*)$/.exec(line);
    if (match) diagnostics.push({ file: path.relative(dir, path.resolve(dir, match[1]!)), code: match[2]!, text: match[3]! });
  }
  return diagnostics;
}

function writeProject(
  dir: string,
  modules: string,
  options: { esm: boolean; compilerOptions: Record<string, unknown>; files: Record<string, string> },
): void {
  mkdirSync(dir, { recursive: true });
  symlinkSync(modules, path.join(dir, "node_modules"), "dir");
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: path.basename(dir), private: true, ...(options.esm ? { type: "module" } : {}) }, null, 2),
  );
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: options.compilerOptions, files: Object.keys(options.files) }, null, 2),
  );
  for (const [file, text] of Object.entries(options.files)) writeFileSync(path.join(dir, file), text);
}

const negativeFiles = Object.fromEntries(
  Object.entries(NEGATIVE).map(([file, { source }]) => [file, `import * as texml from "pulumi-telnyx-texml";\n${source}\nexport {};\n`]),
);

describe("a user's program compiles against the packed package", () => {
  let root: string;
  let modules: string;

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), "texml-compile-"));
    // The e2e setup has just built dist/; pack it as npm publishes it.
    const { stdout } = await execFileAsync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", root], {
      cwd: repoRoot,
      env: nodeEnv,
      maxBuffer: 16 * 1024 * 1024,
    });
    const [info] = JSON.parse(stdout) as Array<{ filename: string }>;
    const install = path.join(root, "install");
    mkdirSync(install);
    writeFileSync(path.join(install, "package.json"), JSON.stringify({ name: "texml-compile", private: true }, null, 2));
    await execFileAsync(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        path.join(root, info!.filename),
        `@pulumi/pulumi@${installedVersion("@pulumi/pulumi")}`,
        `@types/node@${installedVersion("@types/node").split(".")[0]}`,
        ...Object.entries(TS_VERSIONS).map(([alias, version]) => `${alias}@npm:typescript@${version}`),
        `typescript7@npm:typescript@${TS7_VERSION}`,
      ],
      { cwd: install, env: nodeEnv, maxBuffer: 64 * 1024 * 1024 },
    );
    modules = path.join(install, "node_modules");
  }, 600_000);
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("no declaration file reachable from the package's entry points imports zod", () => {
    const pkgDir = path.join(modules, "pulumi-telnyx-texml");
    const manifest = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as {
      exports: Record<string, { types?: string } | string>;
    };
    const entries = ([".", "./data", "./webhooks", "./dynamic"] as const).map((key) => {
      const entry = manifest.exports[key];
      if (!entry || typeof entry === "string" || !entry.types) throw new Error(`exports["${key}"] has no types`);
      return path.join(pkgDir, entry.types);
    });
    const seen = new Set<string>();
    const importsZod: string[] = [];
    const queue = [...entries];
    while (queue.length) {
      const file = queue.shift()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)["']([^"']+)["']/g)) {
        const specifier = match[1]!;
        if (specifier === "zod" || specifier.startsWith("zod/")) importsZod.push(path.relative(pkgDir, file));
        if (!specifier.startsWith(".")) continue;
        const base = path.resolve(path.dirname(file), specifier).replace(/\.js$/, "");
        const next = [`${base}.d.ts`, path.join(base, "index.d.ts")].find((candidate) => existsSync(candidate));
        if (next) queue.push(next);
      }
    }
    expect(seen.size).toBeGreaterThan(10);
    expect(importsZod).toEqual([]);
  });

  for (const [label, compiler] of Object.entries(TYPESCRIPT)) {
    describe(`TypeScript ${label}`, () => {
      it("the installed compiler is the one asked for", async () => {
        const { stdout } = await execFileAsync(process.execPath, [path.join(modules, compiler, "bin", "tsc"), "--version"]);
        expect(stdout.trim()).toBe(`Version ${TS_VERSIONS[compiler]}`);
      });

      it("(a) the `pulumi new typescript` tsconfig: the program compiles with zero errors; misuse fails with the expected codes", async () => {
        const dir = path.join(root, `cjs-${compiler}`);
        // TypeScript 6 deprecates `moduleResolution: node` (node10) with error TS5107 on the tsconfig itself,
        // whatever the program imports; the template's projects need `ignoreDeprecations: "6.0"` there.
        const compilerOptions = compiler === "typescript6" ? { ...PULUMI_NEW_TSCONFIG, ignoreDeprecations: "6.0" } : PULUMI_NEW_TSCONFIG;
        writeProject(dir, modules, { esm: false, compilerOptions, files: { "index.ts": PROGRAM, ...negativeFiles } });
        const diagnostics = await compile(dir, compiler);
        expect(diagnostics.filter((d) => !(d.file in NEGATIVE))).toEqual([]);
        for (const [file, { code }] of Object.entries(NEGATIVE)) {
          expect(
            diagnostics.filter((d) => d.file === file).map((d) => d.code),
            file,
          ).toEqual([code]);
        }
      });

      it("(b) an ES module project (module nodenext): zero errors; misuse fails with the expected codes; the named exports load", async () => {
        const dir = path.join(root, `esm-${compiler}`);
        writeProject(dir, modules, { esm: true, compilerOptions: ESM_TSCONFIG, files: { "index.ts": PROGRAM, ...negativeFiles } });
        const diagnostics = await compile(dir, compiler);
        expect(diagnostics.filter((d) => !(d.file in NEGATIVE))).toEqual([]);
        for (const [file, { code }] of Object.entries(NEGATIVE)) {
          expect(
            diagnostics.filter((d) => d.file === file).map((d) => d.code),
            file,
          ).toEqual([code]);
        }
        // Node's CommonJS named-export detection must find what the types promise.
        const probe =
          'import { Application, Queue, getQueues, getQueuesOutput, verifyWebhook, fromFile } from "pulumi-telnyx-texml";\n' +
          'import { getCalls } from "pulumi-telnyx-texml/data";\n' +
          'import { verifyWebhook as verify2 } from "pulumi-telnyx-texml/webhooks";\n' +
          "console.log([Application, Queue, getQueues, getQueuesOutput, verifyWebhook, fromFile, getCalls, verify2].map((v) => typeof v).join(','));\n";
        writeFileSync(path.join(dir, "probe.mjs"), probe);
        const { stdout } = await execFileAsync(process.execPath, [path.join(dir, "probe.mjs")], { cwd: dir });
        expect(stdout.trim()).toBe(Array(8).fill("function").join(","));
      });
    });
  }

  it("a script that imports only the data functions (pulumi-telnyx-texml/data) does not load @pulumi/pulumi", async () => {
    const script =
      'const data = require("pulumi-telnyx-texml/data");\n' +
      'const loaded = () => Object.keys(require.cache).some((k) => k.includes("/@pulumi/pulumi/"));\n' +
      "console.log(JSON.stringify({ getQueues: typeof data.getQueues, getQueuesOutput: typeof data.getQueuesOutput, pulumi: loaded() }));\n";
    const { stdout } = await execFileAsync(process.execPath, ["-e", script], { cwd: path.dirname(modules) });
    expect(JSON.parse(stdout)).toEqual({ getQueues: "function", getQueuesOutput: "function", pulumi: false });
  });

  it("TypeScript 6 without ignoreDeprecations: the template's tsconfig gets only TS5107, on the tsconfig itself", async () => {
    const dir = path.join(root, "cjs-typescript6-strict-deprecations");
    writeProject(dir, modules, { esm: false, compilerOptions: PULUMI_NEW_TSCONFIG, files: { "index.ts": PROGRAM } });
    const diagnostics = await compile(dir, "typescript6");
    expect(diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual(["tsconfig.json TS5107"]);
  });

  describe(`TypeScript 7 (${TS7_VERSION}): not supported by Pulumi's loader today`, () => {
    it("its native tsc compiles the program in an ES module project with zero errors", async () => {
      const { stdout } = await execFileAsync(process.execPath, [path.join(modules, "typescript7", "bin", "tsc"), "--version"]);
      expect(stdout.trim()).toBe(`Version ${TS7_VERSION}`);
      const dir = path.join(root, "esm-typescript7");
      writeProject(dir, modules, { esm: true, compilerOptions: ESM_TSCONFIG, files: { "index.ts": PROGRAM } });
      expect(await compile(dir, "typescript7")).toEqual([]);
    });

    it("npm refuses it beside @pulumi/pulumi, whose peer range is typescript < 7", async () => {
      const dir = path.join(root, "typescript7-project");
      mkdirSync(dir);
      writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "typescript7-project", private: true }, null, 2));
      const install = (flags: string[]) =>
        execFileAsync(
          "npm",
          [
            "install",
            "--no-audit",
            "--no-fund",
            "--prefer-offline",
            ...flags,
            `typescript@${TS7_VERSION}`,
            `@pulumi/pulumi@${installedVersion("@pulumi/pulumi")}`,
          ],
          {
            cwd: dir,
            env: nodeEnv,
            maxBuffer: 64 * 1024 * 1024,
          },
        );
      const refused = await install([]).then(
        () => "installed",
        (e: { stderr?: string }) => e.stderr ?? "",
      );
      expect(refused).toContain("ERESOLVE");
      expect(refused).toContain(`peerOptional typescript@">= 3.8.3 < 7" from @pulumi/pulumi@${installedVersion("@pulumi/pulumi")}`);

      // Forced in, the compiler Pulumi's Node.js language host picks (as cmd/run does it: tsutils, then its ts-node) cannot load a program.
      await install(["--legacy-peer-deps"]);
      writeFileSync(path.join(dir, "index.ts"), "const answer: number = 42;\nconsole.log(answer);\n");
      writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({ compilerOptions: PULUMI_NEW_TSCONFIG, files: ["index.ts"] }, null, 2),
      );
      const loader = [
        'const { typeScriptRequireStrings } = require("@pulumi/pulumi/tsutils");',
        "const { tsnodeRequire, typescriptRequire } = typeScriptRequireStrings();",
        "const version = require(typescriptRequire).version;",
        'try { require(tsnodeRequire).register({ compiler: typescriptRequire, project: "tsconfig.json", compilerOptions: {} }); require("./index.ts"); console.log(JSON.stringify({ version, loaded: true })); }',
        "catch (e) { console.log(JSON.stringify({ version, error: `${e.name}: ${e.message}` })); }",
      ].join("\n");
      const { stdout } = await execFileAsync(process.execPath, ["-e", loader], { cwd: dir });
      expect(JSON.parse(stdout)).toEqual({
        version: TS7_VERSION,
        error: "TypeError: Cannot read properties of undefined (reading 'readFile')",
      });
    });
  });
});
