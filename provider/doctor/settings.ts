import { clientFor } from "../base/client/factory";
import type { TelnyxClient } from "../base/client/http";
import { checkBaseUrl, requireAccountSid, requireApiKey, resolveSettings } from "../base/config";

/** What the doctor runs with: the provider's own settings and client. */
export interface DoctorSettings {
  client: TelnyxClient;
  accountSid: string;
  /** The key, only so that every output can be checked not to contain it. */
  apiKey: string;
  /** `scheme://host/path` of the base URL, for the report. */
  baseUrl: string;
}

/**
 * Resolves the settings exactly as the provider does (`telnyx:*` stack config when run
 * inside a Pulumi program, else `TELNYX_API_KEY`, `TELNYX_ACCOUNT_SID`, `TELNYX_BASE_URL`)
 * and builds the package's one HTTP client. Throws `TelnyxConfigError` naming the setting.
 */
export function doctorSettings(): DoctorSettings {
  const resolved = resolveSettings();
  const apiKey = requireApiKey(resolved);
  const accountSid = requireAccountSid(undefined, resolved);
  const url = checkBaseUrl(resolved.baseUrl, [apiKey]);
  return { client: clientFor(), accountSid, apiKey, baseUrl: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}` };
}
