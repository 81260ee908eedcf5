/**
 * The runtime-neutral part of webhook verification: header and timestamp checks,
 * strict base64, and body parsing. It imports only the error family's base (which
 * imports nothing), so esbuild bundles it, as it is, into the self-contained verifier
 * the `WebhookVerifier` component deploys (bundle-entry.ts): library and bundle apply
 * the same rules.
 */
import { TelnyxTexmlError } from "../base/errors";

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
  | "empty_payload"
  | "malformed_payload"
  | "replayed";

const MESSAGES: Record<WebhookFailureReason, string> = {
  missing_signature: "the telnyx-signature-ed25519 header is missing",
  missing_timestamp: "the telnyx-timestamp header is missing",
  invalid_timestamp: "the telnyx-timestamp header is not a Unix time in seconds",
  timestamp_out_of_tolerance: "the telnyx-timestamp is too far from the current time",
  invalid_signature_encoding: "the telnyx-signature-ed25519 header is not a base64 Ed25519 signature (64 bytes)",
  signature_mismatch: "the signature does not match the body and timestamp",
  invalid_public_key: "the configured public key is not a base64 Ed25519 public key (32 bytes)",
  payload_too_large: "the body is larger than the limit",
  empty_payload: "the signed body is empty (Telnyx never sends an empty webhook)",
  malformed_payload: "the signed body is neither JSON nor form-urlencoded",
  replayed: "this signature was already accepted within the tolerance window (a replay)",
};

/** A refused webhook; `reason` says why. The message never quotes the body or the signature. */
export class WebhookVerificationError extends TelnyxTexmlError {
  constructor(readonly reason: WebhookFailureReason) {
    super("webhook", `webhook rejected (${reason}): ${MESSAGES[reason]}`);
    this.name = "WebhookVerificationError";
  }
}

/** Header access that works for Fetch `Headers`, Node's `IncomingHttpHeaders` and plain records. */
export type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

/** A header by name, case-insensitively; the first value when repeated. */
export function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === "function")
    return (headers as { get(n: string): string | null }).get(name) ?? undefined;
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
  if (body.length === 0) throw new WebhookVerificationError("empty_payload");
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
const GROUP_ORDER = [
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0x10,
];

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

/**
 * The signature-side rules every verify path applies before its library runs: 64 bytes,
 * S < L (RFC 8032; OpenSSL and WebCrypto enforce it, tweetnacl does not), and R not the
 * identity point's encoding (tweetnacl and Node 22's crypto accept it, Node 24's refuses
 * it; such a signature can only be made with the private key, so refusing it costs
 * nothing).
 */
export function isStrictSignature(signature: Uint8Array): boolean {
  if (signature.length !== 64 || !hasCanonicalScalar(signature)) return false;
  if (signature[0] !== 1) return true;
  for (let i = 1; i < 32; i++) if (signature[i] !== 0) return true;
  return false;
}

// Ed25519 public key validation, in BigInt so that it runs anywhere (it runs once per key).
const P = (1n << 255n) - 19n;
const L = (1n << 252n) + 27742317777372353535851937790883648493n;
const mod = (a: bigint) => ((a % P) + P) % P;
function power(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}
const D = mod(-121665n * power(121666n, P - 2n));
const SQRT_M1 = power(2n, (P - 1n) / 4n);
type Point = [bigint, bigint, bigint, bigint]; // extended coordinates X, Y, Z, T

/** The complete twisted Edwards addition (a = -1), also used for doubling. */
function add([x1, y1, z1, t1]: Point, [x2, y2, z2, t2]: Point): Point {
  const a = mod((y1 - x1) * (y2 - x2));
  const b = mod((y1 + x1) * (y2 + x2));
  const c = mod(t1 * 2n * D * t2);
  const d = mod(z1 * 2n * z2);
  const e = b - a;
  const f = d - c;
  const g = d + c;
  const h = b + a;
  return [mod(e * f), mod(g * h), mod(f * g), mod(e * h)];
}

