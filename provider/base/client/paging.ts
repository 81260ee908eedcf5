import type { TelnyxClient, QueryValue } from "./http";

/** Options shared by both paging styles. */
export interface PagingOptions {
  /** Items per request; defaults to the largest the endpoint allows. */
  pageSize?: number;
  /** Stop after this many items. */
  limit?: number;
  /** Validates a page's body before its items are used (throws naming the field and request). */
  parsePage?: (body: unknown, request: { method: string; path: string }) => unknown;
}

/** `/texml_applications` paging: `page[number]` from 1, `page[size]` up to 250, totals in `meta`. */
export const NUMBERED_MAX_PAGE_SIZE = 250;

/** TeXML REST paging: `Page` from 0, `PageSize`, and `next_page_uri` carrying a `PageToken`. */
export const TEXML_MAX_PAGE_SIZE = 1000;

interface NumberedPage {
  data?: unknown[];
  meta?: { page_number?: number; total_pages?: number };
}

/**
 * The pages of a `data` + `meta` listing, as arrays of raw items (the last one cut at
 * `limit`). Memory stays flat however many items there are: at most the page being
 * used and the next one (see `readAhead`).
 */
export async function* numberedPages(
  client: TelnyxClient,
  path: string,
  query: Record<string, QueryValue>,
  options: PagingOptions = {},
): AsyncGenerator<unknown[]> {
  let remaining = options.limit ?? Infinity;
  // One size for every page, or page numbers would not line up: no larger than the limit needs.
  const pageSize = Math.max(1, Math.min(options.pageSize ?? NUMBERED_MAX_PAGE_SIZE, NUMBERED_MAX_PAGE_SIZE, remaining));
  const fetchPage = async (pageNumber: number): Promise<unknown> =>
    (await client.request<unknown>({ method: "GET", path, query: { ...query, "page[number]": pageNumber, "page[size]": pageSize } })).body;
  let pending: Promise<unknown> | undefined = fetchPage(1);
  for (let pageNumber = 1; pending; pageNumber++) {
    const raw: unknown = await pending;
    const rawItems = (raw as NumberedPage | undefined)?.data;
    const totalPages = (raw as NumberedPage | undefined)?.meta?.total_pages ?? 0;
    const more = Array.isArray(rawItems) && rawItems.length > 0 && pageNumber < totalPages && remaining > rawItems.length;
    pending = more ? fetchPage(pageNumber + 1) : undefined;
    if (pending) await readAhead(pending);
    const body = (options.parsePage ? options.parsePage(raw, { method: "GET", path }) : raw) as NumberedPage | undefined;
    const items = take(body?.data ?? [], remaining);
    remaining -= items.length;
    if (items.length > 0) yield items;
  }
}

/**
 * The pages of a TeXML listing (`listKey` names the array, e.g. `calls`), as arrays of
 * raw items, following `next_page_uri` until the server stops giving one.
 */
export async function* texmlPages(
  client: TelnyxClient,
  path: string,
  listKey: string,
  query: Record<string, QueryValue>,
  options: PagingOptions = {},
): AsyncGenerator<unknown[]> {
  const pageSize = Math.min(options.pageSize ?? TEXML_MAX_PAGE_SIZE, TEXML_MAX_PAGE_SIZE);
  let remaining = options.limit ?? Infinity;
  const fetchPage = async (pagePath: string, pageQuery?: Record<string, QueryValue>): Promise<{ path: string; body: unknown }> => ({
    path: pagePath.split("?")[0]!,
    body: (await client.request<unknown>({ method: "GET", path: pagePath, query: pageQuery })).body,
  });
  let pending: Promise<{ path: string; body: unknown }> | undefined = fetchPage(path, {
    ...query,
    PageSize: Math.min(pageSize, remaining),
  });
  while (pending) {
    const page: { path: string; body: unknown } = await pending;
    const next = nextPage(page.body, listKey, client.baseUrl);
    pending = next && remaining > next.itemsOnThisPage ? fetchPage(next.path) : undefined;
    if (pending) await readAhead(pending);
    const body = (options.parsePage ? options.parsePage(page.body, { method: "GET", path: page.path }) : page.body) as
      | Record<string, unknown>
      | undefined;
    const items = take(Array.isArray(body?.[listKey]) ? (body[listKey] as unknown[]) : [], remaining);
    remaining -= items.length;
    if (items.length > 0) yield items;
  }
}

/** The items of a `data` + `meta` listing one by one (see `numberedPages`). */
export async function* paginateNumbered(
  client: TelnyxClient,
  path: string,
  query: Record<string, QueryValue>,
  options: PagingOptions = {},
): AsyncGenerator<unknown> {
  for await (const items of numberedPages(client, path, query, options)) yield* items;
}

/** The items of a TeXML listing one by one (see `texmlPages`). */
export async function* paginateTexml(
  client: TelnyxClient,
  path: string,
  listKey: string,
  query: Record<string, QueryValue>,
  options: PagingOptions = {},
): AsyncGenerator<unknown> {
  for await (const items of texmlPages(client, path, listKey, query, options)) yield* items;
}

/**
 * Asks for the next page while the caller works through this one (the next request
 * leaves before this page is even validated), so the server's and the network's time
 * overlap with ours. Only pages the listing needs are requested; a caller that stops
 * early leaves at most this one unread, and its failure unreported.
 */
async function readAhead(page: Promise<unknown>): Promise<void> {
  page.catch(() => {});
  // Let the event loop put the request on the wire now: working through this page is
  // one long chain of microtasks, which would otherwise hold it back until the end.
  await new Promise((resolve) => setImmediate(resolve));
}

/** Where the page after this one is, if the server says there is one and this page was not empty. */
function nextPage(body: unknown, listKey: string, baseUrl: string): { path: string; itemsOnThisPage: number } | undefined {
  if (!body || typeof body !== "object") return undefined;
  const { next_page_uri: uri, [listKey]: items } = body as Record<string, unknown>;
  if (typeof uri !== "string" || uri === "" || !Array.isArray(items) || items.length === 0) return undefined;
  return { path: relativeToBase(baseUrl, uri), itemsOnThisPage: items.length };
}

function take<T>(items: T[], remaining: number): T[] {
  return items.length <= remaining ? items : items.slice(0, Math.max(0, remaining));
}

/**
 * Turns a `next_page_uri` (`/v2/texml/...`, absolute from the host) into a path
 * below the client's base URL (which already ends in `/v2`).
 */
export function relativeToBase(baseUrl: string, uri: string): string {
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
  const url = new URL(uri, baseUrl);
  const path = url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : url.pathname;
  return path + url.search;
}
