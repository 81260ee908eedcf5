#!/usr/bin/env node
// `telnyx-texml export` on a large account: 1,000 TeXML applications and 100 queues seeded
// into an in-process emulator, exported into an empty directory. Prints the listing
// requests the export made (from the emulator's request log; the least possible is
// ceil(1000/250) = 4 application pages + 1 queue page at PageSize 1000, and no per-object
// read) and its wall time: in process (median of BENCH_ROUNDS) and as the CLI command in a
// child process (Node start-up included). Needs `npm run build`. Figures are printed, never
// asserted.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { median, round, root, writeResult } from "./support.mjs";

const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 1000);
const QUEUES = Number(process.env.BENCH_QUEUES ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const APPLICATION_PAGE = 250; // the largest `page[size]` of /texml_applications
const TEXML_PAGE = 1000; // the largest TeXML `PageSize`

const require = createRequire(import.meta.url);
const { startEmulator } = require(`${root}/dist/emulator/index.js`);
const { exportAccount } = require(`${root}/dist/provider/faces/dynamic/declarative/export.js`);

const emulator = await startEmulator({ port: 0, webhookDispatch: false });
const anchorsites = ["Latency", "Chicago, IL", "Amsterdam, Netherlands"];
await emulator.seed({
  applications: Array.from({ length: APPLICATIONS }, (_, i) => ({
    // Every tenth name repeats, some are unicode: the key assignment has work to do.
    friendly_name: i % 10 === 0 ? "Support Line" : i % 7 === 0 ? `Café ${i} ☎` : `app-${String(i).padStart(4, "0")}`,
    voice_url: `https://voice.example.com/texml/${i}`,
    ...(i % 3 === 0 ? { status_callback: "https://voice.example.com/status", tags: ["bench", `t${i % 5}`] } : {}),
    ...(i % 4 === 0 ? { inbound: { channel_limit: 1 + (i % 20), shaken_stir_enabled: true }, outbound: { channel_limit: 5 } } : {}),
    anchorsite_override: anchorsites[i % anchorsites.length],
  })),
  queues: Array.from({ length: QUEUES }, (_, i) => ({ name: `queue-${String(i).padStart(3, "0")}`, maxSize: 10 + i })),
});

process.env.TELNYX_API_KEY = emulator.apiKey;
process.env.TELNYX_BASE_URL = emulator.baseUrl;
process.env.TELNYX_ACCOUNT_SID = emulator.accountSid;

const scratch = mkdtempSync(path.join(os.tmpdir(), "texml-bench-export-"));
let requests = [];
const timesMs = [];
let report;
for (let round_ = 0; round_ < ROUNDS; round_++) {
  await emulator.clearRequests();
  const started = performance.now();
  report = await exportAccount({ out: path.join(scratch, `inproc-${round_}`) });
  timesMs.push(performance.now() - started);
  requests = await emulator.requests();
}
if (report.applications !== APPLICATIONS || report.queues !== QUEUES)
  throw new Error(`exported ${report.applications} applications and ${report.queues} queues, seeded ${APPLICATIONS} and ${QUEUES}`);

const isList = (r) => r.method === "GET" && (r.path === "/texml_applications" || r.path.endsWith("/Queues"));
const listRequests = requests.filter(isList);
const other = requests.filter((r) => !isList(r));
const minimum = Math.ceil(APPLICATIONS / APPLICATION_PAGE) + Math.max(1, Math.ceil(QUEUES / TEXML_PAGE));

// The command as users run it, in a child process (execFile, not execFileSync: the emulator answers from this process).
await emulator.clearRequests();
const cliStarted = performance.now();
const cli = await promisify(execFile)(
  process.execPath,
  [path.join(root, "dist", "scripts", "cli.js"), "export", "--out", path.join(scratch, "cli")],
  { env: process.env, encoding: "utf8" },
);
const cliMs = performance.now() - cliStarted;
const cliRequests = (await emulator.requests()).length;

await emulator.close();
rmSync(scratch, { recursive: true, force: true });

const figures = {
  applications: APPLICATIONS,
  queues: QUEUES,
  listRequests: listRequests.length,
  minimumListRequests: minimum,
  applicationPages: listRequests.filter((r) => r.path === "/texml_applications").length,
  queuePages: listRequests.filter((r) => r.path.endsWith("/Queues")).length,
  otherRequests: other.length,
  inProcessMedianMs: round(median(timesMs), 1),
  inProcessRoundsMs: timesMs.map((t) => round(t, 1)),
  cliMs: round(cliMs, 1),
  cliRequests,
  leftOut: report.leftOut.length,
};
console.log(`export of ${APPLICATIONS} applications and ${QUEUES} queues`);
console.log(
  `  list requests: ${figures.listRequests} (${figures.applicationPages} application pages + ${figures.queuePages} queue page${figures.queuePages === 1 ? "" : "s"}; minimum ${minimum}), other requests: ${figures.otherRequests}`,
);
console.log(`  wall time in process: ${figures.inProcessMedianMs} ms (median of ${ROUNDS}: ${figures.inProcessRoundsMs.join(", ")} ms)`);
console.log(`  wall time of \`telnyx-texml export\` (child process, Node start-up included): ${figures.cliMs} ms, ${cliRequests} requests`);
console.log(cli.stdout.split("\n")[0]);
console.log(JSON.stringify(figures));
writeResult("export", figures);
