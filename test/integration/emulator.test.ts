// The emulator's own behaviour on the wire: paging, filters, call life, errors,
// signed callbacks, faults and persistence. (Response shapes are checked against
// the spec for every answer here by useEmulator.)
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import nacl from "tweetnacl";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { useEmulator } from "../support/emulator-env";

const env = useEmulator();

async function api(method: string, p: string, body?: { json?: unknown; form?: Record<string, string> }, key = env.emulator.apiKey) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  let payload: string | undefined;
  if (body?.json !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body.json);
  }
  if (body?.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    payload = new URLSearchParams(body.form).toString();
  }
  const response = await fetch(p.startsWith("http") ? p : `${env.emulator.baseUrl}${p}`, { method, headers, body: payload });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const account = () => `/texml/Accounts/${env.emulator.accountSid}`;

/** A well-formed UUID that names nothing in the emulator. */
const randomUUIDLike = () => "6a09cdc3-8948-47f0-aa62-74ac943d6c58";

describe("emulator: TeXML paging", () => {
  it("follows next_page_uri with a PageToken through every page, keeping the filters", async () => {
    await env.emulator.generateCalls(45, { startTime: "2026-11-01T00:00:00Z", spacingSeconds: 3600, to: "+13125550100" });
    await env.emulator.seed({ calls: [{ from: "+13125550111", to: "+13125550999", startTime: "2026-11-01T12:30:00Z" }] });
    const sids: string[] = [];
    let next: string | undefined = `${account()}/Calls?To=%2B13125550100&PageSize=20`;
    const pages: Array<Record<string, unknown>> = [];
    while (next) {
      const { status, body } = await api("GET", next.startsWith("/v2") ? `${env.emulator.origin}${next}` : next);
      expect(status).toBe(200);
      pages.push(body);
      sids.push(...body.calls.map((c: { sid: string }) => c.sid));
      next = body.next_page_uri;
    }
    expect(pages.map((p) => [p.page, p.page_size, p.start, p.end])).toEqual([
      [0, 20, 0, 19],
      [1, 20, 20, 39],
      [2, 20, 40, 44],
    ]);
    expect(new Set(sids).size).toBe(45);
    expect(String(pages[1]!.next_page_uri)).toMatch(
      /^\/v2\/texml\/Accounts\/[^/]+\/Calls\?To=%2B13125550100&Page=2&PageSize=20&PageToken=PA/,
    );
    expect(pages[2]!.next_page_uri).toBeUndefined();
    expect(pages[0]!.uri).toBe(`/v2${account()}/Calls?To=%2B13125550100&Page=0&PageSize=20`);
    // Every page URI takes the spec's one form: relative to the host, starting with /v2.
    expect(pages[1]!.previous_page_uri).toBe(`/v2${account()}/Calls?To=%2B13125550100&Page=0&PageSize=20`);
    for (const page of pages) {
      for (const name of ["uri", "first_page_uri", "next_page_uri", "previous_page_uri"]) {
        if (page[name] !== undefined) expect(String(page[name]), name).toMatch(/^\/v2\/texml\/Accounts\//);
      }
    }
    expect(pages[2]!.first_page_uri).toBe(`/v2${account()}/Calls?To=%2B13125550100&Page=0&PageSize=20`);
  });

  it("keeps first and previous page URIs absolute only where the spec's schema types them format: uri", async () => {
    const { calls } = await env.emulator.seed({ calls: [{ from: "+13125550111", to: "+13125550999" }] });
    await env.emulator.seed({ recordings: [{ callSid: calls[0]! }, { callSid: calls[0]! }] });
    const second = await api("GET", `${account()}/Recordings.json?PageSize=1&Page=1`);
    expect(second.body.first_page_uri).toBe(`${env.emulator.origin}/v2${account()}/Recordings.json?Page=0&PageSize=1`);
    expect(second.body.previous_page_uri).toBe(`${env.emulator.origin}/v2${account()}/Recordings.json?Page=0&PageSize=1`);
    expect(second.body.uri).toMatch(/^\/v2\/texml\//);
    const queues = await api("GET", `${account()}/Queues`);
    expect(queues.body.first_page_uri).toBe(`/v2${account()}/Queues?Page=0&PageSize=20`);
  });

  it("lists newest first and filters calls by day, status and number", async () => {
    await env.emulator.seed({
      calls: [
        { from: "+13125550001", to: "+13125550100", status: "completed", startTime: "2026-11-10T09:00:00Z" },
        { from: "+13125550002", to: "+13125550100", status: "busy", startTime: "2026-11-11T09:00:00Z" },
        { from: "+13125550003", to: "+13125550200", status: "no-answer", startTime: "2026-11-12T09:00:00Z" },
      ],
    });
    const froms = async (query: string) =>
      (await api("GET", `${account()}/Calls?${query}`)).body.calls.map((c: { from: string }) => c.from);
    expect(await froms("")).toEqual(["+13125550003", "+13125550002", "+13125550001"]);
    expect(await froms("StartTime_gt=2026-11-10")).toEqual(["+13125550003", "+13125550002"]);
    expect(await froms("StartTime_lt=2026-11-12&To=%2B13125550100")).toEqual(["+13125550002", "+13125550001"]);
    expect(await froms("StartTime=2026-11-11")).toEqual(["+13125550002"]);
    expect(await froms("Status=no-answer")).toEqual(["+13125550003"]);
    const bad = await api("GET", `${account()}/Calls?StartTime=11/10/2026`);
    expect(bad).toMatchObject({
      status: 422,
      body: { errors: [{ code: "10015", detail: "StartTime must be a date in the form YYYY-MM-DD", source: { pointer: "/StartTime" } }] },
    });
  });

  it("pages applications with page[number] and page[size], newest first, with totals in meta", async () => {
    for (const name of ["alpha-line", "beta-line", "gamma-router"])
      await api("POST", "/texml_applications", { json: { friendly_name: name, voice_url: "https://example.com" } });
    const first = await api("GET", "/texml_applications?page[size]=2");
    expect(first.body.data.map((a: { friendly_name: string }) => a.friendly_name)).toEqual(["gamma-router", "beta-line"]);
    expect(first.body.meta).toEqual({ page_number: 1, page_size: 2, total_pages: 2, total_results: 3 });
    const filtered = await api("GET", "/texml_applications?filter[friendly_name]=LINE&sort=friendly_name");
    expect(filtered.body.data.map((a: { friendly_name: string }) => a.friendly_name)).toEqual(["alpha-line", "beta-line"]);
    expect(first.body.data[0].created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((await api("GET", "/texml_applications?filter[friendly_name]=ab")).status).toBe(400);
  });
});

describe("emulator: errors on the wire", () => {
  it("answers 401 for a missing or wrong key, 404 and 422 in the spec's shapes", async () => {
    const unauthorized = await api("GET", "/texml_applications", undefined, "wrong");
    expect(unauthorized).toMatchObject({
      status: 401,
      body: { errors: [{ code: "10009", title: "Authentication failed", detail: "Could not understand the provided credentials." }] },
    });
    expect((await api("GET", `${account()}/Queues/nope`)).body).toEqual({ errors: [{ detail: "Resource not found" }] });
    const missing = await api("POST", "/texml_applications", { json: { voice_url: "https://example.com" } });
    expect(missing).toMatchObject({
      status: 422,
      body: {
        errors: [
          {
            code: "10004",
            title: "Missing required parameter",
            detail: "Can't be blank: friendly_name",
            source: { pointer: "/friendly_name" },
          },
        ],
      },
    });
    const nested = await api("POST", "/texml_applications", {
      json: { friendly_name: "x", voice_url: "https://example.com", inbound: { channel_limit: "ten" } },
    });
    expect(nested.body.errors[0].source).toEqual({ pointer: "/inbound/channel_limit" });
    const wrongType = await api("POST", `${account()}/Queues`, { form: { FriendlyName: "q", MaxSize: "0" } });
    expect(wrongType.body.errors[0]).toMatchObject({
      detail: "The 'MaxSize' parameter must be greater than or equal to 1",
      source: { pointer: "/MaxSize" },
    });
    const duplicate = await api("POST", `${account()}/Queues`, { form: { FriendlyName: "q" } }).then(() =>
      api("POST", `${account()}/Queues`, { form: { FriendlyName: "q" } }),
    );
    expect(duplicate).toMatchObject({ status: 422, body: { errors: [{ detail: "A queue named 'q' already exists" }] } });
  });
});

describe("emulator: closer to the spec", () => {
  it("takes the Authorization scheme in any case", async () => {
    for (const scheme of ["Bearer", "bearer", "BEARER", "bEaReR"]) {
      const response = await fetch(`${env.emulator.baseUrl}/texml_applications`, {
        headers: { authorization: `${scheme} ${env.emulator.apiKey}` },
      });
      expect(response.status, scheme).toBe(200);
    }
    expect(
      (await fetch(`${env.emulator.baseUrl}/texml_applications`, { headers: { authorization: `Basic ${env.emulator.apiKey}` } })).status,
    ).toBe(401);
  });

  it("answers 415 to a request body in a media type the operation does not take", async () => {
    const post = (p: string, contentType: string, body: string, method = "POST") =>
      fetch(`${env.emulator.baseUrl}${p}`, {
        method,
        headers: { authorization: `Bearer ${env.emulator.apiKey}`, "content-type": contentType },
        body,
      }).then(async (r) => ({ status: r.status, body: await r.json().catch(() => undefined) }));
    const form = "application/x-www-form-urlencoded";
    const json = "application/json";
    // JSON operations
    expect((await post("/texml_applications", form, "friendly_name=x&voice_url=https%3A%2F%2Fexample.com")).status).toBe(415);
    expect((await post("/texml/secrets", form, "name=a&value=b")).status).toBe(415);
    expect((await post(`${account()}/Calls`, form, "To=%2B13125550100&From=%2B13125550101&ApplicationSid=1")).status).toBe(415);
    // Form operations
    const queue = await post(`${account()}/Queues`, json, JSON.stringify({ FriendlyName: "json-queue" }));
    expect(queue).toMatchObject({ status: 415, body: { errors: [{ title: "Unsupported Media Type" }] } });
    expect(queue.body.errors[0].detail).toContain(form);
    expect((await post(`${account()}/Queues`, "text/plain", "FriendlyName=plain")).status).toBe(415);
    expect((await post(`${account()}/Calls/v3:abc`, json, JSON.stringify({ Status: "completed" }))).status).toBe(415);
    // No request body at all in the spec
    expect((await post(`${account()}/Queues/x`, json, "{}", "DELETE")).status).toBe(415);
    // The right type, with parameters, is accepted; nothing was created by the refused requests.
    expect((await post(`${account()}/Queues`, `${form}; charset=utf-8`, "FriendlyName=form-queue")).status).toBe(200);
    expect(
      (
        await post(
          "/texml_applications",
          "Application/JSON; charset=UTF-8",
          JSON.stringify({ friendly_name: "ok", voice_url: "https://example.com" }),
        )
      ).status,
    ).toBe(201);
    const state = await env.emulator.state();
    expect(state.queues.map((q) => q.sid)).toEqual(["form-queue"]);
    expect(state.secrets).toEqual([]);
    expect(state.calls).toEqual([]);
  });
});

describe("emulator: strict admin API", () => {
  const admin = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${env.emulator.adminUrl}${route}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const issuePaths = (body: { issues?: Array<{ path: string }> }) => (body.issues ?? []).map((i) => i.path);

  it("refuses faults that break their documented shape, naming the field", async () => {
    const refused: Array<[unknown, string]> = [
      [{ path: "^/texml" }, "action"],
      [{ path: "^/texml", action: { type: "explode" } }, "action.type"],
      [{ path: "^/texml", action: {} }, "action.type"],
      [{ path: "^/texml", action: { type: "status" } }, "action.status"],
      [{ path: "^/texml", action: { type: "status", status: 42 } }, "action.status"],
      [{ path: "^/texml", action: { type: "status", status: 503, when: "during" } }, "action.when"],
      [{ path: "^/texml", action: { type: "drop" } }, "action.when"],
      [{ path: "^/texml", action: { type: "delay", ms: -1 } }, "action.ms"],
      [{ path: "^/texml", action: { type: "unlisted" } }, "action.ms"],
      [{ path: "^/texml", action: { type: "malformed", extra: true } }, "action.extra"],
      [{ action: { type: "malformed" } }, "path"],
      [{ path: "(unclosed", action: { type: "malformed" } }, "path"],
      [{ path: "^/texml", method: "FETCH", action: { type: "malformed" } }, "method"],
      [{ path: "^/texml", action: { type: "malformed" }, times: 0 }, "times"],
      [{ path: "^/texml", action: { type: "malformed" }, times: 100_001 }, "times"],
      [{ path: "^/texml", action: { type: "malformed" }, probability: 1.5 }, "probability"],
      [{ path: "^/texml", action: { type: "malformed" }, colour: "red" }, "colour"],
    ];
    for (const [spec, field] of refused) {
      const answer = await admin("POST", "/faults", spec);
      expect(answer.status, JSON.stringify(spec)).toBe(400);
      expect(issuePaths(answer.body), JSON.stringify(spec)).toContain(field);
    }
    expect((await admin("POST", "/faults", "[]")).status).toBe(400);
    expect((await admin("POST", "/faults", "{not json")).status).toBe(400);
    expect((await admin("GET", "/faults")).body).toEqual([]);
    await expect(env.emulator.addFault({ path: "^/x" } as never)).rejects.toThrow(/action/);
    expect(env.emulator.faults()).toEqual([]);
  });

  it("accepts every documented fault action", async () => {
    for (const action of [
      { type: "status", status: 503 },
      { type: "status", status: 429, retryAfter: 2 },
      { type: "status", status: 500, when: "after" },
      { type: "delay", ms: 10 },
      { type: "drop", when: "before" },
      { type: "drop", when: "after" },
      { type: "malformed" },
      { type: "unlisted", ms: 1000 },
    ]) {
      const answer = await admin("POST", "/faults", { method: "post", path: "^/never$", action, times: 3, probability: 0.5 });
      expect(answer.status, JSON.stringify(action)).toBe(201);
    }
    const armed = (await admin("GET", "/faults")).body as Array<{ method: string }>;
    expect(armed).toHaveLength(8);
    expect(new Set(armed.map((f) => f.method))).toEqual(new Set(["POST"]));
  });

  it("accepts every fault command of docs/emulator.md, which covers every action", async () => {
    const section = readFileSync(path.join(__dirname, "..", "..", "docs", "emulator.md"), "utf8");
    const commands = [
      ...section.matchAll(
        /curl -sS -X POST http:\/\/127\.0\.0\.1:4010\/__emulator\/faults -H 'content-type: application\/json' -d '([^']+)'/g,
      ),
    ].map((m) => m[1]!);
    const kinds = new Set<string>();
    for (const body of commands) {
      const answer = await admin("POST", "/faults", body);
      expect(answer.status, body).toBe(201);
      const { action } = JSON.parse(body) as { action: { type: string; when?: string } };
      kinds.add(action.type === "status" || action.type === "drop" ? `${action.type}:${action.when ?? "before"}` : action.type);
    }
    expect([...kinds].sort()).toEqual(["delay", "drop:after", "drop:before", "malformed", "status:after", "status:before", "unlisted"]);
    expect((await admin("GET", "/faults")).body).toHaveLength(commands.length);
  });

  it("refuses seeds whose ids break the spec's formats, whose references do not exist, or that are too large, and applies nothing then", async () => {
    const phone = { from: "+13125550100", to: "+13125550101" };
    const refused: Array<[unknown, string]> = [
      [{ calls: [{ sid: "CA123", ...phone }] }, "calls.0.sid"],
      [{ conferences: [{ sid: "not-a-uuid", friendlyName: "x" }] }, "conferences.0.sid"],
      [{ recordings: [{ sid: "RE123", callSid: "v3:abc" }] }, "recordings.0.sid"],
      [{ recordings: [{ callSid: "v3:not-seeded" }] }, "recordings.0.callSid"],
      [{ transcriptions: [{ sid: "TR1", recordingSid: randomUUIDLike(), text: "x" }] }, "transcriptions.0.sid"],
      [{ transcriptions: [{ recordingSid: randomUUIDLike(), text: "x" }] }, "transcriptions.0.recordingSid"],
      [{ queues: [{ name: "a" }, { name: "a" }] }, "queues.1.name"],
      [{ queues: [{ name: "q".repeat(65) }] }, "queues.0.name"],
      [{ queues: [{ name: "q", maxSize: 5001 }] }, "queues.0.maxSize"],
      [{ queues: [{ name: "q", maxSize: 2, currentSize: 3 }] }, "queues.0.currentSize"],
      [{ applications: [{ friendly_name: "x", voice_url: "not a url" }] }, "applications.0.voice_url"],
      [{ applications: [{ friendly_name: "x", voice_url: "https://example.com", id: "1" }] }, "applications.0.id"],
      [
        { applications: [{ friendly_name: "x", voice_url: "https://example.com", inbound: { channel_limit: 0 } }] },
        "applications.0.inbound.channel_limit",
      ],
      [
        {
          calls: [
            { ...phone, sid: "v3:dup" },
            { ...phone, sid: "v3:dup" },
          ],
        },
        "calls.1.sid",
      ],
      [{ planets: [] }, "planets"],
    ];
    for (const [fixture, field] of refused) {
      const answer = await admin("POST", "/seed", { queues: [{ name: "would-be-applied-first" }], ...(fixture as object) });
      expect(answer.status, JSON.stringify(fixture)).toBe(400);
      expect(issuePaths(answer.body), JSON.stringify(fixture)).toContain(field);
    }
    const state = await env.emulator.state();
    expect([state.queues, state.calls, state.applications, state.conferences, state.recordings]).toEqual([[], [], [], [], []]);

    for (const [body, field] of [
      [{ count: 100_001 }, "count"],
      [{ count: -1 }, "count"],
      [{ count: 5, status: "teleported" }, "status"],
      [{ count: 5, startTime: "yesterday" }, "startTime"],
      [{ count: 5, planet: "mars" }, "planet"],
    ] as const) {
      const answer = await admin("POST", "/seed/calls", body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(issuePaths(answer.body)).toContain(field);
    }
    await expect(env.emulator.seed({ calls: Array.from({ length: 100_001 }, () => phone) })).rejects.toThrow(/100000|too big|at most/i);
    await expect(env.emulator.generateCalls(100_001)).rejects.toThrow(/count/);
    const big = await fetch(`${env.emulator.adminUrl}/seed`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ calls: [], pad: "x".repeat(1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect((await env.emulator.state()).calls).toEqual([]);
  });

  it("seeds ids in the spec's formats and applications as the API would create them", async () => {
    const conferenceSid = "cd5a70f4-759b-4d5e-9c06-88c00f16f3c1";
    const seeded = await admin("POST", "/seed", {
      calls: [{ sid: "v3:KBnLO0ZK3DhKM5s7bE9VluaSmKsOchKht_fUYvxcp8ysbmzCCtpkmA", from: "+13125550100", to: "+13125550101" }],
      conferences: [{ sid: conferenceSid, friendlyName: "standup" }],
      recordings: [
        {
          sid: "136285da-4b74-46f1-a016-fe2982fa77c3",
          callSid: "v3:KBnLO0ZK3DhKM5s7bE9VluaSmKsOchKht_fUYvxcp8ysbmzCCtpkmA",
          conferenceSid,
        },
      ],
      applications: [{ friendly_name: "seeded", voice_url: "https://example.com", inbound: { channel_limit: 5 } }],
    });
    expect(seeded.status).toBe(200);
    const app = await api("GET", `/texml_applications/${seeded.body.applications[0]}`);
    expect(app.body.data).toMatchObject({
      friendly_name: "seeded",
      anchorsite_override: "Latency",
      dtmf_type: "RFC 2833",
      inbound: { channel_limit: 5, shaken_stir_enabled: false },
    });
  });
});

describe("emulator: calls, conferences and signed status callbacks", () => {
  const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.end("ok");
    });
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it("ends a call with Status=completed and reports each status with a valid Ed25519 signature", async () => {
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const callbackUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/status`;
    const dispatching = await startEmulator({ webhookDispatch: true });
    try {
      const h = { authorization: `Bearer ${dispatching.apiKey}` };
      const app = await (
        await fetch(`${dispatching.baseUrl}/texml_applications`, {
          method: "POST",
          headers: { ...h, "content-type": "application/json" },
          body: JSON.stringify({ friendly_name: "cb", voice_url: "https://example.com" }),
        })
      ).json();
      const initiated = await (
        await fetch(`${dispatching.baseUrl}/texml/Accounts/${dispatching.accountSid}/Calls`, {
          method: "POST",
          headers: { ...h, "content-type": "application/json" },
          body: JSON.stringify({ To: "+13125550100", From: "+13125550199", ApplicationSid: app.data.id, StatusCallback: callbackUrl }),
        })
      ).json();
      expect(initiated).toMatchObject({ status: "queued", to: "+13125550100", from: "+13125550199" });
      const ended = await (
        await fetch(`${dispatching.baseUrl}/texml/Accounts/${dispatching.accountSid}/Calls/${initiated.call_sid}`, {
          method: "POST",
          headers: { ...h, "content-type": "application/x-www-form-urlencoded" },
          body: "Status=completed",
        })
      ).json();
      expect(ended).toMatchObject({ status: "completed", price_unit: "USD" });
      expect(ended.end_time).toMatch(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000$/);
      await dispatching.close(); // waits for deliveries in flight
      expect(received.map((r) => new URLSearchParams(r.body).get("CallStatus"))).toEqual(["ringing", "in-progress", "completed"]);
      const publicKey = Buffer.from(dispatching.publicKey, "base64");
      for (const { headers, body } of received) {
        const signed = new TextEncoder().encode(`${String(headers["telnyx-timestamp"])}|${body}`);
        expect(nacl.sign.detached.verify(signed, Buffer.from(String(headers["telnyx-signature-ed25519"]), "base64"), publicKey)).toBe(true);
      }
    } finally {
      await dispatching.close().catch(() => undefined);
    }
  });

  it("ends a conference when its last participant leaves", async () => {
    const { conferences } = await env.emulator.seed({
      conferences: [{ friendlyName: "standup", participants: [{ from: "+13125550101", to: "+13125550102", label: "only" }] }],
    });
    const C = `${account()}/Conferences/${conferences[0]}`;
    expect((await api("DELETE", `${C}/Participants/only`)).status).toBe(204);
    expect((await api("GET", C)).body).toMatchObject({ status: "completed", reason_conference_ended: "last-participant-left" });
    expect((await api("POST", `${C}/Participants`, { form: { From: "+13125550101", To: "+13125550102" } })).body.errors[0]).toMatchObject({
      code: "90019",
    });
  });
});

describe("emulator: faults and persistence", () => {
  it("applies a create and then drops the connection on drop:after, and logs the fault", async () => {
    await env.emulator.addFault({ method: "POST", path: "/Queues$", action: { type: "drop", when: "after" }, times: 1 });
    await expect(api("POST", `${account()}/Queues`, { form: { FriendlyName: "dropped" } })).rejects.toThrow();
    expect((await api("GET", `${account()}/Queues/dropped`)).status).toBe(200);
    const log = await env.emulator.requests();
    expect(log.map((r) => [r.method, r.status, r.fault])).toEqual([
      ["POST", 0, "drop:after"],
      ["GET", 200, undefined],
    ]);
  });

  it("answers an injected 429 with Retry-After and does not apply the request", async () => {
    await env.emulator.addFault({ path: "^/texml_applications$", action: { type: "status", status: 429, retryAfter: 2 }, times: 1 });
    const limited = await api("POST", "/texml_applications", { json: { friendly_name: "x", voice_url: "https://example.com" } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect((await api("GET", "/texml_applications")).body.data).toEqual([]);
  });

  it("keeps state, keys and the webhook key in its data file across restarts", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "texml-emulator-"));
    try {
      const dataFile = path.join(dir, "state.json");
      const first = await startEmulator({ dataFile, apiKey: "KEY_persist", accountSid: "acct-1", webhookDispatch: false });
      const created = await (
        await fetch(`${first.baseUrl}/texml/secrets`, {
          method: "POST",
          headers: { authorization: "Bearer KEY_persist", "content-type": "application/json" },
          body: JSON.stringify({ name: "token", value: "do-not-store-me" }),
        })
      ).json();
      expect(created).toEqual({ data: { name: "token", value: "REDACTED" } });
      await fetch(`${first.baseUrl}/texml/Accounts/acct-1/Queues`, {
        method: "POST",
        headers: { authorization: "Bearer KEY_persist", "content-type": "application/x-www-form-urlencoded" },
        body: "FriendlyName=kept&MaxSize=3",
      });
      await first.close();
      const second = await startEmulator({ dataFile, apiKey: "KEY_persist", accountSid: "acct-1", webhookDispatch: false });
      expect(second.publicKey).toBe(first.publicKey);
      const queue = await (
        await fetch(`${second.baseUrl}/texml/Accounts/acct-1/Queues/kept`, { headers: { authorization: "Bearer KEY_persist" } })
      ).json();
      expect(queue).toMatchObject({ sid: "kept", max_size: 3 });
      const state = JSON.stringify(await second.state());
      expect(state).toContain('"name":"token"');
      expect(state).not.toContain("do-not-store-me");
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("emulator: reset", () => {
  it("empties the account but never issues an id twice, as a real account would not", async () => {
    const create = async () =>
      (
        (await (
          await fetch(`${env.emulator.baseUrl}/texml_applications`, {
            method: "POST",
            headers: { authorization: `Bearer ${env.emulator.apiKey}`, "content-type": "application/json" },
            body: JSON.stringify({ friendly_name: "reset-check", voice_url: "https://voice.example.com/texml" }),
          })
        ).json()) as { data: { id: string } }
      ).data.id;
    // Thirty ids advance the sequence by far more than one step can (at most 997), so an
    // emulator that restarted its sequence on reset would issue a smaller id next.
    const before: bigint[] = [];
    for (let i = 0; i < 30; i++) before.push(BigInt(await create()));
    await env.emulator.reset();
    expect((await env.emulator.state()).applications).toEqual([]);
    const after = BigInt(await create());
    expect(before.every((id) => after > id)).toBe(true);
  });
});
