// The emulator held to the spec: every operation of spec/texml-openapi.json is exercised
// with each status code the spec documents for it, and every answer is validated against
// the response schema of that operation and status.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routes, startEmulator, type EmulatorHandle } from "../../emulator";
import { REQUEST_MEDIA_TYPES, requestMediaType } from "../../emulator/media";
import { createSpecValidator, type ExchangeCheck } from "../support/spec-validator";

const validator = createSpecValidator();
const checks: ExchangeCheck[] = [];
const FORBIDDEN_KEY = "KEY_without_texml_permission";
const PROFILE = "1293384261075731400";
let emulator: EmulatorHandle;

interface Call {
  key?: string;
  json?: unknown;
  form?: Record<string, string>;
}

async function call(method: string, path: string, options: Call = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { authorization: `Bearer ${options.key ?? emulator.apiKey}` };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fetch(`${emulator.baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  emulator = await startEmulator({
    webhookDispatch: false,
    forbiddenApiKeys: [FORBIDDEN_KEY],
    outboundVoiceProfiles: [PROFILE],
    onExchange: (exchange) => {
      const check = validator.check(exchange);
      if (check) checks.push(check);
    },
  });
});

afterAll(async () => {
  await emulator?.close();
});

describe("the emulator against the TeXML OpenAPI spec", () => {
  it("answers every documented status of every operation with a body its schema accepts", async () => {
    const A = `/texml/Accounts/${emulator.accountSid}`;
    const nobody = "/texml/Accounts/00000000-0000-4000-8000-000000000000";
    const expectStatus = async (status: number, method: string, path: string, options?: Call) => {
      const response = await call(method, path, options);
      expect(response.status, `${method} ${path} -> ${JSON.stringify(response.body)}`).toBe(status);
      return response.body;
    };

    // /texml_applications
    const app = await expectStatus(201, "POST", "/texml_applications", {
      json: {
        friendly_name: "router",
        voice_url: "https://example.com/texml",
        outbound: { outbound_voice_profile_id: PROFILE },
        tags: ["a"],
      },
    });
    const id = app.data.id as string;
    await expectStatus(422, "POST", "/texml_applications", { json: { friendly_name: "router" } });
    await expectStatus(404, "POST", "/texml_applications", {
      json: { friendly_name: "r", voice_url: "https://example.com", outbound: { outbound_voice_profile_id: "42" } },
    });
    for (const [method, path, json] of [
      ["POST", "/texml_applications", { friendly_name: "x", voice_url: "https://example.com" }],
      ["GET", "/texml_applications", undefined],
      ["GET", `/texml_applications/${id}`, undefined],
      ["PATCH", `/texml_applications/${id}`, { friendly_name: "x", voice_url: "https://example.com" }],
      ["DELETE", `/texml_applications/${id}`, undefined],
    ] as const) {
      await expectStatus(401, method, path, { key: "KEY_wrong", json });
      await expectStatus(403, method, path, { key: FORBIDDEN_KEY, json });
    }
    await expectStatus(200, "GET", "/texml_applications?filter[friendly_name]=rou&sort=friendly_name&page[number]=1&page[size]=10");
    await expectStatus(400, "GET", "/texml_applications?page[size]=0");
    await expectStatus(200, "GET", `/texml_applications/${id}`);
    await expectStatus(400, "GET", "/texml_applications/not-a-number");
    await expectStatus(404, "GET", "/texml_applications/1");
    await expectStatus(200, "PATCH", `/texml_applications/${id}`, {
      json: { friendly_name: "router", voice_url: "https://example.com/v2", status_callback: "https://example.com/status" },
    });
    await expectStatus(422, "PATCH", `/texml_applications/${id}`, { json: { friendly_name: "router", voice_url: "not a url" } });
    await expectStatus(400, "PATCH", "/texml_applications/x", { json: { friendly_name: "router", voice_url: "https://example.com" } });
    await expectStatus(404, "PATCH", "/texml_applications/1", { json: { friendly_name: "router", voice_url: "https://example.com" } });

    // Calls and their sub-resources
    await expectStatus(200, "POST", `${A}/Calls`, {
      json: { To: "+13125550100", From: "+13125550199", ApplicationSid: id, StatusCallback: "https://example.com/cb" },
    });
    await expectStatus(422, "POST", `${A}/Calls`, { json: { From: "+13125550199", ApplicationSid: id } });
    const listed = await expectStatus(200, "GET", `${A}/Calls?To=%2B13125550100&PageSize=5`);
    const sid = listed.calls[0].sid as string;
    await expectStatus(404, "GET", `${nobody}/Calls`);
    await expectStatus(200, "GET", `${A}/Calls/${sid}`);
    await expectStatus(404, "GET", `${A}/Calls/v3:missing`);
    const recording = await expectStatus(200, "POST", `${A}/Calls/${sid}/Recordings.json`, {
      form: { RecordingChannels: "single", RecordingTrack: "both" },
    });
    await expectStatus(404, "POST", `${A}/Calls/v3:missing/Recordings.json`, { form: {} });
    await expectStatus(200, "POST", `${A}/Calls/${sid}/Recordings/${recording.sid}.json`, { form: { Status: "stopped" } });
    await expectStatus(404, "POST", `${A}/Calls/${sid}/Recordings/missing.json`, { form: { Status: "stopped" } });
    await expectStatus(200, "GET", `${A}/Calls/${sid}/Recordings.json`);
    await expectStatus(404, "GET", `${A}/Calls/v3:missing/Recordings.json`);
    const siprec = await expectStatus(200, "POST", `${A}/Calls/${sid}/Siprec.json`, {
      form: { ConnectorName: "recorder", Track: "both_tracks" },
    });
    await expectStatus(404, "POST", `${A}/Calls/v3:missing/Siprec.json`, { form: {} });
    await expectStatus(200, "POST", `${A}/Calls/${sid}/Siprec/${siprec.sid}.json`, { form: { Status: "stopped" } });
    await expectStatus(404, "POST", `${A}/Calls/${sid}/Siprec/missing.json`, { form: { Status: "stopped" } });
    const stream = await expectStatus(200, "POST", `${A}/Calls/${sid}/Streams.json`, {
      form: { Url: "wss://example.com/media", Name: "My stream" },
    });
    await expectStatus(404, "POST", `${A}/Calls/v3:missing/Streams.json`, { form: { Url: "wss://example.com/media" } });
    await expectStatus(200, "POST", `${A}/Calls/${sid}/Streams/${stream.sid}.json`, { form: { Status: "stopped" } });
    await expectStatus(404, "POST", `${A}/Calls/${sid}/Streams/missing.json`, { form: { Status: "stopped" } });
    await expectStatus(422, "POST", `${A}/Calls/${sid}`, { form: { Status: "paused" } });
    await expectStatus(404, "POST", `${A}/Calls/v3:missing`, { form: { Status: "completed" } });
    await expectStatus(200, "POST", `${A}/Calls/${sid}`, { form: { Status: "completed" } });

    // Conferences, participants and conference recordings (seeded: the API cannot create conferences)
    const seeded = await emulator.seed({
      conferences: [
        {
          friendlyName: "weekly_review_call",
          participants: [
            { from: "+13125550101", to: "+13125550102", label: "host" },
            { from: "+13125550103", to: "+13125550102" },
          ],
        },
      ],
    });
    const conference = seeded.conferences[0]!;
    const [hostCall] = seeded.participants;
    await emulator.seed({
      recordings: [
        { callSid: hostCall!, conferenceSid: conference, source: "StartConferenceRecordingAPI", createdAt: "2026-11-20T10:00:00Z" },
      ],
    });
    const C = `${A}/Conferences/${conference}`;
    await expectStatus(200, "GET", `${A}/Conferences?Status=in-progress&DateCreated>=2000-01-01`);
    await expectStatus(404, "GET", `${nobody}/Conferences`);
    await expectStatus(200, "GET", C);
    await expectStatus(404, "GET", `${A}/Conferences/missing`);
    await expectStatus(200, "GET", `${C}/Participants`);
    await expectStatus(404, "GET", `${A}/Conferences/missing/Participants`);
    const added = await expectStatus(200, "POST", `${C}/Participants`, {
      form: { From: "+13125550104", To: "+13125550105", Muted: "true", Label: "guest" },
    });
    await expectStatus(404, "POST", `${A}/Conferences/missing/Participants`, { form: { From: "+13125550104", To: "+13125550105" } });
    await expectStatus(200, "GET", `${C}/Participants/host`);
    await expectStatus(404, "GET", `${C}/Participants/nobody`);
    await expectStatus(200, "POST", `${C}/Participants/${added.call_sid}`, { form: { Hold: "true" } });
    await expectStatus(404, "POST", `${C}/Participants/nobody`, { form: { Hold: "true" } });
    await expectStatus(204, "DELETE", `${C}/Participants/guest`);
    await expectStatus(404, "DELETE", `${C}/Participants/guest`);
    await expectStatus(200, "GET", `${C}/Recordings`);
    await expectStatus(404, "GET", `${A}/Conferences/missing/Recordings`);
    await expectStatus(200, "GET", `${C}/Recordings.json`);
    await expectStatus(404, "GET", `${A}/Conferences/missing/Recordings.json`);
    await expectStatus(200, "POST", C, { form: { Status: "completed" } });
    await expectStatus(404, "POST", `${A}/Conferences/missing`, { form: { Status: "completed" } });

    // Account recordings and transcriptions
    const accountRecordings = await expectStatus(200, "GET", `${A}/Recordings.json?DateCreated=2026-11-20`);
    const recordingSid = accountRecordings.recordings[0].sid as string;
    await expectStatus(404, "GET", `${nobody}/Recordings.json`);
    const { transcriptions } = await emulator.seed({ transcriptions: [{ recordingSid, text: "Good morning, how may I help you?" }] });
    await expectStatus(200, "GET", `${A}/Recordings/${recordingSid}.json`);
    await expectStatus(404, "GET", `${A}/Recordings/missing.json`);
    await expectStatus(200, "GET", `${A}/Transcriptions.json?PageSize=1`);
    await expectStatus(404, "GET", `${nobody}/Transcriptions.json`);
    await expectStatus(200, "GET", `${A}/Transcriptions/${transcriptions[0]}.json`);
    await expectStatus(404, "GET", `${A}/Transcriptions/missing.json`);
    await expectStatus(204, "DELETE", `${A}/Transcriptions/${transcriptions[0]}.json`);
    await expectStatus(404, "DELETE", `${A}/Transcriptions/${transcriptions[0]}.json`);
    await expectStatus(204, "DELETE", `${A}/Recordings/${recordingSid}.json`);
    await expectStatus(404, "DELETE", `${A}/Recordings/${recordingSid}.json`);

    // Queues
    await expectStatus(200, "POST", `${A}/Queues`, { form: { FriendlyName: "my-queue", MaxSize: "10" } });
    await expectStatus(404, "POST", `${nobody}/Queues`, { form: { FriendlyName: "my-queue" } });
    await expectStatus(200, "GET", `${A}/Queues`);
    await expectStatus(404, "GET", `${nobody}/Queues`);
    await expectStatus(200, "GET", `${A}/Queues/my-queue`);
    await expectStatus(404, "GET", `${A}/Queues/missing`);
    await expectStatus(200, "POST", `${A}/Queues/my-queue`, { form: { MaxSize: "20" } });
    await expectStatus(404, "POST", `${A}/Queues/missing`, { form: { MaxSize: "20" } });
    await expectStatus(204, "DELETE", `${A}/Queues/my-queue`);
    await expectStatus(404, "DELETE", `${A}/Queues/my-queue`);

    // Secrets and AI calls
    await expectStatus(201, "POST", "/texml/secrets", { json: { name: "My Secret Name", value: "s3cr3t" } });
    await expectStatus(422, "POST", "/texml/secrets", { json: { name: "My Secret Name" } });
    const aiApp = await expectStatus(201, "POST", "/texml_applications", {
      json: { friendly_name: "assistant", voice_url: "https://example.com/ai" },
    });
    await expectStatus(200, "POST", `/texml/ai_calls/${aiApp.data.id}`, {
      json: { From: "+13125550106", To: "+13125550107", AIAssistantId: "assistant-1" },
    });
    await expectStatus(422, "POST", `/texml/ai_calls/${aiApp.data.id}`, { json: { From: "+13125550106", To: "+13125550107" } });
    await expectStatus(401, "POST", `/texml/ai_calls/${aiApp.data.id}`, { key: "KEY_wrong", json: {} });
    await expectStatus(200, "DELETE", `/texml_applications/${aiApp.data.id}`);
    await expectStatus(200, "DELETE", `/texml_applications/${id}`);
    await expectStatus(400, "DELETE", "/texml_applications/x");
    await expectStatus(404, "DELETE", `/texml_applications/${id}`);

    // Coverage: every documented (operation, status) pair was answered, and every answer validated.
    const seen = new Set(checks.map((c) => `${c.operationId} ${c.status}`));
    const documented = validator.operations.flatMap((op) => op.statuses.map((status) => `${op.operationId} ${status}`));
    const missing = documented.filter((pair) => !seen.has(pair));
    const invalid = checks.filter((c) => c.verdict === "invalid");
    console.log(
      `conformance: ${validator.operations.length} operations, ${documented.length} documented responses; ` +
        `${checks.length} responses checked (${checks.filter((c) => c.verdict === "valid").length} valid against a schema, ` +
        `${checks.filter((c) => c.verdict === "no-schema").length} bodiless as documented, ${checks.filter((c) => c.verdict === "undocumented").length} with a status the spec does not list)`,
    );
    expect(validator.operations).toHaveLength(39);
    expect(invalid).toEqual([]);
    expect(missing).toEqual([]);
    expect(checks.filter((c) => c.verdict === "undocumented")).toEqual([]);
  });

  it("rejects a body that breaks the schema, so a pass means something", () => {
    const broken = validator.check({
      method: "GET",
      path: "/x",
      operationId: "GetTexmlQueue",
      status: 200,
      body: { sid: "q", max_size: "ten" },
    });
    expect(broken).toMatchObject({ verdict: "invalid" });
    expect(broken?.errors).toContain("max_size must be integer");
    const dated = validator.check({
      method: "GET",
      path: "/x",
      operationId: "GetTeXMLCallRecording",
      status: 200,
      body: { date_created: "Fri, 27 Oct 2023 07:41:58 +0000" },
    });
    expect(dated?.errors).toContain('must match format "date-time"');
  });
});

describe("request media types, from the spec's requestBody", () => {
  const spec = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "spec", "texml-openapi.json"), "utf8"));
  const resolve = (node: any): any =>
    node?.$ref
      ? resolve(
          node.$ref
            .replace(/^#\//, "")
            .split("/")
            .reduce((n: any, k: string) => n[k], spec),
        )
      : node;
  const fromSpec: Record<string, string[]> = {};
  for (const item of Object.values(spec.paths as Record<string, any>)) {
    for (const operation of Object.values(item as Record<string, any>)) {
      if (!operation?.responses) continue;
      const body = resolve(operation.requestBody);
      fromSpec[operation.operationId] = body ? Object.keys(body.content ?? {}) : [];
    }
  }

  it("gives each operation exactly the one media type the spec gives it, and none where the spec has no body", () => {
    expect(Object.keys(fromSpec)).toHaveLength(39);
    // A route's own type (`route(..., { requestMediaType })`), else the table's.
    const served = Object.fromEntries(routes.map((r) => [r.operationId, requestMediaType(r)]));
    for (const [operationId, types] of Object.entries(fromSpec)) {
      expect(types.length, operationId).toBeLessThanOrEqual(1);
      expect(served[operationId], operationId).toBe(types[0]);
    }
    // The table names only operations the spec gives a body; a route never overrides it.
    expect(Object.keys(REQUEST_MEDIA_TYPES).filter((id) => fromSpec[id]?.length !== 1)).toEqual([]);
    expect(routes.filter((r) => r.requestMediaType && REQUEST_MEDIA_TYPES[r.operationId]).map((r) => r.operationId)).toEqual([]);
    expect(routes.map((r) => r.operationId).sort()).toEqual(Object.keys(fromSpec).sort());
  });

  it("answers 415 to every other media type, before looking the resource up", async () => {
    const emulator = await startEmulator({ webhookDispatch: false });
    try {
      const others = ["application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"];
      for (const route of routes) {
        const target = route.template.replace(/\{(\w+)\}/g, (_, name: string) =>
          name === "account_sid" ? emulator.accountSid : "missing",
        );
        const expected = requestMediaType(route);
        for (const type of others) {
          if (type === expected) continue;
          if (route.method === "GET") continue; // fetch sends no body with GET; the server side is the same check
          const response = await fetch(`${emulator.baseUrl}${target}`, {
            method: route.method,
            headers: { authorization: `Bearer ${emulator.apiKey}`, "content-type": type },
            body: type.includes("json") ? "{}" : "a=b",
          });
          expect(response.status, `${route.method} ${route.template} as ${type}`).toBe(415);
        }
      }
      const state = await emulator.state();
      expect([state.applications, state.queues, state.secrets, state.calls]).toEqual([[], [], [], []]);
    } finally {
      await emulator.close();
    }
  });
});
