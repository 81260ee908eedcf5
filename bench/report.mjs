#!/usr/bin/env node
// Gathers the figures the benchmark scripts wrote to bench/results/*.json into one
// report (bench/results/report.md and report.json), with each goal and whether this
// run met it. Run by `npm run bench` after the measurements; reads, never measures.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
const read = (name) => {
  const file = path.join(dir, `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
};

const sections = [];
const goals = [];
const goal = (what, target, actual, met) => goals.push({ what, target, actual, met });
const table = (header, rows) =>
  [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

const pulumi = read("pulumi");
if (pulumi) {
  const ops = ["create", "update", "refresh", "delete", "import", "noChangePreview"];
  const expected = { create: 1, update: 1, refresh: 1, delete: 1, import: 1, noChangePreview: 0 };
  sections.push("## API requests per Pulumi operation\n");
  sections.push(
    table(
      ["resource", ...ops],
      Object.entries(pulumi.requestsPerOperation).map(([kind, f]) => [kind, ...ops.map((op) => String(f[op]))]),
    ),
  );
  sections.push(`\nGoal: ${ops.map((op) => `${op} ${expected[op]}`).join(", ")}.`);
  for (const [kind, f] of Object.entries(pulumi.requestsPerOperation)) {
    for (const op of ops) if (typeof f[op] === "number") goal(`${kind} ${op} requests`, expected[op], f[op], f[op] === expected[op]);
  }
  sections.push("\n## `__provider` bytes per resource in state\n");
  sections.push(
    table(
      ["resource", "bytes"],
      Object.entries(pulumi.providerBytes).map(([k, v]) => [k, v]),
    ),
  );
  for (const [kind, bytes] of Object.entries(pulumi.providerBytes)) goal(`${kind} __provider bytes`, "<= 2048", bytes, bytes <= 2048);
}

const overhead = read("overhead");
if (overhead) {
  sections.push(`\n## Our own cost: ${overhead.size} resources through the \`pulumi\` CLI, against a no-op dynamic provider\n`);
  sections.push(
    table(
      [
        "operation",
        `${overhead.size} texml.Application (ms)`,
        `${overhead.size} no-op dynamic resources (ms)`,
        "ratio",
        "HTTP floor (ms)",
        "floor / no-op",
        "ours / floor",
        "time inside our provider calls (ms, summed)",
      ],
      Object.entries(overhead.medianMs).map(([op, m]) => [
        op,
        m.texml,
        m.noop,
        `${m.ratio}x`,
        m.httpFloor ?? "not measured",
        m.floorRatio === undefined ? "" : `${m.floorRatio}x`,
        m.vsFloor === undefined ? "" : `${m.vsFloor}x`,
        Object.entries(overhead.providerCallMs[op] ?? {})
          .map(([k, v]) => `${k} ${v}`)
          .join(", ") || "none",
      ]),
    ),
  );
  if (overhead.medianCpuMs) {
    sections.push("\nCPU time (the CLI and every process it starts, plus the emulator's), medians:\n");
    sections.push(
      table(
        ["operation", "ours (ms)", "no-op (ms)", "ratio", "HTTP floor (ms)", "floor / no-op", "ours / floor"],
        Object.entries(overhead.medianCpuMs).map(([op, m]) => [
          op,
          m.texml,
          m.noop,
          `${m.ratio}x`,
          m.httpFloor,
          `${m.floorRatio}x`,
          `${m.vsFloor}x`,
        ]),
      ),
    );
  }
  sections.push(
    `\nMedians of ${overhead.rounds} rounds in rotating order, the real CLI in a project directory, the same engine${overhead.loadAverage ? ` (load average ${overhead.loadAverage.before.toFixed(1)} before, ${overhead.loadAverage.after.toFixed(1)} after, on ${os.cpus().length} cores)` : ""}. The HTTP floor is the no-op plus exactly the requests ours makes (a POST per create, a DELETE per destroy) with node:http and a keep-alive agent, and nothing else: what any provider of these resources pays for its requests before doing anything of its own. Loading the package's provider entry in a fresh Node process, after @pulumi/pulumi as in the dynamic provider, takes ${overhead.providerLoadMs} ms (median of 5). Reproduce: \`npm run bench\` (or \`npx vitest run --config bench/vitest.config.mts bench/overhead.bench.ts\`).`,
  );
  for (const [op, m] of Object.entries(overhead.medianMs))
    goal(`${op} of ${overhead.size} resources vs a no-op provider`, "<= 1.10x", `${m.ratio}x`, m.ratio <= 1.1);
}

const pluginBench = read("plugin");
if (pluginBench) {
  const p = pluginBench;
  sections.push(`\n## The provider plugin: ${p.size} applications in Pulumi YAML, against the dynamic path and a no-op plugin\n`);
  for (const [label, rows] of [
    ["Wall time", p.medianMs],
    ["CPU time (the CLI and every process it starts, plus the emulators')", p.medianCpuMs],
  ]) {
    sections.push(`${label}, medians; ratios are the median of the per-round ratios:\n`);
    sections.push(
      table(
        ["operation", "plugin (ms)", "no-op plugin (ms)", "dynamic, TypeScript (ms)", "plugin / dynamic", "plugin / no-op plugin"],
        Object.entries(rows).map(([op, m]) => [op, m.plugin, m.noopPlugin, m.dynamic, `${m.pluginVsDynamic}x`, `${m.pluginVsNoop}x`]),
      ),
    );
    sections.push("");
  }
  sections.push(
    `Plugin start-up (spawn to port printed, median of ${p.startupMs.samples.plugin.length}): ${p.startupMs.plugin} ms; the no-op plugin's ${p.startupMs.noopPlugin} ms. Peak RSS during the up of ${p.size}: plugin ${p.peakRssMb.plugin.peakMb} MB, no-op plugin ${p.peakRssMb.noopPlugin.peakMb} MB (largest of ${p.peakRssMb.plugin.processes} plugin processes the engine started). ${p.rounds} rounds in rotating order, load average ${p.loadAverage.before.toFixed(1)} before and ${p.loadAverage.after.toFixed(1)} after, on ${p.cores} cores. The no-op plugin (bench/noop-plugin/server.js) answers the same gRPC calls with the same outputs through the package's own gRPC plumbing, without validation or HTTP. CPU profiles of each plugin, self time by where it went, are in plugin.json (\`cpuProfileMs\`). Reproduce: \`npx vitest run --config bench/vitest.config.mts bench/plugin.bench.ts\`.`,
  );
  for (const [op, m] of Object.entries(p.medianMs)) {
    goal(`plugin ${op} of ${p.size} applications vs the dynamic path`, "<= 1.0x", `${m.pluginVsDynamic}x`, m.pluginVsDynamic <= 1.0);
    goal(`plugin ${op} of ${p.size} applications vs a no-op plugin`, "<= 1.10x", `${m.pluginVsNoop}x`, m.pluginVsNoop <= 1.1);
  }
}

const exported = read("export");
if (exported) {
  sections.push(`\n## \`telnyx-texml export\` of ${exported.applications} applications and ${exported.queues} queues\n`);
  sections.push(
    table(
      [
        "list requests",
        "of which application pages",
        "queue pages",
        "other requests",
        "in process (ms, median)",
        "the command, Node start-up included (ms)",
      ],
      [
        [
          exported.listRequests,
          exported.applicationPages,
          exported.queuePages,
          exported.otherRequests,
          exported.inProcessMedianMs,
          exported.cliMs,
        ],
      ],
    ),
  );
  goal(
    "export list requests",
    `${exported.minimumListRequests} (the minimum)`,
    exported.listRequests,
    exported.listRequests === exported.minimumListRequests && exported.otherRequests === 0,
  );
}

const emulator = read("emulator");
if (emulator) {
  sections.push("\n## Emulator throughput (loopback, load generator in a second process)\n");
  sections.push(
    table(
      ["workload", "requests/s", "p50 ms", "p99 ms", "non-2xx", "errors"],
      [
        [
          "GET /texml_applications/{id}",
          emulator.getApplication.requestsPerSecond,
          emulator.getApplication.latencyMsP50,
          emulator.getApplication.latencyMsP99,
          emulator.getApplication.non2xx,
          emulator.getApplication.errors,
        ],
        [
          `POST + DELETE cycle (${emulator.postDeleteCycle.cyclesPerSecond} cycles/s)`,
          emulator.postDeleteCycle.requestsPerSecond,
          emulator.postDeleteCycle.latencyMsP50,
          emulator.postDeleteCycle.latencyMsP99,
          emulator.postDeleteCycle.non2xx,
          emulator.postDeleteCycle.errors,
        ],
      ],
    ),
  );
  sections.push(`\nStart-up to first answer: ${emulator.startupMs} ms. ${emulator.setup}.`);
  goal("emulator GET requests/s", ">= 2000", emulator.getApplication.requestsPerSecond, emulator.getApplication.requestsPerSecond >= 2000);
}

for (const [name, title] of [
  ["data", "Data functions: listing 10,000 calls"],
  ["webhooks", "Webhook verification"],
]) {
  const figures = read(name);
  if (!figures) continue;
  sections.push(`\n## ${title}\n`);
  sections.push(`\`\`\`json\n${JSON.stringify(figures, null, 2)}\n\`\`\``);
  for (const g of figures.goals ?? []) goal(g.what, g.target, g.actual, g.met);
}

const chaos = read("chaos");
if (chaos) {
  const counts = [
    "unexpectedErrors",
    "takeovers",
    "foreignChanges",
    "clobberedSecrets",
    "orphans",
    "duplicates",
    "mismatchesBeforeRefresh",
    "mismatchesAfterRefresh",
  ];
  sections.push("\n## Chaos run\n");
  sections.push(
    table(
      [
        "cycles",
        "Pulumi operations",
        "API requests",
        "faults injected",
        "completed",
        "failed with an expected error, converged",
        ...counts,
      ],
      [
        [
          chaos.cycles,
          chaos.pulumiOperations,
          chaos.apiRequests,
          chaos.faultsInjected,
          chaos.cyclesCompleted,
          chaos.cyclesFailedWithExpectedError,
          ...counts.map((k) => chaos[k].length),
        ],
      ],
    ),
  );
  sections.push(`\nSeeds: ${chaos.seeds.join(", ")}; details in chaos.md.`);
  goal("chaos cycles", ">= 50", chaos.cycles, chaos.cycles >= 50);
  for (const k of counts) goal(`chaos ${k}`, 0, chaos[k].length, chaos[k].length === 0);
}

const header = [
  "# Benchmark report",
  "",
  `Gathered ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. Reproduce: \`npm run bench\`.`,
  "",
  `Each figure file and when it was measured (a partial re-run mixes runs): ${[
    "pulumi",
    "overhead",
    "plugin",
    "export",
    "emulator",
    "data",
    "webhooks",
    "chaos",
  ]
    .map((name) => [name, read(name)])
    .filter(([, f]) => f)
    .map(([name, f]) => `${name} ${f.measuredAt ?? "(time not recorded)"}`)
    .join("; ")}.`,
  "",
  "## Goals",
  "",
  table(
    ["figure", "goal", "this run", "met"],
    goals.map((g) => [g.what, g.target, g.actual, g.met ? "yes" : "**no**"]),
  ),
  "",
];
writeFileSync(path.join(dir, "report.md"), `${[...header, ...sections].join("\n")}\n`);
writeFileSync(
  path.join(dir, "report.json"),
  `${JSON.stringify({ goals, pulumi, overhead, plugin: pluginBench, export: exported, emulator, data: read("data"), webhooks: read("webhooks"), chaos }, null, 2)}\n`,
);
console.log([...header, ...sections].join("\n"));