/** RFC 8032 5.1.3 point decoding, strict: undefined for y >= p, no square root, or x = 0 with the sign bit set. */
function decodePoint(bytes: Uint8Array): Point | undefined {
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(bytes[i]!);
  const sign = y >> 255n;
  y &= (1n << 255n) - 1n;
  if (y >= P) return undefined;
  const u = mod(y * y - 1n);
  const v = mod(D * y * y + 1n);
  let x = mod(u * power(v, 3n) * power(u * power(v, 7n), (P - 5n) / 8n));
  const check = mod(v * x * x);
  if (check === mod(-u)) x = mod(x * SQRT_M1);
  else if (check !== u) return undefined;
  if (x === 0n && sign === 1n) return undefined;
  if ((x & 1n) !== sign) x = P - x;
  return [x, y, 1n, mod(x * y)];
}

const validKeys = new Map<string, boolean>();

/**
 * Whether 32 bytes are a public key a signature can be checked against: a canonical
 * encoding of a point of prime order L (not the identity, no small-order component).
 * Under a small-order or non-canonically encoded key anyone can forge signatures (R =
 * identity and S = 0 verify a message whose hash is a multiple of the key's order):
 * tweetnacl and Node 22's crypto accept them, Node 24's refuses them. So the key is held
 * to this rule once, for every verify path. Telnyx's
 * keys, like any key made by an Ed25519 key generator, pass.
 */
export function isValidEd25519PublicKey(key: Uint8Array): boolean {
  if (key.length !== 32) return false;
  const id = String.fromCharCode(...key);
  let valid = validKeys.get(id);
  if (valid === undefined) {
    const point = decodePoint(key);
    valid = false;
    if (point && !(point[0] === 0n && point[1] === point[2])) {
      let result: Point = [0n, 1n, 1n, 0n];
      for (let bit = 252n; bit >= 0n; bit--) {
        result = add(result, result);
        if ((L >> bit) & 1n) result = add(result, point);
      }
      valid = result[0] === 0n && result[1] === result[2];
    }
    if (validKeys.size > 64) validKeys.clear();
    validKeys.set(id, valid);
  }
  return valid;
}

/**
 * Remembers the signatures accepted within the tolerance window, so that the same
 * signed webhook cannot be delivered twice to one process. In memory, per process (or
 * per isolate): it protects a single long-lived server, not a fleet of serverless
 * instances, each of which has its own.
 */
export class ReplayCache {
  private readonly seen = new Map<string, number>();
  /** Entries dropped before they expired because the cache was full. */
  evicted = 0;

  constructor(
    private readonly toleranceSeconds: number,
    private readonly maxEntries = 100_000,
  ) {}

  /** How many signatures are remembered now. */
  get size(): number {
    return this.seen.size;
  }

  /**
   * Records a verified signature. False when it is already there and not expired: a
   * replay. An entry lives until its timestamp leaves the tolerance window, after which
   * the timestamp check refuses the webhook anyway.
   */
  claim(signature: Uint8Array, timestamp: number, nowMs: number): boolean {
    const key = String.fromCharCode(...signature);
    this.sweep(nowMs);
    const expires = this.seen.get(key);
    if (expires !== undefined && expires > nowMs) return false;
    this.seen.delete(key);
    this.seen.set(key, (timestamp + this.toleranceSeconds + 1) * 1000);
    while (this.seen.size > this.maxEntries) {
      this.seen.delete(this.seen.keys().next().value!);
      this.evicted++;
    }
    return true;
  }

  /** Forgets a signature, so that Telnyx's retry of a webhook that was not delivered is not taken for a replay. */
  release(signature: Uint8Array): void {
    this.seen.delete(String.fromCharCode(...signature));
  }

  /** Drops expired entries from the oldest end (insertion order follows time closely enough). */
  private sweep(nowMs: number): void {
    let budget = 64;
    for (const [key, expires] of this.seen) {
      if (expires > nowMs || budget-- === 0) break;
      this.seen.delete(key);
    }
  }
}
