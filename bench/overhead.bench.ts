// Our own cost inside `pulumi`: the real CLI in a project directory runs `pulumi up`, a
// no-change `pulumi preview` and `pulumi destroy` of 200 texml.Application resources, and
// the same of 200 resources of a no-op dynamic provider with the same inputs, on the same
// engine in the same run, in rotating order. The ratio isolates what this package adds (loading
// it, validation, diffing, HTTP to the emulator) from the engine's fixed and per-resource
// cost. A third stack, the HTTP floor, is the no-op plus exactly the requests ours must make
// (one POST per create, one DELETE per destroy) with Node's own http module and a keep-alive
// agent, and nothing else (bench/baselines.ts). Wall and CPU time are both recorded: CPU time
// is less disturbed by other work on a shared machine. PULUMI_TELNYX_PROFILE records the time spent inside our provider calls, to say
// where the difference goes. Figures only; nothing asserts a time.
// Results: bench/results/overhead.json (bench/report.mjs gathers them).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { createCliProject, type CliProject } from "../test/e2e/support/project";
import { floorHttpModule, httpFloorProvider, noopProgram, noopProvider } from "./baselines";

const SIZE = Number(process.env.BENCH_OVERHEAD_SIZE ?? 200);
const ROUNDS = Number(process.env.BENCH_OVERHEAD_ROUNDS ?? 5);

const ours = `import * as texml from "pulumi-telnyx-texml";
for (let i = 0; i < ${SIZE}; i++) {
  new texml.Application(\`app-\${i}\`, { friendlyName: \`bench-\${i}\`, voiceUrl: \`https://voice.example.com/\${i}\` });
}
`;

type Op = "up" | "preview" | "destroy";
type Stack = "texml" | "noop" | "httpFloor";
const OPS: Record<Op, string[]> = {
  up: ["up", "--yes", "--skip-preview"],
  preview: ["preview", "--expect-no-changes"],
  destroy: ["destroy", "--yes", "--skip-preview"],
};

interface Figures {
  size: number;
  rounds: number;
  /**
   * Median wall time (ms) per operation and stack; `ratio` is ours over the no-op (the goal:
   * at most 1.10), `floorRatio` the HTTP floor over the no-op, `vsFloor` ours over the floor.
   */
  medianMs: Record<Op, { texml: number; noop: number; httpFloor: number; ratio: number; floorRatio: number; vsFloor: number }>;
  /** Per operation, time inside our provider calls (sum over resources, ms) by method. */
  providerCallMs: Record<Op, Record<string, number>>;
  /** Wall time (ms) to load the package's provider entry in a fresh Node process once @pulumi/pulumi is loaded (as in the dynamic provider), median of 5. */
  providerLoadMs: number;
  /** The 1-minute load average before the first and after the last operation (2 cores here: above 2, the machine was busy). */
  loadAverage: { before: number; after: number };
  /**
   * Median CPU time (ms) per operation and stack: the CLI and every process it starts (engine,
   * language host, program, dynamic provider), plus this process, where the emulator runs.
   * Less disturbed than wall time by other work on a shared machine.
   */
  medianCpuMs: Record<Op, { texml: number; noop: number; httpFloor: number; ratio: number; floorRatio: number; vsFloor: number }>;
  samples: Array<{ stack: Stack; op: Op; round: number; ms: number; cpuMs: number }>;
}

/** CPU time (ms) of this process and of its reaped children (Linux: /proc/self/stat's utime, stime, cutime, cstime). */
function cpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  // After "pid (comm) ", the state is field 3, at index 0: utime..cstime are fields 14 to 17.
  return ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const projects: CliProject[] = [];
afterAll(async () => {
  for (const p of projects) await p.dispose();
});

const STACKS: readonly Stack[] = ["texml", "noop", "httpFloor"];

