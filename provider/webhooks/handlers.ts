import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_TOLERANCE_SECONDS, ReplayCache, type WebhookEvent } from "./core";
import { createRequestHandler, invalidRequest, methodNotAllowed, unsafePathReason, type Verdict } from "./request-handler";
import { DEFAULT_MAX_BODY_BYTES, checkPublicKey, verifyWebhook, type VerifyWebhookOptions } from "./verify";
import { TelnyxValidationError } from "../base/errors";

/** What the handlers do with a request, verified or not. */
export interface WebhookHandlerOptions extends VerifyWebhookOptions {
  /** Called with each verified event; its Response (or 204 when it returns nothing) is the answer. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing is typed void; `undefined` would reject `() => void` handlers
  onEvent?: (event: WebhookEvent, request: Request) => Response | void | Promise<Response | void>;
  /**
   * Forward verified requests here and relay the answer: method, headers and raw body
   * unchanged, the request's path appended to this URL's path and its query to this
   * URL's query (`/status?queue=support` reaches `<forwardTo>/status?queue=support`).
   */
  forwardTo?: string;
  /** Bound on one upstream exchange in milliseconds (default 10,000): 504 `upstream_timeout` beyond it. */
  forwardTimeoutMs?: number;
  /** Told about every verdict, for logging; never given the body. */
  onVerdict?: (verdict: Verdict) => void;
  /** The fetch used to forward (defaults to the global one). */
  fetch?: typeof fetch;
  /**
   * Refuse a signature already accepted within the tolerance window with 409
   * `replayed`. In memory, per handler: it protects one long-lived process, not a set
   * of serverless instances. `maxEntries` (default 100,000) bounds the memory; beyond
   * it the oldest entries go first.
   */
  replayProtection?: boolean | { maxEntries?: number };
}

/** Checks the options a handler cannot work without, once, before any request. */
function checkOptions(options: WebhookHandlerOptions): void {
  checkPublicKey(options.publicKey);
  if (options.forwardTo !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(options.forwardTo);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:"))
      throw new TelnyxValidationError("forwardTo", `forwardTo: must be an http(s) URL, got "${options.forwardTo}"`);
  }
  if (options.forwardTimeoutMs !== undefined && !(Number.isFinite(options.forwardTimeoutMs) && options.forwardTimeoutMs > 0))
    throw new TelnyxValidationError(
      "forwardTimeoutMs",
      `forwardTimeoutMs: must be a positive number of milliseconds, got ${options.forwardTimeoutMs}`,
    );
}

/** The request flow; `onVerdict` is also given the Request (the Node listener maps it back to its message). */
function buildHandler(
  options: WebhookHandlerOptions,
  onVerdict?: (verdict: Verdict, request: Request) => void,
): (request: Request) => Promise<Response> {
  checkOptions(options);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const replay = options.replayProtection;
  const replayCache = replay
    ? new ReplayCache(options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS, typeof replay === "object" ? replay.maxEntries : undefined)
    : undefined;
  return createRequestHandler((body, headers) => verifyWebhook(body, headers, { ...options, maxBodyBytes }), {
    ...options,
    maxBodyBytes,
    replayCache,
    onVerdict: onVerdict ?? (options.onVerdict ? (verdict) => options.onVerdict!(verdict) : undefined),
  });
}

/**
 * A Web-standard handler (Workers, Deno, Bun, Node >= 22): verifies each POST and
 * answers 401 `{"error":"<reason>"}` when the check fails; a verified event goes to
 * `onEvent` or is forwarded to `forwardTo`. Other methods get 405: Telnyx signs only
 * POST bodies, so nothing else is passed through. Throws at once when the public key
 * or `forwardTo` cannot work.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): (request: Request) => Promise<Response> {
  return buildHandler(options);
}

/** A well-formed Host header: a name or an IPv4/IPv6 address, with an optional port. */
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * Why the request's Host header lines break RFC 9112 section 3.2, which requires a 400
 * for more than one Host line, and for an HTTP/1.1 request without one (HTTP/1.0 may
 * omit it). Node keeps only the first Host in `req.headers`, so the raw lines are
 * counted: a second Host, which a proxy in front may have read instead of the first,
 * would otherwise pass unseen.
 */
export function hostHeaderProblem(req: IncomingMessage): string | undefined {
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === "host") hosts++;
  if (hosts > 1) return "more than one Host header (RFC 9112, section 3.2)";
  if (hosts === 0 && !(req.httpVersionMajor === 1 && req.httpVersionMinor === 0))
    return "the Host header is missing (RFC 9112, section 3.2, requires it in HTTP/1.1)";
  return undefined;
}

