// The provider plugin's cost inside `pulumi`: the real CLI runs `pulumi up`, a no-change
// `pulumi preview` and `pulumi destroy` of 200 applications on three stacks in the same run,
// in rotating order: a Pulumi YAML program of `telnyx-texml:index:Application` through the
// plugin (`pulumi-resource-telnyx-texml` from the packed package, found via
// `plugins.providers[].path`, as test/e2e/plugin-yaml.test.ts runs it); the same YAML program
// through a no-op plugin (bench/noop-plugin/server.js: the same gRPC calls answered with the
// same outputs, the package's own gRPC plumbing, no validation and no HTTP); and the dynamic
// path, a TypeScript program of `texml.Application` (as bench/overhead.bench.ts runs it).
// Ratios are per round (paired: the three stacks of one round ran back to back), then the
// median. Wall and CPU time are both recorded (CPU: the CLI and every process it starts, plus
// this process, where the emulators run). After the timed rounds, unmeasured runs take the
// plugins' start-up time (spawn to port printed), their peak RSS during a 200-resource up
// (VmHWM sampled from /proc), and a CPU profile of each plugin through up/preview/destroy
// (NODE_OPTIONS=--cpu-prof: in the YAML stacks the plugin is the only Node process), summed
// by where the time goes. Figures only; nothing asserts a time.
// Results: bench/results/plugin.json (bench/report.mjs gathers them).
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { createYamlProject, stateResources, yamlProjectHead } from "../test/e2e/support/plugin";
import { createCliProject, type CliProject } from "../test/e2e/support/project";

const SIZE = Number(process.env.BENCH_PLUGIN_SIZE ?? 200);
const ROUNDS = Number(process.env.BENCH_PLUGIN_ROUNDS ?? 3);
const STARTUPS = 7;
const TYPE = "telnyx-texml:index:Application";
const PLUGIN_BINARY = "pulumi-resource-telnyx-texml";

type Op = "up" | "preview" | "destroy";
type Stack = "plugin" | "noopPlugin" | "dynamic";
const OPS: Record<Op, string[]> = {
  up: ["up", "--yes", "--skip-preview"],
  preview: ["preview", "--expect-no-changes"],
  destroy: ["destroy", "--yes", "--skip-preview"],
};
const STACKS: readonly Stack[] = ["plugin", "noopPlugin", "dynamic"];

const dynamicProgram = `import * as texml from "pulumi-telnyx-texml";
for (let i = 0; i < ${SIZE}; i++) {
  new texml.Application(\`app-\${i}\`, { friendlyName: \`bench-\${i}\`, voiceUrl: \`https://voice.example.com/\${i}\` });
}
`;

/** The same 200 applications as a Pulumi YAML `resources:` section. */
const yamlResources = [
  "resources:",
  ...Array.from({ length: SIZE }, (_, i) =>
    [
      `  app-${i}:`,
      `    type: ${TYPE}`,
      "    properties:",
      `      friendlyName: bench-${i}`,
      `      voiceUrl: https://voice.example.com/${i}`,
    ].join("\n"),
  ),
  "",
].join("\n");

/** The no-op plugin's executable, laid in the project's `noop-plugin/`: it serves with the packed package's plumbing, as the real plugin runs from it. */
const noopLauncher = `#!/usr/bin/env node
require(${JSON.stringify(path.resolve(__dirname, "noop-plugin", "server.js"))}).start(require("node:path").join(__dirname, "..", "node_modules", "pulumi-telnyx-texml", "dist", "provider", "faces", "plugin"));
`;

/** CPU time (ms) of this process and of its reaped children (/proc/self/stat fields 14 to 17). */
function cpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ratio = (a: number, b: number) => Number((a / b).toFixed(3));

/** Spawns a plugin executable as the engine does and resolves to the ms until it prints its port. */
function startupMs(executable: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(executable, [], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stderr.on("data", (chunk) => (err += chunk));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (/^\d+\n/.test(out)) {
        const ms = performance.now() - started;
        child.once("exit", () => resolve(ms));
        child.kill("SIGTERM");
      }
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      /^\d+\n/.test(out) ? undefined : reject(new Error(`${executable} exited with ${code} before printing a port: ${err}`)),
    );
  });
}

