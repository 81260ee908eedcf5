import { rfc2822 } from "../dates";
import { Fields } from "../fields";
import { ApiError, texmlNotFound, type ApiRequest } from "../http";
import { texmlPage } from "../paging";
import { requireAccount, route, type RouteContext } from "../router";
import type { ConferenceRecord } from "../state";
import { endCall } from "./calls";
import { dateFilter } from "./filters";

const STATUSES = ["init", "in-progress", "completed"] as const;

export const conferenceUri = (c: { accountSid: string; sid: string }) => `/v2/texml/Accounts/${c.accountSid}/Conferences/${c.sid}`;

export function renderConference(c: ConferenceRecord) {
  const uri = conferenceUri(c);
  const out: Record<string, unknown> = {
    account_sid: c.accountSid,
    api_version: "v2/texml",
    date_created: rfc2822(c.createdMs),
    date_updated: rfc2822(c.updatedMs),
    friendly_name: c.friendlyName,
    region: c.region,
    sid: c.sid,
    status: c.status,
    subresource_uris: { participants: `${uri}/Participants.json`, recordings: `${uri}/Recordings.json` },
    uri: `${uri}.json`,
  };
  if (c.reasonEnded) out.reason_conference_ended = c.reasonEnded;
  if (c.callSidEnding) out.call_sid_ending_conference = c.callSidEnding;
  return out;
}

/** A conference of this account by sid, or 404. */
export function findConference(req: ApiRequest, ctx: RouteContext): ConferenceRecord {
  const account = requireAccount(req, ctx);
  const conference = ctx.store.conferences.get(req.params.conference_sid!);
  if (!conference || conference.accountSid !== account) throw texmlNotFound();
  return conference;
}

/** 400 from the spec's examples: an ended conference takes no commands. */
export function requireActive(conference: ConferenceRecord): void {
  if (conference.status === "completed") {
    throw new ApiError(400, [
      { code: "90019", title: "Conference has already ended", detail: "This conference is no longer active and can't receive commands." },
    ]);
  }
}

/** Ends a conference and every participant's call in it. */
export function endConference(ctx: RouteContext, conference: ConferenceRecord, reason: string, callSid?: string): void {
  const now = ctx.now();
  conference.status = "completed";
  conference.reasonEnded = reason;
  if (callSid) conference.callSidEnding = callSid;
  conference.updatedMs = now;
  for (const participant of ctx.store.participants.values()) {
    if (participant.conferenceSid !== conference.sid || participant.status === "completed") continue;
    participant.status = "completed";
    participant.updatedMs = now;
    const call = ctx.store.calls.get(participant.callSid);
    if (call) endCall(ctx, call);
  }
  ctx.store.touch();
}

/** `/texml/Accounts/{account_sid}/Conferences`: list with filters, get, update (form). */
export const conferenceRoutes = [
  route("GET", "/texml/Accounts/{account_sid}/Conferences", "GetTexmlConferences", (req, ctx) => {
    const account = requireAccount(req, ctx);
    const f = new Fields(Object.fromEntries(req.query));
    const name = f.string("FriendlyName");
    const status = f.enum("Status", STATUSES);
    const created = dateFilter(req, "DateCreated");
    const updated = dateFilter(req, "DateUpdated");
    const items = [...ctx.store.conferences.values()]
      .filter(
        (c) =>
          c.accountSid === account &&
          (!name || c.friendlyName === name) &&
          (!status || c.status === status) &&
          created(c.createdMs) &&
          updated(c.updatedMs),
      )
      .reverse();
    const page = texmlPage(req, "conferences", items);
    page.conferences = (page.conferences as ConferenceRecord[]).map(renderConference);
    return { status: 200, body: page };
  }),
  route("GET", "/texml/Accounts/{account_sid}/Conferences/{conference_sid}", "GetTexmlConference", (req, ctx) => ({
    status: 200,
    body: renderConference(findConference(req, ctx)),
  })),
  route("POST", "/texml/Accounts/{account_sid}/Conferences/{conference_sid}", "UpdateTexmlConference", (req, ctx) => {
    const conference = findConference(req, ctx);
    const f = new Fields(req.body);
    const status = f.enum("Status", ["completed"]);
    const announceUrl = f.url("AnnounceUrl");
    f.enum("AnnounceMethod", ["GET", "POST"], { caseInsensitive: true });
    if (status || announceUrl) requireActive(conference);
    if (announceUrl) conference.announceUrl = announceUrl;
    conference.updatedMs = ctx.now();
    ctx.store.touch();
    if (status) endConference(ctx, conference, "conference-ended-via-api");
    return { status: 200, body: renderConference(conference) };
  }),
];
