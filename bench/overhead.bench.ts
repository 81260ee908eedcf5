// Our own cost inside `pulumi`: the real CLI in a project directory runs `pulumi up`, a
// no-change `pulumi preview` and `pulumi destroy` of 200 texml.Application resources, and
// the same of 200 resources of a no-op dynamic provider with the same inputs, on the same
// engine in the same run, alternating. The ratio isolates what this package adds (loading
// it, validation, diffing, HTTP to the emulator) from the engine's fixed and per-resource
// cost. PULUMI_TELNYX_PROFILE records the time spent inside our provider calls, to say
// where the difference goes. Figures only; nothing asserts a time.
// Results: bench/results/overhead.json (bench/report.mjs gathers them).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { createCliProject, type CliProject } from "../test/e2e/support/project";

const SIZE = Number(process.env.BENCH_OVERHEAD_SIZE ?? 200);
const ROUNDS = Number(process.env.BENCH_OVERHEAD_ROUNDS ?? 2);

const ours = `import * as texml from "pulumi-telnyx-texml";
for (let i = 0; i < ${SIZE}; i++) {
  new texml.Application(\`app-\${i}\`, { friendlyName: \`bench-\${i}\`, voiceUrl: \`https://voice.example.com/\${i}\` });
}
`;

// The baseline stores its provider exactly as ours does (a small module text in \`__provider\`,
// no closure serialization) and does nothing: the difference is what this package adds.
const noopProvider = [
  "exports.handler = function () {",
  "  var next = 0;",
  "  return {",
  "    check: function (olds, news) { return Promise.resolve({ inputs: news }); },",
  "    diff: function (id, olds, news) { return Promise.resolve({ changes: olds.friendlyName !== news.friendlyName || olds.voiceUrl !== news.voiceUrl }); },",
  "    create: function (inputs) { return Promise.resolve({ id: Date.now() + '-' + next++, outs: inputs }); },",
  "    read: function (id, props) { return Promise.resolve({ id: id, props: props }); },",
  "    delete: function () { return Promise.resolve(); },",
  "  };",
  "};",
].join("\n");

const noop = `import * as pulumi from "@pulumi/pulumi";
const provider = ${JSON.stringify(noopProvider)};
class Noop extends pulumi.CustomResource {
  constructor(name: string, args: { friendlyName: string; voiceUrl: string }) {
    super("pulumi-nodejs:dynamic/bench:Noop", name, { __provider: provider, ...args });
  }
}
for (let i = 0; i < ${SIZE}; i++) {
  new Noop(\`app-\${i}\`, { friendlyName: \`bench-\${i}\`, voiceUrl: \`https://voice.example.com/\${i}\` });
}
`;

type Op = "up" | "preview" | "destroy";
const OPS: Record<Op, string[]> = { up: ["up", "--yes", "--skip-preview"], preview: ["preview", "--expect-no-changes"], destroy: ["destroy", "--yes", "--skip-preview"] };

interface Figures {
  size: number;
  rounds: number;
  /** Median wall time (ms) per operation and stack. */
  medianMs: Record<Op, { texml: number; noop: number; ratio: number }>;
  /** Per operation, time inside our provider calls (sum over resources, ms) by method. */
  providerCallMs: Record<Op, Record<string, number>>;
  /** Wall time (ms) to load the package's provider entry in a fresh Node process once @pulumi/pulumi is loaded (as in the dynamic provider), median of 5. */
  providerLoadMs: number;
  samples: Array<{ stack: "texml" | "noop"; op: Op; ms: number }>;
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

describe(`benchmark: our cost in pulumi up / preview / destroy of ${SIZE} resources, against a no-op dynamic provider`, () => {
  it("measures both stacks on the same engine in the same run", async () => {
    const texmlProject = await createCliProject("overhead-texml", { program: ours });
    const noopProject = await createCliProject("overhead-noop", { program: noop });
    projects.push(texmlProject, noopProject);
    const profileDir = mkdirSync(path.join(os.tmpdir(), `texml-profile-${process.pid}`), { recursive: true }) ?? path.join(os.tmpdir(), `texml-profile-${process.pid}`);
    const figures: Figures = { size: SIZE, rounds: ROUNDS, medianMs: {} as never, providerCallMs: { up: {}, preview: {}, destroy: {} }, providerLoadMs: 0, samples: [] };

    for (let round = 0; round < ROUNDS; round++) {
      for (const op of ["up", "preview", "destroy"] as const) {
        // Alternate which stack goes first, so neither always runs on a warmer machine.
        const order = round % 2 === 0 ? (["texml", "noop"] as const) : (["noop", "texml"] as const);
        for (const stack of order) {
          const project = stack === "texml" ? texmlProject : noopProject;
          const profile = path.join(profileDir, `${op}-${round}.log`);
          rmSync(profile, { force: true });
          const started = performance.now();
          await project.pulumi(OPS[op], { env: stack === "texml" ? { PULUMI_TELNYX_PROFILE: profile } : {} });
          const ms = performance.now() - started;
          figures.samples.push({ stack, op, ms: Math.round(ms) });
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
    for (const op of ["up", "preview", "destroy"] as const) {
      const texml = median(figures.samples.filter((s) => s.stack === "texml" && s.op === op).map((s) => s.ms));
      const noopMs = median(figures.samples.filter((s) => s.stack === "noop" && s.op === op).map((s) => s.ms));
      figures.medianMs[op] = { texml: Math.round(texml), noop: Math.round(noopMs), ratio: Number((texml / noopMs).toFixed(3)) };
    }
    const loads: number[] = [];
    for (let i = 0; i < 5; i++) {
      // After @pulumi/pulumi, as in the dynamic provider process, which has it loaded already.
      const out = execFileSync(process.execPath, ["-e", 'require("@pulumi/pulumi");const t=process.hrtime.bigint();require("pulumi-telnyx-texml/dynamic");console.log(Number(process.hrtime.bigint()-t)/1e6)'], { cwd: texmlProject.dir, encoding: "utf8" });
      loads.push(Number(out.trim()));
    }
    figures.providerLoadMs = Math.round(median(loads));

    const dir = path.resolve(__dirname, "results");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "overhead.json"), `${JSON.stringify({ measuredAt: new Date().toISOString(), ...figures }, null, 2)}\n`);
    console.log(JSON.stringify(figures.medianMs), JSON.stringify(figures.providerCallMs), `load ${figures.providerLoadMs} ms`);
    expect(figures.samples.length).toBe(ROUNDS * 6);
  }, 3_600_000);
});
