import { z } from "zod";
import { callSid, uuid } from "./ids";
import { newQueueSid } from "./resources/queues";
import { participantKey, queueKey, type CallRecord, type ConferenceRecord, type RecordingRecord, type Store } from "./state";

const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));
const phone = z.string().regex(/^\+[1-9]\d{6,14}$|^sip:/);

const callSeed = z.strictObject({
  sid: z.string().optional(),
  from: phone,
  to: phone,
  status: z.enum(["ringing", "in-progress", "canceled", "completed", "failed", "busy", "no-answer"]).default("completed"),
  direction: z.enum(["inbound", "outbound"]).default("inbound"),
  answeredBy: z.enum(["human", "machine", "not_sure"]).optional(),
  startTime: instant.optional(),
  durationSeconds: z.number().int().nonnegative().default(60),
});

const recordingSeed = z.strictObject({
  sid: z.string().optional(),
  callSid: z.string(),
  conferenceSid: z.string().optional(),
  status: z.enum(["in-progress", "completed", "paused", "stopped"]).default("completed"),
  durationSeconds: z.number().int().nonnegative().default(30),
  channels: z.union([z.literal(1), z.literal(2)]).default(2),
  source: z.enum(["StartCallRecordingAPI", "StartConferenceRecordingAPI", "OutboundAPI", "DialVerb", "Conference", "RecordVerb", "Trunking"]).default("DialVerb"),
  track: z.enum(["inbound", "outbound", "both"]).default("both"),
  createdAt: instant.optional(),
});

/** Data to load into the emulator: what the REST API cannot create (calls, conferences, recordings, transcriptions) and what it can. */
export const seedFixtureSchema = z.strictObject({
  applications: z.array(z.looseObject({ friendly_name: z.string(), voice_url: z.string() })).default([]),
  queues: z.array(z.strictObject({ name: z.string().min(1), maxSize: z.number().int().positive().default(100), currentSize: z.number().int().nonnegative().default(0), averageWaitTime: z.number().int().nonnegative().default(0) })).default([]),
  calls: z.array(callSeed).default([]),
  conferences: z
    .array(
      z.strictObject({
        sid: z.string().optional(),
        friendlyName: z.string().min(1),
        status: z.enum(["init", "in-progress", "completed"]).default("in-progress"),
        region: z.string().default("dc2"),
        createdAt: instant.optional(),
        participants: z
          .array(z.strictObject({ from: phone, to: phone, label: z.string().optional(), muted: z.boolean().default(false), hold: z.boolean().default(false), coaching: z.boolean().default(false), endConferenceOnExit: z.boolean().default(false) }))
          .default([]),
      }),
    )
    .default([]),
  recordings: z.array(recordingSeed).default([]),
  transcriptions: z
    .array(z.strictObject({ sid: z.string().optional(), recordingSid: z.string(), text: z.string(), status: z.enum(["in-progress", "completed"]).default("completed"), durationSeconds: z.number().int().nonnegative().default(30), createdAt: instant.optional() }))
    .default([]),
});

export type SeedFixture = z.input<typeof seedFixtureSchema>;

/** The ids the seed created, in fixture order. */
export interface SeedResult {
  applications: string[];
  /** Sids of the seeded queues (the name, or a generated sid: see `EmulatorOptions.queueSids`). */
  queues: string[];
  calls: string[];
  conferences: string[];
  participants: string[];
  recordings: string[];
  transcriptions: string[];
}

