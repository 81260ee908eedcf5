import * as z from "zod";

/** One failed property check, in the shape the Pulumi engine shows at preview. */
export interface CheckFailure {
  /** Dotted property path in our camelCase names, e.g. `inbound.channelLimit`. */
  property: string;
  /** What rule the value breaks. */
  reason: string;
}

/** The placeholder the engine sends for values not known until apply (an Output of a resource not yet created). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** An absolute http(s) URL, as the spec's `format: uri` fields need. */
export const httpUrl = () =>
  z.string({ error: "must be a string" }).refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
      } catch {
        return false;
      }
    },
    { error: "must be an absolute http(s) URL" },
  );

/** A string from a fixed list, with the list in the message. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}` });

/** A whole number at or above `min`. */
export const integerAtLeast = (min: number) =>
  z
    .number({ error: "must be a number" })
    .int({ error: "must be an integer" })
    .min(min, { error: min === 0 ? "must not be negative" : `must be at least ${min}` });

export const nonEmptyString = () => z.string({ error: "must be a string" }).min(1, { error: "must not be empty" });

export const bool = () => z.boolean({ error: "must be true or false" });

/** True when any value inside is still unknown. */
export function containsUnknowns(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknowns);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknowns);
  return false;
}

/**
 * Validates inputs against a resource's schema. Values the engine does not know yet
 * are not judged; every other problem becomes one failure naming the property and the rule.
 */
export function checkInputs<S extends z.ZodType>(schema: S, inputs: Record<string, unknown>): CheckFailure[] {
  const result = schema.safeParse(inputs, { reportInput: true });
  if (result.success) return [];
  const failures: CheckFailure[] = [];
  for (const issue of result.error.issues) {
    if (isUnknownAt(inputs, issue.path)) continue;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        failures.push({ property: [...issue.path, key].join("."), reason: "is not a property of this resource" });
      continue;
    }
    const property = issue.path.map(String).join(".");
    const missing = issue.code === "invalid_type" && issue.input === undefined;
    failures.push({ property, reason: missing ? "is required" : issue.message });
  }
  return failures;
}

/** True when the value at `path`, or one of its parents, is unknown. */
function isUnknownAt(value: unknown, path: readonly PropertyKey[]): boolean {
  let current = value;
  for (const key of path) {
    if (current === UNKNOWN) return true;
    if (!current || typeof current !== "object") return false;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current === UNKNOWN;
}

/** Drops the engine's bookkeeping keys (`__provider`) and undefined values from a property bag. */
export function userProperties(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) if (!k.startsWith("__") && v !== undefined) out[k] = v;
  return out;
}
