import { settingKey } from "../config";
import { TelnyxTexmlError } from "../errors";

export { TelnyxConfigError, TelnyxTexmlError, type TelnyxTexmlErrorFamily } from "../errors";

/** One entry of Telnyx's `{ "errors": [...] }` error body. */
export interface TelnyxErrorEntry {
  /** Telnyx's error code, e.g. "10015". */
  code?: string;
  /** Short summary, e.g. "Invalid value". */
  title?: string;
  /** Human-readable explanation. */
  detail?: string;
  /** JSON pointer to the offending request field, e.g. "/voice_url". */
  pointer?: string;
}

/** What went wrong, beyond the HTTP status. */
export type TelnyxErrorKind =
  /** The API answered with a non-success status. */
  | "http"
  /** The connection failed or dropped before a full response arrived. */
  | "network"
  /** No response within the per-request timeout. */
  | "timeout"
  /** The API answered 2xx, but the body did not have the documented shape. */
  | "invalid_response";

export interface TelnyxApiErrorInit {
  kind: TelnyxErrorKind;
  method: string;
  path: string;
  status?: number;
  errors?: TelnyxErrorEntry[];
  message?: string;
  /** The error this one wraps (the transport failure, the parse error), kept as `cause`. */
  cause?: unknown;
  /** Where the request went, `scheme://host:port` (never a path, query or user info). */
  origin?: string;
  /** The per-attempt timeout that expired, for `timeout` errors. */
  timeoutMs?: number;
  /** Advice appended to the message, e.g. about a base URL without `/v2`. */
  hint?: string;
  /**
   * Strings that must never appear in the error (the API key): replaced by
   * `[redacted]` in the message and in Telnyx's error entries, in case a server or
   * proxy echoes a request header back.
   */
  redact?: readonly string[];
}

/**
 * The single error type of this package's HTTP layer. It carries Telnyx's own
 * diagnostics and the request line, and is built only from data that cannot
 * contain a credential: the API key travels in a header that is never copied here,
 * and request bodies (which may hold secret values) are never quoted.
 */
export class TelnyxApiError extends TelnyxTexmlError {
  override readonly name = "TelnyxApiError";
  /** See {@link TelnyxErrorKind}; the family ({@link TelnyxTexmlError.family}) is always `api`. */
  readonly kind: TelnyxErrorKind;
  /** HTTP status, absent for network failures and timeouts. */
  readonly status?: number;
  /** Telnyx `code` of the first error entry. */
  readonly code?: string;
  /** Telnyx `title` of the first error entry. */
  readonly title?: string;
  /** Telnyx `detail` of the first error entry. */
  readonly detail?: string;
  /** Telnyx `source.pointer` of the first error entry. */
  readonly pointer?: string;
  /** Every error entry Telnyx returned. */
  readonly errors: TelnyxErrorEntry[];
  /** HTTP method of the failed request. */
  readonly method: string;
  /** Path (and query) of the failed request, relative to the base URL. */
  readonly path: string;
  /** `scheme://host:port` the request went to, when known. */
  readonly origin?: string;

  constructor(init: TelnyxApiErrorInit) {
    const redact = redactor(init.redact);
    const errors = (init.errors ?? []).map((e) => redactEntry(e, redact));
    const base = init.message ?? describe({ ...init, errors });
    super("api", redact(init.hint ? `${base} ${init.hint}` : base), init.cause);
    this.kind = init.kind;
    this.status = init.status;
    this.errors = errors;
    this.origin = init.origin;
    const first = this.errors[0];
    this.code = first?.code;
    this.title = first?.title;
    this.detail = first?.detail;
    this.pointer = first?.pointer;
    this.method = init.method;
    this.path = init.path;
  }

  /** True when the object the request addressed does not exist. */
  get isNotFound(): boolean {
    return this.kind === "http" && this.status === 404;
  }
}

/** What to check when the API refuses the key: the settings it comes from, in the namespace users set them in. */
export function apiKeyAdvice(key: string = settingKey("apiKey")): string {
  return `Check ${key} (\`pulumi config set --secret ${key} <key>\`) or TELNYX_API_KEY.`;
}

/** What to check when the API cannot be reached: the settings the base URL comes from. */
export function baseUrlAdvice(key: string = settingKey("baseUrl")): string {
  return `Check ${key} (\`pulumi config set ${key} <url>\`) or TELNYX_BASE_URL, and that the host is reachable.`;
}

/** {@link apiKeyAdvice} for programs and the dynamic provider (`telnyx:*` stack config). */
export const CHECK_API_KEY = apiKeyAdvice("telnyx:apiKey");

/** {@link baseUrlAdvice} for programs and the dynamic provider (`telnyx:*` stack config). */
export const CHECK_BASE_URL = baseUrlAdvice("telnyx:baseUrl");

function describe(init: TelnyxApiErrorInit): string {
  const where = `${init.method} ${init.path}`;
  const to = init.origin ? ` to ${init.origin}` : "";
  if (init.kind === "timeout") {
    return `Telnyx request ${where}${to} timed out${init.timeoutMs === undefined ? "" : ` after ${init.timeoutMs} ms`}. ${baseUrlAdvice()}`;
  }
  if (init.kind === "network") return `Telnyx request ${where}${to} failed: ${describeCause(init.cause)}. ${baseUrlAdvice()}`;
  if (init.kind !== "http") return `Telnyx request ${where}${to} failed (${init.kind})`;
  const body = describeEntries(init.errors ?? []);
  if (init.status === 401) return `Telnyx refused the API key (401) on ${where}: ${body}. ${apiKeyAdvice()}`;
  return `Telnyx API error ${init.status} on ${where}: ${body}`;
}

