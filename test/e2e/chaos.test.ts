// Chaos: up / change / destroy cycles of a realistic stack while the emulator injects
// random faults, next to foreign objects the stack must never touch, with the stack's own
// settings: an application identical to one of the stack's (friendly name and every input),
// and a queue with the stack's MaxSize (queue names are unique in an account, so it cannot
// share the name too). A broken identity or clock proof in the settling of an ambiguous
// create would adopt one of them: a takeover. After each step the faults stop and the stack converges by
// running the step again, as a user would. Then the engine's state is compared with the
// emulator *before* refresh (what the engine believes) and again after it.
//
// Each cycle draws its faults from its own seed. `npm test` runs the fixed regression
// seeds below (CI is deterministic up to thread timing); `npm run chaos` explores fresh
// seeds (CHAOS_EXPLORE=1) and prints each cycle's, so a failing one can be replayed with
// CHAOS_SEEDS=<seed> and then added to REGRESSION_SEEDS once fixed.
//
// Goals (every count 0): takeovers, foreign deletions or changes, clobbered secrets,
// orphans, duplicates, mismatches before and after refresh, and errors whose text is not
// one of the messages expected for the injected faults.
//
// Honesty check: with Secret's own delete overwriting the value again (the behaviour
// before the claim), every cycle reports a clobbered secret (see the README's chaos section).
import { randomInt } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Application, Queue, Secret } from "../../provider";
import { SECRET_VALUE, createE2eStack, type E2eStack } from "./support/harness";

/**
 * Seeds run by `npm test`. 641599 is the seed of the last recorded 50-cycle report; add every
 * seed that ever failed, once fixed. 769437771 left an orphan application in a 50-cycle run
 * (created once, never updated, not in the state: most likely a create whose lookup failed under
 * faults gave up, and the re-run made a second one; since then lookups are retried
 * within the settle time). It did not fail again when replayed alone: thread timing differs.
 */
const REGRESSION_SEEDS = [641599, 769437771, 1, 2, 3, 5, 8, 13, 21, 34, 55];

const explore = process.env.CHAOS_EXPLORE === "1";
const seeds: number[] = process.env.CHAOS_SEEDS
  ? process.env.CHAOS_SEEDS.split(",").map((s) => Number(s.trim()))
  : explore
    ? Array.from({ length: Number(process.env.CHAOS_CYCLES ?? 50) }, () => randomInt(1, 1_000_000_000))
    : REGRESSION_SEEDS.slice(0, Number(process.env.CHAOS_CYCLES ?? REGRESSION_SEEDS.length));

/** A small deterministic PRNG (mulberry32). */
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
/** The current cycle's random source, shared by the fault choice and the emulator's fault draws. */
let random = prng(1);

interface Shape {
  cycle: number;
  changed: boolean;
}

/** Friendly name the stack shares with a foreign application, in every cycle. */
const SHARED_NAME = "shared-line";
/** The voice URL of the stack's `shared-app` before the change: the foreign application has it too. */
const SHARED_VOICE_URL = "https://voice.example.com/shared";
/** The support queue's MaxSize before the change: the foreign queue has it too. */
const SUPPORT_MAX_SIZE = 25;

/**
 * A call centre: four applications (one named like a foreign one), two queues and a
 * secret. The change adds and edits applications, resizes and renames queues, removes a
 * declared field, and renames the secret's resource while keeping its Telnyx name.
 */
function program(shape: Shape) {
  return async () => {
    const tag = `c${shape.cycle}`;
    const host = shape.changed ? "https://voice-v2.example.com" : "https://voice.example.com";
    const apps: Record<string, Application> = {};
    for (const name of shape.changed ? ["ivr", "support", "sales", "billing"] : ["ivr", "support", "sales"]) {
      apps[name] = new Application(`${name}-app`, {
        friendlyName: `${tag}-${name}`,
        voiceUrl: `${host}/${name}`,
        ...(shape.changed && name === "sales" ? {} : { statusCallback: `${host}/status` }),
      });
    }
    apps.shared = new Application("shared-app", {
      friendlyName: SHARED_NAME,
      voiceUrl: shape.changed ? `${host}/shared` : SHARED_VOICE_URL,
    });
    const support = new Queue("support-queue", { name: `${tag}-support`, maxSize: shape.changed ? 30 : SUPPORT_MAX_SIZE });
    const sales = new Queue("sales-queue", { name: shape.changed ? `${tag}-sales-emea` : `${tag}-sales`, maxSize: 10 });
    new Secret(shape.changed ? "crm-token-v2" : "crm-token", {
      name: `crm_token_${tag}`,
      value: new pulumi.Config("demo").requireSecret("crmToken"),
    });
    return { applicationIds: Object.fromEntries(Object.entries(apps).map(([k, v]) => [k, v.id])), queues: [support.sid, sales.sid] };
  };
}

