import { isoSeconds, rfc2822 } from "../dates";
import { Fields } from "../fields";
import { texmlNotFound, type ApiRequest } from "../http";
import { uuid } from "../ids";
import { texmlPage } from "../paging";
import { requireAccount, route, type RouteContext } from "../router";
import type { RecordingRecord } from "../state";
import { callUri, findCall, findCallPart } from "./calls";
import { findConference } from "./conferences";
import { dateFilter } from "./filters";

const recordingUri = (r: RecordingRecord) => `/v2/texml/Accounts/${r.accountSid}/Recordings/${r.sid}.json`;

const durationOf = (r: RecordingRecord) => r.durationSeconds;

/** The fields every `.json` recording shape shares (ISO 8601 dates, duration as a string). */
function recordingCore(r: RecordingRecord) {
  const duration = durationOf(r);
  return {
    account_sid: r.accountSid,
    call_sid: r.callSid,
    channels: r.channels,
    conference_sid: r.conferenceSid,
    date_created: isoSeconds(r.createdMs),
    date_updated: isoSeconds(r.updatedMs),
    duration: duration === null ? null : String(duration),
    error_code: null,
    sid: r.sid,
    source: r.source,
    start_time: isoSeconds(r.startMs),
    status: r.status,
  };
}

/** The `.json` recording shape used by call, account and conference `.json` listings. */
export function renderRecording(r: RecordingRecord, ctx: RouteContext) {
  return {
    ...recordingCore(r),
    media_url: `${ctx.origin}/v2/texml/Accounts/${r.accountSid}/Recordings/${r.sid}.mp3`,
    subresources_uris: {
      transcriptions: hasTranscriptions(r, ctx)
        ? `${ctx.origin}/v2/texml/Accounts/${r.accountSid}/Recordings/${r.sid}/Transcriptions.json`
        : null,
    },
    uri: recordingUri(r),
  };
}

/** What start and update answer: the recording as a call sub-resource, with price and track. */
function renderCallRecording(r: RecordingRecord) {
  const duration = durationOf(r);
  return {
    ...recordingCore(r),
    price: duration === null ? null : (Math.ceil(duration / 60) * 0.0025).toFixed(4),
    price_unit: "USD",
    track: r.track,
    uri: `${callUri({ accountSid: r.accountSid, sid: r.callSid })}/Recordings/${r.sid}.json`,
  };
}

/** The older conference `/Recordings` shape: RFC 2822 dates, integer duration, its own status words. */
function renderConferenceRecording(r: RecordingRecord, ctx: RouteContext) {
  const status = r.status === "completed" || r.status === "stopped" ? "completed" : "processing";
  return {
    account_sid: r.accountSid,
    call_sid: r.callSid,
    channels: r.channels,
    conference_sid: r.conferenceSid ?? "",
    date_created: rfc2822(r.createdMs),
    date_updated: rfc2822(r.updatedMs),
    duration: durationOf(r) ?? 0,
    media_url: `${ctx.origin}/v2/texml/Accounts/${r.accountSid}/Recordings/${r.sid}.mp3`,
    sid: r.sid,
    source: r.source,
    start_time: rfc2822(r.startMs),
    status,
    subresource_uris: { transcriptions: null },
    uri: recordingUri(r),
  };
}

function hasTranscriptions(r: RecordingRecord, ctx: RouteContext) {
  for (const t of ctx.store.transcriptions.values()) if (t.recordingSid === r.sid) return true;
  return false;
}

function findRecording(req: ApiRequest, ctx: RouteContext): RecordingRecord {
  const account = requireAccount(req, ctx);
  const recording = ctx.store.recordings.get(req.params.recording_sid!);
  if (!recording || recording.accountSid !== account) throw texmlNotFound();
  return recording;
}

/** Stops a recording: it becomes `completed` with its duration fixed. */
export function finishRecording(ctx: RouteContext, r: RecordingRecord): void {
  const now = ctx.now();
  r.status = "completed";
  r.durationSeconds = Math.max(0, Math.round((now - r.startMs) / 1000));
  r.updatedMs = now;
  ctx.store.touch();
}

const newestFirst = <T>(items: T[]) => items.reverse();

