import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { LoggedRequest } from "../../emulator";
import { READ_CHECKS, WRITE_CHECKS } from "../../provider/doctor/catalogue";
import { formatJson, formatTable } from "../../provider/doctor/output";
import type { DoctorReport } from "../../provider/doctor/report";
import { runDoctor } from "../../provider/doctor/run";
import { doctorSettings } from "../../provider/doctor/settings";
import { TelnyxClient } from "../../provider/base/client/http";
import { useEmulator } from "../support/emulator-env";
import { startStub, type StubReply, type StubRequest } from "../support/http-stub";

const root = path.resolve(__dirname, "../..");
const builtCli = path.join(root, "dist", "scripts", "cli.js");

/** One in-process doctor run with the provider's settings (the environment useEmulator set). */
function doctor(write: boolean, interrupt = new AbortController().signal): Promise<DoctorReport> {
  return runDoctor(doctorSettings(), { write, interrupt });
}

const line = (r: LoggedRequest) =>
  `${r.method} ${r.path}${r.query ? `?${decodeURIComponent(r.query)}` : ""} ${r.status}${r.fault ? ` ${r.fault}` : ""}`;
const verdicts = (report: DoctorReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.verdict]));
const check = (report: DoctorReport, id: string) => report.checks.find((c) => c.id === id)!;

/** What the read-only pass sends for an account with two queues and three calls (no conference). */
function readOnlyLog(account: string): string[] {
  const a = `/texml/Accounts/${account}`;
  return [
    "GET /texml_applications 200",
    `GET ${a}/Queues?PageSize=1 200`,
    `GET ${a}/Queues 200`,
    `GET ${a}/Calls 200`,
    `GET ${a}/Conferences 200`,
    `GET ${a}/Recordings.json 200`,
    `GET ${a}/Transcriptions.json 200`,
    `GET ${a}/Calls?PageSize=1000 200`,
    `GET ${a}/Queues?PageSize=1 200`,
    `GET ${a}/Queues?Page=1&PageSize=1&PageToken=PAeyJvIjoxfQ 200`,
    "GET /texml_applications?filter[friendly_name]=ab 400",
  ];
}

/** What a whole --write cycle sends after the read-only pass, given the run's name, application id and queue sid. */
function writeLog(account: string, name: string, appId: string, queueSid: string): string[] {
  const q = `/texml/Accounts/${account}/Queues`;
  return [
    "POST /texml_applications 201",
    `GET /texml_applications?filter[friendly_name]=${name}&page[size]=250 200`,
    `GET /texml_applications?filter[friendly_name]=${name.slice(4).toUpperCase()}&page[size]=250 200`,
    `GET /texml_applications/${appId} 200`,
    `PATCH /texml_applications/${appId} 200`,
    `PATCH /texml_applications/${appId} 422`,
    `DELETE /texml_applications/${appId} 200`,
    `GET /texml_applications/${appId} 404`,
    `DELETE /texml_applications/${appId} 404`,
    `POST ${q} 200`,
    `GET ${q}?PageSize=1000 200`,
    `POST ${q} 422`,
    `POST ${q}/${queueSid} 422`,
    `POST ${q}/${queueSid} 200`,
    `DELETE ${q}/${queueSid} 204`,
    `GET ${q}/${queueSid} 404`,
  ];
}

/** Every write the run sent names only its own objects: the prefixed name, or the id/sid it created. */
function expectOnlyOwnWrites(log: LoggedRequest[], report: DoctorReport): void {
  const ownIds = report.created.map((o) => o.id);
  for (const r of log.filter((r) => r.method !== "GET")) {
    const own = ownIds.some((id) => r.path.endsWith(`/${encodeURIComponent(id)}`)) || r.body.includes(report.prefix!);
    expect(own, `${r.method} ${r.path} ${r.body}`).toBe(true);
  }
}

async function seedAccount(emulator: ReturnType<typeof useEmulator>["emulator"]): Promise<void> {
  await emulator.seed({ queues: [{ name: "support" }, { name: "sales" }] });
  await emulator.generateCalls(3);
}