const faultKinds = [
  { name: "429", action: { type: "status", status: 429, retryAfter: 1 } },
  { name: "500", action: { type: "status", status: 500 } },
  { name: "502", action: { type: "status", status: 502 } },
  { name: "503", action: { type: "status", status: 503 } },
  { name: "503-after", action: { type: "status", status: 503, when: "after" } },
  { name: "504", action: { type: "status", status: 504 } },
  { name: "drop-before", action: { type: "drop", when: "before" } },
  { name: "drop-after", action: { type: "drop", when: "after" } },
  { name: "delay", action: { type: "delay", ms: 300 } },
  { name: "malformed", action: { type: "malformed" } },
  { name: "unlisted", action: { type: "unlisted", ms: 1500 } },
] as const;

/**
 * The messages a failed operation may show under these faults, and nothing else: the
 * client's own errors for a status, a dropped connection or a malformed body, and the
 * settling of an ambiguous create.
 */
const EXPECTED_ERRORS: RegExp[] = [
  /Telnyx API error (429|500|502|503|504) on (GET|POST|PATCH|DELETE) \/\S+: [A-Z][\w ]+: [^\n]+\(code 100(07|11)\)/,
  /Telnyx request (GET|POST|PATCH|DELETE) \/\S+ to http:\/\/127\.0\.0\.1:\d+ failed: connection closed by the server before it answered \(UND_ERR_SOCKET\)/,
  /Telnyx answered (GET|POST|PATCH|DELETE) \/\S+ with 200 and a body that is not JSON/,
  /TeXML (application|queue) "[^"]+": the create request failed (\d+ times )?\(/,
];
/** The engine's own summary lines, which accompany a resource's error. */
const ENGINE_LINES = /^error: (update|destroy|preview|refresh) failed$|^error: \d+ errors? occurred:?$/;

interface Report {
  seeds: number[];
  failedSeeds: number[];
  cycles: number;
  pulumiOperations: number;
  apiRequests: number;
  faultsArmed: number;
  faultsInjected: number;
  /** Creates whose outcome the provider could not know (applied, then a 5xx, a dropped connection or an unreadable body). */
  ambiguousCreates: number;
  cyclesCompleted: number;
  cyclesFailedWithExpectedError: number;
  unexpectedErrors: string[];
  takeovers: string[];
  foreignChanges: string[];
  clobberedSecrets: string[];
  orphans: string[];
  duplicates: string[];
  mismatchesBeforeRefresh: string[];
  mismatchesAfterRefresh: string[];
  errors: string[];
}

const report: Report = {
  seeds: [],
  failedSeeds: [],
  cycles: 0,
  pulumiOperations: 0,
  apiRequests: 0,
  faultsArmed: 0,
  faultsInjected: 0,
  ambiguousCreates: 0,
  cyclesCompleted: 0,
  cyclesFailedWithExpectedError: 0,
  unexpectedErrors: [],
  takeovers: [],
  foreignChanges: [],
  clobberedSecrets: [],
  orphans: [],
  duplicates: [],
  mismatchesBeforeRefresh: [],
  mismatchesAfterRefresh: [],
  errors: [],
};

let e2e: E2eStack;
/** The foreign objects, as the emulator held them after seeding. */
let foreign: { appId: string; appJson: string; queueSid: string; queueJson: string; secretDigest: string };

async function api(method: string, p: string, body?: { json?: unknown; form?: Record<string, string> }): Promise<any> {
  const response = await fetch(`${e2e.emulator.baseUrl}${p}`, {
    method,
    headers: {
      authorization: `Bearer ${e2e.emulator.apiKey}`,
      ...(body ? { "content-type": body.json !== undefined ? "application/json" : "application/x-www-form-urlencoded" } : {}),
    },
    body: body ? (body.json !== undefined ? JSON.stringify(body.json) : new URLSearchParams(body.form).toString()) : undefined,
  });
  return response.json();
}

