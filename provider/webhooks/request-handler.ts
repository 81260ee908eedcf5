/**
 * The HTTP side of the webhook verifier, on Fetch API `Request`/`Response` so that Node,
 * Workers and Lambda share it: which requests are webhook deliveries at all, reading the
 * body within a limit, and forwarding a verified webhook upstream (bounded in time and
 * size, hop-by-hop headers dropped). The signature check itself is `verification.ts`'s.
 */
import {
  WebhookVerificationError,
  decodeBase64,
  type HeaderSource,
  type ReplayCache,
  type WebhookEvent,
  type WebhookFailureReason,
} from "./core";

/** Why a request was refused before any signature check: it is not a webhook delivery. */
export type RequestRefusal = "method_not_allowed" | "invalid_request";

/** Why an accepted webhook could not be delivered to `forwardTo`. */
export type UpstreamError = "upstream_unreachable" | "upstream_timeout" | "upstream_response_too_large";

/** What became of one request, for logs and metrics; never the body. */
export interface Verdict {
  /** True when the signature checked out (whatever happened upstream afterwards). */
  accepted: boolean;
  /** Why it was refused (when `accepted` is false). */
  reason?: WebhookFailureReason | RequestRefusal;
  /** The status answered. */
  status: number;
  /** When forwarded: the upstream's status, if it answered. */
  upstreamStatus?: number;
  /** When forwarded and the upstream failed: how (answered 502, or 504 on a timeout). */
  upstreamError?: UpstreamError;
}

/** What a request handler needs besides the verification itself. */
export interface RequestHandlerOptions {
  maxBodyBytes: number;
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing is typed void; `undefined` would reject `() => void` handlers
  onEvent?: (event: WebhookEvent, request: Request) => Response | void | Promise<Response | void>;
  forwardTo?: string;
  /** Upper bound for the whole upstream exchange (connect, answer, body), default 10 s. */
  forwardTimeoutMs?: number;
  /** Told about every verdict, with the request it concerns. */
  onVerdict?: (verdict: Verdict, request: Request) => void;
  fetch?: typeof fetch;
  /** Refuse a signature seen before (409 `replayed`); see {@link ReplayCache}. */
  replayCache?: ReplayCache;
  /** Clock for the replay cache, for tests. */
  now?: () => number;
}

/** Default bound on forwarding, below common function time limits (Lambda's default is 3 s; set yours above this). */
export const DEFAULT_FORWARD_TIMEOUT_MS = 10_000;

/** Largest upstream answer relayed (a TeXML document is a few kilobytes). */
const MAX_UPSTREAM_BYTES = 1024 * 1024;

/** Headers that describe one hop, not the message; they are not forwarded. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "proxy-connection",
  "te",
  "trailer",
  "host",
  "content-length",
  "expect",
]);

/** Upstream answer headers relayed to Telnyx. */
const RELAYED = ["content-type", "location", "cache-control"];

const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** Only POST carries a signed body; other methods are refused, never passed through. */
export const METHOD_NOT_ALLOWED_DETAIL =
  "Telnyx signs the body of a POST; set the application's status_callback_method (and voice_method) to POST";

/** The 405 every runtime answers to a method other than POST. */
export const methodNotAllowed = () =>
  jsonResponse(405, { error: "method_not_allowed", detail: METHOD_NOT_ALLOWED_DETAIL }, { allow: "POST" });

/** The 400 for a request that is not well-formed enough to forward. */
export const invalidRequest = (detail: string) => jsonResponse(400, { error: "invalid_request", detail });

/**
 * A path with `.` or `..` segments (also percent-encoded) or a backslash would reach
 * the upstream as a different path than it was sent with; such requests are refused.
 */
export function unsafePathReason(pathAndQuery: string): string | undefined {
  const pathPart = pathAndQuery.split("?")[0]!;
  if (!pathPart.startsWith("/")) return "the request target must be a path starting with /";
  if (pathPart.includes("\\")) return "the path contains a backslash";
  if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(pathPart)) return "the path contains a . or .. segment";
  return undefined;
}

/**
 * Where a request goes upstream: the request's path appended to `forwardTo`'s path
 * (a request for `/` goes to `forwardTo` itself) and its query appended to
 * `forwardTo`'s query. `forwardTo` http://10.0.0.5:3000 and a request for
 * `/status?queue=support` give http://10.0.0.5:3000/status?queue=support.
 */
export function forwardTarget(forwardTo: string, requestUrl: string): string {
  const target = new URL(forwardTo);
  const incoming = new URL(requestUrl);
  if (incoming.pathname !== "/") target.pathname = target.pathname.replace(/\/+$/, "") + incoming.pathname;
  const query = [target.search.slice(1), incoming.search.slice(1)].filter(Boolean).join("&");
  target.search = query ? `?${query}` : "";
  return target.href;
}

