import type { IncomingMessage, ServerResponse } from "node:http";
import { bearerToken, sameSecret } from "./auth";
import { describeFault, type FaultAction, type FaultInjector } from "./faults";
import {
  ApiError,
  applicationNotFound,
  badRequest,
  forbidden,
  texmlNotFound,
  unauthenticated,
  type ApiReply,
  type ApiRequest,
} from "./http";
import { checkMediaType, type RequestMediaType } from "./media";
import { match, type Route, type RouteContext } from "./router";
import { redactBody, type RequestLog } from "./request-log";
import type { RequestTarget } from "./target";

/** Largest request body accepted; Telnyx's own limit is far above anything TeXML needs. */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * A body refused unread (too large, or unauthenticated) is still drained, without
 * keeping it, so the client hears the answer; beyond this many bytes the emulator
 * stops reading and closes the connection after answering.
 */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

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

/** What reading a body gave: the bytes when kept and within `keep`, else only how many there were. */
export interface BodyRead {
  data?: Buffer;
  bytes: number;
  /** False when reading stopped at `MAX_DRAIN_BYTES`: the connection must be closed after the answer. */
  complete: boolean;
}

/**
 * Reads a request body, keeping at most `keep` bytes (0: discard it all, as for a
 * request not yet authenticated). A body over `keep` is drained and dropped, never
 * buffered; `data` is then undefined.
 */
export function consumeBody(req: IncomingMessage, keep: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > MAX_DRAIN_BYTES) {
      req.pause();
      return resolve({ bytes: declared, complete: false });
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= keep) chunks.push(chunk);
      else if (chunks.length > 0) chunks.length = 0;
      if (bytes > MAX_DRAIN_BYTES) {
        req.off("data", onData);
        req.pause();
        resolve({ bytes, complete: false });
      }
    };
    req.on("data", onData);
    req.on("end", () => resolve({ data: bytes <= keep ? Buffer.concat(chunks) : undefined, bytes, complete: true }));
    req.on("error", reject);
  });
}

/** Decodes a body of the operation's media type; repeated form fields become arrays. */
function parseBody(media: RequestMediaType | undefined, raw: string): Pick<ApiRequest, "body" | "bodyKind"> {
  if (raw === "" || media === undefined) return { body: {}, bodyKind: "none" };
  if (media === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw badRequest("The request body is not valid JSON.");
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw badRequest("The request body must be a JSON object.");
    return { body: parsed as Record<string, unknown>, bodyKind: "json" };
  }
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const existing = body[key];
    body[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return { body, bodyKind: "form" };
}

/** `http://<Host header>` for absolute URIs in bodies; a Host that is not a plain host[:port] is not echoed. */
function originOf(req: IncomingMessage): string {
  const host = req.headers.host ?? "";
  return /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/.test(host)
    ? `http://${host}`
    : `http://${req.socket.localAddress?.includes(":") ? `[${req.socket.localAddress}]` : (req.socket.localAddress ?? "127.0.0.1")}:${req.socket.localPort ?? 0}`;
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
  res.writeHead(reply.status, {
    ...date,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    ...reply.headers,
  });
  res.end(payload);
}

const errorReply = (error: ApiError, headers?: Record<string, string>): ApiReply => ({
  status: error.status,
  body: { errors: error.errors },
  headers,
});

/** A fault that answers with an error status instead of handling the request. */
function faultReply(action: Extract<FaultAction, { type: "status" }>): ApiReply {
  const titles: Record<number, string> = {
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
  };
  const title = titles[action.status] ?? "Error";
  const error = new ApiError(action.status, [
    {
      code: action.status === 429 ? "10011" : "10007",
      title,
      detail: action.status === 429 ? "Too many requests; slow down and retry." : `${title} (injected by the emulator).`,
    },
  ]);
  return errorReply(error, action.retryAfter !== undefined ? { "retry-after": String(action.retryAfter) } : undefined);
}

/**
 * Serves `/v2/...`: authentication (before the body is read, decoded or logged),
 * the path check, the body and its media type, routing, injected faults, the
 * request log, and the spec's error bodies.
 */
export async function handlePublicApi(
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  deps: PublicApiDeps,
): Promise<void> {
  const method = req.method ?? "GET";
  const { path, query } = target;
  const contentType = req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase() || undefined;
  const entry = deps.log.record({ method, path, query, contentType, body: "", status: 0, at: new Date().toISOString() });
  // The path is only matched once it is known to decode; routes decode their parameters.
  const found = target.problem ? { route: undefined, params: {}, allowed: [] as string[] } : match(deps.routes, method, path);
  const observe = (status: number, body?: unknown) =>
    deps.onExchange?.({ method, path, template: found.route?.template, operationId: found.route?.operationId, status, body });
  const answer = (reply: ApiReply, closeAfter = false) => {
    entry.status = reply.status;
    observe(reply.status, reply.body);
    send(res, closeAfter ? { ...reply, headers: { ...reply.headers, connection: "close" } } : reply, deps.now());
  };
  /** Answers without reading the body: it is drained unseen (or the connection closed when it is huge). */
  const refuse = async (reply: ApiReply) => {
    const drained = await consumeBody(req, 0);
    answer(reply, !drained.complete);
  };

  const key = bearerToken(req.headers.authorization);
  if (key !== undefined && deps.forbiddenApiKeys.some((forbiddenKey) => sameSecret(key, forbiddenKey)))
    return refuse(errorReply(forbidden()));
  if (!sameSecret(key, deps.apiKey)) return refuse(errorReply(unauthenticated()));
  if (target.problem) return refuse(errorReply(badRequest(target.problem)));

  const raw = await consumeBody(req, MAX_BODY_BYTES);
  if (raw.data === undefined)
    return answer(
      errorReply(
        new ApiError(413, [{ code: "10015", title: "Payload Too Large", detail: `The request body exceeds ${MAX_BODY_BYTES} bytes.` }]),
      ),
      !raw.complete,
    );
  const rawText = raw.data.toString("utf8");
  deps.log.setBody(entry, redactBody(path, rawText));
  if (!found.route) {
    if (found.allowed.length > 0)
      return answer(
        errorReply(new ApiError(405, [{ code: "10015", title: "Method Not Allowed", detail: `${method} is not allowed here.` }]), {
          allow: found.allowed.join(", "),
        }),
      );
    return answer(errorReply(notFoundFor(path)));
  }
  let media: RequestMediaType | undefined;
  try {
    media = checkMediaType(found.route, contentType, raw.bytes);
  } catch (error) {
    return answer(errorReply(error as ApiError));
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
    const request: ApiRequest = { method, path, query: new URLSearchParams(query), params: found.params, ...parseBody(media, rawText) };
    const context = deps.context(originOf(req));
    const unlisted = deps.faults.pickUnlisted(method, path);
    if (unlisted !== undefined) {
      context.unlistedForMs = unlisted;
      entry.fault = [entry.fault, `unlisted:${unlisted}`].filter(Boolean).join("+");
    }
    reply = found.route.handle(request, context);
  } catch (error) {
    reply =
      error instanceof ApiError
        ? errorReply(error)
        : errorReply(
            new ApiError(500, [
              { code: "10007", title: "Internal Server Error", detail: error instanceof Error ? error.message : String(error) },
            ]),
          );
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
