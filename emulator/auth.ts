import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";

/** The token of an `Authorization: Bearer <token>` header; the scheme is case-insensitive (RFC 9110, 11.1). */
export function bearerToken(header: string | undefined): string | undefined {
  return /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "")?.[1];
}

/** Compares a presented secret with the expected one in constant time. */
export function sameSecret(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * True for an address only this machine can reach: `localhost`, 127.0.0.0/8, `::1`
 * and IPv4-mapped 127.x. Undefined is the emulator's default host, 127.0.0.1.
 * `0.0.0.0` and `::` (every interface) are not loopback.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return true;
  const name = host
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "")
    .toLowerCase();
  if (name === "localhost") return true;
  if (isIPv4(name)) return name.split(".")[0] === "127";
  if (!isIPv6(name)) return false;
  // Let WHATWG URL bring the address to its one compressed form (::1, ::ffff:7f00:1).
  const canonical = new URL(`http://[${name}]/`).hostname.slice(1, -1);
  return canonical === "::1" || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(canonical);
}

/** Why the emulator will not send a webhook to `url`, or undefined when it will. */
export function webhookRefusal(url: string, allowExternal: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "url: not a valid absolute URL";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    return `url: only http and https webhooks are sent, not ${parsed.protocol}`;
  if (!allowExternal && !isLoopbackHost(parsed.hostname)) {
    return `url: ${parsed.hostname} is not a loopback address; start the emulator with --allow-external-webhooks (allowExternalWebhooks) to send beyond this machine`;
  }
  return undefined;
}

/**
 * The token the admin API requires: the one given, else a fresh one when the emulator
 * listens beyond loopback (anyone who can reach the port could otherwise reset,
 * seed or read it), else none.
 */
export function resolveAdminToken(host: string | undefined, given: string | undefined): string | undefined {
  if (given !== undefined) return given;
  return isLoopbackHost(host) ? undefined : randomBytes(24).toString("base64url");
}
