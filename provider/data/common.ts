import type * as pulumi from "@pulumi/pulumi";
import type * as z from "zod";
import { clientFor } from "../base/client/factory";
import type { QueryValue } from "../base/client/http";
import { numberedPages, texmlPages } from "../base/client/paging";
import { requireAccountSid, resolveSettings } from "../base/config";
import { TelnyxValidationError } from "../base/errors";
import { parseResponse } from "../base/schemas/parse";
import type { CamelKeys } from "../base/wire";
import { texmlPageSchema, toResult } from "../base/schemas/records";
import type { AccountArgs, ListArgs } from "./types";

export type { AccountArgs, ListArgs } from "./types";

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
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new TelnyxValidationError("limit", `limit: must be a positive integer, got ${String(limit)}`);
}

/** Collects an iterator into an array (the `getX` forms of listings). */
export async function collect<T>(records: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const record of records) out.push(record);
  return out;
}

/**
 * `@pulumi/pulumi`, loaded on first use: a script that only calls the Promise forms
 * (`getX`, `iterateX`) never loads it (it is a peer dependency, and costs about a second).
 */
function pulumiSdk(): typeof import("@pulumi/pulumi") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
}

/**
 * The `getXOutput` form of a lookup, with the semantics of `@pulumi/pulumi`'s own
 * output-form invokes (`invokeOutput`):
 *
 * - the arguments may be `Input`s; the lookup runs once all are known, and its result is
 *   secret when any argument is;
 * - `opts.dependsOn` (resources, or `Input`s of resources or lists of them) makes it wait
 *   until those resources are created or updated: custom resources by their id, components
 *   through the custom resources they parent (remote components by their URN). A value that
 *   is not a resource fails the lookup with Pulumi's message;
 * - when anything waited for is not known (a resource `pulumi preview` has yet to create),
 *   the result is unknown and no request is sent, as a Pulumi invoke would answer;
 * - the result depends on those resources and on the arguments' resources, so whatever
 *   consumes it waits for them too;
 * - `opts.parent`, `opts.provider`, `opts.version` and `opts.pluginDownloadURL` choose the
 *   provider plugin of an invoke in Pulumi. These lookups call Telnyx directly with the
 *   stack's `telnyx:*` config, so there is no plugin to choose: they are accepted, checked
 *   (`parent` must be a resource) and change nothing else.
 */
export function outputForm<A, R>(
  lookup: (args: A) => Promise<R>,
  args: object | undefined,
  opts: pulumi.InvokeOutputOptions | undefined,
): pulumi.Output<R> {
  const sdk = pulumiSdk();
  if (opts?.parent !== undefined && !sdk.Resource.isInstance(opts.parent)) {
    throw new TelnyxValidationError("parent", "parent: the `parent` invoke option must be a Pulumi resource");
  }
  const inputs = sdk.output(datesAsDays(sdk, args ?? {}));
  return sdk.all([inputs, dependenciesOf(sdk, opts?.dependsOn)]).apply(([resolved]) => lookup(resolved as A)) as pulumi.Output<R>;
}

/**
 * `pulumi.output` turns a `Date` into `{}` (it lifts every object's own properties), so the
 * day filters' `Date`s become `YYYY-MM-DD` (their UTC day, as `dayFilter` reads them) first.
 */
function datesAsDays(sdk: typeof import("@pulumi/pulumi"), args: object): Record<string, unknown> {
  const day = (v: unknown) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (value instanceof Date) out[key] = day(value);
    else if (sdk.Output.isInstance(value)) out[key] = (value as pulumi.Output<unknown>).apply(day);
    else if (value instanceof Promise) out[key] = value.then(day);
    else out[key] = value;
  }
  return out;
}

/**
 * An `Output` that is known once every resource `dependsOn` names is created (or updated),
 * and carries them as dependencies; unknown while any of them is.
 */
function dependenciesOf(sdk: typeof import("@pulumi/pulumi"), dependsOn: pulumi.InvokeOutputOptions["dependsOn"]): pulumi.Output<unknown> {
  if (dependsOn === undefined) return sdk.output([]);
  return (sdk.output(dependsOn as never) as unknown as pulumi.Output<unknown>).apply((resolved) => {
    const waits: pulumi.Output<unknown>[] = [];
    const seen = new Set<unknown>();
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) {
        value.forEach(visit);
        return;
      }
      if (!sdk.Resource.isInstance(value))
        throw new TelnyxValidationError("dependsOn", "'dependsOn' was passed a value that was not a Resource.");
      if (seen.has(value)) return;
      seen.add(value);
      if (sdk.CustomResource.isInstance(value)) {
        // A DependencyResource (a URN wrapped as a resource) has no id: nothing to wait for.
        const id = (value as pulumi.CustomResource).id as pulumi.Output<string> | undefined;
        if (id) waits.push(id);
        return;
      }
      const internal = value as unknown as { __remote?: boolean; __childResources?: Set<pulumi.Resource> };
      // A remote component waits for its children itself; a local one stands for the resources it parents.
      if (internal.__remote || !internal.__childResources) waits.push(value.urn);
      else for (const child of internal.__childResources) visit(child);
    };
    visit(resolved);
    return sdk.all(waits);
  });
}

/** `YYYY-MM-DD` for the spec's day filters; accepts a Date or that string form. */
export function dayFilter(name: string, value: string | Date | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (!/^\d{4}-\d\d-\d\d$/.test(value))
    throw new TelnyxValidationError(name, `${name}: expected a date as YYYY-MM-DD or a Date, got "${value}"`);
  return value;
}

/** Query parameters without the undefined ones. */
export function query(values: Record<string, QueryValue | undefined>): Record<string, QueryValue> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Record<string, QueryValue>;
}
