/** One public API request as the emulator received it. */
export interface LoggedRequest {
  /** Order of arrival, from 1. */
  seq: number;
  method: string;
  /** Path below `/v2`. */
  path: string;
  /** Raw query string without `?`, or "". */
  query: string;
  /** Media type without parameters, when the request had one. */
  contentType?: string;
  /** Raw body, with secret values replaced by `[redacted]`. */
  body: string;
  /** Status answered; 0 when the connection was dropped. */
  status: number;
  /** ISO 8601 arrival time. */
  at: string;
  /** The injected fault, e.g. `status:503` or `drop:after`, when one fired. */
  fault?: string;
}

/** Bounded so a long-running emulator does not grow without limit. */
const MAX_ENTRIES = 100_000;

/** Public API requests, oldest first; the admin API and tests read it. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  record(entry: Omit<LoggedRequest, "seq">): LoggedRequest {
    const logged = { seq: ++this.seq, ...entry };
    this.entries.push(logged);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return logged;
  }

  all(): LoggedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}

/** Secret values never reach the log: the JSON `value` of a secret upsert is replaced. */
export function redactBody(path: string, body: string): string {
  if (path !== "/texml/secrets" || body === "") return body;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    if (parsed && typeof parsed === "object" && "value" in parsed) parsed.value = "[redacted]";
    return JSON.stringify(parsed);
  } catch {
    return "[unparseable secret request]";
  }
}
