// Data functions against the emulator with seeded data: filters, paging, limits,
// empty results, 404s, the Output form, and a schema mismatch reported clearly.
import { describe, expect, it } from "vitest";
import * as texml from "../../provider";
import { startStub } from "../support/http-stub";
import { useEmulator } from "../support/emulator-env";

const env = useEmulator();

const listRequests = async (suffix: string) => (await env.emulator.requests()).filter((r) => r.method === "GET" && r.path.endsWith(suffix));

function outputValue<T>(output: { apply<U>(fn: (value: T) => U): unknown }): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

describe("data functions", () => {
  it("pages through 2,500 calls at the largest page size, following each PageToken", async () => {
    await env.emulator.generateCalls(2500, { startTime: "2026-10-01T00:00:00Z", spacingSeconds: 60 });
    await env.emulator.clearRequests();
    const { calls } = await texml.getCalls();
    expect(calls).toHaveLength(2500);
    expect(new Set(calls.map((c) => c.sid)).size).toBe(2500);
    const pages = await listRequests("/Calls");
    expect(pages.map((r) => r.query.replace(/PageToken=[^&]+/, "PageToken=…"))).toEqual([
      "PageSize=1000",
      "Page=1&PageSize=1000&PageToken=…",
      "Page=2&PageSize=1000&PageToken=…",
    ]);
  });

  it("stops at the limit without requesting more than it needs", async () => {
    await env.emulator.generateCalls(30);
    await env.emulator.clearRequests();
    const { calls } = await texml.getCalls({ limit: 5 });
    expect(calls).toHaveLength(5);
    expect((await listRequests("/Calls")).map((r) => r.query)).toEqual(["PageSize=5"]);
    let streamed = 0;
    for await (const _call of texml.iterateCalls({ limit: 12 })) streamed++;
    expect(streamed).toBe(12);
    await expect(texml.getCalls({ limit: 0 })).rejects.toThrow("limit: must be a positive integer, got 0");
  });

  it("maps filters to the spec's query names and returns camelCase with ISO 8601 dates", async () => {
    await env.emulator.seed({
      calls: [
        { from: "+13125550001", to: "+13125550100", status: "completed", startTime: "2026-11-10T09:00:00Z", durationSeconds: 90 },
        { from: "+13125550002", to: "+13125550100", status: "busy", startTime: "2026-11-11T09:00:00Z" },
        { from: "+13125550003", to: "+13125550200", status: "completed", startTime: "2026-11-12T09:00:00Z" },
      ],
    });
    await env.emulator.clearRequests();
    const { calls } = await texml.getCalls({
      to: "+13125550100",
      status: "completed",
      startTimeAfter: new Date("2026-11-09T23:00:00Z"),
      startTimeBefore: "2026-11-11",
    });
    expect((await listRequests("/Calls"))[0]?.query).toBe(
      "To=%2B13125550100&Status=completed&StartTime_gt=2026-11-09&StartTime_lt=2026-11-11&PageSize=1000",
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      from: "+13125550001",
      to: "+13125550100",
      status: "completed",
      startTime: "2026-11-10T09:00:00.000Z",
      endTime: "2026-11-10T09:01:30.000Z",
      duration: "90",
    });
    expect(Object.keys(calls[0]!)).toContain("accountSid");
    expect(await texml.getCalls({ from: "+19999999999" })).toEqual({ calls: [] });
    await expect(texml.getCalls({ startTime: "10/11/2026" })).rejects.toThrow(
      'startTime: expected a date as YYYY-MM-DD or a Date, got "10/11/2026"',
    );
  });

  it("throws the API's 404 for a single get, with method and path", async () => {
    const error = await texml.getCall({ callSid: "v3:missing" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(texml.TelnyxApiError);
    expect(error).toMatchObject({
      status: 404,
      method: "GET",
      path: `/texml/Accounts/${env.emulator.accountSid}/Calls/v3%3Amissing`,
      isNotFound: true,
    });
  });

  it("looks up conferences, participants, recordings and transcriptions", async () => {
    const seeded = await env.emulator.seed({
      conferences: [
        {
          friendlyName: "weekly_review_call",
          createdAt: "2026-11-20T10:00:00Z",
          participants: [
            { from: "+13125550101", to: "+13125550102", label: "host" },
            { from: "+13125550103", to: "+13125550102" },
          ],
        },
        { friendlyName: "retro", status: "completed", createdAt: "2026-11-21T10:00:00Z" },
      ],
    });
    const conferenceSid = seeded.conferences[0]!;
    const hostCall = seeded.participants[0]!;
    const { recordings } = await env.emulator.seed({
      recordings: [{ callSid: hostCall, conferenceSid, createdAt: "2026-11-20T10:05:00Z", durationSeconds: 42 }],
    });
    await env.emulator.seed({ transcriptions: [{ recordingSid: recordings[0]!, text: "Good morning" }] });

    expect((await texml.getConferences({ status: "in-progress" })).conferences.map((c) => c.friendlyName)).toEqual(["weekly_review_call"]);
    expect(await texml.getConference({ conferenceSid })).toMatchObject({
      sid: conferenceSid,
      friendlyName: "weekly_review_call",
      dateCreated: "2026-11-20T10:00:00.000Z",
    });
    expect((await texml.getConferenceParticipants({ conferenceSid })).participants).toHaveLength(2);
    expect(await texml.getConferenceParticipant({ conferenceSid, participant: "host" })).toMatchObject({
      callSid: hostCall,
      label: "host",
      muted: false,
    });
    const recording = await texml.getRecording({ recordingSid: recordings[0]! });
    expect(recording).toMatchObject({
      callSid: hostCall,
      conferenceSid,
      duration: "42",
      dateCreated: "2026-11-20T10:05:00.000Z",
      status: "completed",
    });
    expect((await texml.getRecordings({ dateCreated: "2026-11-20" })).recordings.map((r) => r.sid)).toEqual(recordings);
    expect((await texml.getRecordings({ dateCreated: "2026-11-21" })).recordings).toEqual([]);
    expect((await texml.getCallRecordings({ callSid: hostCall })).recordings).toHaveLength(1);
    expect((await texml.getConferenceRecordings({ conferenceSid })).recordings).toHaveLength(1);
    const { transcriptions } = await texml.getTranscriptions();
    expect(transcriptions).toMatchObject([{ recordingSid: recordings[0], transcriptionText: "Good morning" }]);
    expect(await texml.getTranscription({ transcriptionSid: transcriptions[0]!.sid })).toMatchObject({ callSid: hostCall });
  });

  it("looks up queues and applications, in both forms", async () => {
    await env.emulator.seed({ queues: [{ name: "support", maxSize: 20, currentSize: 3 }, { name: "sales" }] });
    const created = [];
    for (const name of ["support-line", "sales-line", "billing-router"]) {
      const response = await fetch(`${env.emulator.baseUrl}/texml_applications`, {
        method: "POST",
        headers: { authorization: `Bearer ${env.emulator.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ friendly_name: name, voice_url: `https://voice.example.com/${name}` }),
      });
      created.push(((await response.json()) as { data: { id: string } }).data.id);
    }
    expect(await texml.getQueue({ queueSid: "support" })).toMatchObject({ sid: "support", maxSize: 20, currentSize: 3 });
    expect((await texml.getQueues()).queues.map((q) => q.sid)).toEqual(["support", "sales"]);
    const lines = await texml.getApplications({ friendlyName: "line", sort: "friendly_name" });
    expect(lines.applications.map((a) => a.friendlyName)).toEqual(["sales-line", "support-line"]);
    expect((await texml.getApplications({ limit: 2 })).applications.map((a) => a.friendlyName)).toEqual(["billing-router", "sales-line"]);
    const app = await outputValue(texml.getApplicationOutput({ id: Promise.resolve(created[0]!) }));
    expect(app).toMatchObject({ id: created[0], friendlyName: "support-line", voiceMethod: "post" });
    expect(app.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((await outputValue(texml.getQueuesOutput({ limit: 1 }))).queues).toHaveLength(1);
  });

  it("reports a response that breaks the schema by field and endpoint", async () => {
    const stub = await startStub(() => ({
      json: { calls: [{ sid: "v3:x", account_sid: "a", from: "+1", to: "+2", status: "teleported" }], page: 0 },
    }));
    const saved = process.env.TELNYX_BASE_URL;
    process.env.TELNYX_BASE_URL = stub.baseUrl;
    try {
      await expect(texml.getCalls({ accountSid: "acct" })).rejects.toThrow(
        /^Telnyx answered GET \/texml\/Accounts\/acct\/Calls with a body that does not match the spec: calls\[0\]\.status: Invalid option: expected one of/,
      );
    } finally {
      process.env.TELNYX_BASE_URL = saved;
      await stub.close();
    }
  });
});