/** Whether process `pid` was started, directly or not, by this process (its parent chain in /proc reaches it). */
function startedByThisProcess(pid: string): boolean {
  let current = pid;
  for (let depth = 0; depth < 32 && current !== "0" && current !== "1"; depth++) {
    current = /PPid:\s+(\d+)/.exec(readFileSync(`/proc/${current}/status`, "utf8"))?.[1] ?? "0";
    if (current === String(process.pid)) return true;
  }
  return false;
}

/**
 * Samples the peak RSS (VmHWM, which the kernel keeps as a high-water mark) of every process
 * running `name` that this process started (through the CLI it runs; not another run's plugins
 * on the same machine), until stopped: resolves to the largest in MB and how many such processes ran.
 */
function samplePeakRss(name: string): { stop(): { peakMb: number; processes: number } } {
  const peaks = new Map<string, number>();
  const scan = () => {
    for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
      try {
        if (
          !peaks.has(pid) &&
          !(
            readFileSync(`/proc/${pid}/cmdline`, "utf8")
              .split("\0")
              .some((arg) => arg.endsWith(name)) && startedByThisProcess(pid)
          )
        )
          continue;
        const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
        peaks.set(pid, Math.max(peaks.get(pid) ?? 0, kb));
      } catch {
        // The process ended between listing and reading.
      }
    }
  };
  const timer = setInterval(scan, 50);
  return {
    stop() {
      clearInterval(timer);
      return { peakMb: Number((Math.max(0, ...peaks.values()) / 1024).toFixed(1)), processes: peaks.size };
    },
  };
}

/** Self time (ms) of a set of V8 .cpuprofile files, by where it was spent. */
function profileBuckets(dir: string): Record<string, number> {
  const buckets: Record<string, number> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as {
      nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>;
      samples: number[];
      timeDeltas: number[];
    };
    const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    profile.samples.forEach((id, i) => {
      const frame = byId.get(id)!;
      const bucket = where(frame.url, frame.functionName);
      buckets[bucket] = (buckets[bucket] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
    });
  }
  return Object.fromEntries(
    Object.entries(buckets)
      .map(([k, v]) => [k, Math.round(v)])
      .sort((a, b) => Number(b[1]) - Number(a[1])),
  );
}

function where(url: string, functionName: string): string {
  if (!url)
    return functionName === "(idle)"
      ? "idle"
      : functionName === "(garbage collector)"
        ? "garbage collector"
        : functionName === "(program)"
          ? "V8/native (program)"
          : `native: ${functionName}`;
  if (url.includes("@grpc/grpc-js")) return "gRPC (@grpc/grpc-js)";
  if (url.includes("google-protobuf") || url.includes("/proto/")) return "protobuf (google-protobuf, generated stubs)";
  if (url.includes("/undici/")) return "HTTP client (undici)";
  if (url.includes("/zod/")) return "validation (zod)";
  if (url.includes("/dist/provider/faces/plugin/values")) return "our Struct conversion (plugin/values)";
  if (url.includes("/dist/provider/faces/plugin/")) return "our plugin service (plugin/*)";
  if (url.includes("/dist/provider/")) return "our provider (kinds, HTTP wrapper, validation)";
  if (url.includes("noop-plugin")) return "no-op plugin service";
  if (url.startsWith("node:internal/http2") || url.startsWith("node:http2")) return "Node http2 (gRPC transport)";
  if (url.startsWith("node:internal/modules") || url.startsWith("node:internal/bootstrap")) return "Node module loading";
  if (url.startsWith("node:")) return "Node other";
  return "other JavaScript";
}