beforeAll(async () => {
  e2e = await createE2eStack(
    "chaos",
    program({ cycle: 0, changed: false }),
    { "demo:crmToken": { value: SECRET_VALUE, secret: true } },
    { random: () => random() },
  );
  // Objects made outside the stack, before it runs, with the stack's settings: they must come through every cycle untouched.
  const app = (await api("POST", "/texml_applications", { json: { friendly_name: SHARED_NAME, voice_url: SHARED_VOICE_URL } })).data;
  const queue = await api("POST", `/texml/Accounts/${e2e.emulator.accountSid}/Queues`, {
    form: { FriendlyName: "foreign-queue", MaxSize: String(SUPPORT_MAX_SIZE) },
  });
  await api("POST", "/texml/secrets", { json: { name: "foreign_secret", value: "set-by-someone-else" } });
  const state = await e2e.emulator.state();
  foreign = {
    appId: app.id,
    appJson: JSON.stringify(state.applications.find((a) => a.wire.id === app.id)),
    queueSid: queue.sid,
    queueJson: JSON.stringify(state.queues.find((q) => q.sid === queue.sid)),
    secretDigest: state.secrets.find((s) => s.name === "foreign_secret")!.valueHmac,
  };
  // Creation times are compared with Telnyx's clock at whole seconds: the foreign objects are older than that.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
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

/** The error lines of a failed operation that are not among the expected messages. */
function unexpectedLines(message: string): string[] {
  const lines = message
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^error: /.test(l));
  if (lines.length === 0) return [message.split("\n")[0] ?? message];
  const resourceLines = lines.filter((l) => !ENGINE_LINES.test(l));
  if (resourceLines.length === 0) return lines;
  return resourceLines.filter((l) => !EXPECTED_ERRORS.some((pattern) => pattern.test(l)));
}

interface StateResource {
  type: string;
  urn: string;
  id?: string;
  outputs?: Record<string, any>;
}

/** Compares what the engine's state says with what the emulator holds. */
async function compare(step: string, when: "before refresh" | "after refresh", expectEmpty: boolean): Promise<void> {
  const mismatches = when === "before refresh" ? report.mismatchesBeforeRefresh : report.mismatchesAfterRefresh;
  const { stdout } = await e2e.cli(["stack", "export"]);
  const resources = (JSON.parse(stdout).deployment.resources ?? []) as StateResource[];
  const stateApps = new Map(resources.filter((r) => r.type.endsWith(":Application")).map((r) => [r.id!, r.outputs!]));
  const stateQueues = new Map(resources.filter((r) => r.type.endsWith(":Queue")).map((r) => [r.id!, r.outputs!]));
  const state = await e2e.emulator.state();
  const label = `${step} (${when})`;

  if (stateApps.has(foreign.appId)) report.takeovers.push(`${label}: the foreign application ${foreign.appId} is in the stack`);
  if (stateQueues.has(foreign.queueSid)) report.takeovers.push(`${label}: the foreign queue ${foreign.queueSid} is in the stack`);
  const app = state.applications.find((a) => a.wire.id === foreign.appId);
  if (JSON.stringify(app) !== foreign.appJson)
    report.foreignChanges.push(`${label}: the foreign application is ${app ? "changed" : "gone"}`);
  const queue = state.queues.find((q) => q.sid === foreign.queueSid);
  if (JSON.stringify(queue) !== foreign.queueJson)
    report.foreignChanges.push(`${label}: the foreign queue is ${queue ? "changed" : "gone"}`);
  if (state.secrets.find((s) => s.name === "foreign_secret")?.valueHmac !== foreign.secretDigest)
    report.clobberedSecrets.push(`${label}: foreign_secret`);
  for (const secret of resources.filter((r) => r.type.endsWith(":Secret"))) {
    const name = secret.outputs?.name as string;
    if (!(await e2e.emulator.secretMatches(name, SECRET_VALUE)))
      report.clobberedSecrets.push(`${label}: ${name} does not hold the stack's value`);
  }

  const ours = state.applications.filter((a) => a.wire.id !== foreign.appId);
  const names = new Map<string, number>();
  for (const a of ours) names.set(a.wire.friendly_name, (names.get(a.wire.friendly_name) ?? 0) + 1);
  for (const [name, count] of names) if (count > 1) report.duplicates.push(`${label}: ${count} applications named ${name}`);
  for (const a of ours) {
    const inState = stateApps.get(a.wire.id);
    if (!inState) report.orphans.push(`${label}: application ${a.wire.id} (${a.wire.friendly_name}) is not in the stack`);
    else if (
      inState.voiceUrl !== a.wire.voice_url ||
      inState.friendlyName !== a.wire.friendly_name ||
      (inState.statusCallback ?? null) !== (a.wire.status_callback ?? null)
    ) {
      mismatches.push(
        `${label}: application ${a.wire.id} state ${inState.voiceUrl} ${inState.statusCallback} vs remote ${String(a.wire.voice_url)} ${String(a.wire.status_callback)}`,
      );
    }
  }
  for (const [id] of stateApps)
    if (!state.applications.some((a) => a.wire.id === id)) mismatches.push(`${label}: application ${id} is in the stack but not in Telnyx`);
  for (const q of state.queues.filter((q) => q.sid !== foreign.queueSid)) {
    const inState = stateQueues.get(q.sid);
    if (!inState) report.orphans.push(`${label}: queue ${q.sid} is not in the stack`);
    else if (inState.maxSize !== q.maxSize)
      mismatches.push(`${label}: queue ${q.sid} state maxSize ${inState.maxSize} vs remote ${q.maxSize}`);
  }
  for (const [sid] of stateQueues)
    if (!state.queues.some((q) => q.sid === sid)) mismatches.push(`${label}: queue ${sid} is in the stack but not in Telnyx`);
  if (expectEmpty && (ours.length > 0 || state.queues.length > 1))
    report.orphans.push(`${label}: ${ours.length} applications and ${state.queues.length - 1} queues left after destroy`);
}

/**
 * Runs one step under faults; on failure stops the faults and converges the way a user
 * would, by running it again. Returns whether the first try succeeded.
 */
async function step(name: string, run: () => Promise<unknown>): Promise<boolean> {
  await armFaults();
  let ok = true;
  report.pulumiOperations++;
  try {
    await run();
  } catch (error) {
    ok = false;
    const message = error instanceof Error ? error.message : String(error);
    const resourceLines = message
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => /^error: /.test(l) && !ENGINE_LINES.test(l));
    report.errors.push(`${name}: ${(resourceLines.length ? resourceLines : [message.split("\n")[0] ?? ""]).join(" | ").slice(0, 500)}`);
    for (const line of unexpectedLines(message)) report.unexpectedErrors.push(`${name}: ${line.slice(0, 500)}`);
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
  return ok;
}

/** Compares before refresh, refreshes, compares again. */
async function check(name: string, expectEmpty: boolean): Promise<void> {
  await compare(name, "before refresh", expectEmpty);
  report.pulumiOperations++;
  await e2e.stack.refresh();
  await compare(name, "after refresh", expectEmpty);
}

const problemList = () => [
  ...report.unexpectedErrors,
  ...report.takeovers,
  ...report.foreignChanges,
  ...report.clobberedSecrets,
  ...report.orphans,
  ...report.duplicates,
  ...report.mismatchesBeforeRefresh,
  ...report.mismatchesAfterRefresh,
];

const problemCount = () =>
  report.unexpectedErrors.length +
  report.takeovers.length +
  report.foreignChanges.length +
  report.clobberedSecrets.length +
  report.orphans.length +
  report.duplicates.length +
  report.mismatchesBeforeRefresh.length +
  report.mismatchesAfterRefresh.length;

describe(`chaos: ${seeds.length} up / change / destroy cycles under random faults (seeds ${explore ? "fresh" : "fixed"})`, () => {
  it(
    "no takeover, foreign change, clobbered secret, orphan, duplicate or mismatch; every failure is an expected message",
    async () => {
      for (const [index, seed] of seeds.entries()) {
        const cycle = index + 1;
        random = prng(seed);
        report.seeds.push(seed);
        const problemsBefore = problemCount();
        const seen = new Set(problemList());
        await e2e.emulator.clearRequests();
        let clean = true;
        e2e.setProgram(program({ cycle, changed: false }));
        clean = (await step(`cycle ${cycle} (seed ${seed}) up`, () => e2e.stack.up())) && clean;
        await check(`cycle ${cycle} up`, false);
        e2e.setProgram(program({ cycle, changed: true }));
        clean = (await step(`cycle ${cycle} (seed ${seed}) change`, () => e2e.stack.up())) && clean;
        await check(`cycle ${cycle} change`, false);
        clean = (await step(`cycle ${cycle} (seed ${seed}) destroy`, () => e2e.stack.destroy())) && clean;
        await check(`cycle ${cycle} destroy`, true);

        const log = await e2e.emulator.requests();
        report.apiRequests += log.length;
        report.faultsInjected += log.filter((r) => r.fault !== undefined && r.fault !== null).length;
        report.ambiguousCreates += log.filter(
          (r) =>
            r.method === "POST" &&
            /^\/texml_applications$|\/Queues$/.test(r.path) &&
            /drop:after|status:5\d\d:after|malformed/.test(r.fault ?? ""),
        ).length;
        report.cycles++;
        if (clean) report.cyclesCompleted++;
        else report.cyclesFailedWithExpectedError++;
        if (problemCount() > problemsBefore) {
          report.failedSeeds.push(seed);
          console.log(
            `chaos cycle ${cycle} (seed ${seed}) problems:\n  ${problemList()
              .filter((p) => !seen.has(p))
              .join("\n  ")}`,
          );
        }
        console.log(
          `chaos cycle ${cycle}/${seeds.length} (seed ${seed}): ${clean ? "completed" : "failed, then converged"}; ${log.length} requests${problemCount() > problemsBefore ? "; PROBLEMS FOUND" : ""}`,
        );
        // After every cycle, so a run cut short still leaves an honest report of the cycles it ran.
        writeReport();
      }
      expect(report.takeovers).toEqual([]);
      expect(report.foreignChanges).toEqual([]);
      expect(report.clobberedSecrets).toEqual([]);
      expect(report.orphans).toEqual([]);
      expect(report.duplicates).toEqual([]);
      expect(report.mismatchesBeforeRefresh).toEqual([]);
      expect(report.mismatchesAfterRefresh).toEqual([]);
      expect(report.unexpectedErrors).toEqual([]);
      expect(report.faultsInjected).toBeGreaterThan(0);
      // The settling of ambiguous creates, next to the foreign look-alikes, is what this suite is for: it must have run.
      expect(report.ambiguousCreates).toBeGreaterThan(0);
      // A cycle is several Pulumi operations, some slowed by injected delays, retries and the
      // settling of ambiguous creates: allow three minutes each, so the run's length never decides its verdict.
    },
    seeds.length * 180_000,
  );
});

function writeReport(): void {
  const dir = path.resolve(__dirname, "../../bench/results");
  mkdirSync(dir, { recursive: true });
  // `npm run chaos` writes the report the benchmark gathers; the run in `npm test` its own.
  const name = process.env.CHAOS_REPORT ?? "chaos-ci";
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify({ measuredAt: new Date().toISOString(), ...report }, null, 2)}\n`);
  const lines = [
    `# Chaos run (${new Date().toISOString()})`,
    "",
    `${report.cycles} cycles of up / change / destroy, ${explore ? "fresh seeds" : "the fixed regression seeds"}: ${report.seeds.join(", ")}. Replay one with CHAOS_SEEDS=<seed>.`,
    "",
    "| figure | value | goal |",
    "| --- | --- | --- |",
    `| Pulumi operations attempted (incl. refreshes and re-runs) | ${report.pulumiOperations} | |`,
    `| API requests received | ${report.apiRequests} | |`,
    `| faults armed / injected | ${report.faultsArmed} / ${report.faultsInjected} | |`,
    `| creates with an unknown outcome (applied, then a 5xx, a drop or an unreadable body) | ${report.ambiguousCreates} | |`,
    `| cycles completed without error | ${report.cyclesCompleted} | |`,
    `| cycles with a failed step (expected error, converged on re-run) | ${report.cyclesFailedWithExpectedError} | |`,
    `| errors not among the expected messages | ${report.unexpectedErrors.length} | 0 |`,
    `| takeovers of foreign objects | ${report.takeovers.length} | 0 |`,
    `| foreign objects changed or deleted | ${report.foreignChanges.length} | 0 |`,
    `| clobbered secrets | ${report.clobberedSecrets.length} | 0 |`,
    `| orphaned objects | ${report.orphans.length} | 0 |`,
    `| duplicates | ${report.duplicates.length} | 0 |`,
    `| state mismatches before refresh | ${report.mismatchesBeforeRefresh.length} | 0 |`,
    `| state mismatches after refresh | ${report.mismatchesAfterRefresh.length} | 0 |`,
    `| seeds with a problem | ${report.failedSeeds.join(", ") || "none"} | none |`,
    "",
    "## Problems",
    "",
    ...[
      ...report.unexpectedErrors,
      ...report.takeovers,
      ...report.foreignChanges,
      ...report.clobberedSecrets,
      ...report.orphans,
      ...report.duplicates,
      ...report.mismatchesBeforeRefresh,
      ...report.mismatchesAfterRefresh,
    ].map((p) => `- ${p}`),
    "",
    "## Errors seen (the resource's error lines)",
    "",
    ...report.errors.map((e) => `- ${e}`),
    "",
  ];
  writeFileSync(path.join(dir, `${name}.md`), lines.join("\n"));
  if (report.cycles === seeds.length) console.log(lines.join("\n"));
}
