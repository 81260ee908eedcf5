import * as z from "zod";

/**
 * Fields of a response that our schema does not name. The schemas are loose (unknown
 * fields are kept and ignored), so a parse succeeds with them; listing them tells us
 * what Telnyx sends that the package has never seen. Paths are like `data[].inbound.foo`;
 * a `z.record` (free-form map) has no unknown keys by definition.
 */
export function unknownFields(schema: z.ZodType, value: unknown): string[] {
  const found = new Set<string>();
  walk(schema, value, "", found);
  return [...found].sort();
}

function walk(schema: z.ZodType, value: unknown, path: string, found: Set<string>): void {
  const inner = unwrap(schema);
  if (value === null || value === undefined) return;
  if (inner instanceof z.ZodArray) {
    if (!Array.isArray(value)) return;
    for (const item of value) walk(inner.element as z.ZodType, item, `${path}[]`, found);
    return;
  }
  if (inner instanceof z.ZodObject) {
    if (typeof value !== "object" || Array.isArray(value)) return;
    const shape = inner.shape as Record<string, z.ZodType>;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childPath = path ? `${path}.${key}` : key;
      const known = shape[key];
      if (known === undefined) found.add(childPath);
      else walk(known, child, childPath, found);
    }
  }
}

/** The schema under `.optional()` and `.nullable()` wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
  return current;
}
