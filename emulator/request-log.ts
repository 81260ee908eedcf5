/** One public API request as the emulator received it. */
export interface LoggedRequest {
  /** Order of arrival, from 1. */
  seq: number;
  method: string;
  /** Path below `/v2`, as sent. */
  path: string;
  /** Raw query string without `?`, or "". */
  query: string;
  /** Media type without parameters, when the request had one. */
  contentType?: string;
  /**
   * Raw body, with secret values replaced by `[redacted]`; "" when the request was
   * not authenticated (its body is never read) or had none.
   */
  body: string;
  /** Status answered; 0 when the connection was dropped. */
  status: number;
  /** ISO 8601 arrival time. */
  at: string;
  /** The injected fault, e.g. `status:503` or `drop:after`, when one fired. */
  fault?: string;
}

/** Default bounds: whichever is reached first drops the oldest entries. */
export const REQUEST_LOG_MAX_ENTRIES = 100_000;
export const REQUEST_LOG_MAX_BYTES = 16 * 1024 * 1024;

/** Bytes counted for an entry besides its path, query and body (the object and its small fields). */
const ENTRY_OVERHEAD = 200;

const entryBytes = (e: LoggedRequest) =>
  ENTRY_OVERHEAD + Buffer.byteLength(e.path) + Buffer.byteLength(e.query) + Buffer.byteLength(e.body);

/**
 * Public API requests, oldest first; the admin API and tests read it. Bounded by
 * entries and by bytes (UTF-8 length of path, query and body, plus a fixed overhead
 * per entry), so a long-running emulator, or one fed large bodies, does not grow
 * without limit. A body larger than the whole budget is replaced by a note.
 */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  /** Index of the oldest kept entry: dropping from the front is a pointer move, not a copy. */
  private head = 0;
  private seq = 0;
  private used = 0;
  /** Entries still kept, whose bytes `used` counts. */
  private live = new WeakSet<LoggedRequest>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor(limits: { maxEntries?: number; maxBytes?: number } = {}) {
    this.maxEntries = limits.maxEntries ?? REQUEST_LOG_MAX_ENTRIES;
    this.maxBytes = limits.maxBytes ?? REQUEST_LOG_MAX_BYTES;
  }

  /** Bytes the kept entries account for. */
  get bytes(): number {
    return this.used;
  }

  /** Adds an entry (its body is set later with `setBody`, once the request is authenticated). */
  record(entry: Omit<LoggedRequest, "seq">): LoggedRequest {
    const logged: LoggedRequest = { seq: ++this.seq, ...entry };
    this.entries.push(logged);
    this.live.add(logged);
    this.used += entryBytes(logged);
    this.trim();
    return logged;
  }

  /** Sets the body of a logged entry, keeping the byte count and the bound. */
  setBody(entry: LoggedRequest, body: string): void {
    const kept = this.live.has(entry);
    const budget = this.maxBytes - ENTRY_OVERHEAD - Buffer.byteLength(entry.path) - Buffer.byteLength(entry.query);
    const value =
      Buffer.byteLength(body) > budget
        ? `[body of ${Buffer.byteLength(body)} bytes not kept: the request log holds at most ${this.maxBytes} bytes]`
        : body;
    if (kept) this.used += Buffer.byteLength(value) - Buffer.byteLength(entry.body);
    entry.body = value;
    if (kept) this.trim();
  }

  all(): LoggedRequest[] {
    return this.entries.slice(this.head);
  }

  /** Empties the log and lets its memory go. */
  clear(): void {
    this.entries = [];
    this.head = 0;
    this.used = 0;
    this.live = new WeakSet();
  }

  private trim(): void {
    while (this.entries.length - this.head > 1 && (this.used > this.maxBytes || this.entries.length - this.head > this.maxEntries)) {
      const dropped = this.entries[this.head]!;
      this.entries[this.head] = undefined as never;
      this.head++;
      this.live.delete(dropped);
      this.used -= entryBytes(dropped);
    }
    // Compact once the dropped front is large, so the array does not keep their slots.
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
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
