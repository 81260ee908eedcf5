import { rfc2822 } from "../dates";
import { Fields } from "../fields";
import { ApiError, invalid, texmlNotFound, type ApiRequest } from "../http";
import { callSid } from "../ids";
import { texmlPage } from "../paging";
import { requireAccount, route, type RouteContext } from "../router";
import type { CallRecord, CallStatus } from "../state";
import { dayRangeFilter } from "./filters";

const LIST_STATUSES = ["canceled", "completed", "failed", "busy", "no-answer"] as const;
const ENDED: readonly CallStatus[] = ["canceled", "completed", "failed", "busy", "no-answer"];
const E164 = /^\+[1-9]\d{6,14}$/;

/** `+13123456789` as `(312) 345-6789` for North American numbers, unchanged otherwise. */
function formatNumber(number: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(number);
  return nanp ? `(${nanp[1]}) ${nanp[2]}-${nanp[3]}` : number;
}

export const callUri = (c: { accountSid: string; sid: string }) => `/v2/texml/Accounts/${c.accountSid}/Calls/${c.sid}`;

export function renderCall(c: CallRecord) {
  const out: Record<string, unknown> = {
    account_sid: c.accountSid,
    caller_name: c.callerName,
    date_created: rfc2822(c.createdMs),
    date_updated: rfc2822(c.updatedMs),
    direction: c.direction,
    duration: String(Math.max(0, Math.round(((c.endMs ?? c.updatedMs) - c.startMs) / 1000))),
    from: c.from,
    from_formatted: formatNumber(c.from),
    sid: c.sid,
    start_time: rfc2822(c.startMs),
    status: c.status,
    to: c.to,
    to_formatted: formatNumber(c.to),
    uri: `${callUri(c)}.json`,
  };
  if (c.answeredBy) out.answered_by = c.answeredBy;
  if (c.endMs !== undefined) out.end_time = rfc2822(c.endMs);
  if (c.endMs !== undefined) {
    out.price = c.price ?? "0.00";
    out.price_unit = "USD";
  }
  return out;
}

/** A call of this account by sid, or 404. */
export function findCall(req: ApiRequest, ctx: RouteContext): CallRecord {
  const account = requireAccount(req, ctx);
  const call = ctx.store.calls.get(req.params.call_sid!);
  if (!call || call.accountSid !== account) throw texmlNotFound();
  return call;
}

/** A recording, stream or SIPREC session of the call in the path, by the sid in `param`, or 404. */
export function findCallPart<T extends { callSid: string }>(req: ApiRequest, ctx: RouteContext, parts: Map<string, T>, param: string): T {
  const call = findCall(req, ctx);
  const part = parts.get(req.params[param]!);
  if (!part || part.callSid !== call.sid) throw texmlNotFound();
  return part;
}

/** Ends a call (hang-up, conference end, participant removal) and reports it to its status callback. */
export function endCall(ctx: RouteContext, call: CallRecord, status: CallStatus = "completed"): void {
  if (ENDED.includes(call.status)) return;
  const now = ctx.now();
  call.status = status;
  call.endMs = now;
  call.updatedMs = now;
  call.price = (Math.ceil((now - call.startMs) / 60_000) * 0.002).toFixed(3);
  ctx.store.touch();
  statusCallback(ctx, call);
}

/** Reports the call's current status to its `StatusCallback`, signed like Telnyx does. */
export function statusCallback(ctx: RouteContext, call: CallRecord): void {
  if (!call.statusCallback) return;
  ctx.webhooks.send(call.statusCallback, {
    AccountSid: call.accountSid,
    CallSid: call.sid,
    CallStatus: call.status,
    Direction: call.direction === "outbound" ? "outbound-api" : "inbound",
    From: call.from,
    To: call.to,
    Timestamp: rfc2822(ctx.now()),
    ...(call.endMs !== undefined ? { CallDuration: String(Math.round((call.endMs - call.startMs) / 1000)) } : {}),
  });
}

/** Starts a call the way an answered outbound call looks to the REST API. */
export function newCall(
  ctx: RouteContext,
  fields: { from: string; to: string; applicationSid?: string; url?: string; statusCallback?: string; direction?: "inbound" | "outbound" },
): CallRecord {
  const now = ctx.now();
  const call: CallRecord = {
    sid: callSid(),
    accountSid: ctx.accountSid,
    from: fields.from,
    to: fields.to,
    status: "in-progress",
    direction: fields.direction ?? "outbound",
    callerName: "CALLER",
    applicationSid: fields.applicationSid,
    url: fields.url,
    statusCallback: fields.statusCallback,
    createdMs: now,
    updatedMs: now,
    startMs: now,
  };
  ctx.store.calls.set(call.sid, call);
  ctx.store.touch();
  return call;
}

