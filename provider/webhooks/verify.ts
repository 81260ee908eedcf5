import { createPublicKey, verify as nodeVerify, type KeyObject } from "node:crypto";
import nacl from "tweetnacl";
import {
  DEFAULT_TOLERANCE_SECONDS,
  WebhookVerificationError,
  decodeBase64,
  isValidEd25519PublicKey,
  type HeaderSource,
  type WebhookEvent,
} from "./core";
import { ed25519Check, verifySignedBody } from "./verification";
import { TelnyxValidationError } from "../base/errors";

/** Largest body accepted by default: Telnyx webhooks are a few kilobytes. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** How to verify. */
export interface VerifyWebhookOptions {
  /** The account's Ed25519 public key, base64 (as the Telnyx portal shows it) or 32 raw bytes. */
  publicKey: string | Uint8Array;
  /** Largest accepted distance between `telnyx-timestamp` and now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** Clock in milliseconds, for tests. */
  now?: () => number;
  /** Refuse larger bodies with `payload_too_large` (default 1 MiB). */
  maxBodyBytes?: number;
  /** `native` (Node's crypto), `tweetnacl`, or `auto`: native where the runtime has Ed25519. */
  engine?: "auto" | "native" | "tweetnacl";
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 key bytes follow it. */
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** What is known about one public key: whether it passes the key rule, and its KeyObject (null without native Ed25519). */
interface KeyInfo {
  bytes: Uint8Array;
  valid: boolean;
  native?: KeyObject | null;
}
const keysByText = new Map<string, KeyInfo>();
const keysByArray = new WeakMap<Uint8Array, KeyInfo>();

/** The cached facts about a key; a caller's array is re-checked byte for byte, in case it was reused for another key. */
function keyInfo(raw: Uint8Array): KeyInfo {
  const known = keysByArray.get(raw);
  if (known && known.bytes.length === raw.length && known.bytes.every((byte, i) => byte === raw[i])) return known;
  const info: KeyInfo = { bytes: new Uint8Array(raw), valid: isValidEd25519PublicKey(raw) };
  keysByArray.set(raw, info);
  return info;
}

function nativeKey(info: KeyInfo): KeyObject | null {
  if (info.native === undefined) {
    try {
      info.native = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, info.bytes]), format: "der", type: "spki" });
    } catch {
      info.native = null; // this runtime's crypto has no Ed25519
    }
  }
  return info.native;
}

function publicKeyBytes(publicKey: string | Uint8Array): Uint8Array {
  if (typeof publicKey === "string") {
    const known = keysByText.get(publicKey);
    if (known) return known.bytes;
    const bytes = decodeBase64(publicKey, 32);
    if (!bytes || !isValidEd25519PublicKey(bytes)) throw new WebhookVerificationError("invalid_public_key");
    if (keysByText.size > 64) keysByText.clear();
    const info = keyInfo(bytes);
    keysByText.set(publicKey, info);
    return info.bytes;
  }
  if (publicKey.length !== 32 || !keyInfo(publicKey).valid) throw new WebhookVerificationError("invalid_public_key");
  return publicKey;
}

/**
 * The public key as 32 bytes, or an Error saying what is wrong with it (never quoting
 * it): what handlers and servers check once, before they take a request.
 */
export function checkPublicKey(publicKey: string | Uint8Array, name = "publicKey"): Uint8Array {
  const expected = "the account's Ed25519 public key from the Telnyx portal: base64 that decodes to 32 bytes";
  const notAPoint = `${name}: decodes to 32 bytes that are not a usable Ed25519 public key (not a canonical point of prime order: a small-order key would let anyone forge signatures); copy the key again from the Telnyx portal`;
  if (typeof publicKey !== "string") {
    if (publicKey instanceof Uint8Array && publicKey.length === 32) {
      if (!isValidEd25519PublicKey(publicKey)) throw new TelnyxValidationError(name, notAPoint);
      return publicKey;
    }
    throw new TelnyxValidationError(
      name,
      `${name}: must be ${expected} (got ${publicKey instanceof Uint8Array ? `${publicKey.length} raw bytes` : typeof publicKey})`,
    );
  }
  const bytes = decodeBase64(publicKey, 32);
  if (bytes) {
    if (!isValidEd25519PublicKey(bytes)) throw new TelnyxValidationError(name, notAPoint);
    return bytes;
  }
  const clean = publicKey.trim();
  let got = `${clean.length} characters that are not standard padded base64`;
  if (clean === "") got = "an empty string";
  else if (/^[A-Za-z0-9+/]+={0,2}$/.test(clean) && clean.length % 4 === 0) got = `base64 of ${atob(clean).length} bytes`;
  throw new TelnyxValidationError(name, `${name}: must be ${expected} (got ${got})`);
}

/**
 * Ed25519 verify through Node's crypto when available, else tweetnacl; both apply the
 * same rules, checked explicitly by {@link ed25519Check} (the bundle's check too): S < L
 * (RFC 8032), R not the identity, and a public key that is a canonical point of prime
 * order (tweetnacl alone would accept forgeries under a small-order key).
 */
export function ed25519Verify(
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
  engine: VerifyWebhookOptions["engine"] = "auto",
): boolean {
  const info = keyInfo(publicKey);
  if (engine === "tweetnacl") return ed25519Check(message, signature, publicKey, info.valid);
  return ed25519Check(message, signature, publicKey, info.valid, () => {
    const key = nativeKey(info);
    if (key) return nodeVerify(null, message, key, signature);
    if (engine === "native")
      throw new TelnyxValidationError("engine", 'this runtime\'s crypto has no Ed25519; use engine "tweetnacl" or "auto"');
    return undefined;
  });
}

/**
 * Verifies a Telnyx webhook: Ed25519 over `<telnyx-timestamp>|<raw body>` with the
 * account's public key, and a timestamp within the tolerance. Returns the parsed event
 * or throws a {@link WebhookVerificationError} whose `reason` says why.
 *
 * Pass the body exactly as received: a re-serialized JSON body will not verify.
 */
export function verifyWebhook(rawBody: string | Uint8Array, headers: HeaderSource, options: VerifyWebhookOptions): WebhookEvent {
  const settings = {
    publicKey: publicKeyBytes(options.publicKey),
    toleranceSeconds: options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    nowMs: options.now ? options.now() : Date.now(),
  };
  return verifySignedBody(rawBody, headers, settings, (message, signature, key) => ed25519Verify(message, signature, key, options.engine));
}

/**
 * Signs a body the way Telnyx does, for tests and local tools: returns the two headers.
 * `secretKey` is a tweetnacl 64-byte secret key.
 */
export function signWebhook(
  body: string | Uint8Array,
  secretKey: Uint8Array,
  timestamp = Math.floor(Date.now() / 1000),
): Record<"telnyx-timestamp" | "telnyx-signature-ed25519", string> {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const prefix = new TextEncoder().encode(`${timestamp}|`);
  const message = new Uint8Array(prefix.length + bytes.length);
  message.set(prefix);
  message.set(bytes, prefix.length);
  return {
    "telnyx-timestamp": String(timestamp),
    "telnyx-signature-ed25519": Buffer.from(nacl.sign.detached(message, secretKey)).toString("base64"),
  };
}

export { WebhookVerificationError, type WebhookEvent, type WebhookFailureReason, type HeaderSource } from "./core";
