/**
 * Diffing of declared inputs against the state the server settled on. Only what the
 * program declares is compared: a field never declared is Telnyx's to default, so its
 * server value never turns into a perpetual diff. A field that *was* declared and no
 * longer is goes back to Telnyx's default (see {@link clearedPaths}).
 */
import { DECLARED_KEY, declaredPaths } from "./declared";

/** Deep equality for JSON-like values; `null` and a missing value are the same (Telnyx's "unset"). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b || (a == null && b == null)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
    return true;
  }
  return false;
}

/**
 * Top-level property names whose declared value differs from the current state.
 * Nested objects are compared on their declared keys only.
 */
export function changedProperties(state: Record<string, unknown>, declared: Record<string, unknown>): string[] {
  const changed: string[] = [];
  for (const [key, want] of Object.entries(declared)) {
    if (key.startsWith("__") || want === undefined) continue;
    if (!declaredMatches(state[key], want)) changed.push(key);
  }
  return changed;
}

function declaredMatches(have: unknown, want: unknown): boolean {
  if (want && typeof want === "object" && !Array.isArray(want)) {
    if (!have || typeof have !== "object" || Array.isArray(have)) return Object.values(want).every((v) => v == null);
    return Object.entries(want).every(([k, v]) => v === undefined || declaredMatches((have as Record<string, unknown>)[k], v));
  }
  return sameValue(have, want);
}

/** The value at a dotted path (`inbound.channelLimit`). */
export function valueAt(object: Record<string, unknown>, path: string): unknown {
  let current: unknown = object;
  for (const key of path.split(".")) {
    if (!current || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Paths the program declared last time (recorded in state) and no longer declares,
 * whose server value differs from Telnyx's default: each must be reset. Paths without
 * a default (required fields) are left alone.
 */
export function clearedPaths(
  state: Record<string, unknown>,
  declared: Record<string, unknown>,
  defaults: Readonly<Record<string, unknown>>,
): string[] {
  const before = state[DECLARED_KEY];
  if (!Array.isArray(before)) return [];
  const now = new Set(declaredPaths(declared));
  return before.filter(
    (path): path is string =>
      typeof path === "string" && !now.has(path) && path in defaults && !sameValue(valueAt(state, path), defaults[path]),
  );
}

/** The declared inputs plus the defaults of the cleared paths, for an update request. */
export function withResets(
  declared: Record<string, unknown>,
  cleared: readonly string[],
  defaults: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...declared };
  for (const path of cleared) {
    const [key, sub] = path.split(".", 2) as [string, string | undefined];
    if (sub === undefined) out[key] = defaults[path];
    else out[key] = { ...((out[key] as Record<string, unknown> | undefined) ?? {}), [sub]: defaults[path] };
  }
  return out;
}