const projects: CliProject[] = [];
const scratch: string[] = [];
afterAll(async () => {
  for (const p of projects) await p.dispose();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe(`benchmark: the provider plugin in pulumi up / preview / destroy of ${SIZE} applications, against the dynamic path and a no-op plugin`, () => {
  it("measures the three stacks on the same engine in the same run", async () => {
    const noopSource = mkdtempSync(path.join(os.tmpdir(), "texml-bench-noop-plugin-"));
    scratch.push(noopSource);
    writeFileSync(
      path.join(noopSource, "Pulumi.yaml"),
      yamlProjectHead("texml-plugin-noop").replace("./node_modules/.bin", "./noop-plugin") + yamlResources,
    );
    mkdirSync(path.join(noopSource, "noop-plugin"));
    writeFileSync(path.join(noopSource, "noop-plugin", PLUGIN_BINARY), noopLauncher, { mode: 0o755 });

    const byStack = {} as Record<Stack, CliProject>;
    byStack.plugin = await createYamlProject("plugin-real", { body: yamlResources });
    byStack.noopPlugin = await createYamlProject("plugin-noop", { fromExample: noopSource });
    chmodSync(path.join(byStack.noopPlugin.dir, "noop-plugin", PLUGIN_BINARY), 0o755);
    byStack.dynamic = await createCliProject("plugin-dynamic", { program: dynamicProgram });
    projects.push(...Object.values(byStack));

    const loadAverage = { before: os.loadavg()[0]!, after: 0 };
    const samples: Array<{ stack: Stack; op: Op; round: number; ms: number; cpuMs: number; load1: number }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const op of ["up", "preview", "destroy"] as const) {
        // Rotate the order each round, so no stack always runs first on a warmer machine.
        const order = STACKS.map((_, i) => STACKS[(i + round) % STACKS.length]!);
        for (const stack of order) {
          const cpuBefore = cpuMs();
          const started = performance.now();
          await byStack[stack].pulumi(OPS[op]);
          const ms = performance.now() - started;
          const cpu = cpuMs() - cpuBefore;
          const load1 = Number(os.loadavg()[0]!.toFixed(2));
          samples.push({ stack, op, round, ms: Math.round(ms), cpuMs: Math.round(cpu), load1 });
          process.stderr.write(
            `[plugin-bench] round ${round} ${op} ${stack}: ${Math.round(ms)} ms, ${Math.round(cpu)} ms CPU (load ${load1})\n`,
          );
        }
      }
    }
    loadAverage.after = os.loadavg()[0]!;

    type Row = {
      plugin: number;
      noopPlugin: number;
      dynamic: number;
      pluginVsDynamic: number;
      pluginVsNoop: number;
      pluginVsDynamicOfMedians: number;
      pluginVsNoopOfMedians: number;
      pluginVsDynamicPerRound: number[];
      pluginVsNoopPerRound: number[];
    };
    const medianMs = {} as Record<Op, Row>;
    const medianCpuMs = {} as Record<Op, Row>;
    for (const op of ["up", "preview", "destroy"] as const) {
      for (const key of ["ms", "cpuMs"] as const) {
        const of = (stack: Stack, round?: number) =>
          samples.filter((s) => s.stack === stack && s.op === op && (round === undefined || s.round === round)).map((s) => s[key]);
        const rounds = Array.from({ length: ROUNDS }, (_, r) => r);
        const vsDynamic = rounds.map((r) => ratio(of("plugin", r)[0]!, of("dynamic", r)[0]!));
        const vsNoop = rounds.map((r) => ratio(of("plugin", r)[0]!, of("noopPlugin", r)[0]!));
        const [plugin, noop, dynamic] = [median(of("plugin")), median(of("noopPlugin")), median(of("dynamic"))];
        const row: Row = {
          plugin: Math.round(plugin),
          noopPlugin: Math.round(noop),
          dynamic: Math.round(dynamic),
          pluginVsDynamic: Number(median(vsDynamic).toFixed(3)),
          pluginVsNoop: Number(median(vsNoop).toFixed(3)),
          pluginVsDynamicOfMedians: ratio(plugin, dynamic),
          pluginVsNoopOfMedians: ratio(plugin, noop),
          pluginVsDynamicPerRound: vsDynamic,
          pluginVsNoopPerRound: vsNoop,
        };
        if (key === "ms") medianMs[op] = row;
        else medianCpuMs[op] = row;
      }
    }

    // Start-up: spawn to port printed, each executable as the engine finds it, alternating.
    const env = {
      ...(process.env as Record<string, string>),
      PATH: [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
    };
    const executables = {
      plugin: path.join(byStack.plugin.dir, "node_modules", ".bin", PLUGIN_BINARY),
      noopPlugin: path.join(byStack.noopPlugin.dir, "noop-plugin", PLUGIN_BINARY),
    };
    const startups: Record<"plugin" | "noopPlugin", number[]> = { plugin: [], noopPlugin: [] };
    for (let i = 0; i < STARTUPS; i++) {
      for (const which of i % 2 ? (["noopPlugin", "plugin"] as const) : (["plugin", "noopPlugin"] as const))
        startups[which].push(Math.round(await startupMs(executables[which], env)));
    }

    // Peak RSS during an up of all the applications (unmeasured runs: the sampler's own work stays out of the timings).
    const peakRss = {} as Record<"plugin" | "noopPlugin", { peakMb: number; processes: number }>;
    const outputNames = {} as Record<"plugin" | "noopPlugin", string[]>;
    for (const which of ["plugin", "noopPlugin"] as const) {
      const sampler = samplePeakRss(PLUGIN_BINARY);
      await byStack[which].pulumi(OPS.up);
      peakRss[which] = sampler.stop();
      const [first] = await stateResources(byStack[which], TYPE);
      outputNames[which] = Object.keys(first?.outputs ?? {}).sort();
      await byStack[which].pulumi(OPS.destroy);
    }

    // Where the plugin's time goes: a CPU profile of each plugin through up, preview and destroy.
    const cpuProfileMs = {} as Record<"plugin" | "noopPlugin", Record<Op, Record<string, number>>>;
    for (const which of ["plugin", "noopPlugin"] as const) {
      cpuProfileMs[which] = {} as Record<Op, Record<string, number>>;
      for (const op of ["up", "preview", "destroy"] as const) {
        const dir = mkdtempSync(path.join(os.tmpdir(), `texml-bench-prof-${which}-${op}-`));
        scratch.push(dir);
        // The preload turns the engine's ending signal into an exit, on which Node writes the profile.
        await byStack[which].pulumi(OPS[op], {
          env: {
            NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --require=${path.resolve(__dirname, "noop-plugin", "exit-on-signal.js")}`,
          },
        });
        cpuProfileMs[which][op] = profileBuckets(dir);
      }
    }

    const figures = {
      size: SIZE,
      rounds: ROUNDS,
      cores: os.cpus().length,
      loadAverage,
      medianMs,
      medianCpuMs,
      startupMs: { plugin: median(startups.plugin), noopPlugin: median(startups.noopPlugin), samples: startups },
      peakRssMb: peakRss,
      outputNames: { ...outputNames, same: JSON.stringify(outputNames.plugin) === JSON.stringify(outputNames.noopPlugin) },
      cpuProfileMs,
      samples,
    };
    const dir = path.resolve(__dirname, "results");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "plugin.json"), `${JSON.stringify({ measuredAt: new Date().toISOString(), ...figures }, null, 2)}\n`);
    for (const [label, table] of [
      ["wall", medianMs],
      ["CPU", medianCpuMs],
    ] as const)
      for (const [op, m] of Object.entries(table))
        console.log(
          `${label.padEnd(4)} ${op.padEnd(8)} plugin ${m.plugin} ms, no-op plugin ${m.noopPlugin} ms, dynamic ${m.dynamic} ms: plugin/dynamic ${m.pluginVsDynamic}x (goal 1.0), plugin/no-op ${m.pluginVsNoop}x (goal 1.10)`,
        );
    console.log(
      `start-up ${JSON.stringify(figures.startupMs)}; peak RSS ${JSON.stringify(peakRss)}; outputs same: ${figures.outputNames.same}`,
    );
    expect(samples.length).toBe(ROUNDS * 3 * STACKS.length);
    expect(outputNames.plugin).toContain("voiceUrl");
  }, 3_600_000);
});