describe("telnyx-texml doctor (queue sid = name)", () => {
  const env = useEmulator({ queueSids: "name" });

  it("read-only: only GETs, every guess agrees, unknown paging fields are not reported", async () => {
    const { emulator } = env;
    await seedAccount(emulator);
    const report = await doctor(false);
    expect((await emulator.requests()).map(line)).toEqual(readOnlyLog(emulator.accountSid));
    expect(report.mode).toBe("read-only");
    expect(report.exitCode).toBe(0);
    expect(report.checks.map((c) => c.id)).toEqual(Object.keys(READ_CHECKS));
    const expected = Object.fromEntries(Object.keys(READ_CHECKS).map((id) => [id, "agrees"]));
    expected["read.list-participants"] = "undecided";
    expect(verdicts(report)).toEqual(expected);
    expect(check(report, "read.list-queues").seen).toBe("2 item(s), every field known");
    expect(check(report, "read.next-page").seen).toBe("queues: page 1 support, page 2 sales");
    // The 400 of read.filter-short is an error: the client gives no headers for those.
    expect(check(report, "read.date-header").seen).toBe("10 of 10 answers had one");
    expect(report.created).toEqual([]);
    expect(report.leftBehind).toEqual([]);
  });

  it("--write: creates, checks and deletes only its own application and queue; every guess agrees", async () => {
    const { emulator } = env;
    await seedAccount(emulator);
    const before = await emulator.state();
    const report = await doctor(true);
    expect(report.prefix).toMatch(/^telnyx-texml-doctor-[0-9a-f]{8}$/);
    const [app, queue] = report.created;
    expect(report.created).toEqual([
      { kind: "application", id: app!.id, name: report.prefix, deleted: true },
      { kind: "queue", id: report.prefix, name: report.prefix, deleted: true },
    ]);
    const log = await emulator.requests();
    expect(log.map(line)).toEqual([
      ...readOnlyLog(emulator.accountSid),
      ...writeLog(emulator.accountSid, report.prefix!, app!.id, queue!.id),
    ]);
    expectOnlyOwnWrites(log, report);
    expect(Object.values(verdicts(report)).filter((v) => v !== "agrees")).toEqual(["undecided"]); // participants: no conference
    expect(report.exitCode).toBe(0);
    expect(report.leftBehind).toEqual([]);
    expect(objects(await emulator.state())).toEqual(objects(before));
  });

  it("a 5xx in the middle of the cycle stops it, deletes what it made and says so", async () => {
    const { emulator } = env;
    await emulator.addFault({ method: "PATCH", path: "^/texml_applications/", action: { type: "status", status: 503 } });
    const report = await doctor(true);
    const appId = report.created[0]!.id;
    const log = (await emulator.requests()).map(line);
    // The client retried the PATCH (4 retries), then the cycle stopped and cleanup deleted the application.
    expect(log.filter((l) => l.startsWith("PATCH"))).toEqual(Array(5).fill(`PATCH /texml_applications/${appId} 503 status:503`));
    expect(log.at(-1)).toBe(`DELETE /texml_applications/${appId} 200`);
    expect(check(report, "write.app-update")).toMatchObject({
      verdict: "error",
      seen: "503: Service Unavailable (injected by the emulator).",
    });
    expect(check(report, "write.queue-create")).toMatchObject({ verdict: "undecided", seen: "not reached: an earlier step failed" });
    expect(report.created).toEqual([{ kind: "application", id: appId, name: report.prefix, deleted: true }]);
    expect(report.leftBehind).toEqual([]);
    expect(report.exitCode).toBe(1);
    expect((await emulator.state()).applications).toEqual([]);
    expect((await emulator.state()).queues).toEqual([]);
  });

  it("a 5xx after the queue was made is settled as the provider settles creates: adopted by proof, then deleted", async () => {
    const { emulator } = env;
    await emulator.addFault({ method: "POST", path: "/Queues$", action: { type: "status", status: 503, when: "after" }, times: 1 });
    const report = await doctor(true);
    const q = `/texml/Accounts/${emulator.accountSid}/Queues`;
    const log = (await emulator.requests()).map(line);
    const at = log.indexOf(`POST ${q} 503 status:503:after`);
    expect(log.slice(at, at + 3)).toEqual([`POST ${q} 503 status:503:after`, `GET ${q}?PageSize=1000 200`, `GET ${q}?PageSize=1000 200`]);
    expect(log.filter((l) => l.startsWith(`POST ${q} `))).toEqual([`POST ${q} 503 status:503:after`, `POST ${q} 422`]);
    expect(report.created).toEqual([
      { kind: "application", id: report.created[0]!.id, name: report.prefix, deleted: true },
      { kind: "queue", id: report.prefix, name: report.prefix, deleted: true },
    ]);
    expect(report.exitCode).toBe(0);
    expect(report.leftBehind).toEqual([]);
    expect((await emulator.state()).queues).toEqual([]);
  });

  it("a dropped connection on its own create (applied) and on an update (not applied) leave nothing behind", async () => {
    const { emulator } = env;
    await emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "drop", when: "after" }, times: 1 });
    await emulator.addFault({ method: "POST", path: "/Queues/", action: { type: "drop", when: "before" }, times: 1 });
    const report = await doctor(true);
    const appId = report.created[0]!.id;
    const log = (await emulator.requests()).map(line);
    const at = log.indexOf("POST /texml_applications 0 drop:after");
    expect(at).toBeGreaterThan(0);
    expect(log[at + 1]).toBe(`GET /texml_applications?filter[friendly_name]=${report.prefix}&sort=-created_at&page[size]=250 200`);
    expect(log.filter((l) => l.startsWith("POST /texml_applications"))).toEqual(["POST /texml_applications 0 drop:after"]);
    expect(log.filter((l) => l.includes("drop:before"))).toEqual([
      `POST /texml/Accounts/${emulator.accountSid}/Queues/${report.prefix} 0 drop:before`,
    ]);
    expect(report.created.map((o) => o.deleted)).toEqual([true, true]);
    expect(log).toContain(`DELETE /texml_applications/${appId} 200`);
    expect(report.exitCode).toBe(0);
    expect(report.leftBehind).toEqual([]);
    const state = await emulator.state();
    expect([state.applications, state.queues]).toEqual([[], []]);
  });

  it("never prints the API key, in the table, in --json, or on a refused key", async () => {
    const { emulator } = env;
    const report = await doctor(true);
    for (const text of [formatTable(report), formatJson(report)]) {
      expect(text).not.toContain(emulator.apiKey);
      expect(text).toContain(report.prefix!);
    }
    const wrongKey = "KEYdoctor-test-wrong-key-0123456789";
    const refused = await runCli(["doctor", "--json"], { ...cliEnv(emulator), TELNYX_API_KEY: wrongKey });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe("telnyx-texml doctor: TELNYX_API_KEY: Telnyx refused the API key (401 on GET /texml_applications)\n");
    expect(JSON.parse(refused.stdout)).toEqual({
      format: 1,
      error: "TELNYX_API_KEY: Telnyx refused the API key (401 on GET /texml_applications)",
      exitCode: 2,
    });
    expect(refused.stdout + refused.stderr).not.toContain(wrongKey);
    const ok = await runCli(["doctor", "--write"], cliEnv(emulator));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("left behind: nothing");
    expect(ok.stdout + ok.stderr).not.toContain(emulator.apiKey);
  });

  it("usage and configuration errors exit 2 and name the option or setting", async () => {
    const { emulator } = env;
    const help = await runCli(["doctor", "--help"], cliEnv(emulator));
    expect(help.code).toBe(0);
    expect(help.stdout.split("\n")[0]).toBe("usage: telnyx-texml doctor [--write] [--json]");
    const usage = await runCli(["doctor", "--wirte"], cliEnv(emulator));
    expect(usage.code).toBe(2);
    expect(usage.stderr.split("\n")[0]).toBe("telnyx-texml doctor: unknown option --wirte");
    const noAccount = await runCli(["doctor"], { ...cliEnv(emulator), TELNYX_ACCOUNT_SID: "" });
    expect(noAccount.code).toBe(2);
    expect(noAccount.stderr).toContain("TELNYX_ACCOUNT_SID");
    const wrongAccount = await runCli(["doctor"], { ...cliEnv(emulator), TELNYX_ACCOUNT_SID: "no-such-account" });
    expect(wrongAccount.code).toBe(2);
    expect(wrongAccount.stderr).toBe(
      "telnyx-texml doctor: TELNYX_ACCOUNT_SID: Telnyx answered 404 for account no-such-account (GET /texml/Accounts/no-such-account/Queues); check the TeXML account SID\n",
    );
    expect(await emulator.requests().then((log) => log.filter((r) => r.method !== "GET"))).toEqual([]);
  });

  it("Ctrl-C during --write stops the cycle, cleans up and says what it made", async () => {
    const { emulator } = env;
    // Hold the PATCH for a while: the application exists, and the run is in the middle of its cycle.
    await emulator.addFault({ method: "PATCH", path: "^/texml_applications/", action: { type: "delay", ms: 1500 }, times: 1 });
    const run = startCli(["doctor", "--write"], cliEnv(emulator));
    for (let waited = 0; (await emulator.requests()).every((r) => r.method !== "PATCH") && waited < 20_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const app = (await emulator.state()).applications[0]?.wire;
    expect(app?.id).toBeDefined();
    run.child.kill("SIGINT");
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("interrupted: cleaning up what this run created");
    expect(result.stdout).toContain(`created: application ${String((app as { id: string }).id)} (deleted)`);
    expect(result.stdout).toContain("left behind: nothing");
    expect(result.stdout).toContain("interrupted (Ctrl-C)");
    const log = (await emulator.requests()).map(line);
    expect(log.at(-1)).toBe(`DELETE /texml_applications/${String((app as { id: string }).id)} 200`);
    expect(log.some((l) => l.includes("/Queues ") && l.startsWith("POST"))).toBe(false);
    expect((await emulator.state()).applications).toEqual([]);
  });
});

