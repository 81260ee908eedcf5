import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { version } from "../version";
import { DEFAULT_FORWARD_TIMEOUT_MS, DEFAULT_TOLERANCE_SECONDS } from "./core";
import { DEFAULT_MAX_BODY_BYTES, checkPublicKey } from "./verify";

/** What the deployed verifier is configured with; baked into the bundle. */
export interface VerifierBundleConfig {
  /** The account's Ed25519 public key, base64. */
  publicKey: string;
  /** Upstream for verified webhooks; without it, verified requests get 204. */
  forwardTo?: string;
  toleranceSeconds?: number;
  maxBodyBytes?: number;
  /** Bound on one upstream exchange in milliseconds (default 10,000): 504 beyond it. */
  forwardTimeoutMs?: number;
  /**
   * Refuse a signature already accepted (409 `replayed`), remembered in memory: per
   * Worker isolate or Lambda instance only, so a replay reaching another instance is
   * not caught. Default false.
   */
  replayProtection?: boolean;
  /** `auto` (default): WebCrypto Ed25519 where the runtime has it, tweetnacl elsewhere; or force one. */
  engine?: "auto" | "webcrypto" | "tweetnacl";
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** The bundle and what a platform's function resource needs to know about it. */
export interface VerifierBundle {
  /** One ES module, no npm dependencies at run time. */
  code: string;
  /** The file name the code should have in an archive. */
  entryFile: string;
  sha256: string;
  bytes: number;
}

/** `require`-style module text wrapped so it runs inside an ES module without a module system. */
function embedCommonJs(name: string, source: string): string {
  return `const ${name} = (() => {\n  const module = { exports: {} };\n  const exports = module.exports;\n  (function (module, exports) {\n${source}\n  })(module, exports);\n  return module.exports;\n})();`;
}

/** The compiled, import-free `core` module. Under a TypeScript runner it is transpiled on the fly. */
function coreModuleSource(): string {
  const compiled = path.join(__dirname, "core.js");
  const file = existsSync(compiled) ? compiled : path.join(__dirname, "core.ts");
  const text = readFileSync(file, "utf8");
  if (!file.endsWith(".ts")) return text.replace(/\n\/\/# sourceMappingURL=.*$/, "");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require("typescript") as typeof import("typescript");
  return ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
}

const GLUE = `
const PUBLIC_KEY = core.decodeBase64(CONFIG.publicKey, 32);
// A canonical point of prime order, checked once (the build checked it too).
const KEY_OK = !!PUBLIC_KEY && core.isValidEd25519PublicKey(PUBLIC_KEY);
const subtle = typeof crypto === "object" && crypto !== null && crypto.subtle ? crypto.subtle : undefined;

// WebCrypto Ed25519 where the runtime has it (workerd, Node >= 22, Deno, Bun), tweetnacl
// where it does not. Both paths get the same explicit rules first: S < L (RFC 8032), R
// not the identity, and a valid public key. WebCrypto refuses S >= L by itself, tweetnacl
// does not; R = identity and forgeries under small-order keys are accepted by tweetnacl
// and by some WebCrypto implementations (Node 22's) and refused by others (Node 24's).
function importWebKey(raw) {
  return subtle
    .importKey("raw", raw, { name: "Ed25519" }, false, ["verify"])
    .catch(() => subtle.importKey("raw", raw, { name: "NODE-ED25519", namedCurve: "NODE-ED25519" }, false, ["verify"]));
}

let webKey; // undefined: not tried yet; null: unavailable; else the CryptoKey
let webKeyPending;
function configuredWebKey() {
  if (webKey !== undefined) return webKey;
  if (CONFIG.engine === "tweetnacl" || !subtle || !KEY_OK) return (webKey = null);
  if (!webKeyPending) webKeyPending = importWebKey(PUBLIC_KEY).then((key) => (webKey = key), () => (webKey = null));
  return webKeyPending;
}

/**
 * Ed25519 over the message, with the configured key or another 32-byte key (for tests
 * against shared vectors). Resolves to a boolean; the engine is WebCrypto when there is
 * one (unless CONFIG.engine is "tweetnacl"), tweetnacl otherwise.
 */
export async function ed25519Verify(message, signature, publicKey) {
  const raw = publicKey || PUBLIC_KEY;
  const keyOk = publicKey ? core.isValidEd25519PublicKey(publicKey) : KEY_OK;
  if (!keyOk || !core.isStrictSignature(signature)) return false;
  let key = null;
  if (!publicKey) {
    key = configuredWebKey();
    if (key && typeof key.then === "function") key = await key;
  } else if (CONFIG.engine !== "tweetnacl" && subtle) {
    key = await importWebKey(raw).catch(() => null);
  }
  if (key) {
    try {
      return await subtle.verify({ name: key.algorithm.name }, key, signature, message);
    } catch {
      // fall through to tweetnacl: same rules, same verdict
    }
  } else if (CONFIG.engine === "webcrypto") {
    throw new Error("this runtime has no WebCrypto Ed25519 (engine: webcrypto)");
  }
  return nacl.sign.detached.verify(message, signature, raw);
}

/** Which Ed25519 implementation this runtime uses for the configured key: "webcrypto" or "tweetnacl". */
export async function verifierEngine() {
  return (await configuredWebKey()) ? "webcrypto" : "tweetnacl";
}

/** The whole check (headers, timestamp, signature, parsing) on a raw body; throws core.WebhookVerificationError. */
export async function verify(body, headers) {
  if (!KEY_OK) throw new core.WebhookVerificationError("invalid_public_key");
  if (body.length > CONFIG.maxBodyBytes) throw new core.WebhookVerificationError("payload_too_large");
  const signed = core.prepareVerification(body, headers, CONFIG.toleranceSeconds, Date.now());
  if (!(await ed25519Verify(signed.message, signed.signature))) throw new core.WebhookVerificationError("signature_mismatch");
  return core.parseVerifiedBody(new TextDecoder().decode(body), signed.timestamp, core.headerValue(headers, "content-type"));
}

function log(fields) {
  console.log(JSON.stringify({ time: new Date().toISOString(), ...fields }));
}

function pathOf(url) {
  try {
    return new URL(url).pathname.slice(0, 256);
  } catch {
    return "";
  }
}

const handle = core.createRequestHandler(verify, {
  maxBodyBytes: CONFIG.maxBodyBytes,
  forwardTo: CONFIG.forwardTo,
  forwardTimeoutMs: CONFIG.forwardTimeoutMs,
  // Per isolate or per Lambda instance only: see the README on replay protection.
  replayCache: CONFIG.replayProtection ? new core.ReplayCache(CONFIG.toleranceSeconds, 10000) : undefined,
  onVerdict: (v, request) =>
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
  fetch: (request) => handle(request),
};

const TEXTUAL = /^(text\\/|application\\/(json|xml|x-www-form-urlencoded|javascript)|[^;]*\\+(json|xml))/i;

function bytesToBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function lambdaRefusal(response, reason, method, path) {
  log({ method, path: path.slice(0, 256), verdict: "rejected", reason, status: response.status });
  return response;
}

/**
 * The Request for a Lambda event: a function URL or API Gateway HTTP API event (payload
 * 2.0: rawPath, rawQueryString, cookies, requestContext.http.method), or an API Gateway
 * REST / payload 1.0 event (httpMethod, path, multiValueHeaders, query parameters).
 * Returns a Response instead when the event cannot be a webhook delivery.
 */
function lambdaRequest(event) {
  const context = event.requestContext || {};
  const method = String((context.http && context.http.method) || event.httpMethod || "");
  const rawPath = String(event.rawPath || event.path || "/");
  if (method !== "POST") return lambdaRefusal(core.methodNotAllowed(), "method_not_allowed", method, rawPath);
  let query = typeof event.rawQueryString === "string" ? event.rawQueryString : "";
  if (typeof event.rawQueryString !== "string") {
    const params = new URLSearchParams();
    const multi = event.multiValueQueryStringParameters;
    if (multi) for (const name of Object.keys(multi)) for (const value of multi[name] || []) params.append(name, value);
    else if (event.queryStringParameters) for (const name of Object.keys(event.queryStringParameters)) params.append(name, event.queryStringParameters[name]);
    query = params.toString();
  }
  const unsafe = core.unsafePathReason(rawPath);
  if (unsafe) return lambdaRefusal(core.invalidRequest(unsafe), "invalid_request", method, rawPath);
  try {
    const headers = new Headers();
    const multiHeaders = event.multiValueHeaders;
    if (multiHeaders) for (const name of Object.keys(multiHeaders)) headers.set(name, (multiHeaders[name] || []).join(", "));
    if (event.headers) for (const name of Object.keys(event.headers)) if (event.headers[name] != null) headers.set(name, String(event.headers[name]));
    if (Array.isArray(event.cookies) && event.cookies.length) headers.set("cookie", event.cookies.join("; "));
    const host = context.domainName || headers.get("host") || "lambda.invalid";
    const text = typeof event.body === "string" ? event.body : "";
    const body = event.isBase64Encoded ? Uint8Array.from(atob(text), (c) => c.charCodeAt(0)) : new TextEncoder().encode(text);
    return new Request("https://" + host + rawPath + (query ? "?" + query : ""), { method, headers, body });
  } catch {
    return lambdaRefusal(core.invalidRequest("the event's host, path, headers or body cannot form a request"), "invalid_request", method, rawPath);
  }
}

/** AWS Lambda (function URL, API Gateway HTTP API payload 2.0, or REST API payload 1.0). */
export const handler = async (event) => {
  const request = lambdaRequest(event || {});
  const response = request instanceof Response ? request : await handle(request);
  const headers = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  const bytes = new Uint8Array(await response.arrayBuffer());
  const textual = bytes.length === 0 || TEXTUAL.test(headers["content-type"] || "");
  return { statusCode: response.status, headers, body: textual ? new TextDecoder().decode(bytes) : bytesToBase64(bytes), isBase64Encoded: !textual };
};
`;

/**
 * Builds the self-contained verifier: tweetnacl (public domain) and this package's
 * verification core inlined into one ES module with the configuration baked in.
 */
export function buildVerifierBundle(config: VerifierBundleConfig): VerifierBundle {
  checkPublicKey(config.publicKey);
  if (config.forwardTo !== undefined && !isHttpUrl(config.forwardTo)) throw new Error(`forwardTo: must be an http(s) URL, got "${config.forwardTo}"`);
  const positive = (name: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) throw new Error(`${name}: must be a positive number, got ${value}`);
  };
  positive("toleranceSeconds", config.toleranceSeconds);
  positive("maxBodyBytes", config.maxBodyBytes);
  positive("forwardTimeoutMs", config.forwardTimeoutMs);
  if (config.engine !== undefined && !["auto", "webcrypto", "tweetnacl"].includes(config.engine)) throw new Error(`engine: must be "auto", "webcrypto" or "tweetnacl", got "${config.engine}"`);
  const settings = {
    publicKey: config.publicKey,
    forwardTo: config.forwardTo,
    toleranceSeconds: config.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
    maxBodyBytes: config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    forwardTimeoutMs: config.forwardTimeoutMs ?? DEFAULT_FORWARD_TIMEOUT_MS,
    replayProtection: config.replayProtection ?? false,
    engine: config.engine ?? "auto",
  };
  const nacl = readFileSync(require.resolve("tweetnacl/nacl-fast.min.js"), "utf8");
  const code = [
    `// Telnyx webhook verifier, generated by pulumi-telnyx-texml ${version}. Self-contained: no npm dependencies at run time.`,
    "// Includes tweetnacl-js (public domain, https://tweetnacl.js.org).",
    `const CONFIG = ${JSON.stringify(settings)};`,
    embedCommonJs("nacl", nacl),
    embedCommonJs("core", coreModuleSource()),
    GLUE,
  ].join("\n");
  return { code, entryFile: "index.mjs", sha256: createHash("sha256").update(code).digest("hex"), bytes: Buffer.byteLength(code) };
}
