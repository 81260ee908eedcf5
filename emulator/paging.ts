import { ApiError, badRequest, invalid, type ApiRequest } from "./http";

/** Twilio-style listing defaults: the spec's examples show 20 per page; Telnyx caps at 1000. */
export const TEXML_DEFAULT_PAGE_SIZE = 20;
export const TEXML_MAX_PAGE_SIZE = 1000;

/** Page tokens are opaque to clients; here they carry the offset of the page they open. */
const encodeToken = (offset: number) => `PA${Buffer.from(JSON.stringify({ o: offset })).toString("base64url")}`;

function decodeToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token.slice(2), "base64url").toString()) as { o?: unknown };
    if (token.startsWith("PA") && Number.isInteger(parsed.o) && (parsed.o as number) >= 0) return parsed.o as number;
  } catch {
    // falls through to the error below
  }
  throw new ApiError(400, [
    { code: "10015", title: "Bad Request", detail: "The PageToken is invalid.", source: { pointer: "/PageToken" } },
  ]);
}

function nonNegativeInt(req: ApiRequest, name: string): number | undefined {
  const raw = req.query.get(name);
  if (raw === null || raw === "") return undefined;
  if (!/^\d+$/.test(raw)) throw invalid(`/${name}`, "type", `The '${name}' parameter must be of type 'integer'`);
  return Number(raw);
}

/**
 * One page of a TeXML listing: `items` under `listKey`, with `page`, `page_size`,
 * `start`, `end`, `uri`, `first_page_uri`, `next_page_uri` (carrying a `PageToken`)
 * and `previous_page_uri`. Filters in the query are kept in every page URI.
 *
 * Page URIs are relative to the host (`/v2/texml/...`), as the spec's examples and
 * descriptions give them. One schema contradicts that: `TexmlGetCallRecordingsResponseBody`
 * (the `.json` recording and transcription listings) types `first_page_uri` and
 * `previous_page_uri` as `format: uri`, which only an absolute URI satisfies. For those
 * listings pass `absoluteOrigin`, and those two URIs carry it.
 */
export function texmlPage<T>(req: ApiRequest, listKey: string, items: readonly T[], absoluteOrigin = ""): Record<string, unknown> {
  const size = Math.min(nonNegativeInt(req, "PageSize") ?? TEXML_DEFAULT_PAGE_SIZE, TEXML_MAX_PAGE_SIZE) || TEXML_DEFAULT_PAGE_SIZE;
  const pageNumber = nonNegativeInt(req, "Page") ?? 0;
  const token = req.query.get("PageToken");
  const offset = token ? decodeToken(token) : pageNumber * size;
  const page = Math.floor(offset / size);
  const slice = items.slice(offset, offset + size);

  const filters = new URLSearchParams(req.query);
  for (const name of ["Page", "PageSize", "PageToken"]) filters.delete(name);
  const base = `/v2${req.path}`;
  const uriFor = (p: number, pageOffset: number | undefined) => {
    const q = new URLSearchParams(filters);
    q.set("Page", String(p));
    q.set("PageSize", String(size));
    if (pageOffset !== undefined && pageOffset > 0) q.set("PageToken", encodeToken(pageOffset));
    return `${base}?${q}`;
  };
  const body: Record<string, unknown> = {
    [listKey]: slice,
    page,
    page_size: size,
    start: offset,
    end: slice.length > 0 ? offset + slice.length - 1 : offset,
    uri: uriFor(page, offset),
    first_page_uri: absoluteOrigin + uriFor(0, undefined),
  };
  if (offset + size < items.length) body.next_page_uri = uriFor(page + 1, offset + size);
  if (offset > 0) body.previous_page_uri = absoluteOrigin + uriFor(Math.max(0, page - 1), Math.max(0, offset - size));
  return body;
}

/** `/texml_applications` paging limits. */
export const NUMBERED_MAX_PAGE_SIZE = 250;

/** One page of a `data` + `meta` listing (`page[number]` from 1, `page[size]` 1..250). */
export function numberedPage<T>(req: ApiRequest, items: readonly T[]): { data: T[]; meta: Record<string, number> } {
  const number = positiveInt(req, "page[number]", 1);
  const size = positiveInt(req, "page[size]", NUMBERED_MAX_PAGE_SIZE);
  if (size > NUMBERED_MAX_PAGE_SIZE) throw badRequestAt("/page/size", `page[size] must be between 1 and ${NUMBERED_MAX_PAGE_SIZE}.`);
  const data = items.slice((number - 1) * size, number * size);
  return { data, meta: { page_number: number, page_size: size, total_pages: Math.ceil(items.length / size), total_results: items.length } };
}

function positiveInt(req: ApiRequest, name: string, fallback: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw badRequestAt(`/${name.replace(/\[(\w+)\]/, "/$1")}`, `${name} must be a positive integer.`);
  return Number(raw);
}

function badRequestAt(pointer: string, detail: string): ApiError {
  const error = badRequest(detail);
  error.errors[0]!.source = { pointer };
  return error;
}
