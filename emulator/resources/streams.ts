import { isoSeconds } from "../dates";
import { Fields } from "../fields";
import { invalid } from "../http";
import { uuid } from "../ids";
import { route } from "../router";
import type { StreamRecord } from "../state";
import { callUri, findCall, findCallPart } from "./calls";

function render(s: StreamRecord) {
  const out: Record<string, unknown> = {
    account_sid: s.accountSid,
    call_sid: s.callSid,
    date_updated: isoSeconds(s.updatedMs),
    sid: s.sid,
    status: s.status,
    uri: `${callUri({ accountSid: s.accountSid, sid: s.callSid })}/Streams/${s.sid}.json`,
  };
  if (s.name && s.status === "in-progress") out.name = s.name;
  return out;
}

/** Media streams on a call: start (form), then stop. */
export const streamRoutes = [
  route("POST", "/texml/Accounts/{account_sid}/Calls/{call_sid}/Streams.json", "StartTeXMLCallStreaming", (req, ctx) => {
    const call = findCall(req, ctx);
    const f = new Fields(req.body);
    const url = f.string("Url", { required: true })!;
    if (!/^wss?:\/\//.test(url)) throw invalid("/Url", "value", "The 'Url' parameter must be a ws:// or wss:// URL");
    f.enum("Track", ["inbound_track", "outbound_track", "both_tracks"]);
    f.enum("BidirectionalMode", ["mp3", "rtp"]);
    f.enum("BidirectionalCodec", ["PCMU", "PCMA", "G722"]);
    f.url("StatusCallback");
    f.enum("StatusCallbackMethod", ["GET", "POST"], { caseInsensitive: true });
    const stream: StreamRecord = {
      sid: uuid(),
      accountSid: call.accountSid,
      callSid: call.sid,
      name: f.string("Name"),
      url,
      status: "in-progress",
      updatedMs: ctx.now(),
    };
    ctx.store.streams.set(stream.sid, stream);
    ctx.store.touch();
    return { status: 200, body: render(stream) };
  }),
  route("POST", "/texml/Accounts/{account_sid}/Calls/{call_sid}/Streams/{streaming_sid}.json", "UpdateTeXMLCallStreaming", (req, ctx) => {
    const stream = findCallPart(req, ctx, ctx.store.streams, "streaming_sid");
    new Fields(req.body).enum("Status", ["stopped"]);
    stream.status = "stopped";
    stream.updatedMs = ctx.now();
    ctx.store.touch();
    return { status: 200, body: render(stream) };
  }),
];
