import * as z from "zod";
import { ApiError } from "./http";
import { callSid, uuid } from "./ids";
import { newQueueSid } from "./resources/queues";
import { APPLICATION_FIELDS, applicationSettings, newApplicationRecord } from "./resources/texml-applications";
import { participantKey, queueKey, type CallRecord, type ConferenceRecord, type RecordingRecord, type Store } from "./state";
import { InputError, inputError, type InputIssue } from "./validation";

/** Most items one fixture (or one `generateCalls`) may add of each kind. */
export const MAX_SEED_ITEMS = 100_000;
/** Most participants a seeded conference may have (the spec's `MaxParticipants` maximum). */
const MAX_PARTICIPANTS = 250;

const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));
const phone = z.string().regex(/^\+[1-9]\d{6,14}$|^sip:\S+$/, "must be an E.164 number or a SIP URI");
const list = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_SEED_ITEMS).default([]);
/** The spec's call ids (`CallControlId`): `v3:` and URL-safe characters. */
const callId = z.string().regex(/^v3:[A-Za-z0-9_-]{1,200}$/, "must be a call control id like the spec's: v3: and URL-safe characters");
/** Conference, recording and transcription sids are UUIDs in the spec. */
const uuidSid = z.uuid("must be a UUID, as the spec's sids of this kind are");

const callSeed = z.strictObject({
  sid: callId.optional(),
  from: phone,
  to: phone,
  status: z.enum(["ringing", "in-progress", "canceled", "completed", "failed", "busy", "no-answer"]).default("completed"),
  direction: z.enum(["inbound", "outbound"]).default("inbound"),
  answeredBy: z.enum(["human", "machine", "not_sure"]).optional(),
  startTime: instant.optional(),
  durationSeconds: z.number().int().nonnegative().max(86_400).default(60),
});

const recordingSeed = z.strictObject({
  sid: uuidSid.optional(),
  callSid: callId,
  conferenceSid: uuidSid.optional(),
  status: z.enum(["in-progress", "completed", "paused", "stopped"]).default("completed"),
  durationSeconds: z.number().int().nonnegative().max(86_400).default(30),
  channels: z.union([z.literal(1), z.literal(2)]).default(2),
  source: z
    .enum(["StartCallRecordingAPI", "StartConferenceRecordingAPI", "OutboundAPI", "DialVerb", "Conference", "RecordVerb", "Trunking"])
    .default("DialVerb"),
  track: z.enum(["inbound", "outbound", "both"]).default("both"),
  createdAt: instant.optional(),
});

const queueSeed = z
  .strictObject({
    name: z.string().min(1).max(64),
    maxSize: z.number().int().min(1).max(5000).default(100),
    currentSize: z.number().int().nonnegative().default(0),
    averageWaitTime: z.number().int().nonnegative().default(0),
  })
  .refine((q) => q.currentSize <= q.maxSize, { message: "must not exceed maxSize", path: ["currentSize"] });

/**
 * The shape of a {@link SeedFixture}, checked by `seed`.
 * @internal Not in the published declarations (they stay free of zod types); {@link SeedFixture} is its input type.
 */
export const seedFixtureSchema = z.strictObject({
  applications: list(z.record(z.string(), z.unknown())),
  queues: list(queueSeed),
  calls: list(callSeed),
  conferences: list(
    z.strictObject({
      sid: uuidSid.optional(),
      friendlyName: z.string().min(1).max(128),
      status: z.enum(["init", "in-progress", "completed"]).default("in-progress"),
      region: z.string().min(1).max(32).default("dc2"),
      createdAt: instant.optional(),
      participants: z
        .array(
          z.strictObject({
            from: phone,
            to: phone,
            label: z.string().min(1).max(128).optional(),
            muted: z.boolean().default(false),
            hold: z.boolean().default(false),
            coaching: z.boolean().default(false),
            endConferenceOnExit: z.boolean().default(false),
          }),
        )
        .max(MAX_PARTICIPANTS)
        .default([]),
    }),
  ),
  recordings: list(recordingSeed),
  transcriptions: list(
    z.strictObject({
      sid: uuidSid.optional(),
      recordingSid: uuidSid,
      text: z.string().max(100_000),
      status: z.enum(["in-progress", "completed"]).default("completed"),
      durationSeconds: z.number().int().nonnegative().max(86_400).default(30),
      createdAt: instant.optional(),
    }),
  ),
});

