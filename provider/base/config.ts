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

import { TelnyxConfigError } from "./errors";

export const DEFAULT_BASE_URL = "https://api.telnyx.com/v2";

const CONFIG_KEYS = { apiKey: "telnyx:apiKey", accountSid: "telnyx:accountSid", baseUrl: "telnyx:baseUrl" } as const;

/**
 * The stack config namespace users set the settings in, for messages: `telnyx` for
 * programs and the dynamic provider, `telnyx-texml` once the provider plugin configured
 * itself (its package's own namespace). Reading always goes through {@link CONFIG_KEYS}.
 */
let settingsNamespace = "telnyx";

/** The stack config key of a setting as the user sets it, e.g. `telnyx:apiKey` (`telnyx-texml:apiKey` in the plugin). */
export function settingKey(field: keyof TelnyxSettings): string {
  return `${settingsNamespace}:${field}`;
}
const ENV_KEYS = { apiKey: "TELNYX_API_KEY", accountSid: "TELNYX_ACCOUNT_SID", baseUrl: "TELNYX_BASE_URL" } as const;

type ConfigReader = (key: string) => string | undefined;

/** Stack config handed to the dynamic provider by the engine (`configure`); empty elsewhere. */
let providerConfig: ConfigReader | undefined;

/** Called by the dynamic provider runtime with the engine's stack config. */
export function setProviderConfig(reader: ConfigReader | undefined): void {
  providerConfig = reader;
}

/**
 * Called by the provider plugin with the settings its `Configure` received (the
 * `telnyx-texml:*` config): they stand where stack config stands for the dynamic provider,
 * so an unset one still falls back to the environment.
 */
export function setProviderSettings(settings: TelnyxSettings): void {
  const byKey = new Map<string, string | undefined>(
    Object.entries(CONFIG_KEYS).map(([field, key]) => [key, settings[field as keyof TelnyxSettings]]),
  );
  providerConfig = (key) => byKey.get(key);
  settingsNamespace = "telnyx-texml";
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
    throw new TelnyxConfigError(
      `${settingKey("apiKey")} / TELNYX_API_KEY`,
      `No Telnyx API key: set it with \`pulumi config set --secret ${settingKey("apiKey")} <key>\` or the TELNYX_API_KEY environment variable`,
    );
  }
  return settings.apiKey;
}

/** The account SID, or an error naming the property and where it may come from. */
export function requireAccountSid(explicit: string | undefined, settings: ResolvedSettings): string {
  const sid = explicit ?? settings.accountSid;
  if (!sid) {
    throw new TelnyxConfigError(
      `accountSid / ${settingKey("accountSid")} / TELNYX_ACCOUNT_SID`,
      `accountSid: no TeXML account SID; pass \`accountSid\`, or set \`pulumi config set ${settingKey("accountSid")} <sid>\` or TELNYX_ACCOUNT_SID`,
    );
  }
  return sid;
}

/**
 * Checks a base URL before any request: it must parse as an absolute http(s) URL
 * with a host, and carry no user info, query or fragment (the client appends paths
 * to it). Throws a {@link TelnyxConfigError} naming the setting and the expected
 * form; the value is quoted with any user info masked and `redact` strings removed.
 */
export function checkBaseUrl(value: string, redact: readonly string[] = []): URL {
  const fail = (reason: string): never => {
    throw new TelnyxConfigError(
      `${settingKey("baseUrl")} / TELNYX_BASE_URL`,
      `Invalid Telnyx base URL ${quoteBaseUrl(value, redact)}: ${reason}. ` +
        `Set ${settingKey("baseUrl")} (stack config) or TELNYX_BASE_URL to an absolute http(s) URL such as ${DEFAULT_BASE_URL}.`,
    );
  };
  const trimmed = value.trim();
  if (trimmed === "") fail("it is empty");
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) fail("it has no http:// or https:// scheme");
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return fail("it does not parse as a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") fail(`its scheme is ${url.protocol.slice(0, -1)}, not http or https`);
  if (!url.hostname) fail("it has no host");
  if (url.username || url.password) fail(`it contains a user name or password (the API key belongs in ${settingKey("apiKey")})`);
  if (url.search || url.hash) fail("it has a query or fragment");
  return url;
}

/** The value as it may appear in a message: user info masked, secrets removed, long values cut. */
function quoteBaseUrl(value: string, redact: readonly string[]): string {
  let shown = value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1***@");
  for (const secret of redact) if (secret.length >= 6) shown = shown.split(secret).join("[redacted]");
  if (shown.length > 120) shown = `${shown.slice(0, 117)}...`;
  return JSON.stringify(shown);
}
