import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { IdGenerator } from "./ids";

/** A TeXML application, kept in its wire shape plus the creation instant. */
export interface ApplicationRecord {
  wire: Record<string, unknown> & { id: string; friendly_name: string };
  createdMs: number;
  updatedMs: number;
  /** Hidden from listings until then (an `unlisted` fault). */
  unlistedUntilMs?: number;
}

export type CallStatus = "queued" | "ringing" | "in-progress" | "canceled" | "completed" | "failed" | "busy" | "no-answer";

export interface CallRecord {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  status: CallStatus;
  direction: "inbound" | "outbound";
  answeredBy?: "human" | "machine" | "not_sure";
  callerName: string;
  applicationSid?: string;
  url?: string;
  statusCallback?: string;
  statusCallbackMethod?: string;
  createdMs: number;
  updatedMs: number;
  startMs: number;
  endMs?: number;
  price?: string;
}

export interface ConferenceRecord {
  sid: string;
  accountSid: string;
  friendlyName: string;
  status: "init" | "in-progress" | "completed";
  region: string;
  reasonEnded?: string;
  callSidEnding?: string;
  announceUrl?: string;
  createdMs: number;
  updatedMs: number;
}

export interface ParticipantRecord {
  conferenceSid: string;
  callSid: string;
  label?: string;
  coaching: boolean;
  coachingCallSid?: string;
  endConferenceOnExit: boolean;
  hold: boolean;
  muted: boolean;
  status: "connecting" | "connected" | "completed";
  createdMs: number;
  updatedMs: number;
}

export interface RecordingRecord {
  sid: string;
  accountSid: string;
  callSid: string;
  conferenceSid: string | null;
  channels: 1 | 2;
  source: string;
  track: "inbound" | "outbound" | "both";
  status: "in-progress" | "completed" | "paused" | "stopped";
  durationSeconds: number | null;
  createdMs: number;
  updatedMs: number;
  startMs: number;
}

export interface TranscriptionRecord {
  sid: string;
  accountSid: string;
  callSid: string;
  recordingSid: string;
  status: "in-progress" | "completed";
  text: string;
  durationSeconds: number | null;
  createdMs: number;
  updatedMs: number;
}

export interface QueueRecord {
  sid: string;
  accountSid: string;
  friendlyName: string;
  maxSize: number;
  currentSize: number;
  averageWaitTime: number;
  createdMs: number;
  updatedMs: number;
  /** Hidden from listings until then (an `unlisted` fault). */
  unlistedUntilMs?: number;
}

/**
 * A secret keeps only a keyed digest of its value ({@link Store.secretDigest}): the API never
 * returns the value, and neither do the emulator's state view and data file.
 */
export interface SecretRecord {
  name: string;
  /** HMAC-SHA256 (hex) of the value's SHA-256 under the store's secret digest key. */
  valueHmac: string;
  createdMs: number;
  updatedMs: number;
}

export interface StreamRecord {
  sid: string;
  accountSid: string;
  callSid: string;
  name?: string;
  url?: string;
  status: "in-progress" | "stopped";
  updatedMs: number;
}

export interface SiprecRecord {
  sid: string;
  accountSid: string;
  callSid: string;
  track: "both_tracks" | "inbound_track" | "outbound_track";
  status: "in-progress" | "stopped";
  createdMs: number;
  updatedMs: number;
}

/** Everything the emulator knows, in a form that serializes to JSON. */
export interface Snapshot {
  idCursor: string;
  applications: ApplicationRecord[];
  calls: CallRecord[];
  conferences: ConferenceRecord[];
  participants: ParticipantRecord[];
  recordings: RecordingRecord[];
  transcriptions: TranscriptionRecord[];
  queues: QueueRecord[];
  secrets: SecretRecord[];
  streams: StreamRecord[];
  siprec: SiprecRecord[];
  /**
   * The collections route modules own ({@link Store.collection}), by name, each as its
   * `[key, record]` entries in insertion order (entries, not an object: an object would put
   * integer-like keys first). Absent when every collection is empty, so a store without any
   * writes the same data file as before collections existed, and such a file loads as is.
   */
  collections?: Record<string, [string, unknown][]>;
}

/** Participants are keyed by conference and call, as their URLs are. */
export const participantKey = (conferenceSid: string, callSid: string) => `${conferenceSid}/${callSid}`;

/** Queues are keyed by account and sid. */
export const queueKey = (accountSid: string, sid: string) => `${accountSid}/${sid}`;

/**
 * The digest a {@link SecretRecord} keeps: HMAC-SHA256 under `key` of the value's SHA-256
 * (`sha256Hex`). Hashing first lets a data file that still holds bare SHA-256 digests be
 * converted without the values; the key, random per data file (or per in-memory emulator),
 * keeps a dictionary from reversing a digest that reaches someone without the file.
 */
export function keyedSecretDigest(key: Uint8Array, sha256Hex: string): string {
  return createHmac("sha256", key).update(Buffer.from(sha256Hex, "hex")).digest("hex");
}