describe(`benchmark: our cost in pulumi up / preview / destroy of ${SIZE} resources, against a no-op dynamic provider`, () => {
  it("measures the three stacks on the same engine in the same run", async () => {
    const byStack = {} as Record<Stack, CliProject>;
    byStack.texml = await createCliProject("overhead-texml", { program: ours });
    byStack.noop = await createCliProject("overhead-noop", { program: noopProgram(noopProvider, SIZE) });
    // The floor's requests go to its own emulator, which the project knows only once it exists.
    byStack.httpFloor = await createCliProject("overhead-floor", { program: noopProgram(httpFloorProvider, SIZE) });
    byStack.httpFloor.writeFile("floor-http.js", floorHttpModule(byStack.httpFloor.emulator.baseUrl, byStack.httpFloor.emulator.apiKey));
    projects.push(...Object.values(byStack));
    const profileDir = path.join(os.tmpdir(), `texml-profile-${process.pid}`);
    mkdirSync(profileDir, { recursive: true });
    const figures: Figures = {
      size: SIZE,
      rounds: ROUNDS,
      medianMs: {} as never,
      medianCpuMs: {} as never,
      providerCallMs: { up: {}, preview: {}, destroy: {} },
      providerLoadMs: 0,
      loadAverage: { before: os.loadavg()[0]!, after: 0 },
      samples: [],
    };

    for (let round = 0; round < ROUNDS; round++) {
      for (const op of ["up", "preview", "destroy"] as const) {
        // Rotate the order each round, so no stack always runs first on a warmer machine.
        const order = STACKS.map((_, i) => STACKS[(i + round) % STACKS.length]!);
        for (const stack of order) {
          const profile = path.join(profileDir, `${op}-${round}.log`);
          if (stack === "texml") rmSync(profile, { force: true });
          const cpuBefore = cpuMs();
          const started = performance.now();
          await byStack[stack].pulumi(OPS[op], { env: stack === "texml" ? { PULUMI_TELNYX_PROFILE: profile } : {} });
          const ms = performance.now() - started;
          const cpu = cpuMs() - cpuBefore;
          figures.samples.push({ stack, op, round, ms: Math.round(ms), cpuMs: Math.round(cpu) });
          process.stderr.write(
            `[overhead] round ${round} ${op} ${stack}: ${Math.round(ms)} ms, ${Math.round(cpu)} ms CPU (load ${os.loadavg()[0]!.toFixed(2)})\n`,
          );
          if (stack === "texml" && round === ROUNDS - 1) {
            let text = "";
            try {
              text = readFileSync(profile, "utf8");
            } catch {
              // No provider call in this operation.
            }
            for (const line of text.trim().split("\n").filter(Boolean)) {
              const [, method, value] = line.split(" ");
              figures.providerCallMs[op][method!] = Math.round(((figures.providerCallMs[op][method!] ?? 0) + Number(value)) * 10) / 10;
            }
          }
        }
      }
    }
    figures.loadAverage.after = os.loadavg()[0]!;
    const ratio = (a: number, b: number) => Number((a / b).toFixed(3));
    for (const op of ["up", "preview", "destroy"] as const) {
      for (const key of ["ms", "cpuMs"] as const) {
        const of = (stack: Stack) => median(figures.samples.filter((s) => s.stack === stack && s.op === op).map((s) => s[key]));
        const [texml, noopMs, floor] = [of("texml"), of("noop"), of("httpFloor")];
        const row = {
          texml: Math.round(texml),
          noop: Math.round(noopMs),
          httpFloor: Math.round(floor),
          ratio: ratio(texml, noopMs),
          floorRatio: ratio(floor, noopMs),
          vsFloor: ratio(texml, floor),
        };
        if (key === "ms") figures.medianMs[op] = row;
        else figures.medianCpuMs[op] = row;
      }
    }
    const loads: number[] = [];
    for (let i = 0; i < 5; i++) {
      // After @pulumi/pulumi, as in the dynamic provider process, which has it loaded already.
      const out = execFileSync(
        process.execPath,
        [
          "-e",
          'require("@pulumi/pulumi");const t=process.hrtime.bigint();require("pulumi-telnyx-texml/dynamic");console.log(Number(process.hrtime.bigint()-t)/1e6)',
        ],
        { cwd: byStack.texml.dir, encoding: "utf8" },
      );
      loads.push(Number(out.trim()));
    }
    figures.providerLoadMs = Math.round(median(loads));

    const dir = path.resolve(__dirname, "results");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "overhead.json"), `${JSON.stringify({ measuredAt: new Date().toISOString(), ...figures }, null, 2)}\n`);
    for (const [label, table] of [
      ["wall", figures.medianMs],
      ["CPU", figures.medianCpuMs],
    ] as const)
      for (const [op, m] of Object.entries(table))
        console.log(
          `${label.padEnd(4)} ${op.padEnd(8)} ours ${m.texml} ms, no-op ${m.noop} ms, HTTP floor ${m.httpFloor} ms: ours/no-op ${m.ratio}x (goal 1.10), floor/no-op ${m.floorRatio}x, ours/floor ${m.vsFloor}x`,
        );
    console.log(JSON.stringify(figures.providerCallMs), `load ${figures.providerLoadMs} ms`);
    expect(figures.samples.length).toBe(ROUNDS * 3 * STACKS.length);
  }, 3_600_000);
});
