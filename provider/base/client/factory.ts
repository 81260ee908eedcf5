import { requireApiKey, resolveSettings, type TelnyxSettings } from "../config";
import { retryFromEnv } from "./retry";
import { TelnyxClient } from "./http";
import type { RetryPolicy } from "./retry";

/** Extra client options a caller may pass alongside the settings. */
export interface ClientOverrides {
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
}

/**
 * A client for the settings in force now (explicit, then stack config, then the
 * environment). Cheap: clients share one connection pool. Throws a
 * `TelnyxConfigError` for an unusable base URL or retry variable
 * (`TELNYX_MAX_RETRIES`, `TELNYX_RETRY_BASE_MS`) before any request is sent.
 */
export function clientFor(settings: TelnyxSettings = {}, overrides: ClientOverrides = {}): TelnyxClient {
  const resolved = resolveSettings(settings);
  return new TelnyxClient({
    apiKey: requireApiKey(resolved),
    baseUrl: resolved.baseUrl,
    ...overrides,
    retry: { ...retryFromEnv(), ...overrides.retry },
  });
}