describe("telnyx-texml doctor (generated queue sids)", () => {
  const env = useEmulator({ queueSids: "generated" });

  it("--write: the sid is noted, not contradicted; everything it made is deleted", async () => {
    const { emulator } = env;
    await seedAccount(emulator);
    const before = await emulator.state();
    const report = await doctor(true);
    const [app, queue] = report.created;
    expect(queue!.id).toMatch(/^QU[0-9a-f]{32}$/);
    const log = await emulator.requests();
    expect(log.map(line)).toEqual([
      ...readOnlyLog(emulator.accountSid).map((l) => l.replace(/PageToken=\S+/, "PageToken=PAeyJvIjoxfQ")),
      ...writeLog(emulator.accountSid, report.prefix!, app!.id, queue!.id),
    ]);
    expectOnlyOwnWrites(log, report);
    expect(check(report, "write.queue-sid")).toMatchObject({ verdict: "noted", seen: `${queue!.id} (not the name)` });
    expect(report.exitCode).toBe(0);
    expect(report.created.every((o) => o.deleted)).toBe(true);
    expect(objects(await emulator.state())).toEqual(objects(before));
  });

  it("a lost queue create answer cannot be settled without sid = name: it deletes nothing it cannot prove and says what may remain", async () => {
    const { emulator } = env;
    await emulator.addFault({ method: "POST", path: "/Queues$", action: { type: "status", status: 503, when: "after" }, times: 1 });
    const report = await doctor(true);
    const state = await emulator.state();
    expect(state.applications).toEqual([]);
    expect(state.queues).toHaveLength(1);
    expect(report.created).toEqual([{ kind: "application", id: report.created[0]!.id, name: report.prefix, deleted: true }]);
    expect(report.leftBehind).toEqual([
      {
        kind: "queue",
        name: report.prefix,
        reason: expect.stringMatching(
          /^its create's answer was lost and it could not be proven whether Telnyx made it: the doctor's queue "telnyx-texml-doctor-[0-9a-f]{8}": .*Candidates created since the request was sent: QU[0-9a-f]{32} \(created .*, Telnyx does not show its name\)/,
        ),
      },
    ]);
    expect((await emulator.requests()).filter((r) => r.method === "DELETE" && r.path.includes("/Queues/"))).toEqual([]);
    expect(check(report, "write.queue-create").verdict).toBe("error");
    expect(report.exitCode).toBe(1);
    expect(formatTable(report)).toContain(`LEFT BEHIND:\n  queue "${report.prefix}": its create's answer was lost`);
  });
});