/** Reads a Node request body up to `limit` bytes; undefined when it is larger (the rest is left unread). */
function readNodeBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        req.pause();
        settle(() => resolve(undefined));
      } else chunks.push(chunk);
    });
    req.on("end", () => settle(() => resolve(Buffer.concat(chunks))));
    req.on("error", (error) => settle(() => reject(error)));
    req.on("close", () => settle(() => reject(new Error("the client closed the connection"))));
  });
}

/** Writes a Fetch Response to a Node response; `close` ends the connection afterwards (a request body was left unread). */
async function send(res: ServerResponse, response: Response, close = false): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  if (res.destroyed || res.headersSent) return;
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (close) headers.connection = "close";
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * The Node side of the listener. Everything that can throw on hostile input (the
 * method, the Host header, the path, header values, building the Request) is checked
 * here and answered 400 or 405; nothing a client sends can crash the process.
 */
export function nodeListener(
  options: WebhookHandlerOptions,
  report?: (verdict: Verdict, req: IncomingMessage) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const origins = new WeakMap<Request, IncomingMessage>();
  const handle = buildHandler(options, (verdict, request) => {
    options.onVerdict?.(verdict);
    const req = origins.get(request);
    if (req && report) report(verdict, req);
  });
  /** `close`: end the connection after answering, also when no body follows. */
  const refuse = (req: IncomingMessage, res: ServerResponse, response: Response, reason: NonNullable<Verdict["reason"]>, close = false) => {
    const verdict: Verdict = { accepted: false, reason, status: response.status };
    options.onVerdict?.(verdict);
    report?.(verdict, req);
    // A body may follow that will not be read: close the connection after answering.
    const hasBody =
      req.headers["transfer-encoding"] !== undefined ||
      (req.headers["content-length"] !== undefined && req.headers["content-length"] !== "0");
    return send(res, response, close || hasBody);
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // RFC 9112 asks this of every request, whatever its method; the connection is closed, as the client's framing is in doubt too.
    const hostProblem = hostHeaderProblem(req);
    if (hostProblem) return refuse(req, res, invalidRequest(hostProblem), "invalid_request", true);
    if (req.method !== "POST") return refuse(req, res, methodNotAllowed(), "method_not_allowed");
    const target = req.url ?? "/";
    const unsafe = unsafePathReason(target);
    if (unsafe) return refuse(req, res, invalidRequest(unsafe), "invalid_request");
    // Only HTTP/1.0 may come without a Host (hostHeaderProblem).
    const host = req.headers.host ?? "localhost";
    if (!HOST.test(host)) return refuse(req, res, invalidRequest("malformed Host header"), "invalid_request");
    let url: URL;
    try {
      url = new URL(`http://${host}${target}`);
    } catch {
      return refuse(req, res, invalidRequest("the request target is not a valid URL path"), "invalid_request");
    }
    const declared = req.headers["content-length"];
    if (declared !== undefined && Number(declared) > maxBodyBytes)
      return refuse(
        req,
        res,
        new Response('{"error":"payload_too_large"}', { status: 413, headers: { "content-type": "application/json" } }),
        "payload_too_large",
      );
    let body: Buffer | undefined;
    try {
      body = await readNodeBody(req, maxBodyBytes);
    } catch {
      return refuse(
        req,
        res,
        invalidRequest("the body ended early (the client closed the connection or sent a malformed body)"),
        "invalid_request",
      );
    }
    if (!body)
      return refuse(
        req,
        res,
        new Response('{"error":"payload_too_large"}', { status: 413, headers: { "content-type": "application/json" } }),
        "payload_too_large",
      );
    let request: Request;
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      request = new Request(url, { method: "POST", headers, body: new Uint8Array(body) });
    } catch {
      return refuse(req, res, invalidRequest("a header cannot be represented in a Fetch request"), "invalid_request");
    }
    origins.set(request, req);
    await send(res, await handle(request));
  }

  return (req, res) => {
    serve(req, res).catch(() => {
      // The client went away mid-body, or an answer could not be written: drop this connection only.
      try {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { "content-type": "application/json", connection: "close" });
          res.end('{"error":"internal_error"}');
        } else res.destroy();
      } catch {
        res.destroy();
      }
    });
  };
}

/** The same handler as a Node `http` listener. */
export function createNodeWebhookListener(options: WebhookHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return nodeListener(options);
}
