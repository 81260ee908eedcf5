/**
 * The runtime-neutral part of webhook verification: header and timestamp checks,
 * strict base64, and body parsing. It imports nothing, so its compiled JavaScript is
 * also embedded as-is in the self-contained bundle the `WebhookVerifier` component
 * produces: library and bundle apply the same rules.
 */

/** Why a webhook was refused. Stable strings, meant for logs and metrics. */
export type WebhookFailureReason =
  | "missing_signature"
  | "missing_timestamp"
  | "invalid_timestamp"
  | "timestamp_out_of_tolerance"
  | "invalid_signature_encoding"
  | "signature_mismatch"
  | "invalid_public_key"
  | "payload_too_large"
  | "malformed_payload";

const MESSAGES: Record<WebhookFailureReason, string> = {
  missing_signature: "the telnyx-signature-ed25519 header is missing",
  missing_timestamp: "the telnyx-timestamp header is missing",
  invalid_timestamp: "the telnyx-timestamp header is not a Unix time in seconds",
  timestamp_out_of_tolerance: "the telnyx-timestamp is too far from the current time",
  invalid_signature_encoding: "the telnyx-signature-ed25519 header is not a base64 Ed25519 signature (64 bytes)",
  signature_mismatch: "the signature does not match the body and timestamp",
  invalid_public_key: "the configured public key is not a base64 Ed25519 public key (32 bytes)",
  payload_too_large: "the body is larger than the limit",
  malformed_payload: "the signed body is neither JSON nor form-urlencoded",
};

/** A refused webhook; `reason` says why. The message never quotes the body or the signature. */
export class WebhookVerificationError extends Error {
  constructor(readonly reason: WebhookFailureReason) {
    super(`webhook rejected (${reason}): ${MESSAGES[reason]}`);
    this.name = "WebhookVerificationError";
  }
}

/** Header access that works for Fetch `Headers`, Node's `IncomingHttpHeaders` and plain records. */
export type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

/** A header by name, case-insensitively; the first value when repeated. */
export function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === "function") return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const value = (headers as Record<string, string | string[] | undefined>)[key];
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Strict base64 (standard alphabet, padded) to bytes; undefined when malformed or not `length` bytes. */
export function decodeBase64(text: string, length: number): Uint8Array | undefined {
  const clean = text.trim();
  if (clean.length !== 4 * Math.ceil(length / 3) || !/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) return undefined;
  const binary = atob(clean);
  if (binary.length !== length) return undefined;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** What remains to check once the headers are sound: the signature over `message`. */
export interface SignedMessage {
  timestamp: number;
  signature: Uint8Array;
  /** `<timestamp>|<raw body>` as bytes: exactly what Telnyx signed. */
  message: Uint8Array;
}

/** Default tolerance, as Telnyx's own SDK applies it. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * Checks the headers and the timestamp and builds the signed message. Throws the
 * first failure found, in the order a receiver can afford them (cheapest first).
 */
export function prepareVerification(body: Uint8Array, headers: HeaderSource, toleranceSeconds: number, nowMs: number): SignedMessage {
  const signatureHeader = headerValue(headers, "telnyx-signature-ed25519");
  if (!signatureHeader) throw new WebhookVerificationError("missing_signature");
  const timestampHeader = headerValue(headers, "telnyx-timestamp");
  if (!timestampHeader) throw new WebhookVerificationError("missing_timestamp");
  if (!/^\d{1,12}$/.test(timestampHeader.trim())) throw new WebhookVerificationError("invalid_timestamp");
  const timestamp = Number(timestampHeader.trim());
  const signature = decodeBase64(signatureHeader, 64);
  if (!signature) throw new WebhookVerificationError("invalid_signature_encoding");
  if (Math.abs(nowMs / 1000 - timestamp) > toleranceSeconds) throw new WebhookVerificationError("timestamp_out_of_tolerance");
  const prefix = new TextEncoder().encode(`${timestampHeader.trim()}|`);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix, 0);
  message.set(body, prefix.length);
  return { timestamp, signature, message };
}