describe("telnyx-texml doctor (an emulator that contradicts a guess)", () => {
  const env = useEmulator({ queueDefaultMaxSize: 50 });

  it("exits 1 and names the contradicted guess; still deletes its objects", async () => {
    const { emulator } = env;
    const report = await doctor(true);
    expect(check(report, "write.queue-default-max-size")).toEqual({
      ...WRITE_CHECKS["write.queue-default-max-size"],
      seen: "max_size 50",
      verdict: "contradicted",
    });
    expect(report.checks.filter((c) => c.verdict === "contradicted").map((c) => c.id)).toEqual(["write.queue-default-max-size"]);
    expect(report.exitCode).toBe(1);
    const cli = await runCli(["doctor", "--write"], cliEnv(emulator));
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/^write\.queue-default-max-size +max_size 100 +max_size 50 +CONTRADICTED$/m);
    expect(cli.stdout).toContain("contradicted guesses: write.queue-default-max-size");
    const json = await runCli(["doctor", "--write", "--json"], cliEnv(emulator));
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as DoctorReport;
    // The shape a bug report carries: these fields, in this order, and one line per check of the catalogue.
    expect(Object.keys(parsed)).toEqual([
      "format",
      "package",
      "mode",
      "baseUrl",
      "prefix",
      "interrupted",
      "checks",
      "created",
      "leftBehind",
      "exitCode",
    ]);
    expect(parsed).toMatchObject({
      format: 1,
      package: { name: "pulumi-telnyx-texml" },
      mode: "write",
      baseUrl: emulator.baseUrl,
      interrupted: false,
      exitCode: 1,
      leftBehind: [],
    });
    expect(parsed.checks.map((c) => c.id)).toEqual([...Object.keys(READ_CHECKS), ...Object.keys(WRITE_CHECKS)]);
    expect(Object.keys(parsed.checks[0]!)).toEqual(["id", "check", "expected", "seen", "verdict"]);
    const state = await emulator.state();
    expect([state.applications, state.queues]).toEqual([[], []]);
  });
});

