import { rfc2822 } from "../dates";
import { Fields } from "../fields";
import { uuid } from "../ids";
import { route } from "../router";
import type { SiprecRecord } from "../state";
import { findCall, findCallPart } from "./calls";

const uri = (s: SiprecRecord) => `/v2/texml/Accounts/${s.accountSid}/Calls/${s.callSid}/Siprec/${s.sid}.json`;

/** SIPREC sessions on a call: start (form), then stop. */
export const siprecRoutes = [
  route("POST", "/texml/Accounts/{account_sid}/Calls/{call_sid}/Siprec.json", "StartTeXMLSiprecSession", (req, ctx) => {
    const call = findCall(req, ctx);
    const f = new Fields(req.body);
    const track = f.enum("Track", ["both_tracks", "inbound_track", "outbound_track"]) ?? "both_tracks";
    f.string("ConnectorName");
    f.enum("SipTransport", ["udp", "tcp", "tls"]);
    f.int("SessionTimeoutSecs", { min: 1 });
    f.bool("Secure");
    f.bool("IncludeMetadataCustomHeaders");
    const now = ctx.now();
    const session: SiprecRecord = {
      sid: uuid(),
      accountSid: call.accountSid,
      callSid: call.sid,
      track,
      status: "in-progress",
      createdMs: now,
      updatedMs: now,
    };
    ctx.store.siprec.set(session.sid, session);
    ctx.store.touch();
    return {
      status: 200,
      body: {
        account_sid: session.accountSid,
        call_sid: session.callSid,
        date_created: rfc2822(now),
        date_updated: rfc2822(now),
        sid: session.sid,
        start_time: rfc2822(now),
        status: session.status,
        track: session.track,
        uri: uri(session),
      },
    };
  }),
  route("POST", "/texml/Accounts/{account_sid}/Calls/{call_sid}/Siprec/{siprec_sid}.json", "UpdateTeXMLSiprecSession", (req, ctx) => {
    const session = findCallPart(req, ctx, ctx.store.siprec, "siprec_sid");
    new Fields(req.body).enum("Status", ["stopped"]);
    session.status = "stopped";
    session.updatedMs = ctx.now();
    ctx.store.touch();
    return {
      status: 200,
      body: {
        account_sid: session.accountSid,
        call_sid: session.callSid,
        date_updated: rfc2822(session.updatedMs),
        sid: session.sid,
        status: session.status,
        uri: uri(session),
      },
    };
  }),
];
