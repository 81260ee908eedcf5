import { TelnyxConfigError } from "../errors";
/** How the client retries failed requests. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** First backoff delay; each later one doubles, with full jitter. */
  baseDelayMs: number;
  /** Upper bound for one backoff delay, and for a server's `Retry-After`. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 4, baseDelayMs: 250, maxDelayMs: 20_000 };

/** The most retries `TELNYX_MAX_RETRIES` may ask for: beyond this a failing call would stall a deployment for minutes. */
export const MAX_RETRIES_LIMIT = 10;

/** The largest first backoff `TELNYX_RETRY_BASE_MS` may ask for (one minute). */
export const MAX_RETRY_BASE_MS = 60_000;

/** Statuses that say "try again later" without the request having been applied (429) or that are transient (5xx). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Methods whose repetition cannot create a second object. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "PUT", "PATCH", "DELETE"]);

/**
 * Node's error codes for a connection that was refused or never established: the
 * server cannot have seen the request, so even a POST may be sent again.
 */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

/** True when a transport error proves the request never reached the server. */
export function neverReachedServer(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && NOT_SENT_CODES.has(code)) return true;
  }
  return false;
}

/** Backoff before retry number `attempt` (1-based): exponential with full jitter. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

/**
 * Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds, capped by
 * the policy. Undefined when the header is absent or unreadable.
 */
export function retryAfterDelay(header: string | undefined, policy: RetryPolicy, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(policy.maxDelayMs, Math.max(0, Math.round(ms)));
}

/**
 * The retry policy overrides in the environment: `TELNYX_MAX_RETRIES` (0 to
 * {@link MAX_RETRIES_LIMIT}) and `TELNYX_RETRY_BASE_MS` (0 to {@link MAX_RETRY_BASE_MS}),
 * whole numbers. Unset or empty means the default; anything else throws a
 * {@link TelnyxConfigError} naming the variable and the value.
 */
export function retryFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<RetryPolicy> {
  const out: Partial<RetryPolicy> = {};
  const maxRetries = wholeNumberFromEnv(env, "TELNYX_MAX_RETRIES", MAX_RETRIES_LIMIT, "");
  const baseDelayMs = wholeNumberFromEnv(env, "TELNYX_RETRY_BASE_MS", MAX_RETRY_BASE_MS, " (milliseconds)");
  if (maxRetries !== undefined) out.maxRetries = maxRetries;
  if (baseDelayMs !== undefined) out.baseDelayMs = baseDelayMs;
  return out;
}

function wholeNumberFromEnv(env: NodeJS.ProcessEnv, name: string, max: number, unit: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const trimmed = raw.trim();
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(value) || value > max) {
    const shown = raw.length > 40 ? `${raw.slice(0, 37)}...` : raw;
    throw new TelnyxConfigError(
      name,
      `${name} must be a whole number from 0 to ${max}${unit}, or unset for the default; it is ${JSON.stringify(shown)}`,
    );
  }
  return value;
}