/** Loads a fixture; throws a zod error naming the offending path when it is malformed. */
export function seed(store: Store, accountSid: string, fixture: unknown, now: number, queueSids: "name" | "generated" = "name"): SeedResult {
  const data = seedFixtureSchema.parse(fixture);
  const result: SeedResult = { applications: [], queues: [], calls: [], conferences: [], participants: [], recordings: [], transcriptions: [] };
  for (const wire of data.applications) {
    const id = store.ids.intId();
    store.applications.set(id, { wire: { record_type: "texml_application", active: true, voice_method: "post", status_callback_method: "post", ...wire, id }, createdMs: now, updatedMs: now });
    result.applications.push(id);
  }
  for (const q of data.queues) {
    const sid = newQueueSid(queueSids, q.name);
    store.queues.set(queueKey(accountSid, sid), { sid, accountSid, friendlyName: q.name, maxSize: q.maxSize, currentSize: q.currentSize, averageWaitTime: q.averageWaitTime, createdMs: now, updatedMs: now });
    result.queues.push(sid);
  }
  for (const c of data.calls) result.calls.push(addCall(store, accountSid, c, now).sid);
  for (const c of data.conferences) {
    const createdMs = c.createdAt ?? now;
    const conference: ConferenceRecord = { sid: c.sid ?? uuid(), accountSid, friendlyName: c.friendlyName, status: c.status, region: c.region, createdMs, updatedMs: createdMs };
    if (c.status === "completed") conference.reasonEnded = "last-participant-left";
    store.conferences.set(conference.sid, conference);
    result.conferences.push(conference.sid);
    for (const p of c.participants) {
      const ended = c.status === "completed";
      const call = addCall(store, accountSid, { from: p.from, to: p.to, status: ended ? "completed" : "in-progress", direction: "inbound", startTime: createdMs, durationSeconds: 60 }, now);
      store.participants.set(participantKey(conference.sid, call.sid), {
        conferenceSid: conference.sid,
        callSid: call.sid,
        label: p.label,
        coaching: p.coaching,
        endConferenceOnExit: p.endConferenceOnExit,
        hold: p.hold,
        muted: p.muted,
        status: ended ? "completed" : "connected",
        createdMs,
        updatedMs: createdMs,
      });
      result.participants.push(call.sid);
    }
  }
  for (const r of data.recordings) {
    const createdMs = r.createdAt ?? now;
    const recording: RecordingRecord = {
      sid: r.sid ?? uuid(),
      accountSid,
      callSid: r.callSid,
      conferenceSid: r.conferenceSid ?? null,
      channels: r.channels,
      source: r.source,
      track: r.track,
      status: r.status,
      durationSeconds: r.status === "in-progress" ? null : r.durationSeconds,
      createdMs,
      updatedMs: createdMs,
      startMs: createdMs,
    };
    store.recordings.set(recording.sid, recording);
    result.recordings.push(recording.sid);
  }
  for (const t of data.transcriptions) {
    const recording = store.recordings.get(t.recordingSid);
    if (!recording) throw new Error(`transcriptions: recording "${t.recordingSid}" is not in the emulator`);
    const createdMs = t.createdAt ?? now;
    const sid = t.sid ?? uuid();
    store.transcriptions.set(sid, { sid, accountSid, callSid: recording.callSid, recordingSid: recording.sid, status: t.status, text: t.text, durationSeconds: t.durationSeconds, createdMs, updatedMs: createdMs });
    result.transcriptions.push(sid);
  }
  store.touch();
  return result;
}

function addCall(store: Store, accountSid: string, c: z.output<typeof callSeed>, now: number): CallRecord {
  const startMs = c.startTime ?? now - c.durationSeconds * 1000;
  const ended = !["ringing", "in-progress"].includes(c.status);
  const call: CallRecord = {
    sid: c.sid ?? callSid(),
    accountSid,
    from: c.from,
    to: c.to,
    status: c.status,
    direction: c.direction,
    answeredBy: c.answeredBy,
    callerName: "CALLER",
    createdMs: startMs,
    updatedMs: ended ? startMs + c.durationSeconds * 1000 : startMs,
    startMs,
    endMs: ended ? startMs + c.durationSeconds * 1000 : undefined,
    price: ended ? (Math.ceil(c.durationSeconds / 60) * 0.002).toFixed(3) : undefined,
  };
  store.calls.set(call.sid, call);
  return call;
}

/** Options for bulk call generation (benchmarks, paging tests). */
export interface GenerateCallsOptions {
  /** Start of the first call (ISO 8601); calls follow `spacingSeconds` apart. Default: `count` minutes before now. */
  startTime?: string;
  spacingSeconds?: number;
  from?: string;
  to?: string;
  status?: "completed" | "busy" | "no-answer" | "failed" | "canceled";
}

/** Adds `count` ended calls quickly; numbers vary with the index unless fixed by the options. */
export function generateCalls(store: Store, accountSid: string, count: number, options: GenerateCallsOptions, now: number): { count: number } {
  const spacing = (options.spacingSeconds ?? 60) * 1000;
  const first = options.startTime ? Date.parse(options.startTime) : now - count * spacing;
  for (let i = 0; i < count; i++) {
    addCall(store, accountSid, { from: options.from ?? `+1312${String(1_000_000 + (i % 9_000_000)).padStart(7, "0")}`, to: options.to ?? "+13125550100", status: options.status ?? "completed", direction: "inbound", startTime: first + i * spacing, durationSeconds: 30 + (i % 90) }, now);
  }
  store.touch();
  return { count };
}