/** Telnyx's error entries as one clause: `title: detail (code, at pointer)`, joined by `; `. */
function describeEntries(errors: readonly TelnyxErrorEntry[]): string {
  const parts = errors.map((e) => {
    // Telnyx sometimes repeats the title as the detail: say it once.
    const text = [...new Set([e.title, e.detail].filter(Boolean))].join(": ") || "no detail";
    const extras = [e.code ? `code ${e.code}` : "", e.pointer ? `at ${e.pointer}` : ""].filter(Boolean);
    return extras.length ? `${text} (${extras.join(", ")})` : text;
  });
  return parts.length ? parts.join("; ") : "no error body";
}

/**
 * A 401 met while refreshing or deleting a resource. Those operations run with the provider
 * configuration the stack's state recorded at the last `pulumi up` (the engine does not run
 * the program, so it has no newer config), so a key changed since then is not used yet; the
 * message says so, instead of sending the user to a setting that already holds the new key.
 * Any other error is returned as it is.
 */
export function withStateKeyAdvice(error: unknown): unknown {
  if (!(error instanceof TelnyxApiError) || error.kind !== "http" || error.status !== 401) return error;
  return new TelnyxApiError({
    kind: "http",
    status: 401,
    method: error.method,
    path: error.path,
    origin: error.origin,
    errors: error.errors,
    cause: error,
    message:
      `Telnyx refused the API key (401) on ${error.method} ${error.path}: ${describeEntries(error.errors)}. ` +
      "Refresh and destroy do not run the program: the stack's state holds the key from the last `pulumi up`; " +
      `run with --run-program, or \`pulumi up\` first, to use the new key in ${settingKey("apiKey")}.`,
  });
}

/** Reads Telnyx's error entries out of a parsed response body, tolerating odd shapes. */
export function parseErrorEntries(body: unknown): TelnyxErrorEntry[] {
  if (!body || typeof body !== "object") return [];
  const raw = (body as { errors?: unknown }).errors;
  if (!Array.isArray(raw)) return [];
  return raw.map((e): TelnyxErrorEntry => {
    const entry = (e ?? {}) as Record<string, unknown>;
    const source = (entry.source ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
    return { code: str(entry.code), title: str(entry.title), detail: str(entry.detail), pointer: str(source.pointer) };
  });
}

/**
 * Plain words for the error codes Node and undici put on transport failures. The
 * code itself is always printed as well, so these only need to help a human.
 */
const CAUSE_TEXT: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset by the server",
  ECONNABORTED: "connection aborted",
  EPIPE: "connection closed while the request was being sent",
  ETIMEDOUT: "connection timed out",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name lookup failed temporarily",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EADDRNOTAVAIL: "address not available",
  UND_ERR_SOCKET: "connection closed by the server before it answered",
  UND_ERR_CONNECT_TIMEOUT: "connecting timed out",
  UND_ERR_HEADERS_TIMEOUT: "no response headers in time",
  UND_ERR_BODY_TIMEOUT: "the response body stalled",
  UND_ERR_CLOSED: "the client was closed",
  UND_ERR_DESTROYED: "the client was destroyed",
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's TLS certificate chain is self-signed",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate could not be verified",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the server's TLS certificate issuer is not trusted here",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate does not match the host name",
  ERR_SSL_WRONG_VERSION_NUMBER: "TLS handshake failed (is it a plain http port?)",
  EPROTO: "protocol error (https to a plain http port?)",
};

/**
 * Describes a transport failure as `<plain words> (<CODE>)`. undici and fetch wrap
 * the system error (`cause`, or `errors` of an AggregateError when several
 * addresses were tried), so the chain is walked: the first code with plain words
 * wins, else the first code with its error's own message, else the innermost message.
 */
export function describeCause(cause: unknown): string {
  const chain: { code?: string; message?: string }[] = [];
  const seen = new Set<unknown>();
  const walk = (e: unknown, depth: number) => {
    if (!e || typeof e !== "object" || seen.has(e) || depth > 8) return;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    const message = (e as { message?: unknown }).message;
    chain.push({
      code: typeof code === "string" && code ? code : undefined,
      message: typeof message === "string" && message ? message : undefined,
    });
    walk((e as { cause?: unknown }).cause, depth + 1);
    const nested = (e as { errors?: unknown }).errors;
    if (Array.isArray(nested)) for (const n of nested) walk(n, depth + 1);
  };
  walk(cause, 0);
  const known = chain.find((c) => c.code !== undefined && c.code in CAUSE_TEXT);
  if (known?.code) return `${CAUSE_TEXT[known.code]} (${known.code})`;
  const coded = chain.find((c) => c.code !== undefined);
  if (coded?.code) return `${coded.message ?? "error"} (${coded.code})`;
  const innermost = [...chain].reverse().find((c) => c.message !== undefined);
  if (innermost?.message) return innermost.message;
  if (typeof cause === "string" && cause) return cause;
  return "connection failed";
}

/** Keys shorter than this are not redacted: replacing them would mangle ordinary words. */
const MIN_REDACTED_LENGTH = 6;

/** A function replacing every given secret in a text by `[redacted]`. */
export function redactor(secrets: readonly string[] | undefined): (text: string) => string {
  const list = (secrets ?? []).filter((s) => typeof s === "string" && s.length >= MIN_REDACTED_LENGTH);
  if (list.length === 0) return (text) => text;
  return (text) => list.reduce((out, secret) => out.split(secret).join("[redacted]"), text);
}

function redactEntry(entry: TelnyxErrorEntry, redact: (text: string) => string): TelnyxErrorEntry {
  const out: TelnyxErrorEntry = {};
  for (const key of ["code", "title", "detail", "pointer"] as const) {
    const value = entry[key];
    if (value !== undefined) out[key] = redact(value);
  }
  return out;
}