/** The account's objects (not the id counter, which every create moves on). */
const objects = (state: Awaited<ReturnType<ReturnType<typeof useEmulator>["emulator"]["state"]>>) => ({
  applications: state.applications,
  queues: state.queues,
  calls: state.calls,
});

describe("telnyx-texml doctor against answers the package does not expect (a stub server)", () => {
  it("reports unknown fields, a body that does not parse, and an answer without a readable Date header", async () => {
    const texmlPage = (key: string, items: unknown[]) => ({
      [key]: items,
      page: 0,
      page_size: 20,
      start: 0,
      end: 0,
      uri: "/v2/texml/x",
      first_page_uri: "/v2/texml/x",
      next_page_uri: null,
      previous_page_uri: null,
    });
    const reply = (req: StubRequest): StubReply => {
      const url = new URL(req.url, "http://stub");
      if (url.pathname === "/v2/texml_applications") {
        if (url.searchParams.has("filter[friendly_name]"))
          return { status: 400, json: { errors: [{ detail: "too short", source: { pointer: "/filter/friendly_name" } }] } };
        return {
          json: {
            data: [{ id: "1", friendly_name: "a", brand_new: true, inbound: { channel_limit: null, surprise: 1 } }],
            meta: { page_number: 1, page_size: 20, total_pages: 1, total_results: 1, cursor: "x" },
          },
        };
      }
      const listKey = url.pathname.split("/").pop()!.replace(".json", "").toLowerCase();
      // The queues page has a max_size the schema refuses; the calls page has no readable Date header.
      if (listKey === "queues") return { json: texmlPage("queues", [{ sid: "q", max_size: "ten" }]) };
      if (listKey === "calls")
        return {
          json: { ...texmlPage("calls", []), page_size: url.searchParams.get("PageSize") === "1000" ? 1000 : 20 },
          headers: { date: "not a date" },
        };
      return { json: texmlPage(listKey, []) };
    };
    const stub = await startStub(reply);
    try {
      const apiKey = "KEYstub-doctor-key-0123456789";
      const report = await runDoctor(
        {
          client: new TelnyxClient({ apiKey, baseUrl: stub.baseUrl, retry: { maxRetries: 0 } }),
          accountSid: "AC1",
          apiKey,
          baseUrl: stub.baseUrl,
        },
        { write: false, interrupt: new AbortController().signal },
      );
      expect(check(report, "read.list-applications")).toMatchObject({
        verdict: "noted",
        seen: "1 item(s); fields the package does not know: data[].brand_new, data[].inbound.surprise, meta.cursor",
      });
      expect(check(report, "read.list-queues")).toMatchObject({
        verdict: "contradicted",
        seen: "does not parse: queues.0.max_size: Invalid input: expected number, received string",
      });
      expect(check(report, "read.date-header")).toMatchObject({ verdict: "contradicted", seen: "6 of 8 answers had one" }); // both Calls answers lack it
      expect(report.exitCode).toBe(1);
      expect(stub.received.map((r) => r.method)).toEqual(Array(stub.received.length).fill("GET"));
      expect(formatJson(report) + formatTable(report)).not.toContain(apiKey);
    } finally {
      await stub.close();
    }
  });
});

function cliEnv(emulator: { apiKey: string; baseUrl: string; accountSid: string }): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !name.startsWith("TELNYX_")) env[name] = value;
  return {
    ...env,
    TELNYX_API_KEY: emulator.apiKey,
    TELNYX_BASE_URL: emulator.baseUrl,
    TELNYX_ACCOUNT_SID: emulator.accountSid,
    TELNYX_RETRY_BASE_MS: "1",
    TELNYX_CREATE_SETTLE_MS: "300",
  };
}

function startCli(args: string[], env: Record<string, string>) {
  if (!existsSync(builtCli)) throw new Error(`${builtCli} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [builtCli, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

function runCli(args: string[], env: Record<string, string>) {
  return startCli(args, env).done;
}
