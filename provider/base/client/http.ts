import type { Agent, Dispatcher } from "undici";
import { TelnyxApiError, parseErrorEntries } from "./errors";
import { checkBaseUrl } from "../config";
import {
  DEFAULT_RETRY_POLICY,
  IDEMPOTENT_METHODS,
  RETRYABLE_STATUSES,
  backoffDelay,
  neverReachedServer,
  retryAfterDelay,
  type RetryPolicy,
} from "./retry";
import { version } from "../../version";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";
export type QueryValue = string | number | boolean | undefined | null;

/** One call to the Telnyx API. */
export interface TelnyxRequest {
  /** HTTP method. */
  method: HttpMethod;
  /** Path below the base URL, e.g. `/texml_applications/123`; may carry a query string. */
  path: string;
  /** Query parameters, with Telnyx's own names (`page[size]`, `PageToken`); undefined values are left out. */
  query?: Record<string, QueryValue>;
  /** JSON request body (`/texml_applications`, `/texml/secrets`, call initiation). */
  json?: unknown;
  /** Form-urlencoded request body (TeXML REST commands, PascalCase names). */
  form?: Record<string, QueryValue>;
  /**
   * Whether repeating the request is harmless. Defaults from the method (GET, PATCH
   * and DELETE are); a POST that only replaces state (queue update, secret upsert) may opt in.
   */
  idempotent?: boolean;
}

/** A successful response. */
export interface TelnyxResponse<T = unknown> {
  /** HTTP status (2xx). */
  status: number;
  /** Parsed JSON body; undefined for empty bodies (204). */
  body: T;
  /** The server's clock when it answered: the `Date` header (whole seconds), if present and readable. */
  serverDate?: number;
  /** Local clock (ms) just before the successful attempt was sent. */
  sentAt: number;
  /** Local clock (ms) when its response headers arrived. */
  receivedAt: number;
}

/** Options for {@link TelnyxClient}. */
export interface TelnyxClientOptions {
  /** Telnyx API key, sent as `Authorization: Bearer`. */
  apiKey: string;
  /**
   * Base URL including `/v2`, e.g. `https://api.telnyx.com/v2`. Checked here: a
   * value that is not an absolute http(s) URL with a host throws `TelnyxConfigError`.
   */
  baseUrl: string;
  /** Overrides of the retry policy. */
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout in milliseconds (headers and body). */
  timeoutMs?: number;
  /** Waits between retries; replaceable in tests. */
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * undici, loaded with the first request: a Pulumi program that only declares resources
 * imports this module through the package root but never sends a request itself (the
 * dynamic provider does), and loading undici's 109 modules took it about 65 ms of CPU.
 */
let undiciModule: typeof import("undici") | undefined;
function undici(): typeof import("undici") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  undiciModule ??= require("undici") as typeof import("undici");
  return undiciModule;
}

/** One keep-alive pool for the whole process, shared by every client instance. */
let sharedAgent: Agent | undefined;
function pool(): Dispatcher {
  sharedAgent ??= new (undici().Agent)({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connections: 32 });
  return sharedAgent;
}

/** Closes the shared pool (for scripts that want the process to exit promptly). */
export async function closeSharedPool(): Promise<void> {
  const agent = sharedAgent;
  sharedAgent = undefined;
  await agent?.close();
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Encodes form and query values the way Telnyx reads them (booleans as `true`/`false`). */
export function encodeParams(params: Record<string, QueryValue> | undefined): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null) continue;
    search.append(name, String(value));
  }
  return search.toString();
}

/**
 * The package's HTTP client for the Telnyx API: every resource, data function and
 * script goes through it, so retries, timeouts and errors behave the same everywhere.
 */
export class TelnyxClient {
  readonly baseUrl: string;
  readonly retry: RetryPolicy;
  /** `scheme://host:port` of the base URL, named in network and timeout errors. */
  readonly origin: string;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Set when the base URL's path does not end in `/v2`: appended to 404 messages. */
  private readonly missingV2Hint: string | undefined;