/** A verified webhook. */
export interface WebhookEvent {
  /** The `telnyx-timestamp`, Unix seconds. */
  timestamp: number;
  /** `json` for API v2 events, `form` for TeXML callbacks (`CallSid`, `CallStatus`, ...). */
  format: "json" | "form";
  /** The parsed body: the JSON value, or the form fields as an object of strings. */
  payload: unknown;
  /** The raw body as text. */
  raw: string;
}

/** Parses a verified body: JSON when it looks like JSON, form-urlencoded otherwise. */
export function parseVerifiedBody(raw: string, timestamp: number, contentType?: string): WebhookEvent {
  const trimmed = raw.trimStart();
  const looksJson = contentType?.includes("json") || trimmed.startsWith("{") || trimmed.startsWith("[");
  if (looksJson) {
    try {
      return { timestamp, format: "json", payload: JSON.parse(raw), raw };
    } catch {
      throw new WebhookVerificationError("malformed_payload");
    }
  }
  if (raw !== "" && !/^[^=&\s]+=[^&\s]*(&[^=&\s]+=[^&\s]*)*$/.test(raw)) throw new WebhookVerificationError("malformed_payload");
  const payload: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(raw)) payload[key] = value;
  return { timestamp, format: "form", payload, raw };
}

/** The Ed25519 group order L, little-endian, as signatures encode S. */
const GROUP_ORDER = [0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];

/**
 * RFC 8032 requires S < L. OpenSSL enforces it and tweetnacl does not, so it is
 * checked here, once, for both: that keeps the two verify paths in agreement.
 */
export function hasCanonicalScalar(signature: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const byte = signature[32 + i]!;
    const bound = GROUP_ORDER[i]!;
    if (byte < bound) return true;
    if (byte > bound) return false;
  }
  return false;
}

/** What a request handler needs besides the verification itself. */
export interface RequestHandlerOptions {
  maxBodyBytes: number;
  onEvent?: (event: WebhookEvent, request: Request) => Response | void | Promise<Response | void>;
  forwardTo?: string;
  onVerdict?: (verdict: { accepted: boolean; reason?: WebhookFailureReason; status: number }) => void;
  fetch?: typeof fetch;
}

/** Headers that describe one hop, not the message; they are not forwarded. */
const HOP_BY_HOP = ["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te", "trailer", "host", "content-length"];

const jsonResponse = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** Reads a body up to `limit` bytes; undefined when it is larger. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (Number(request.headers.get("content-length") ?? "0") > limit) return undefined;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
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
 * bundle: only POST; body size limit (413); a failed check answers 401 with
 * `{"error":"<reason>"}` and nothing else; a verified event goes to `onEvent`, or is
 * forwarded (method, headers and raw body unchanged), or gets 204.
 */
export function createRequestHandler(verify: (body: Uint8Array, headers: HeaderSource) => WebhookEvent, options: RequestHandlerOptions): (request: Request) => Promise<Response> {
  const finish = (response: Response, reason?: WebhookFailureReason) => {
    options.onVerdict?.({ accepted: reason === undefined && response.status < 400, reason, status: response.status });
    return response;
  };
  return async (request) => {
    if (request.method !== "POST") return finish(new Response(null, { status: 405, headers: { allow: "POST" } }));
    const body = await readLimited(request, options.maxBodyBytes);
    if (!body) return finish(jsonResponse(413, { error: "payload_too_large" }), "payload_too_large");
    let event: WebhookEvent;
    try {
      event = verify(body, request.headers);
    } catch (error) {
      if (error instanceof WebhookVerificationError) return finish(jsonResponse(error.reason === "payload_too_large" ? 413 : 401, { error: error.reason }), error.reason);
      throw error;
    }
    if (options.onEvent) return finish((await options.onEvent(event, request)) ?? new Response(null, { status: 204 }));
    if (options.forwardTo) {
      const headers = new Headers();
      request.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.includes(name)) headers.set(name, value);
      });
      try {
        const upstream = await (options.fetch ?? fetch)(options.forwardTo, { method: "POST", headers, body });
        return finish(new Response(await upstream.arrayBuffer(), { status: upstream.status, headers: { "content-type": upstream.headers.get("content-type") ?? "text/plain" } }));
      } catch {
        return finish(jsonResponse(502, { error: "upstream_unreachable" }));
      }
    }
    return finish(new Response(null, { status: 204 }));
  };
}
