import type { IncomingMessage, ServerResponse } from "node:http";
import { describeFault, type FaultAction, type FaultInjector } from "./faults";
import { ApiError, applicationNotFound, badRequest, forbidden, texmlNotFound, unauthenticated, type ApiReply, type ApiRequest } from "./http";
import { match, type Route, type RouteContext } from "./router";
import { redactBody, type RequestLog } from "./request-log";

/** Largest request body accepted; Telnyx's own limit is far above anything TeXML needs. */
const MAX_BODY_BYTES = 1024 * 1024;

/** One request and its answer, for observers such as the conformance test. */
export interface Exchange {
  method: string;
  path: string;
  /** The spec path template and operation, when the request matched one. */
  template?: string;
  operationId?: string;
  status: number;
  /** Parsed JSON body of the answer; undefined for 204 and dropped connections. */
  body?: unknown;
}

/** What the public API handler needs besides the request. */
export interface PublicApiDeps {
  routes: readonly Route[];
  context: (origin: string) => RouteContext;
  apiKey: string;
  /** Keys that authenticate but lack permission: every request answers 403. */
  forbiddenApiKeys: readonly string[];
  faults: FaultInjector;
  log: RequestLog;
  /** The emulator's clock (ms), which the `Date` header reports. */
  now: () => number;
  onExchange?: (exchange: Exchange) => void;
}

/** Reads the body, up to the limit; `undefined` when it was too large. */
export function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** JSON or form-urlencoded, as the content type says; repeated form fields become arrays. */
function parseBody(contentType: string | undefined, raw: string): Pick<ApiRequest, "body" | "bodyKind"> {
  if (raw === "") return { body: {}, bodyKind: "none" };
  if (contentType === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw badRequest("The request body is not valid JSON.");
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw badRequest("The request body must be a JSON object.");
    return { body: parsed as Record<string, unknown>, bodyKind: "json" };
  }
  if (contentType === "application/x-www-form-urlencoded") {
    const body: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(raw)) {
      const existing = body[key];
      body[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    return { body, bodyKind: "form" };
  }
  throw new ApiError(415, [{ code: "10015", title: "Unsupported Media Type", detail: `Content-Type '${contentType ?? "none"}' is not supported; send application/json or application/x-www-form-urlencoded.` }]);
}

const notFoundFor = (path: string) => (path.startsWith("/texml_applications") ? applicationNotFound() : texmlNotFound());

function send(res: ServerResponse, reply: ApiReply, now: number): void {
  // The Date header follows the emulator's clock (which may be set off from this machine's), as a real server's follows its own.
  const date = { date: new Date(now).toUTCString() };
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, { ...date, ...reply.headers });
    res.end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, { ...date, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(payload), ...reply.headers });
  res.end(payload);
}

const errorReply = (error: ApiError, headers?: Record<string, string>): ApiReply => ({ status: error.status, body: { errors: error.errors }, headers });

/** A fault that answers with an error status instead of handling the request. */
function faultReply(action: Extract<FaultAction, { type: "status" }>): ApiReply {
  const titles: Record<number, string> = { 429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout" };
  const title = titles[action.status] ?? "Error";
  const error = new ApiError(action.status, [{ code: action.status === 429 ? "10011" : "10007", title, detail: action.status === 429 ? "Too many requests; slow down and retry." : `${title} (injected by the emulator).` }]);
  return errorReply(error, action.retryAfter !== undefined ? { "retry-after": String(action.retryAfter) } : undefined);
}

/**
 * Serves `/v2/...`: authentication, body parsing, routing, injected faults, the
 * request log, and the spec's error bodies.
 */
export async function handlePublicApi(req: IncomingMessage, res: ServerResponse, url: URL, deps: PublicApiDeps): Promise<void> {
  const method = req.method ?? "GET";
  const path = url.pathname.slice("/v2".length) || "/";
  const contentType = req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase() || undefined;
  const raw = await readBody(req);
  const rawText = raw?.toString("utf8") ?? "";
  const entry = deps.log.record({ method, path, query: url.search.slice(1), contentType, body: redactBody(path, rawText), status: 0, at: new Date().toISOString() });
  const found = match(deps.routes, method, path);
  const observe = (status: number, body?: unknown) => deps.onExchange?.({ method, path, template: found.route?.template, operationId: found.route?.operationId, status, body });
  const answer = (reply: ApiReply) => {
    entry.status = reply.status;
    observe(reply.status, reply.body);
    send(res, reply, deps.now());
  };

  if (raw === undefined) return answer(errorReply(new ApiError(413, [{ code: "10015", title: "Payload Too Large", detail: `The request body exceeds ${MAX_BODY_BYTES} bytes.` }])));
  const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  if (key !== undefined && deps.forbiddenApiKeys.includes(key)) return answer(errorReply(forbidden()));
  if (key !== deps.apiKey) return answer(errorReply(unauthenticated()));
  if (!found.route) {
    if (found.allowed.length > 0) return answer(errorReply(new ApiError(405, [{ code: "10015", title: "Method Not Allowed", detail: `${method} is not allowed here.` }]), { allow: found.allowed.join(", ") }));
    return answer(errorReply(notFoundFor(path)));
  }

  const fault = deps.faults.pick(method, path);
  if (fault) entry.fault = describeFault(fault);
  if (fault?.type === "status" && fault.when !== "after") return answer(faultReply(fault));
  if (fault?.type === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms));
  if (fault?.type === "drop" && fault.when === "before") {
    observe(0);
    res.socket?.destroy();
    return;
  }

  let reply: ApiReply;
  try {
    const request: ApiRequest = { method, path, query: url.searchParams, params: found.params, ...parseBody(contentType, rawText) };
    const context = deps.context(`http://${req.headers.host ?? "127.0.0.1"}`);
    const unlisted = deps.faults.pickUnlisted(method, path);
    if (unlisted !== undefined) {
      context.unlistedForMs = unlisted;
      entry.fault = [entry.fault, `unlisted:${unlisted}`].filter(Boolean).join("+");
    }
    reply = found.route.handle(request, context);
  } catch (error) {
    reply = error instanceof ApiError ? errorReply(error) : errorReply(new ApiError(500, [{ code: "10007", title: "Internal Server Error", detail: error instanceof Error ? error.message : String(error) }]));
  }

  if (fault?.type === "drop") {
    // Applied, but the client never hears back: the ambiguous failure providers must survive.
    observe(0);
    res.socket?.destroy();
    return;
  }
  if (fault?.type === "status") return answer(faultReply(fault));
  if (fault?.type === "malformed") {
    entry.status = 200;
    observe(200);
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"data": {"id": "truncated');
    return;
  }
  answer(reply);
}