const sha256Hex = (value: string) => createHash("sha256").update(value).digest("hex");

/**
 * The emulator's account state. Maps keep insertion order, which is creation
 * order: listings rely on that.
 */
export class Store {
  /** @param secretDigestKey the key of secret digests (see {@link keyedSecretDigest}); kept by the data file, never in a snapshot. */
  constructor(readonly secretDigestKey: Uint8Array = randomBytes(32)) {}

  ids = new IdGenerator();
  applications = new Map<string, ApplicationRecord>();
  calls = new Map<string, CallRecord>();
  conferences = new Map<string, ConferenceRecord>();
  participants = new Map<string, ParticipantRecord>();
  recordings = new Map<string, RecordingRecord>();
  transcriptions = new Map<string, TranscriptionRecord>();
  queues = new Map<string, QueueRecord>();
  secrets = new Map<string, SecretRecord>();
  streams = new Map<string, StreamRecord>();
  siprec = new Map<string, SiprecRecord>();
  /** The collections of {@link collection}, by name. */
  private collections = new Map<string, Map<string, unknown>>();
  /** Bumped on every write, so persistence knows when to save. */
  version = 0;

  touch(): void {
    this.version++;
  }

  /**
   * The records of a REST resource its route module keeps (`emulator/resources/<x>.ts`), so a
   * new resource needs no field here: `snapshot` and `load` persist every collection under its
   * name in the data file. Keys and records are the module's; records must serialize to JSON.
   * Call it on each request rather than keeping the map: `load` and `clear` replace it.
   */
  collection<T>(name: string): Map<string, T> {
    let records = this.collections.get(name);
    if (!records) {
      records = new Map();
      this.collections.set(name, records);
    }
    return records as Map<string, T>;
  }

  /** The digest a secret record keeps for `value`. */
  secretDigest(value: string): string {
    return keyedSecretDigest(this.secretDigestKey, sha256Hex(value));
  }

  /** Whether the secret `name` exists and holds `value`. */
  secretMatches(name: string, value: string): boolean {
    const record = this.secrets.get(name);
    return record !== undefined && timingSafeEqual(Buffer.from(record.valueHmac, "hex"), Buffer.from(this.secretDigest(value), "hex"));
  }

  /** Empties the account. Ids keep counting: a real account never issues an id twice, and clients may remember old ones. */
  clear(): void {
    const ids = this.ids;
    this.load(emptySnapshot());
    this.ids = ids;
  }

  snapshot(): Snapshot {
    return {
      idCursor: this.ids.cursor,
      applications: [...this.applications.values()],
      calls: [...this.calls.values()],
      conferences: [...this.conferences.values()],
      participants: [...this.participants.values()],
      recordings: [...this.recordings.values()],
      transcriptions: [...this.transcriptions.values()],
      queues: [...this.queues.values()],
      secrets: [...this.secrets.values()],
      streams: [...this.streams.values()],
      siprec: [...this.siprec.values()],
      ...this.collectionsSnapshot(),
    };
  }

  /** The non-empty collections, or nothing when there are none (see {@link Snapshot.collections}). */
  private collectionsSnapshot(): Pick<Snapshot, "collections"> {
    const kept = [...this.collections].filter(([, records]) => records.size > 0);
    return kept.length === 0 ? {} : { collections: Object.fromEntries(kept.map(([name, records]) => [name, [...records]])) };
  }

  load(snapshot: Snapshot): void {
    this.ids = new IdGenerator(BigInt(snapshot.idCursor));
    this.applications = new Map(snapshot.applications.map((a) => [a.wire.id, a]));
    this.calls = new Map(snapshot.calls.map((c) => [c.sid, c]));
    this.conferences = new Map(snapshot.conferences.map((c) => [c.sid, c]));
    this.participants = new Map(snapshot.participants.map((p) => [participantKey(p.conferenceSid, p.callSid), p]));
    this.recordings = new Map(snapshot.recordings.map((r) => [r.sid, r]));
    this.transcriptions = new Map(snapshot.transcriptions.map((t) => [t.sid, t]));
    this.queues = new Map(snapshot.queues.map((q) => [queueKey(q.accountSid, q.sid), q]));
    this.secrets = new Map(snapshot.secrets.map((s) => [s.name, s]));
    this.streams = new Map(snapshot.streams.map((s) => [s.sid, s]));
    this.siprec = new Map(snapshot.siprec.map((s) => [s.sid, s]));
    this.collections = new Map(Object.entries(snapshot.collections ?? {}).map(([name, entries]) => [name, new Map(entries)]));
    this.touch();
  }
}

export function emptySnapshot(): Snapshot {
  return {
    idCursor: new IdGenerator().cursor,
    applications: [],
    calls: [],
    conferences: [],
    participants: [],
    recordings: [],
    transcriptions: [],
    queues: [],
    secrets: [],
    streams: [],
    siprec: [],
  };
}