/** A queue to seed (`SeedFixture.queues`). */
export interface SeedQueue {
  /** 1 to 64 characters, unique in the account. */
  name: string;
  /** 1 to 5000; default 100. */
  maxSize?: number;
  /** Callers waiting, at most `maxSize`; default 0. */
  currentSize?: number;
  /** Seconds; default 0. */
  averageWaitTime?: number;
}

/** A call to seed (`SeedFixture.calls`). */
export interface SeedCall {
  /** A call control id like the spec's (`v3:` and URL-safe characters); generated when omitted. */
  sid?: string;
  /** E.164 number or SIP URI. */
  from: string;
  /** E.164 number or SIP URI. */
  to: string;
  /** Default `completed`. */
  status?: "ringing" | "in-progress" | "canceled" | "completed" | "failed" | "busy" | "no-answer";
  /** Default `inbound`. */
  direction?: "inbound" | "outbound";
  answeredBy?: "human" | "machine" | "not_sure";
  /** ISO 8601 with offset; default: `durationSeconds` before now. */
  startTime?: string;
  /** 0 to 86400; default 60. */
  durationSeconds?: number;
}

/** A participant of a seeded conference (`SeedConference.participants`). */
export interface SeedParticipant {
  /** E.164 number or SIP URI. */
  from: string;
  /** E.164 number or SIP URI. */
  to: string;
  /** Unique in its conference. */
  label?: string;
  muted?: boolean;
  hold?: boolean;
  coaching?: boolean;
  endConferenceOnExit?: boolean;
}

/** A conference to seed (`SeedFixture.conferences`). */
export interface SeedConference {
  /** A UUID; generated when omitted. */
  sid?: string;
  friendlyName: string;
  /** Default `in-progress`. */
  status?: "init" | "in-progress" | "completed";
  /** Default `dc2`. */
  region?: string;
  /** ISO 8601 with offset; default now. */
  createdAt?: string;
  /** At most 250. */
  participants?: SeedParticipant[];
}

/** A recording to seed (`SeedFixture.recordings`); its call must be in the emulator. */
export interface SeedRecording {
  /** A UUID; generated when omitted. */
  sid?: string;
  callSid: string;
  /** A UUID of a seeded conference. */
  conferenceSid?: string;
  /** Default `completed`. */
  status?: "in-progress" | "completed" | "paused" | "stopped";
  /** 0 to 86400; default 30. */
  durationSeconds?: number;
  /** Default 2. */
  channels?: 1 | 2;
  /** Default `DialVerb`. */
  source?: "StartCallRecordingAPI" | "StartConferenceRecordingAPI" | "OutboundAPI" | "DialVerb" | "Conference" | "RecordVerb" | "Trunking";
  /** Default `both`. */
  track?: "inbound" | "outbound" | "both";
  /** ISO 8601 with offset; default now. */
  createdAt?: string;
}

/** A transcription to seed (`SeedFixture.transcriptions`); its recording must be in the emulator. */
export interface SeedTranscription {
  /** A UUID; generated when omitted. */
  sid?: string;
  recordingSid: string;
  text: string;
  /** Default `completed`. */
  status?: "in-progress" | "completed";
  /** 0 to 86400; default 30. */
  durationSeconds?: number;
  /** ISO 8601 with offset; default now. */
  createdAt?: string;
}