function phone(f: Fields, name: string, required: boolean): string | undefined {
  const value = f.string(name, { required });
  // SIP URIs are allowed as destinations, as on Telnyx.
  if (value !== undefined && !E164.test(value) && !value.startsWith("sip:"))
    throw invalid(`/${name}`, "value", `The '${name}' parameter must be a phone number in E.164 format or a SIP URI`);
  return value;
}

/** `/texml/Accounts/{account_sid}/Calls`: initiate (JSON), list with filters, get, update (form). */
export const callRoutes = [
  route("GET", "/texml/Accounts/{account_sid}/Calls", "GetTexmlCalls", (req, ctx) => {
    const account = requireAccount(req, ctx);
    const to = req.query.get("To");
    const from = req.query.get("From");
    const status = req.query.get("Status");
    if (status && !(LIST_STATUSES as readonly string[]).includes(status))
      throw invalid("/Status", "enum", `Status must be one of ${LIST_STATUSES.join(", ")}`);
    const started = dayRangeFilter(req, "StartTime");
    const ended = dayRangeFilter(req, "EndTime");
    const items: CallRecord[] = [];
    for (const call of ctx.store.calls.values()) {
      if (call.accountSid !== account) continue;
      if (to && call.to !== to) continue;
      if (from && call.from !== from) continue;
      if (status && call.status !== status) continue;
      if (!started(call.startMs) || !ended(call.endMs)) continue;
      items.push(call);
    }
    // Newest first, as Telnyx lists calls; the sort is stable, so equal start times keep creation order.
    items.sort((a, b) => b.startMs - a.startMs);
    const page = texmlPage(req, "calls", items);
    page.calls = (page.calls as CallRecord[]).map(renderCall);
    return { status: 200, body: page };
  }),
  route("POST", "/texml/Accounts/{account_sid}/Calls", "InitiateTexmlCall", (req, ctx) => {
    requireAccount(req, ctx);
    const f = new Fields(req.body);
    const to = phone(f, "To", true)!;
    const from = phone(f, "From", true)!;
    const applicationSid = f.string("ApplicationSid", { required: true })!;
    if (!ctx.store.applications.has(applicationSid))
      throw invalid("/ApplicationSid", "value", `No TeXML application with id '${applicationSid}'`);
    const url = f.url("Url");
    const statusCallback = f.url("StatusCallback");
    f.enum("StatusCallbackMethod", ["GET", "POST"], { caseInsensitive: true });
    f.int("Timeout", { min: 1 });
    f.int("TimeLimit", { min: 1 });
    const call = newCall(ctx, { from, to, applicationSid, url, statusCallback });
    if (statusCallback) statusCallbackSequence(ctx, call);
    return { status: 200, body: { call_sid: call.sid, from, status: "queued", to } };
  }),
  route("GET", "/texml/Accounts/{account_sid}/Calls/{call_sid}", "GetTexmlCall", (req, ctx) => ({
    status: 200,
    body: renderCall(findCall(req, ctx)),
  })),
  route("POST", "/texml/Accounts/{account_sid}/Calls/{call_sid}", "UpdateTexmlCall", (req, ctx) => {
    const call = findCall(req, ctx);
    const f = new Fields(req.body);
    const status = f.enum("Status", ["completed", "canceled"]);
    const url = f.url("Url");
    f.url("FallbackUrl");
    const callback = f.url("StatusCallback");
    f.enum("Method", ["GET", "POST"], { caseInsensitive: true });
    if (f.has("Texml") && typeof req.body.Texml !== "string")
      throw invalid("/Texml", "type", "The 'Texml' parameter must be of type 'string'");
    if ((url || req.body.Texml) && ENDED.includes(call.status)) {
      throw new ApiError(422, [
        {
          code: "90018",
          title: "Call has already ended",
          detail: "This call is no longer active and can't receive commands.",
          source: { pointer: "/Url" },
        },
      ]);
    }
    if (callback) call.statusCallback = callback;
    if (url) call.url = url;
    call.updatedMs = ctx.now();
    ctx.store.touch();
    if (status) endCall(ctx, call, status === "canceled" ? "canceled" : "completed");
    return { status: 200, body: renderCall(call) };
  }),
];

function statusCallbackSequence(ctx: RouteContext, call: CallRecord) {
  // What a status callback sees for an answered outbound call: ringing, then in-progress.
  const { status } = call;
  call.status = "ringing";
  statusCallback(ctx, call);
  call.status = status;
  statusCallback(ctx, call);
}
