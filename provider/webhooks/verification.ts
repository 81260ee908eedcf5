/**
 * The verification every path runs: `verifyWebhook` and the Node handlers (through
 * verify.ts, with Node's crypto) and the deployable bundle (bundle-entry.ts, with
 * WebCrypto). Runtime-neutral: it imports core and tweetnacl only, so esbuild bundles it
 * into the verifier as is. Only the Ed25519 library underneath differs per runtime; the
 * order of the checks, the rules and the failure reasons are these.
 */
import nacl from "tweetnacl";
import {
  WebhookVerificationError,
  headerValue,
  isStrictSignature,
  parseVerifiedBody,
  prepareVerification,
  type HeaderSource,
  type WebhookEvent,
} from "./core";

/**
 * A runtime's own Ed25519 verify, called once the rules passed: its verdict, or
 * undefined when this runtime has no Ed25519 (tweetnacl decides then). Sync (Node's
 * crypto) or async (WebCrypto).
 */
export type NativeEd25519 = (
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
) => boolean | undefined | Promise<boolean | undefined>;

/**
 * Ed25519 as every path checks it: the explicit rules first (S < L per RFC 8032, R not
 * the identity, and a public key that is a canonical point of prime order, `keyValid`),
 * then the runtime's `native` verify, or tweetnacl where there is none. The libraries
 * alone disagree on those edge cases (tweetnacl accepts S >= L and forgeries under
 * small-order keys, Node 22's crypto some of them); with the rules first they agree.
 */
export function ed25519Check(
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
  keyValid: boolean,
  native?: (message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array) => boolean | undefined,
): boolean;
export function ed25519Check(
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
  keyValid: boolean,
  native: NativeEd25519,
): boolean | Promise<boolean>;
export function ed25519Check(
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
  keyValid: boolean,
  native?: NativeEd25519,
): boolean | Promise<boolean> {
  if (!isStrictSignature(signature) || !keyValid) return false;
  const settle = (verdict: boolean | undefined) => verdict ?? nacl.sign.detached.verify(message, signature, publicKey);
  const verdict = native?.(message, signature, publicKey);
  return verdict instanceof Promise ? verdict.then(settle) : settle(verdict);
}

/** What a verification needs besides the request: the key (undefined when it is unusable) and the limits. */
export interface VerificationSettings {
  publicKey: Uint8Array | undefined;
  toleranceSeconds: number;
  maxBodyBytes: number;
  /** The current time in milliseconds. */
  nowMs: number;
}

/**
 * The whole check on a raw body, in the order a receiver can afford it (cheapest
 * first): a usable key, the body size, the headers and the timestamp, the signature
 * (`check`, over `<telnyx-timestamp>|<raw body>`), then the body's parsing. Returns the
 * event, or a promise of it when `check` is async; throws (or rejects with) a
 * {@link WebhookVerificationError} whose `reason` says why.
 */
export function verifySignedBody(
  rawBody: string | Uint8Array,
  headers: HeaderSource,
  settings: VerificationSettings,
  check: (message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array) => boolean,
): WebhookEvent;
export function verifySignedBody(
  rawBody: string | Uint8Array,
  headers: HeaderSource,
  settings: VerificationSettings,
  check: (message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array) => Promise<boolean>,
): Promise<WebhookEvent>;
export function verifySignedBody(
  rawBody: string | Uint8Array,
  headers: HeaderSource,
  settings: VerificationSettings,
  check: (message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array) => boolean | Promise<boolean>,
): WebhookEvent | Promise<WebhookEvent> {
  const key = settings.publicKey;
  if (!key) throw new WebhookVerificationError("invalid_public_key");
  const body = typeof rawBody === "string" ? new TextEncoder().encode(rawBody) : rawBody;
  if (body.length > settings.maxBodyBytes) throw new WebhookVerificationError("payload_too_large");
  const signed = prepareVerification(body, headers, settings.toleranceSeconds, settings.nowMs);
  const finish = (valid: boolean): WebhookEvent => {
    if (!valid) throw new WebhookVerificationError("signature_mismatch");
    const raw = typeof rawBody === "string" ? rawBody : new TextDecoder().decode(rawBody);
    return parseVerifiedBody(raw, signed.timestamp, headerValue(headers, "content-type"));
  };
  const valid = check(signed.message, signed.signature, key);
  return typeof valid === "boolean" ? finish(valid) : valid.then(finish);
}
