/**
 * Where credentials and endpoints come from. Nothing here is cached across calls on
 * purpose: the dynamic provider stored in state must pick up the credentials of the
 * machine and stack it runs on *now*, not the ones present when it was serialized.
 */

/** Settings a caller may pass explicitly; every field falls back to config, then to the environment. */
export interface TelnyxSettings {
  /** Telnyx API key (`telnyx:apiKey`, `TELNYX_API_KEY`). */
  apiKey?: string;
  /** TeXML account SID for `/texml/Accounts/{account_sid}` calls (`telnyx:accountSid`, `TELNYX_ACCOUNT_SID`). */
  accountSid?: string;
  /** API base URL including `/v2` (`telnyx:baseUrl`, `TELNYX_BASE_URL`). */
  baseUrl?: string;
}

export const DEFAULT_BASE_URL = "https://api.telnyx.com/v2";

const CONFIG_KEYS = { apiKey: "telnyx:apiKey", accountSid: "telnyx:accountSid", baseUrl: "telnyx:baseUrl" } as const;
const ENV_KEYS = { apiKey: "TELNYX_API_KEY", accountSid: "TELNYX_ACCOUNT_SID", baseUrl: "TELNYX_BASE_URL" } as const;

type ConfigReader = (key: string) => string | undefined;

/** Stack config handed to the dynamic provider by the engine (`configure`); empty elsewhere. */
let providerConfig: ConfigReader | undefined;

/** Called by the dynamic provider runtime with the engine's stack config. */
export function setProviderConfig(reader: ConfigReader | undefined): void {
  providerConfig = reader;
}

/** Reads program config when running inside a Pulumi program; undefined in a plain script. */
function programConfig(key: string): string | undefined {
  try {
    // A peer dependency, loaded lazily so that plain scripts and the emulator do not pay for it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    return pulumi.runtime.getConfig(key);
  } catch {
    return undefined;
  }
}

function lookup(field: keyof typeof CONFIG_KEYS): string | undefined {
  const key = CONFIG_KEYS[field];
  const fromConfig = providerConfig?.(key) ?? programConfig(key);
  const value = fromConfig ?? process.env[ENV_KEYS[field]];
  return value === undefined || value === "" ? undefined : value;
}

/** Settings with every fallback applied. `baseUrl` always has a value. */
export interface ResolvedSettings {
  apiKey?: string;
  accountSid?: string;
  baseUrl: string;
}

/** Applies explicit settings, then stack config, then the environment. */
export function resolveSettings(explicit: TelnyxSettings = {}): ResolvedSettings {
  return {
    apiKey: explicit.apiKey ?? lookup("apiKey"),
    accountSid: explicit.accountSid ?? lookup("accountSid"),
    baseUrl: (explicit.baseUrl ?? lookup("baseUrl") ?? DEFAULT_BASE_URL).replace(/\/+$/, ""),
  };
}

/** The API key, or an error that says every place it was looked for. */
export function requireApiKey(settings: ResolvedSettings): string {
  if (!settings.apiKey) {
    throw new Error(
      "No Telnyx API key: set it with `pulumi config set --secret telnyx:apiKey <key>` or the TELNYX_API_KEY environment variable",
    );
  }
  return settings.apiKey;
}

/** The account SID, or an error naming the property and where it may come from. */
export function requireAccountSid(explicit: string | undefined, settings: ResolvedSettings): string {
  const sid = explicit ?? settings.accountSid;
  if (!sid) {
    throw new Error(
      "accountSid: no TeXML account SID; pass `accountSid`, or set `pulumi config set telnyx:accountSid <sid>` or TELNYX_ACCOUNT_SID",
    );
  }
  return sid;
}
