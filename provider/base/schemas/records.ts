import * as z from "zod";
import { isReadableDate, toIsoDate } from "../dates";
import { snakeToCamel, toCamelKeys, type CamelKeys } from "../wire";

export type { CamelCase, CamelKeys } from "../wire";

/** Fields that hold instants; the API sends RFC 2822 or ISO 8601 depending on the endpoint. */
const DATE_FIELDS = new Set(["date_created", "date_updated", "start_time", "end_time", "created_at", "updated_at"]);

/**
 * A validated wire record as a data-function result: camelCase keys, and every
 * instant as ISO 8601 UTC (whatever form the endpoint used), so results compare and sort.
 */
export function toResult<W extends Record<string, unknown>>(wire: W): CamelKeys<W> {
  const out: Record<string, unknown> = {};
  for (const key in wire) {
    const value = wire[key];
    if (value === undefined) continue;
    out[snakeToCamel(key)] =
      typeof value !== "object" || value === null
        ? typeof value === "string" && DATE_FIELDS.has(key)
          ? toIsoDate(value)
          : value
        : toCamelKeys(value);
  }
  return out as CamelKeys<W>;
}

/** One page of a TeXML listing: the records under `listKey` plus Twilio-style paging fields. */
export function texmlPageSchema<K extends string, S extends z.ZodType>(listKey: K, record: S) {
  return z.looseObject({
    [listKey]: z.array(record),
    page: z.number().int().optional(),
    page_size: z.number().int().optional(),
    next_page_uri: z.string().nullable().optional(),
  } as { [P in K]: z.ZodArray<S> } & Record<string, z.ZodType>);
}

/** A string the spec types as a date: RFC 2822 in most TeXML resources, ISO 8601 in recordings. */
export const wireDate = z.string().refine(isReadableDate, { error: "is not a date" });
