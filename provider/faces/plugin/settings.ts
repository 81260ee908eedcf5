/**
 * The plugin's configuration: `telnyx-texml:apiKey`, `telnyx-texml:accountSid` and
 * `telnyx-texml:baseUrl`, as `Configure` hands them over. Unset ones fall back to
 * `TELNYX_API_KEY`, `TELNYX_ACCOUNT_SID` and `TELNYX_BASE_URL` (see provider/base/config.ts).
 */
import { checkBaseUrl, type TelnyxSettings } from "../../base/config";
import type { CheckFailure } from "../../kinds/validation";
import { UNKNOWN } from "../../kinds/validation";
import { PACKAGE_NAME } from "./tokens";

/** The config keys, as properties of the provider (the schema's `config.variables`). */
export const SETTING_NAMES = ["apiKey", "accountSid", "baseUrl"] as const satisfies readonly (keyof TelnyxSettings)[];

/**
 * The settings in a `Configure` request: its `args` (the config as properties), else its
 * variables (`telnyx-texml:config:apiKey`). Empty and unknown values count as unset.
 */
export function settingsFrom(args: Record<string, unknown>, variables: ReadonlyMap<string, string>): TelnyxSettings {
  const settings: TelnyxSettings = {};
  for (const name of SETTING_NAMES) {
    const value = args[name] ?? variables.get(`${PACKAGE_NAME}:config:${name}`) ?? variables.get(`${PACKAGE_NAME}:${name}`);
    if (typeof value === "string" && value !== "" && value !== UNKNOWN) settings[name] = value;
  }
  return settings;
}

/** `CheckConfig`'s failures: a base URL the client would refuse, named `baseUrl`; never quoting the API key. */
export function checkSettings(settings: TelnyxSettings): CheckFailure[] {
  if (settings.baseUrl === undefined) return [];
  try {
    checkBaseUrl(settings.baseUrl, settings.apiKey ? [settings.apiKey] : []);
    return [];
  } catch (error) {
    return [{ property: "baseUrl", reason: (error as Error).message }];
  }
}