/** Recordings: per call (list, start, update), per account (list, get, delete), per conference (two listings). */
export const recordingRoutes = [
  route("GET", "/texml/Accounts/{account_sid}/Calls/{call_sid}/Recordings.json", "FetchTeXMLCallRecordings", (req, ctx) => {
    const call = findCall(req, ctx);
    const items = newestFirst([...ctx.store.recordings.values()].filter((r) => r.callSid === call.sid));
    return {
      status: 200,
      body: texmlPage(
        req,
        "recordings",
        items.map((r) => renderRecording(r, ctx)),
        ctx.origin,
      ),
    };
  }),
  route("POST", "/texml/Accounts/{account_sid}/Calls/{call_sid}/Recordings.json", "StartTeXMLCallRecording", (req, ctx) => {
    const call = findCall(req, ctx);
    const f = new Fields(req.body);
    const channels = f.enum("RecordingChannels", ["single", "dual"]) ?? "dual";
    const track = f.enum("RecordingTrack", ["inbound", "outbound", "both"]) ?? "both";
    f.bool("PlayBeep");
    f.bool("SendRecordingUrl");
    f.url("RecordingStatusCallback");
    f.enum("RecordingStatusCallbackMethod", ["GET", "POST"], { caseInsensitive: true });
    const now = ctx.now();
    const recording: RecordingRecord = {
      sid: uuid(),
      accountSid: call.accountSid,
      callSid: call.sid,
      conferenceSid: null,
      channels: channels === "single" ? 1 : 2,
      source: "StartCallRecordingAPI",
      track,
      status: "in-progress",
      durationSeconds: null,
      createdMs: now,
      updatedMs: now,
      startMs: now,
    };
    ctx.store.recordings.set(recording.sid, recording);
    ctx.store.touch();
    return { status: 200, body: renderCallRecording(recording) };
  }),
  route(
    "POST",
    "/texml/Accounts/{account_sid}/Calls/{call_sid}/Recordings/{recording_sid}.json",
    "UpdateTeXMLCallRecording",
    (req, ctx) => {
      const recording = findCallPart(req, ctx, ctx.store.recordings, "recording_sid");
      const status = new Fields(req.body).enum("Status", ["in-progress", "paused", "stopped"]);
      if (status === "stopped") finishRecording(ctx, recording);
      else if (status && recording.status !== "completed") {
        recording.status = status;
        recording.updatedMs = ctx.now();
        ctx.store.touch();
      }
      return { status: 200, body: renderCallRecording(recording) };
    },
  ),
  route("GET", "/texml/Accounts/{account_sid}/Recordings.json", "GetTeXMLCallRecordings", (req, ctx) => {
    const account = requireAccount(req, ctx);
    const created = dateFilter(req, "DateCreated");
    const items = newestFirst([...ctx.store.recordings.values()].filter((r) => r.accountSid === account && created(r.createdMs)));
    return {
      status: 200,
      body: texmlPage(
        req,
        "recordings",
        items.map((r) => renderRecording(r, ctx)),
        ctx.origin,
      ),
    };
  }),
  route("GET", "/texml/Accounts/{account_sid}/Recordings/{recording_sid}.json", "GetTeXMLCallRecording", (req, ctx) => ({
    status: 200,
    body: renderRecording(findRecording(req, ctx), ctx),
  })),
  route("DELETE", "/texml/Accounts/{account_sid}/Recordings/{recording_sid}.json", "DeleteTeXMLCallRecording", (req, ctx) => {
    const recording = findRecording(req, ctx);
    ctx.store.recordings.delete(recording.sid);
    ctx.store.touch();
    return { status: 204 };
  }),
  route("GET", "/texml/Accounts/{account_sid}/Conferences/{conference_sid}/Recordings", "GetTexmlConferenceRecordings", (req, ctx) => {
    const conference = findConference(req, ctx);
    const items = [...ctx.store.recordings.values()].filter((r) => r.conferenceSid === conference.sid);
    const page = texmlPage(
      req,
      "recordings",
      items.map((r) => renderConferenceRecording(r, ctx)),
    );
    // The spec's example of this (older) listing also carries an empty `participants` array.
    return { status: 200, body: { ...page, participants: [] } };
  }),
  route(
    "GET",
    "/texml/Accounts/{account_sid}/Conferences/{conference_sid}/Recordings.json",
    "FetchTeXMLConferenceRecordings",
    (req, ctx) => {
      const conference = findConference(req, ctx);
      const items = [...ctx.store.recordings.values()].filter((r) => r.conferenceSid === conference.sid);
      return {
        status: 200,
        body: texmlPage(
          req,
          "recordings",
          items.map((r) => renderRecording(r, ctx)),
          ctx.origin,
        ),
      };
    },
  ),
];
