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
 * Yields the raw items of a `data` + `meta` listing, one page request at a time, so
 * memory stays flat however many items there are.
 */
export async function* paginateNumbered(
  client: TelnyxClient,
  path: string,
  query: Record<string, QueryValue>,
  options: PagingOptions = {},
): AsyncGenerator<unknown> {
  let remaining = options.limit ?? Infinity;
  // One size for every page, or page numbers would not line up: no larger than the limit needs.
  const pageSize = Math.max(1, Math.min(options.pageSize ?? NUMBERED_MAX_PAGE_SIZE, NUMBERED_MAX_PAGE_SIZE, remaining));
  for (let pageNumber = 1; remaining > 0; pageNumber++) {
    const response = await client.request<NumberedPage>({ method: "GET", path, query: { ...query, "page[number]": pageNumber, "page[size]": pageSize } });
    const body = (options.parsePage ? options.parsePage(response.body, { method: "GET", path }) : response.body) as NumberedPage | undefined;
    const items = body?.data ?? [];
    for (const item of items) {
      if (remaining-- <= 0) return;
      yield item;
    }
    const totalPages = body?.meta?.total_pages ?? 0;
    if (items.length === 0 || pageNumber >= totalPages) return;
  }
}

/**
 * Yields the raw items of a TeXML listing (`listKey` names the array, e.g. `calls`),
 * following `next_page_uri` until the server stops giving one.
 */
export async function* paginateTexml(
  client: TelnyxClient,
  path: string,
  listKey: string,
  query: Record<string, QueryValue>,
  options: PagingOptions = {},
): AsyncGenerator<unknown> {
  const pageSize = Math.min(options.pageSize ?? TEXML_MAX_PAGE_SIZE, TEXML_MAX_PAGE_SIZE);
  let remaining = options.limit ?? Infinity;
  let next: { path: string; query?: Record<string, QueryValue> } | undefined = {
    path,
    query: { ...query, PageSize: Math.min(pageSize, remaining) },
  };
  while (next && remaining > 0) {
    const response: { body: Record<string, unknown> | undefined } = await client.request<Record<string, unknown>>({ method: "GET", path: next.path, query: next.query });
    const body = (options.parsePage ? options.parsePage(response.body, { method: "GET", path: next.path.split("?")[0]! }) : response.body) as Record<string, unknown> | undefined;
    const items: unknown[] = Array.isArray(body?.[listKey]) ? (body[listKey] as unknown[]) : [];
    for (const item of items) {
      if (remaining-- <= 0) return;
      yield item;
    }
    const nextUri: unknown = body?.next_page_uri;
    next = typeof nextUri === "string" && nextUri && items.length > 0 ? { path: relativeToBase(client.baseUrl, nextUri) } : undefined;
  }
}

/**
 * Turns a `next_page_uri` (`/v2/texml/...`, absolute from the host) into a path
 * below the client's base URL (which already ends in `/v2`).
 */
export function relativeToBase(baseUrl: string, uri: string): string {
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
  const url = new URL(uri, baseUrl);
  const path = url.pathname.startsWith(basePath + "/") ? url.pathname.slice(basePath.length) : url.pathname;
  return path + url.search;
}