/**
 * Data to load into the emulator: what the REST API cannot create (calls,
 * conferences, recordings, transcriptions) and what it can (applications, as a
 * create request body; queues). Ids, when given, take the spec's formats. At most
 * 100,000 items of each kind; anything else is refused with the field named.
 */
export interface SeedFixture {
  /** Create request bodies of `POST /texml_applications`. */
  applications?: Record<string, unknown>[];
  queues?: SeedQueue[];
  calls?: SeedCall[];
  conferences?: SeedConference[];
  recordings?: SeedRecording[];
  transcriptions?: SeedTranscription[];
}

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

/**
 * Loads a fixture, all or nothing: a zod error or an `InputError` names the offending
 * field (`calls.0.sid`), and the store is left as it was.
 */
export function seed(
  store: Store,
  accountSid: string,
  fixture: unknown,
  now: number,
  queueSids: "name" | "generated" = "name",
): SeedResult {
  const data = seedFixtureSchema.parse(fixture);
  const before = store.snapshot();
  try {
    return apply(store, accountSid, data, now, queueSids);
  } catch (error) {
    store.load(before);
    throw error;
  }
}

/** Where a 422 from the API's own checks points, as a fixture path: `/inbound/channel_limit` under `applications.0`. */
const fixturePath = (prefix: string, pointer: string | undefined) => [prefix, ...(pointer ?? "").split("/").filter(Boolean)].join(".");

