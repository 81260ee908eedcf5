import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { clientFor } from "../client/factory";
import type { QueryValue } from "../client/http";
import { numberedPages, texmlPages } from "../client/paging";
import { requireAccountSid, resolveSettings } from "../config";
import { parseResponse } from "../schemas/parse";
import { texmlPageSchema, toResult, type CamelKeys } from "../schemas/records";

/** Arguments every TeXML REST lookup takes. */
export interface AccountArgs {
  /** TeXML account SID; defaults to `telnyx:accountSid` / `TELNYX_ACCOUNT_SID`. */
  accountSid?: string;
}

/** Arguments every listing takes. */
export interface ListArgs {
  /** Return at most this many records (and request no more pages than that needs). */
  limit?: number;
}

/** `pulumi.Input`-wrapped arguments, for the `getXOutput` forms. */
export type InputArgs<A> = { [K in keyof A]: pulumi.Input<A[K]> };

/** `/texml/Accounts/{account_sid}` for the given or configured account. */
export function accountPath(args: AccountArgs): string {
  return `/texml/Accounts/${encodeURIComponent(requireAccountSid(args.accountSid, resolveSettings()))}`;
}

/** Encodes one path segment (sids may contain `:`; labels anything). */
export const segment = (value: string) => encodeURIComponent(value);

/** GETs one record and returns it validated, in camelCase with ISO 8601 dates. A 404 throws the API error. */
export async function getRecord<S extends z.ZodType<Record<string, unknown>>>(schema: S, path: string): Promise<CamelKeys<z.infer<S>>> {
  const { body } = await clientFor().request({ method: "GET", path });
  return toResult(parseResponse(schema, body, { method: "GET", path }));
}

/** Streams a TeXML listing page by page at the largest page size, validating each page. */
export async function* iterateTexmlRecords<S extends z.ZodType<Record<string, unknown>>>(
  schema: S,
  path: string,
  listKey: string,
  query: Record<string, QueryValue>,
  args: ListArgs,
): AsyncGenerator<CamelKeys<z.infer<S>>> {
  checkLimit(args.limit);
  const page = texmlPageSchema(listKey, schema);
  const parsePage = (body: unknown, request: { method: string; path: string }) => parseResponse(page, body, request);
  // Page by page, so the caller's loop is the only per-record await.
  for await (const items of texmlPages(clientFor(), path, listKey, query, { limit: args.limit, parsePage })) {
    for (const item of items) yield toResult(item as z.infer<S>);
  }
}

/** Streams a `data` + `meta` listing (`/texml_applications`), validating each page. */
export async function* iterateNumberedRecords<S extends z.ZodType<Record<string, unknown>>>(
  pageSchema: z.ZodType,
  path: string,
  query: Record<string, QueryValue>,
  args: ListArgs,
): AsyncGenerator<CamelKeys<z.infer<S>>> {
  checkLimit(args.limit);
  const parsePage = (body: unknown, request: { method: string; path: string }) => parseResponse(pageSchema, body, request);
  for await (const items of numberedPages(clientFor(), path, query, { limit: args.limit, parsePage })) {
    for (const item of items) yield toResult(item as z.infer<S>);
  }
}

function checkLimit(limit: number | undefined): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new Error(`limit: must be a positive integer, got ${String(limit)}`);
}

/** Collects an iterator into an array (the `getX` forms of listings). */
export async function collect<T>(records: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const record of records) out.push(record);
  return out;
}

/** The `getXOutput` form of a lookup: waits for the inputs, then calls it. */
export function outputForm<A extends object, R>(lookup: (args: A) => Promise<R>): (args: InputArgs<A>, opts?: pulumi.InvokeOptions) => pulumi.Output<R> {
  return (args) => pulumi.output(args).apply((resolved) => lookup(resolved as unknown as A)) as pulumi.Output<R>;
}

/** `YYYY-MM-DD` for the spec's day filters; accepts a Date or that string form. */
export function dayFilter(name: string, value: string | Date | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (!/^\d{4}-\d\d-\d\d$/.test(value)) throw new Error(`${name}: expected a date as YYYY-MM-DD or a Date, got "${value}"`);
  return value;
}

/** Query parameters without the undefined ones. */
export function query(values: Record<string, QueryValue | undefined>): Record<string, QueryValue> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Record<string, QueryValue>;
}
