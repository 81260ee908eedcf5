// Chaos: repeated `pulumi up` / change / `destroy` cycles of a realistic stack while
// the emulator injects random faults. After every step the faults stop, the stack
// converges, `pulumi refresh` runs, and the stack's state is compared with the
// emulator's. `npm run chaos` runs 50 cycles; `npm test` runs CHAOS_CYCLES (10).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Application, Queue, Secret } from "../../provider";
import { SECRET_VALUE, createE2eStack, type E2eStack } from "./support/harness";

const cycles = Number(process.env.CHAOS_CYCLES ?? 10);
const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);

/** A small deterministic PRNG (mulberry32) so a failing run can be replayed with CHAOS_SEED. */
function prng(start: number): () => number {
  let a = start >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(seed);

interface Shape {
  cycle: number;
  changed: boolean;
}

/** A call centre: three applications, two queues, a secret; the change adds, edits and renames. */
function program(shape: Shape) {
  return async () => {
    const tag = `c${shape.cycle}`;
    const host = shape.changed ? "https://voice-v2.example.com" : "https://voice.example.com";
    const apps: Record<string, Application> = {};
    for (const name of shape.changed ? ["ivr", "support", "sales", "billing"] : ["ivr", "support", "sales"]) {
      apps[name] = new Application(`${name}-app`, { friendlyName: `${tag}-${name}`, voiceUrl: `${host}/${name}`, statusCallback: `${host}/status` });
    }
    const support = new Queue("support-queue", { name: `${tag}-support`, maxSize: shape.changed ? 30 : 25 });
    const sales = new Queue("sales-queue", { name: shape.changed ? `${tag}-sales-emea` : `${tag}-sales`, maxSize: 10 });
    new Secret("crm-token", { name: `crm_token_${tag}`, value: new pulumi.Config("demo").requireSecret("crmToken") });
    return { applicationIds: Object.fromEntries(Object.entries(apps).map(([k, v]) => [k, v.id])), queues: [support.sid, sales.sid] };
  };
}

const faultKinds = [
  { name: "429", action: { type: "status", status: 429, retryAfter: 1 } },
  { name: "500", action: { type: "status", status: 500 } },
  { name: "502", action: { type: "status", status: 502 } },
  { name: "503", action: { type: "status", status: 503 } },
  { name: "504", action: { type: "status", status: 504 } },
  { name: "drop-before", action: { type: "drop", when: "before" } },
  { name: "drop-after", action: { type: "drop", when: "after" } },
  { name: "delay", action: { type: "delay", ms: 300 } },
  { name: "malformed", action: { type: "malformed" } },
] as const;

interface Report {
  seed: number;
  cycles: number;
  pulumiOperations: number;
  apiRequests: number;
  faultsArmed: number;
  faultsInjected: number;
  cyclesCompleted: number;
  cyclesFailedWithClearError: number;
  unclearErrors: string[];
  orphans: string[];
  duplicates: string[];
  stateMismatches: string[];
  errors: string[];
}

const report: Report = {
  seed,
  cycles: 0,
  pulumiOperations: 0,
  apiRequests: 0,
  faultsArmed: 0,
  faultsInjected: 0,
  cyclesCompleted: 0,
  cyclesFailedWithClearError: 0,
  unclearErrors: [],
  orphans: [],
  duplicates: [],
  stateMismatches: [],
  errors: [],
};

let e2e: E2eStack;

beforeAll(async () => {
  e2e = await createE2eStack("chaos", program({ cycle: 0, changed: false }), { "demo:crmToken": { value: SECRET_VALUE, secret: true } });
});

afterAll(async () => {
  await e2e?.dispose();
});

/** Arms each fault kind with a random probability, for writes and reads alike. */
async function armFaults(): Promise<void> {
  for (const kind of faultKinds) {
    if (random() < 0.5) continue;
    await e2e.emulator.addFault({ path: "^/texml", action: kind.action, probability: 0.04 + random() * 0.08 } as never);
    report.faultsArmed++;
  }
}

/** A failed operation's message is clear when it names what failed and how (method and path, or the object and what to check). */
function isClear(message: string): boolean {
  return /(GET|POST|PATCH|DELETE) \/texml|TeXML application|queue|secret/i.test(message) && !/undefined|\[object Object\]/.test(message);
}

async function api(p: string): Promise<any> {
  const response = await fetch(`${e2e.emulator.baseUrl}${p}`, { headers: { authorization: `Bearer ${e2e.emulator.apiKey}` } });
  return response.json();
}

/** Compares the stack's resources with what the emulator holds. */
async function compare(step: string, expectEmpty: boolean): Promise<void> {
  const { stdout } = await e2e.cli(["stack", "export"]);
  const resources = (JSON.parse(stdout).deployment.resources ?? []) as Array<{ type: string; id?: string; outputs?: Record<string, any> }>;
  const stateApps = new Map(resources.filter((r) => r.type.endsWith(":Application")).map((r) => [r.id!, r.outputs!]));
  const stateQueues = new Map(resources.filter((r) => r.type.endsWith(":Queue")).map((r) => [r.id!, r.outputs!]));
  const remoteApps = ((await api("/texml_applications?page[size]=250")).data ?? []) as Array<{ id: string; friendly_name: string; voice_url: string }>;
  const remoteQueues = ((await api(`/texml/Accounts/${e2e.emulator.accountSid}/Queues?PageSize=1000`)).queues ?? []) as Array<{ sid: string; friendly_name: string; max_size: number }>;

  const names = new Map<string, number>();
  for (const app of remoteApps) names.set(app.friendly_name, (names.get(app.friendly_name) ?? 0) + 1);
  for (const [name, count] of names) if (count > 1) report.duplicates.push(`${step}: ${count} applications named ${name}`);

  for (const app of remoteApps) {
    const inState = stateApps.get(app.id);
    if (!inState) report.orphans.push(`${step}: application ${app.id} (${app.friendly_name}) is not in the stack`);
    else if (inState.voiceUrl !== app.voice_url || inState.friendlyName !== app.friendly_name) report.stateMismatches.push(`${step}: application ${app.id} state ${inState.voiceUrl} vs remote ${app.voice_url}`);
  }
  for (const [id] of stateApps) if (!remoteApps.some((a) => a.id === id)) report.stateMismatches.push(`${step}: application ${id} is in the stack but not in Telnyx`);
  for (const queue of remoteQueues) {
    const inState = stateQueues.get(queue.sid);
    if (!inState) report.orphans.push(`${step}: queue ${queue.sid} is not in the stack`);
    else if (inState.maxSize !== queue.max_size) report.stateMismatches.push(`${step}: queue ${queue.sid} state maxSize ${inState.maxSize} vs remote ${queue.max_size}`);
  }
  for (const [sid] of stateQueues) if (!remoteQueues.some((q) => q.sid === sid)) report.stateMismatches.push(`${step}: queue ${sid} is in the stack but not in Telnyx`);
  if (expectEmpty && (remoteApps.length > 0 || remoteQueues.length > 0)) report.orphans.push(`${step}: ${remoteApps.length} applications and ${remoteQueues.length} queues left after destroy`);
}

/** Runs one step under faults; on failure stops the faults and converges the way a user would: run it again. */
async function step(name: string, run: () => Promise<unknown>): Promise<boolean> {
  await armFaults();
  let ok = true;
  report.pulumiOperations++;
  try {
    await run();
  } catch (error) {
    ok = false;
    const message = error instanceof Error ? error.message : String(error);
    const lines = message.split("\n").filter((l) => /error:/.test(l));
    const summary = (lines.length ? lines : [message.split("\n")[0] ?? ""]).join(" | ").slice(0, 400);
    report.errors.push(`${name}: ${summary}`);
    if (!isClear(message)) report.unclearErrors.push(`${name}: ${summary}`);
  }
  await e2e.emulator.clearFaults();
  if (!ok) {
    for (let attempt = 0; attempt < 2; attempt++) {
      report.pulumiOperations++;
      try {
        await run();
        break;
      } catch (error) {
        if (attempt === 1) throw error;
      }
    }
  }
  report.pulumiOperations++;
  await e2e.stack.refresh();
  return ok;
}

describe(`chaos: ${cycles} up / change / destroy cycles under random faults (seed ${seed})`, () => {
  it("leaves no orphans, duplicates or state mismatches, and every failure is explained", async () => {
    for (let cycle = 1; cycle <= cycles; cycle++) {
      await e2e.emulator.clearRequests();
      let clean = true;
      e2e.setProgram(program({ cycle, changed: false }));
      clean = (await step(`cycle ${cycle} up`, () => e2e.stack.up())) && clean;
      await compare(`cycle ${cycle} up`, false);
      e2e.setProgram(program({ cycle, changed: true }));
      clean = (await step(`cycle ${cycle} change`, () => e2e.stack.up())) && clean;
      await compare(`cycle ${cycle} change`, false);
      clean = (await step(`cycle ${cycle} destroy`, () => e2e.stack.destroy())) && clean;
      await compare(`cycle ${cycle} destroy`, true);

      const log = (await e2e.emulator.requests()) as Array<{ status: number; fault?: unknown }>;
      report.apiRequests += log.length;
      report.faultsInjected += log.filter((r) => r.fault !== undefined && r.fault !== null).length;
      report.cycles++;
      if (clean) report.cyclesCompleted++;
      else report.cyclesFailedWithClearError++;
      console.log(`chaos cycle ${cycle}/${cycles}: ${clean ? "completed" : "failed, then converged"}; ${log.length} requests`);
    }
    writeReport();
    expect(report.orphans).toEqual([]);
    expect(report.duplicates).toEqual([]);
    expect(report.stateMismatches).toEqual([]);
    expect(report.unclearErrors).toEqual([]);
    expect(report.cycles).toBe(cycles);
    expect(report.faultsInjected).toBeGreaterThan(0);
    // A cycle is several Pulumi operations, some slowed by injected delays and retries: allow
    // two minutes each (shared machines), so the run's length never decides its verdict.
  }, cycles * 120_000);
});

function writeReport(): void {
  const dir = path.resolve(__dirname, "../../bench/results");
  mkdirSync(dir, { recursive: true });
  // `npm run chaos` writes the report the benchmark gathers; the reduced run in `npm test` its own.
  const name = process.env.CHAOS_REPORT ?? "chaos-ci";
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  const lines = [
    `# Chaos run (${new Date().toISOString()})`,
    "",
    `Seed ${report.seed} (replay with CHAOS_SEED=${report.seed}); ${report.cycles} cycles of up / change / destroy.`,
    "",
    "| figure | value | goal |",
    "| --- | --- | --- |",
    `| Pulumi operations attempted (incl. refreshes and re-runs) | ${report.pulumiOperations} | |`,
    `| API requests received | ${report.apiRequests} | |`,
    `| faults armed / injected | ${report.faultsArmed} / ${report.faultsInjected} | |`,
    `| cycles completed without error | ${report.cyclesCompleted} | |`,
    `| cycles with a failed step (clear error, converged on re-run) | ${report.cyclesFailedWithClearError} | |`,
    `| unclear errors | ${report.unclearErrors.length} | 0 |`,
    `| orphaned objects | ${report.orphans.length} | 0 |`,
    `| duplicates | ${report.duplicates.length} | 0 |`,
    `| state mismatches | ${report.stateMismatches.length} | 0 |`,
    "",
    "## Errors seen (first line of each)",
    "",
    ...report.errors.map((e) => `- ${e}`),
    "",
  ];
  writeFileSync(path.join(dir, `${name}.md`), lines.join("\n"));
  console.log(lines.join("\n"));
}
