/**
 * The deployable verifier's entry module. `npm run build` bundles it with esbuild
 * (scripts/build-verifier.mjs) into dist/provider/webhooks/verifier.bundle.mjs: one ES
 * module, this file plus the modules it imports (core, verification, tweetnacl), no
 * imports at run time. `buildVerifierBundle` then puts the deployment's configuration in
 * the one `__VERIFIER_CONFIG__` constant. The checks are those of `verifyWebhook` and the
 * Node handlers (verification.ts, core.ts); what is here is the runtime's side only:
 * WebCrypto Ed25519 with the tweetnacl fallback, logging, and the Worker and Lambda entry
 * points.
 */
import { ReplayCache, decodeBase64, isValidEd25519PublicKey, type HeaderSource, type WebhookEvent } from "./core";
import { createRequestHandler, invalidRequest, methodNotAllowed, unsafePathReason, type Verdict } from "./request-handler";
import type { VerifierSettings } from "./bundle";
import { ed25519Check, verifySignedBody } from "./verification";

/** Declared by the bundle's first lines; `buildVerifierBundle` replaces its `null` with the configuration. */
declare const __VERIFIER_CONFIG__: VerifierSettings | null;

if (!__VERIFIER_CONFIG__)
  throw new Error(
    "this verifier bundle has no configuration: make it with buildVerifierBundle (or the WebhookVerifier component), not from the prebuilt file alone",
  );
const CONFIG: VerifierSettings = __VERIFIER_CONFIG__;

const PUBLIC_KEY = decodeBase64(CONFIG.publicKey, 32);
// A canonical point of prime order, checked once (buildVerifierBundle checked it too).
const KEY_OK = !!PUBLIC_KEY && isValidEd25519PublicKey(PUBLIC_KEY);
const subtle: SubtleCrypto | undefined = typeof crypto === "object" && crypto !== null && crypto.subtle ? crypto.subtle : undefined;

// WebCrypto Ed25519 where the runtime has it (workerd, Node >= 22, Deno, Bun), tweetnacl
// where it does not. Both run after the same explicit rules (ed25519Check, shared with
// verifyWebhook): WebCrypto refuses S >= L by itself, tweetnacl does not; R = identity and
// forgeries under small-order keys are accepted by tweetnacl and by some WebCrypto
// implementations (Node 22's) and refused by others (Node 24's).
function importWebKey(raw: Uint8Array): Promise<CryptoKey> {
  const web = subtle!;
  return web
    .importKey("raw", raw as BufferSource, { name: "Ed25519" }, false, ["verify"])
    .catch(() =>
      web.importKey("raw", raw as BufferSource, { name: "NODE-ED25519", namedCurve: "NODE-ED25519" } as EcKeyImportParams, false, [
        "verify",
      ]),
    );
}

let webKey: CryptoKey | null | undefined; // undefined: not tried yet; null: unavailable
let webKeyPending: Promise<CryptoKey | null> | undefined;
function configuredWebKey(): CryptoKey | null | Promise<CryptoKey | null> {
  if (webKey !== undefined) return webKey;
  if (CONFIG.engine === "tweetnacl" || !subtle || !KEY_OK) {
    webKey = null;
    return webKey;
  }
  webKeyPending ??= importWebKey(PUBLIC_KEY!).then(
    (key) => (webKey = key),
    () => (webKey = null),
  );
  return webKeyPending;
}

/**
 * Ed25519 over the message, with the configured key or another 32-byte key (for tests
 * against shared vectors). The engine is WebCrypto when there is one (unless
 * `engine` is "tweetnacl"), tweetnacl otherwise.
 */
export async function ed25519Verify(message: Uint8Array, signature: Uint8Array, publicKey?: Uint8Array): Promise<boolean> {
  const raw = publicKey ?? PUBLIC_KEY ?? new Uint8Array(32);
  const keyValid = publicKey ? isValidEd25519PublicKey(publicKey) : KEY_OK;
  if (CONFIG.engine === "tweetnacl") return ed25519Check(message, signature, raw, keyValid);
  return ed25519Check(message, signature, raw, keyValid, async () => {
    const key = publicKey ? (subtle ? await importWebKey(raw).catch(() => null) : null) : await configuredWebKey();
    if (key) {
      try {
        return await subtle!.verify({ name: key.algorithm.name }, key, signature as BufferSource, message as BufferSource);
      } catch {
        return undefined; // tweetnacl decides: same rules, same verdict
      }
    }
    if (CONFIG.engine === "webcrypto") throw new Error("this runtime has no WebCrypto Ed25519 (engine: webcrypto)");
    return undefined;
  });
}

/** Which Ed25519 implementation this runtime uses for the configured key: "webcrypto" or "tweetnacl". */
export async function verifierEngine(): Promise<"webcrypto" | "tweetnacl"> {
  return (await configuredWebKey()) ? "webcrypto" : "tweetnacl";
}

/** The whole check (headers, timestamp, signature, parsing) on a raw body, as `verifyWebhook` does it; rejects with a WebhookVerificationError. */
export async function verify(body: Uint8Array, headers: HeaderSource): Promise<WebhookEvent> {
  const settings = {
    publicKey: KEY_OK ? PUBLIC_KEY : undefined,
    toleranceSeconds: CONFIG.toleranceSeconds,
    maxBodyBytes: CONFIG.maxBodyBytes,
    nowMs: Date.now(),
  };
  return verifySignedBody(body, headers, settings, (message, signature) => ed25519Verify(message, signature));
}