/** Reads a stream up to `limit` bytes; undefined when it is larger. */
async function readStream(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

/**
 * The Web-standard request flow shared by the library's handlers and the deployed
 * bundle: only POST (405 otherwise, never passed through); body size limit (413); a
 * failed check answers 401 with `{"error":"<reason>"}` and nothing else; a replay, when
 * a cache is given, 409; a verified event goes to `onEvent`, or is forwarded (method,
 * headers, raw body, path and query unchanged) with a timeout (502 when the upstream
 * cannot be reached, 504 when it is too slow), or gets 204.
 */
export function createRequestHandler(
  verify: (body: Uint8Array, headers: HeaderSource) => WebhookEvent | Promise<WebhookEvent>,
  options: RequestHandlerOptions,
): (request: Request) => Promise<Response> {
  const timeoutMs = options.forwardTimeoutMs ?? DEFAULT_FORWARD_TIMEOUT_MS;
  const clock = options.now ?? Date.now;

  async function forward(
    request: Request,
    body: Uint8Array<ArrayBuffer>,
    forwardTo: string,
    finish: (response: Response, verdict: Omit<Verdict, "status">) => Response,
  ): Promise<Response> {
    const headers = new Headers();
    request.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) headers.set(name, value);
    });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const failed = (status: number, error: UpstreamError) =>
      finish(jsonResponse(status, { error }), { accepted: true, upstreamError: error });
    try {
      const upstream = await (options.fetch ?? fetch)(forwardTarget(forwardTo, request.url), {
        method: "POST",
        headers,
        body,
        redirect: "manual",
        signal: controller.signal,
      });
      const answer = await readStream(upstream.body, MAX_UPSTREAM_BYTES);
      if (!answer) return failed(502, "upstream_response_too_large");
      const relayed: Record<string, string> = { "content-type": upstream.headers.get("content-type") ?? "text/plain" };
      for (const name of RELAYED.slice(1)) {
        const value = upstream.headers.get(name);
        if (value !== null) relayed[name] = value;
      }
      const status = upstream.status >= 200 && upstream.status <= 599 ? upstream.status : 502;
      const nullBody = status === 204 || status === 205 || status === 304;
      return finish(new Response(nullBody ? null : answer, { status, headers: relayed }), {
        accepted: true,
        upstreamStatus: upstream.status,
      });
    } catch {
      return controller.signal.aborted ? failed(504, "upstream_timeout") : failed(502, "upstream_unreachable");
    } finally {
      clearTimeout(timer);
    }
  }

  return async (request) => {
    const finish = (response: Response, verdict: Omit<Verdict, "status">) => {
      options.onVerdict?.({ ...verdict, status: response.status }, request);
      return response;
    };
    const refuse = (response: Response, reason: Verdict["reason"]) => finish(response, { accepted: false, reason });
    if (request.method !== "POST") {
      await request.body?.cancel().catch(() => {});
      return refuse(methodNotAllowed(), "method_not_allowed");
    }
    const declared = request.headers.get("content-length");
    const body =
      declared !== null && Number(declared) > options.maxBodyBytes ? undefined : await readStream(request.body, options.maxBodyBytes);
    if (!body) return refuse(jsonResponse(413, { error: "payload_too_large" }), "payload_too_large");
    let event: WebhookEvent;
    try {
      event = await verify(body, request.headers);
    } catch (error) {
      if (error instanceof WebhookVerificationError)
        return refuse(jsonResponse(error.reason === "payload_too_large" ? 413 : 401, { error: error.reason }), error.reason);
      throw error;
    }
    const signature = options.replayCache ? decodeBase64(request.headers.get("telnyx-signature-ed25519") ?? "", 64) : undefined;
    if (signature && !options.replayCache!.claim(signature, event.timestamp, clock()))
      return refuse(jsonResponse(409, { error: "replayed" }), "replayed");
    let response: Response;
    try {
      if (options.onEvent)
        response = finish((await options.onEvent(event, request)) ?? new Response(null, { status: 204 }), { accepted: true });
      else if (options.forwardTo) response = await forward(request, body, options.forwardTo, finish);
      else response = finish(new Response(null, { status: 204 }), { accepted: true });
    } catch {
      // onEvent threw: the event was genuine but not handled; Telnyx retries on a 5xx.
      response = finish(jsonResponse(500, { error: "internal_error" }), { accepted: true });
    }
    // Not delivered: Telnyx will retry, and its retry must not count as a replay.
    if (signature && response.status >= 500) options.replayCache!.release(signature);
    return response;
  };
}