function apply(
  store: Store,
  accountSid: string,
  data: z.output<typeof seedFixtureSchema>,
  now: number,
  queueSids: "name" | "generated",
): SeedResult {
  const result: SeedResult = {
    applications: [],
    queues: [],
    calls: [],
    conferences: [],
    participants: [],
    recordings: [],
    transcriptions: [],
  };
  data.applications.forEach((body, i) => {
    const unknown = Object.keys(body).filter((name) => !APPLICATION_FIELDS.includes(name));
    if (unknown.length > 0)
      throw new InputError(
        unknown.map(
          (name): InputIssue => ({
            path: `applications.${i}.${name}`,
            message: `unknown field "${name}" (seed an application as its create request body)`,
          }),
        ),
      );
    let set: Record<string, unknown>;
    try {
      set = applicationSettings(body);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      throw new InputError(error.errors.map((e) => ({ path: fixturePath(`applications.${i}`, e.source?.pointer), message: e.detail })));
    }
    const record = newApplicationRecord(store.ids.intId(), set, now);
    store.applications.set(record.wire.id, record);
    result.applications.push(record.wire.id);
  });
  data.queues.forEach((q, i) => {
    for (const other of store.queues.values()) {
      if (other.accountSid === accountSid && other.friendlyName === q.name)
        throw inputError(`queues.${i}.name`, `a queue named "${q.name}" already exists`);
    }
    const sid = newQueueSid(queueSids, q.name);
    store.queues.set(queueKey(accountSid, sid), {
      sid,
      accountSid,
      friendlyName: q.name,
      maxSize: q.maxSize,
      currentSize: q.currentSize,
      averageWaitTime: q.averageWaitTime,
      createdMs: now,
      updatedMs: now,
    });
    result.queues.push(sid);
  });
  data.calls.forEach((c, i) => {
    if (c.sid !== undefined && store.calls.has(c.sid)) throw inputError(`calls.${i}.sid`, `a call with sid "${c.sid}" already exists`);
    result.calls.push(addCall(store, accountSid, c, now).sid);
  });
  data.conferences.forEach((c, i) => {
    if (c.sid !== undefined && store.conferences.has(c.sid))
      throw inputError(`conferences.${i}.sid`, `a conference with sid "${c.sid}" already exists`);
    const createdMs = c.createdAt ?? now;
    const conference: ConferenceRecord = {
      sid: c.sid ?? uuid(),
      accountSid,
      friendlyName: c.friendlyName,
      status: c.status,
      region: c.region,
      createdMs,
      updatedMs: createdMs,
    };
    if (c.status === "completed") conference.reasonEnded = "last-participant-left";
    store.conferences.set(conference.sid, conference);
    result.conferences.push(conference.sid);
    const labels = new Set<string>();
    c.participants.forEach((p, j) => {
      if (p.label !== undefined && labels.has(p.label))
        throw inputError(`conferences.${i}.participants.${j}.label`, `a participant labelled "${p.label}" is already in this conference`);
      if (p.label !== undefined) labels.add(p.label);
      const ended = c.status === "completed";
      const call = addCall(
        store,
        accountSid,
        {
          from: p.from,
          to: p.to,
          status: ended ? "completed" : "in-progress",
          direction: "inbound",
          startTime: createdMs,
          durationSeconds: 60,
        },
        now,
      );
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
    });
  });
  data.recordings.forEach((r, i) => {
    if (r.sid !== undefined && store.recordings.has(r.sid))
      throw inputError(`recordings.${i}.sid`, `a recording with sid "${r.sid}" already exists`);
    if (!store.calls.has(r.callSid))
      throw inputError(`recordings.${i}.callSid`, `call "${r.callSid}" is not in the emulator (seed it first, or in the same fixture)`);
    if (r.conferenceSid !== undefined && !store.conferences.has(r.conferenceSid))
      throw inputError(`recordings.${i}.conferenceSid`, `conference "${r.conferenceSid}" is not in the emulator`);
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
  });
  data.transcriptions.forEach((t, i) => {
    if (t.sid !== undefined && store.transcriptions.has(t.sid))
      throw inputError(`transcriptions.${i}.sid`, `a transcription with sid "${t.sid}" already exists`);
    const recording = store.recordings.get(t.recordingSid);
    if (!recording) throw inputError(`transcriptions.${i}.recordingSid`, `recording "${t.recordingSid}" is not in the emulator`);
    const createdMs = t.createdAt ?? now;
    const sid = t.sid ?? uuid();
    store.transcriptions.set(sid, {
      sid,
      accountSid,
      callSid: recording.callSid,
      recordingSid: recording.sid,
      status: t.status,
      text: t.text,
      durationSeconds: t.durationSeconds,
      createdMs,
      updatedMs: createdMs,
    });
    result.transcriptions.push(sid);
  });
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

/**
 * `{ count, ...GenerateCallsOptions }`, as `POST /__emulator/seed/calls` takes it.
 * @internal Not in the published declarations; {@link GenerateCallsOptions} is its type, without `count`.
 */
export const generateCallsSchema = z.strictObject({
  count: z.number().int().min(0).max(MAX_SEED_ITEMS),
  startTime: z.iso.datetime({ offset: true }).optional(),
  spacingSeconds: z.number().int().min(0).max(86_400).optional(),
  from: phone.optional(),
  to: phone.optional(),
  status: z.enum(["completed", "busy", "no-answer", "failed", "canceled"]).optional(),
});

/** Adds `count` ended calls quickly; numbers vary with the index unless fixed by the options. */
export function generateCalls(
  store: Store,
  accountSid: string,
  count: number,
  options: GenerateCallsOptions,
  now: number,
): { count: number } {
  const input = generateCallsSchema.parse({ ...options, count });
  const spacing = (input.spacingSeconds ?? 60) * 1000;
  const first = input.startTime ? Date.parse(input.startTime) : now - input.count * spacing;
  for (let i = 0; i < input.count; i++) {
    addCall(
      store,
      accountSid,
      {
        from: input.from ?? `+1312${String(1_000_000 + (i % 9_000_000)).padStart(7, "0")}`,
        to: input.to ?? "+13125550100",
        status: input.status ?? "completed",
        direction: "inbound",
        startTime: first + i * spacing,
        durationSeconds: 30 + (i % 90),
      },
      now,
    );
  }
  store.touch();
  return { count: input.count };
}
