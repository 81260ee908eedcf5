// Where our cost through the CLI goes: the stacks of bench/overhead.bench.ts (ours and the
// no-op dynamic provider) plus no-op variants that each add one thing ours does, run on the
// same engine in the same run, in rotating order. A variant that slows the no-op to our level
// names the cause. The floor variants (bench/baselines.ts) make only the HTTP requests ours
// makes; floor-shape adds our state shape (17 declared outputs, our create's outputs).
// Figures only; nothing asserts a time. The last run's figures: bench/results/overhead-variants.json.
//   BENCH_VARIANTS=texml,noop,noop-outs,...   (required; "all" for every one below)
//   BENCH_OVERHEAD_SIZE (200), BENCH_OVERHEAD_ROUNDS (2), BENCH_OPS=up,preview,destroy
//   BENCH_VARIANTS_OUT: where the JSON goes (default: $TMPDIR/overhead-variants.json)
//   BENCH_ENV_<VARIANT>=K=V;K=V: extra environment for one variant's CLI runs
//   BENCH_MODULES_<BUILD>=<dir>/node_modules: the install variant "texml-<build>" runs with
import os from "node:os";
import path from "node:path";
import { readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { createCliProject, type CliProject } from "../test/e2e/support/project";
import { OUR_OUTS, floorHttpModule, httpFloorProvider, noopProgram as baselineProgram, noopProviderText } from "./baselines";

const SIZE = Number(process.env.BENCH_OVERHEAD_SIZE ?? 200);
const ROUNDS = Number(process.env.BENCH_OVERHEAD_ROUNDS ?? 2);
const OPS_WANTED = (process.env.BENCH_OPS ?? "up,preview,destroy").split(",") as Op[];

const loop = (ctor: string) => `for (let i = 0; i < ${SIZE}; i++) {
  new ${ctor}(\`app-\${i}\`, { friendlyName: \`bench-\${i}\`, voiceUrl: \`https://voice.example.com/\${i}\` });
}
`;

const noopProgram = (provider: string, opts: { declareOutputs?: boolean; header?: string } = {}) => baselineProgram(provider, SIZE, opts);

// One request to the emulator per create and per delete, as ours makes, with Node's fetch.
const httpProvider = (baseUrl: string, apiKey: string) =>
  noopProviderText({
    prelude: `  var base = ${JSON.stringify(baseUrl)}; var headers = { authorization: "Bearer ${apiKey}", "content-type": "application/json", accept: "application/json" };`,
    createBody:
      "    create: function (inputs) { return fetch(base + '/texml_applications', { method: 'POST', headers: headers, body: JSON.stringify({ friendly_name: inputs.friendlyName, voice_url: inputs.voiceUrl }) }).then(function (r) { return r.json(); }).then(function (b) { return { id: b.data.id, outs: inputs }; }); },",
    deleteBody:
      "    delete: function (id) { return fetch(base + '/texml_applications/' + id, { method: 'DELETE', headers: headers }).then(function (r) { return r.arrayBuffer(); }); },",
  });

type Op = "up" | "preview" | "destroy";
const OPS: Record<Op, string[]> = {
  up: ["up", "--yes", "--skip-preview"],
  preview: ["preview", "--expect-no-changes"],
  destroy: ["destroy", "--yes", "--skip-preview"],
};

interface Variant {
  /** The program; `http` variants get the emulator's address. */
  program: (emu: { baseUrl: string; apiKey: string }) => string;
  /** Other files of the project, by name. */
  files?: (emu: { baseUrl: string; apiKey: string }) => Record<string, string>;
  /** node_modules to run with instead of this run's install of the package. */
  modules?: () => string;
}

const VARIANTS: Record<string, Variant> = {
  texml: { program: () => `import * as texml from "pulumi-telnyx-texml";\n${loop("texml.Application")}` },
  // texml-<build>: our program with another build of the package (BENCH_MODULES_<BUILD>=<dir>/node_modules),
  // e.g. the commit before a fix, so before and after run in the same rounds.
  noop: { program: () => noopProgram(noopProviderText()) },
  // Suspect 1: state/checkpoint and gRPC size. The no-op's create returns outputs shaped like ours.
  "noop-outs": { program: () => noopProgram(noopProviderText({ createOuts: OUR_OUTS })) },
  // Suspect 2a: program side. The no-op registers our 17 output names (each one an Output with 4 promises).
  "noop-decl": { program: () => noopProgram(noopProviderText(), { declareOutputs: true }) },
  // 1 + 2a: like-for-like in shape (program declares our outputs, create returns them).
  "noop-shape": { program: () => noopProgram(noopProviderText({ createOuts: OUR_OUTS }), { declareOutputs: true }) },
  // Suspect 2b: loading (and type-checking) our package in the program, unused.
  "noop-import": {
    program: () => noopProgram(noopProviderText(), { header: 'import * as texml from "pulumi-telnyx-texml";\nvoid texml.version;\n' }),
  },
  // Suspect 4: one HTTP request per create/delete to the same emulator (Node's fetch; the provider text is ~3x ours).
  "noop-http": { program: (emu) => noopProgram(httpProvider(emu.baseUrl, emu.apiKey)) },
  // The overhead bench's HTTP floor: the same requests with node:http from a module in the project, a stored text the no-op's size.
  floor: { program: () => noopProgram(httpFloorProvider), files: (emu) => ({ "floor-http.js": floorHttpModule(emu.baseUrl, emu.apiKey) }) },
  // The floor with our state shape: the program registers our 17 outputs and create returns what ours returns.
  "floor-shape": {
    program: () => noopProgram(httpFloorProvider, { declareOutputs: true }),
    files: (emu) => ({ "floor-http.js": floorHttpModule(emu.baseUrl, emu.apiKey, OUR_OUTS) }),
  },
};

/** CPU (ms) of this process's reaped children (the pulumi CLI, language host, program, dynamic provider): cutime + cstime. */
function childrenCpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  // After "pid (comm) ", field 3 (state) is index 0: cutime is field 16, cstime 17.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

function modulesOf(build: string): string {
  const dir = process.env[`BENCH_MODULES_${build.toUpperCase().replace(/-/g, "_")}`];
  if (!dir) throw new Error(`variant texml-${build} needs BENCH_MODULES_${build.toUpperCase()}`);
  return dir;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function envFor(name: string): Record<string, string> {
  const raw = process.env[`BENCH_ENV_${name.toUpperCase().replace(/-/g, "_")}`] ?? process.env.BENCH_ENV_ALL ?? "";
  return Object.fromEntries(
    raw
      .split(";")
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );
}

const projects: CliProject[] = [];
afterAll(async () => {
  for (const p of projects) await p.dispose();
});

// Long (each variant runs every operation every round): only when asked for, not in `npm run bench`.
describe.skipIf(!process.env.BENCH_VARIANTS)(`overhead variants, ${SIZE} resources`, () => {
  it("measures each variant on the same engine in the same run", async () => {
    const names = process.env.BENCH_VARIANTS === "all" ? Object.keys(VARIANTS) : process.env.BENCH_VARIANTS!.split(",");
    const byName = new Map<string, CliProject>();
    for (const name of names) {
      const build = /^texml-(.+)$/.exec(name)?.[1];
      const variant: Variant | undefined =
        VARIANTS[name] ?? (build ? { program: VARIANTS.texml!.program, modules: () => modulesOf(build) } : undefined);
      if (!variant) throw new Error(`unknown variant ${name}`);
      // The program needs the emulator's address only for http variants: create, then rewrite.
      const project = await createCliProject(`ov-${name}`, { program: "export {};\n" });
      const emu = { baseUrl: project.emulator.baseUrl, apiKey: project.emulator.apiKey };
      project.writeFile("index.ts", variant.program(emu));
      for (const [file, text] of Object.entries(variant.files?.(emu) ?? {})) project.writeFile(file, text);
      if (variant.modules) {
        rmSync(path.join(project.dir, "node_modules"));
        symlinkSync(variant.modules(), path.join(project.dir, "node_modules"), "dir");
      }
      projects.push(project);
      byName.set(name, project);
    }
    const samples: Array<{ variant: string; op: Op; round: number; ms: number; cliCpuMs: number; emulatorCpuMs: number; load1: number }> =
      [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const op of OPS_WANTED) {
        // Rotate the order each round so no variant always runs first or last.
        const order = names.map((_, i) => names[(i + round) % names.length]!);
        if (round % 2 === 1) order.reverse();
        for (const name of order) {
          const project = byName.get(name)!;
          const cpu0 = childrenCpuMs();
          const self0 = process.cpuUsage();
          const started = performance.now();
          await project.pulumi(OPS[op], { env: envFor(name) });
          const ms = performance.now() - started;
          const self = process.cpuUsage(self0);
          const sample = {
            variant: name,
            op,
            round,
            ms: Math.round(ms),
            cliCpuMs: Math.round(childrenCpuMs() - cpu0),
            emulatorCpuMs: Math.round((self.user + self.system) / 1000),
            load1: Number(os.loadavg()[0]!.toFixed(2)),
          };
          samples.push(sample);
          process.stderr.write(
            `[variants] round ${round} ${op} ${name}: ${sample.ms} ms wall, ${sample.cliCpuMs} ms CLI CPU, ${sample.emulatorCpuMs} ms emulator CPU (load ${sample.load1})\n`,
          );
        }
      }
    }
    const table: Record<
      string,
      Record<string, { ms: number; vsNoop: number; cpuMs: number; cpuVsNoop: number; emulatorCpuMs: number }>
    > = {};
    const med = (name: string, op: Op, key: "ms" | "cliCpuMs" | "emulatorCpuMs") =>
      median(samples.filter((s) => s.variant === name && s.op === op).map((s) => s[key]));
    for (const name of names) {
      table[name] = {};
      for (const op of OPS_WANTED) {
        const ms = med(name, op, "ms");
        const cpu = med(name, op, "cliCpuMs") + med(name, op, "emulatorCpuMs");
        const baseCpu = byName.has("noop") ? med("noop", op, "cliCpuMs") + med("noop", op, "emulatorCpuMs") : Number.NaN;
        table[name]![op] = {
          ms: Math.round(ms),
          vsNoop: Number((ms / (byName.has("noop") ? med("noop", op, "ms") : Number.NaN)).toFixed(3)),
          cpuMs: Math.round(cpu),
          cpuVsNoop: Number((cpu / baseCpu).toFixed(3)),
          emulatorCpuMs: Math.round(med(name, op, "emulatorCpuMs")),
        };
      }
    }
    // Per round, each variant against the no-op run in the same round (neighbouring in time):
    // the median and range of those ratios say more on a loaded machine than a ratio of medians.
    const paired: Record<string, Record<string, { wall: number[]; cpu: number[]; medianWall: number; medianCpu: number }>> = {};
    if (byName.has("noop")) {
      for (const name of names) {
        paired[name] = {};
        for (const op of OPS_WANTED) {
          const wall: number[] = [];
          const cpu: number[] = [];
          for (let round = 0; round < ROUNDS; round++) {
            const a = samples.find((s) => s.variant === name && s.op === op && s.round === round)!;
            const b = samples.find((s) => s.variant === "noop" && s.op === op && s.round === round)!;
            wall.push(Number((a.ms / b.ms).toFixed(3)));
            cpu.push(Number(((a.cliCpuMs + a.emulatorCpuMs) / (b.cliCpuMs + b.emulatorCpuMs)).toFixed(3)));
          }
          paired[name]![op] = { wall, cpu, medianWall: median(wall), medianCpu: median(cpu) };
        }
        console.log(
          `${name.padEnd(12)} paired vs noop:`,
          OPS_WANTED.map(
            (op) =>
              `${op} wall ${paired[name]![op]!.medianWall} [${paired[name]![op]!.wall.join(" ")}] cpu ${paired[name]![op]!.medianCpu}`,
          ).join("  "),
        );
      }
    }
    const out = process.env.BENCH_VARIANTS_OUT ?? path.join(os.tmpdir(), "overhead-variants.json");
    writeFileSync(
      out,
      `${JSON.stringify({ measuredAt: new Date().toISOString(), size: SIZE, rounds: ROUNDS, loadAtEnd: os.loadavg(), table, paired, samples }, null, 2)}\n`,
    );
    for (const [name, row] of Object.entries(table))
      console.log(
        name.padEnd(12),
        Object.entries(row)
          .map(([op, v]) => `${op} ${v.ms} ms (${v.vsNoop}x) cpu ${v.cpuMs} (${v.cpuVsNoop}x)`)
          .join("  "),
      );
    expect(samples.length).toBe(ROUNDS * OPS_WANTED.length * names.length);
  }, 3_600_000);
});
