import { requireApiKey, resolveSettings, type TelnyxSettings } from "../config";
import { TelnyxClient } from "./http";
import type { RetryPolicy } from "./retry";

/** Extra client options a caller may pass alongside the settings. */
export interface ClientOverrides {
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
}

/**
 * A client for the settings in force now (explicit, then stack config, then the
 * environment). Cheap: clients share one connection pool.
 */
export function clientFor(settings: TelnyxSettings = {}, overrides: ClientOverrides = {}): TelnyxClient {
  const resolved = resolveSettings(settings);
  return new TelnyxClient({ apiKey: requireApiKey(resolved), baseUrl: resolved.baseUrl, ...overrides, retry: { ...retryFromEnv(), ...overrides.retry } });
}

/** `TELNYX_MAX_RETRIES` / `TELNYX_RETRY_BASE_MS` tune retries without code (tests, CI, chaos runs). */
function retryFromEnv(): Partial<RetryPolicy> {
  const out: Partial<RetryPolicy> = {};
  const max = process.env.TELNYX_MAX_RETRIES;
  const base = process.env.TELNYX_RETRY_BASE_MS;
  if (max !== undefined && /^\d+$/.test(max)) out.maxRetries = Number(max);
  if (base !== undefined && /^\d+$/.test(base)) out.baseDelayMs = Number(base);
  return out;
}
