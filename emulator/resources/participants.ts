import { rfc2822 } from "../dates";
import { Fields } from "../fields";
import { invalid, texmlNotFound, type ApiRequest } from "../http";
import { texmlPage } from "../paging";
import { route, type RouteContext } from "../router";
import { participantKey, type ConferenceRecord, type ParticipantRecord } from "../state";
import { endCall, newCall } from "./calls";
import { conferenceUri, endConference, findConference, requireActive } from "./conferences";

function renderParticipant(p: ParticipantRecord, conference: ConferenceRecord) {
  const out: Record<string, unknown> = {
    account_sid: conference.accountSid,
    api_version: "v2/texml",
    call_sid: p.callSid,
    call_sid_legacy: p.callSid,
    coaching: p.coaching,
    conference_sid: p.conferenceSid,
    date_created: rfc2822(p.createdMs),
    date_updated: rfc2822(p.updatedMs),
    end_conference_on_exit: p.endConferenceOnExit,
    hold: p.hold,
    muted: p.muted,
    status: p.status,
    uri: `${conferenceUri(conference)}/Participants/${p.callSid}.json`,
  };
  if (p.coachingCallSid) {
    out.coaching_call_sid = p.coachingCallSid;
    out.coaching_call_sid_legacy = p.coachingCallSid;
  }
  if (p.label) out.label = p.label;
  return out;
}

/** The `{call_sid_or_participant_label}` segment matches a participant's call sid or its label. */
function findParticipant(req: ApiRequest, ctx: RouteContext): { participant: ParticipantRecord; conference: ConferenceRecord } {
  const conference = findConference(req, ctx);
  const key = req.params.call_sid_or_participant_label!;
  const participant =
    ctx.store.participants.get(participantKey(conference.sid, key)) ??
    [...ctx.store.participants.values()].find((p) => p.conferenceSid === conference.sid && p.label === key);
  if (!participant) throw texmlNotFound();
  return { participant, conference };
}

function applyFlags(f: Fields, p: ParticipantRecord, ctx: RouteContext) {
  const muted = f.bool("Muted");
  const hold = f.bool("Hold");
  const endOnExit = f.bool("EndConferenceOnExit");
  const coaching = f.bool("Coaching");
  const coachSid = f.string("CallSidToCoach");
  if (coachSid !== undefined && !ctx.store.participants.has(participantKey(p.conferenceSid, coachSid))) {
    throw invalid("/CallSidToCoach", "value", "CallSidToCoach must be the call sid of a participant of this conference");
  }
  f.url("HoldUrl");
  f.url("WaitUrl");
  f.url("AnnounceUrl");
  if (muted !== undefined) p.muted = muted;
  if (hold !== undefined) p.hold = hold;
  if (endOnExit !== undefined) p.endConferenceOnExit = endOnExit;
  if (coaching !== undefined) p.coaching = coaching;
  if (coachSid !== undefined) p.coachingCallSid = coachSid;
}

function active(ctx: RouteContext, conferenceSid: string) {
  return [...ctx.store.participants.values()].filter((p) => p.conferenceSid === conferenceSid && p.status !== "completed");
}

/** Participants of a conference: list, dial in (form), get, update, remove. */
export const participantRoutes = [
  route("GET", "/texml/Accounts/{account_sid}/Conferences/{conference_sid}/Participants", "GetTexmlConferenceParticipants", (req, ctx) => {
    const conference = findConference(req, ctx);
    const items = [...ctx.store.participants.values()]
      .filter((p) => p.conferenceSid === conference.sid)
      .map((p) => renderParticipant(p, conference));
    return { status: 200, body: texmlPage(req, "participants", items) };
  }),
  route("POST", "/texml/Accounts/{account_sid}/Conferences/{conference_sid}/Participants", "DialTexmlConferenceParticipant", (req, ctx) => {
    const conference = findConference(req, ctx);
    requireActive(conference);
    const f = new Fields(req.body);
    const from = f.string("From", { required: true })!;
    const to = f.string("To", { required: true })!;
    const label = f.string("Label");
    if (label && [...ctx.store.participants.values()].some((p) => p.conferenceSid === conference.sid && p.label === label)) {
      throw invalid("/Label", "value", `A participant labelled '${label}' is already in this conference`);
    }
    const maxParticipants = f.int("MaxParticipants", { min: 2, max: 250 });
    if (maxParticipants !== undefined && active(ctx, conference.sid).length >= maxParticipants) {
      throw invalid("/MaxParticipants", "value", `The conference already has ${maxParticipants} participants`);
    }
    const statusCallback = f.url("StatusCallback");
    const call = newCall(ctx, { from, to, statusCallback, applicationSid: f.string("ApplicationSid") });
    const now = ctx.now();
    const participant: ParticipantRecord = {
      conferenceSid: conference.sid,
      callSid: call.sid,
      label,
      coaching: false,
      endConferenceOnExit: false,
      hold: false,
      muted: false,
      status: "connected",
      createdMs: now,
      updatedMs: now,
    };
    applyFlags(f, participant, ctx);
    ctx.store.participants.set(participantKey(conference.sid, call.sid), participant);
    if (conference.status === "init") conference.status = "in-progress";
    conference.updatedMs = now;
    ctx.store.touch();
    const {
      api_version: _v,
      call_sid_legacy: _l,
      date_created: _c,
      date_updated: _u,
      ...created
    } = renderParticipant(participant, conference);
    return { status: 200, body: created };
  }),
  route(
    "GET",
    "/texml/Accounts/{account_sid}/Conferences/{conference_sid}/Participants/{call_sid_or_participant_label}",
    "GetTexmlConferenceParticipant",
    (req, ctx) => {
      const { participant, conference } = findParticipant(req, ctx);
      return { status: 200, body: renderParticipant(participant, conference) };
    },
  ),
  route(
    "POST",
    "/texml/Accounts/{account_sid}/Conferences/{conference_sid}/Participants/{call_sid_or_participant_label}",
    "UpdateTexmlConferenceParticipant",
    (req, ctx) => {
      const { participant, conference } = findParticipant(req, ctx);
      requireActive(conference);
      applyFlags(new Fields(req.body), participant, ctx);
      participant.updatedMs = ctx.now();
      ctx.store.touch();
      return { status: 200, body: renderParticipant(participant, conference) };
    },
  ),
  route(
    "DELETE",
    "/texml/Accounts/{account_sid}/Conferences/{conference_sid}/Participants/{call_sid_or_participant_label}",
    "DeleteTexmlConferenceParticipant",
    (req, ctx) => {
      const { participant, conference } = findParticipant(req, ctx);
      ctx.store.participants.delete(participantKey(conference.sid, participant.callSid));
      const call = ctx.store.calls.get(participant.callSid);
      if (call) endCall(ctx, call);
      ctx.store.touch();
      if (conference.status !== "completed") {
        if (participant.endConferenceOnExit)
          endConference(ctx, conference, "participant-with-end-conference-on-exit-left", participant.callSid);
        else if (active(ctx, conference.sid).length === 0) endConference(ctx, conference, "last-participant-left", participant.callSid);
      }
      return { status: 204 };
    },
  ),
];
