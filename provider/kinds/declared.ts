/**
 * Which inputs the program declared, kept in state beside the outputs.
 *
 * The engine hands a dynamic provider's `read` only the old outputs. To report drift
 * on refresh as a change of the *declared* inputs (so that the next preview shows
 * `~ voiceUrl: "drifted" => "declared"`, and nothing about fields the program leaves
 * to Telnyx), `read` needs to know which fields those are.
 */
export const DECLARED_KEY = "__declared";

/** Declared input paths (`voiceUrl`, `inbound.channelLimit`), for storing in outputs. */
export function declaredPaths(inputs: Record<string, unknown>): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(inputs)) {
    if (key.startsWith("__") || value === undefined) continue;
    if (isPlainObject(value)) {
      for (const [sub, v] of Object.entries(value)) if (v !== undefined) paths.push(`${key}.${sub}`);
    } else paths.push(key);
  }
  return paths.sort();
}

/**
 * Inputs as they are on the server now, restricted to the declared paths stored in
 * `previous` (the old outputs). Undefined when the state has no record of them.
 */
export function declaredFromServer(outs: Record<string, unknown>, previous: Record<string, unknown>): Record<string, unknown> | undefined {
  const paths = previous[DECLARED_KEY];
  if (!Array.isArray(paths)) return undefined;
  const inputs: Record<string, unknown> = {};
  for (const path of paths) {
    if (typeof path !== "string") continue;
    const [key, sub] = path.split(".", 2) as [string, string | undefined];
    const now = outs[key];
    if (sub === undefined) {
      if (now !== undefined) inputs[key] = now;
    } else if (isPlainObject(now) && now[sub] !== undefined) {
      inputs[key] ??= {};
      const nested = inputs[key] as Record<string, unknown>;
      nested[sub] = now[sub];
    }
  }
  return inputs;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

/** Outputs plus the record of which inputs were declared. */
export function withDeclared(outs: Record<string, unknown>, inputs: Record<string, unknown>): Record<string, unknown> {
  return { ...outs, [DECLARED_KEY]: declaredPaths(inputs) };
}
