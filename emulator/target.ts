/** Which part of the emulator a request is for, decided on the path exactly as sent. */
export interface RequestTarget {
  /** `api`: `/v2...`; `admin`: `/__emulator...`; `other`: anything else (404). */
  area: "api" | "admin" | "other";
  /** The path below `/v2` or `/__emulator`, escapes kept (routes decode their parameters). */
  path: string;
  /** Raw query string without `?`, or "". */
  query: string;
  /** Why the path cannot be served (answered 400), when it cannot. */
  problem?: string;
}

/**
 * Splits a request target without normalising it. WHATWG URL parsing would resolve
 * `..` and `%2e%2e` segments (and backslashes) first, so `/v2/../__emulator/state`
 * would become an admin path; here the area is decided on the raw path, and dot
 * segments, backslashes and malformed percent-escapes are refused instead.
 */
export function parseTarget(url: string): RequestTarget {
  if (!url.startsWith("/")) return { area: "other", path: url, query: "", problem: "The request target must be a path." };
  const mark = url.indexOf("?");
  const rawPath = mark === -1 ? url : url.slice(0, mark);
  const query = mark === -1 ? "" : url.slice(mark + 1);
  const under = (prefix: string) => rawPath === prefix || rawPath.startsWith(`${prefix}/`);
  const area = under("/v2") ? "api" : under("/__emulator") ? "admin" : "other";
  const path = area === "api" ? rawPath.slice(3) || "/" : area === "admin" ? rawPath.slice("/__emulator".length) || "/" : rawPath;
  return { area, path, query, problem: area === "other" ? undefined : pathProblem(rawPath) };
}

function pathProblem(rawPath: string): string | undefined {
  if (rawPath.includes("\\")) return "The path must not contain a backslash.";
  for (const segment of rawPath.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return "The path contains a malformed percent-escape.";
    }
    if (decoded === "." || decoded === "..") return "The path must not contain '.' or '..' segments.";
  }
  return undefined;
}
