/**
 * The one place where our camelCase names meet the wire's names: snake_case for JSON
 * bodies and responses, PascalCase for TeXML form parameters. Everything that talks
 * to the API converts through here, so a field is spelled the same way everywhere.
 */

/** `voiceUrl` -> `voice_url`. */
export function camelToSnake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

// Listings convert the same few dozen field names thousands of times; remember them
// (bounded, since a response could in principle carry any key).
const camelNames = new Map<string, string>();

/** `voice_url` -> `voiceUrl`. */
export function snakeToCamel(name: string): string {
  let camel = camelNames.get(name);
  if (camel === undefined) {
    camel = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    if (camelNames.size < 2048) camelNames.set(name, camel);
  }
  return camel;
}

/** `maxSize` -> `MaxSize`. */
export function camelToPascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `MaxSize` -> `maxSize`. */
export function pascalToCamel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** `date_created` -> `dateCreated`, at the type level. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** A wire record's type with camelCase keys, recursively: the shape data functions return. */
export type CamelKeys<T> = T extends readonly (infer U)[]
  ? CamelKeys<U>[]
  : T extends object
    ? { [K in keyof T as K extends string ? CamelCase<K> : K]: CamelKeys<T[K]> }
    : T;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, rename));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      out[rename(k)] = mapKeys(v, rename);
    }
    return out;
  }
  return value;
}

/** Deeply renames an object's keys from camelCase to snake_case, dropping undefined values. */
export function toSnakeKeys<T = Record<string, Json>>(value: unknown): T {
  return mapKeys(value, camelToSnake) as T;
}

/** Deeply renames an object's keys from snake_case to camelCase. */
export function toCamelKeys<T = Record<string, unknown>>(value: unknown): T {
  return mapKeys(value, snakeToCamel) as T;
}

/** Flat camelCase record -> PascalCase form parameters, dropping undefined values. */
export function toPascalForm(
  value: Record<string, string | number | boolean | undefined | null>,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[camelToPascal(k)] = v;
  return out;
}
