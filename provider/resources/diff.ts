/**
 * Diffing of declared inputs against the state the server settled on. Only what the
 * program declares is compared: a field left out is Telnyx's to default, so its
 * server value never turns into a perpetual diff.
 */

/** Deep equality for JSON-like values. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
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
    if (!have || typeof have !== "object" || Array.isArray(have)) return false;
    return Object.entries(want).every(([k, v]) => v === undefined || declaredMatches((have as Record<string, unknown>)[k], v));
  }
  return sameValue(have, want);
}