function log(fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ time: new Date().toISOString(), ...fields }));
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname.slice(0, 256);
  } catch {
    return "";
  }
}

const handle = createRequestHandler(verify, {
  maxBodyBytes: CONFIG.maxBodyBytes,
  forwardTo: CONFIG.forwardTo,
  forwardTimeoutMs: CONFIG.forwardTimeoutMs,
  // Per isolate or per Lambda instance only: see the README on replay protection.
  replayCache: CONFIG.replayProtection ? new ReplayCache(CONFIG.toleranceSeconds, 10_000) : undefined,
  onVerdict: (v: Verdict, request: Request) =>
    log({
      method: request.method,
      path: pathOf(request.url),
      verdict: v.accepted ? "accepted" : "rejected",
      reason: v.reason,
      status: v.status,
      upstreamStatus: v.upstreamStatus,
      upstreamError: v.upstreamError,
    }),
});

/** Cloudflare Workers, Deno Deploy, Bun and other fetch-style runtimes. */
export default {
  fetch: (request: Request): Promise<Response> => handle(request),
};

const TEXTUAL = /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript)|[^;]*\+(json|xml))/i;

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function lambdaRefusal(response: Response, reason: string, method: string, path: string): Response {
  log({ method, path: path.slice(0, 256), verdict: "rejected", reason, status: response.status });
  return response;
}

/** The parts of a Lambda event the handler reads (function URL / HTTP API payload 2.0, or REST API payload 1.0). */
interface LambdaEvent {
  requestContext?: { http?: { method?: string }; domainName?: string };
  httpMethod?: string;
  rawPath?: string;
  path?: string;
  rawQueryString?: string;
  queryStringParameters?: Record<string, string> | null;
  multiValueQueryStringParameters?: Record<string, string[] | null> | null;
  headers?: Record<string, string | null | undefined> | null;
  multiValueHeaders?: Record<string, string[] | null> | null;
  cookies?: string[];
  body?: string | null;
  isBase64Encoded?: boolean;
}

/**
 * The Request for a Lambda event: a function URL or API Gateway HTTP API event (payload
 * 2.0: rawPath, rawQueryString, cookies, requestContext.http.method), or an API Gateway
 * REST / payload 1.0 event (httpMethod, path, multiValueHeaders, query parameters).
 * Returns a Response instead when the event cannot be a webhook delivery.
 */
function lambdaRequest(event: LambdaEvent): Request | Response {
  const context = event.requestContext || {};
  const method = String(context.http?.method || event.httpMethod || "");
  const rawPath = String(event.rawPath || event.path || "/");
  if (method !== "POST") return lambdaRefusal(methodNotAllowed(), "method_not_allowed", method, rawPath);
  let query = typeof event.rawQueryString === "string" ? event.rawQueryString : "";
  if (typeof event.rawQueryString !== "string") {
    const params = new URLSearchParams();
    const multi = event.multiValueQueryStringParameters;
    if (multi) for (const name of Object.keys(multi)) for (const value of multi[name] || []) params.append(name, value);
    else if (event.queryStringParameters)
      for (const name of Object.keys(event.queryStringParameters)) params.append(name, event.queryStringParameters[name]!);
    query = params.toString();
  }
  const unsafe = unsafePathReason(rawPath);
  if (unsafe) return lambdaRefusal(invalidRequest(unsafe), "invalid_request", method, rawPath);
  try {
    const headers = new Headers();
    const multiHeaders = event.multiValueHeaders;
    if (multiHeaders) for (const name of Object.keys(multiHeaders)) headers.set(name, (multiHeaders[name] || []).join(", "));
    if (event.headers)
      for (const name of Object.keys(event.headers)) if (event.headers[name] != null) headers.set(name, String(event.headers[name]));
    if (Array.isArray(event.cookies) && event.cookies.length) headers.set("cookie", event.cookies.join("; "));
    const host = context.domainName || headers.get("host") || "lambda.invalid";
    const text = typeof event.body === "string" ? event.body : "";
    const body = event.isBase64Encoded ? Uint8Array.from(atob(text), (c) => c.charCodeAt(0)) : new TextEncoder().encode(text);
    return new Request(`https://${host}${rawPath}${query ? `?${query}` : ""}`, { method, headers, body });
  } catch {
    return lambdaRefusal(
      invalidRequest("the event's host, path, headers or body cannot form a request"),
      "invalid_request",
      method,
      rawPath,
    );
  }
}

/** What a Lambda function URL or API Gateway expects back. */
export interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

/** AWS Lambda (function URL, API Gateway HTTP API payload 2.0, or REST API payload 1.0). */
export const handler = async (event: LambdaEvent | null | undefined): Promise<LambdaResult> => {
  const request = lambdaRequest(event || {});
  const response = request instanceof Response ? request : await handle(request);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const textual = bytes.length === 0 || TEXTUAL.test(headers["content-type"] || "");
  return {
    statusCode: response.status,
    headers,
    body: textual ? new TextDecoder().decode(bytes) : bytesToBase64(bytes),
    isBase64Encoded: !textual,
  };
};