  constructor(options: TelnyxClientOptions) {
    this.apiKey = options.apiKey;
    const url = checkBaseUrl(options.baseUrl, [options.apiKey]);
    this.baseUrl = options.baseUrl.trim().replace(/\/+$/, "");
    this.origin = `${url.protocol}//${url.hostname}:${url.port || (url.protocol === "https:" ? "443" : "80")}`;
    this.missingV2Hint = /\/v2\/*$/.test(url.pathname) ? undefined : `(is the base URL missing /v2? it is ${this.baseUrl})`;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Sends a request, retrying what is safe to retry; resolves with a 2xx response or throws {@link TelnyxApiError}. */
  async request<T = unknown>(req: TelnyxRequest): Promise<TelnyxResponse<T>> {
    const idempotent = req.idempotent ?? IDEMPOTENT_METHODS.has(req.method);
    const pathWithQuery = withQuery(req.path, req.query);
    for (let attempt = 0; ; attempt++) {
      let error: TelnyxApiError;
      let retryAfter: string | undefined;
      try {
        return await this.attempt<T>(req, pathWithQuery);
      } catch (e) {
        if (!(e instanceof AttemptFailure)) throw e;
        error = e.error;
        retryAfter = e.retryAfter;
      }
      if (attempt >= this.retry.maxRetries || !this.isRetryable(error, idempotent)) throw error;
      const delay = retryAfterDelay(retryAfter, this.retry) ?? backoffDelay(this.retry, attempt + 1);
      await this.sleep(delay);
    }
  }

  private isRetryable(error: TelnyxApiError, idempotent: boolean): boolean {
    if (error.kind === "http") {
      // A 429 means the request was turned away unapplied, so even a create may be repeated.
      if (error.status === 429) return true;
      return idempotent && RETRYABLE_STATUSES.has(error.status ?? 0);
    }
    if (error.kind === "network") return idempotent || neverReachedServer(error.cause);
    // A timeout or an unreadable success body leaves the outcome unknown: only idempotent requests are repeated.
    return idempotent;
  }

  private async attempt<T>(req: TelnyxRequest, pathWithQuery: string): Promise<TelnyxResponse<T>> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.apiKey}`,
      accept: "application/json",
      "user-agent": `pulumi-telnyx-texml/${version}`,
    };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(req.json);
    } else if (req.form !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = encodeParams(req.form);
    }
    const fail = (init: Omit<ConstructorParameters<typeof TelnyxApiError>[0], "method" | "path">, retryAfter?: string) =>
      new AttemptFailure(
        new TelnyxApiError({ ...init, method: req.method, path: pathWithQuery, origin: this.origin, redact: [this.apiKey] }),
        retryAfter,
      );

    let status: number;
    let responseHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    // An AbortSignal rather than undici's own timeouts: those tick coarsely, this one is exact.
    const signal = AbortSignal.timeout(this.timeoutMs);
    const sentAt = Date.now();
    let receivedAt: number;
    try {
      const response = await undici().request(this.baseUrl + pathWithQuery, {
        method: req.method,
        headers,
        body,
        dispatcher: pool(),
        signal,
      });
      receivedAt = Date.now();
      status = response.statusCode;
      responseHeaders = response.headers;
      text = await response.body.text();
    } catch (cause) {
      if (signal.aborted) throw fail({ kind: "timeout", timeoutMs: this.timeoutMs, cause });
      throw fail({ kind: "network", cause });
    }

    let parsed: unknown;
    let parseError: unknown;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        parseError = e;
      }
    }
    if (status >= 200 && status < 300) {
      if (parseError !== undefined) {
        throw fail({
          kind: "invalid_response",
          status,
          message: `Telnyx answered ${req.method} ${pathWithQuery} with ${status} and a body that is not JSON`,
          cause: parseError,
        });
      }
      const date = Date.parse(headerValue(responseHeaders.date) ?? "");
      return { status, body: parsed as T, sentAt, receivedAt, ...(Number.isNaN(date) ? {} : { serverDate: date }) };
    }
    const retryAfter = headerValue(responseHeaders["retry-after"]);
    const hint = status === 404 && isApiPath(req.path) ? this.missingV2Hint : undefined;
    throw fail({ kind: "http", status, errors: parseErrorEntries(parsed), hint }, retryAfter);
  }
}

/** Internal carrier that lets `request` see a failed attempt's Retry-After header. */
class AttemptFailure extends Error {
  constructor(
    readonly error: TelnyxApiError,
    readonly retryAfter: string | undefined,
  ) {
    super(error.message);
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A collection or resource path such as `/texml_applications/1` or `/texml/Accounts/AC1/Queues` (not a full URL). */
function isApiPath(path: string): boolean {
  return /^\/[A-Za-z_][\w.~-]*(\/[^/?#]*)*(\?.*)?$/.test(path);
}

function withQuery(path: string, query: Record<string, QueryValue> | undefined): string {
  const encoded = encodeParams(query);
  if (!encoded) return path;
  return path + (path.includes("?") ? "&" : "?") + encoded;
}
