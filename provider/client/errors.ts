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
  cause?: unknown;
}

/**
 * The single error type of this package's HTTP layer. It carries Telnyx's own
 * diagnostics and the request line, and is built only from data that cannot
 * contain a credential: the API key travels in a header that is never copied here,
 * and request bodies (which may hold secret values) are never quoted.
 */
export class TelnyxApiError extends Error {
  override readonly name = "TelnyxApiError";
  /** See {@link TelnyxErrorKind}. */
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

  constructor(init: TelnyxApiErrorInit) {
    super(init.message ?? describe(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.errors = init.errors ?? [];
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

function describe(init: TelnyxApiErrorInit): string {
  const where = `${init.method} ${init.path}`;
  if (init.kind !== "http") return `Telnyx request ${where} failed (${init.kind})`;
  const parts = (init.errors ?? []).map((e) => {
    const text = [e.title, e.detail].filter(Boolean).join(": ") || "no detail";
    const extras = [e.code ? `code ${e.code}` : "", e.pointer ? `at ${e.pointer}` : ""].filter(Boolean);
    return extras.length ? `${text} (${extras.join(", ")})` : text;
  });
  return `Telnyx API error ${init.status} on ${where}: ${parts.length ? parts.join("; ") : "no error body"}`;
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
