import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { TelnyxClient, paginateNumbered, paginateTexml } from "../../provider/base/client";
import { toIsoDate } from "../../provider/base/dates";
import { startStub, type StubRequest } from "../support/http-stub";

const stubs: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((s) => s.close()));
});

/** A TeXML listing of `total` calls in pages of `size`, chained by next_page_uri. */
async function texmlListing(total: number) {
  const stub = await startStub((req: StubRequest) => {
    const url = new URL(req.url, "http://stub");
    const size = Number(url.searchParams.get("PageSize"));
    const start = Number(url.searchParams.get("PageToken") ?? 0);
    const calls = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => ({ sid: `c${start + i}` }));
    const end = start + calls.length;
    return { json: { calls, next_page_uri: end < total ? `/v2/Calls?PageSize=${size}&PageToken=${end}` : null } };
  });
  stubs.push(stub);
  return { stub, client: new TelnyxClient({ apiKey: "KEY_x", baseUrl: stub.baseUrl }) };
}

async function take(items: AsyncIterable<unknown>, n: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of items) {
    out.push(item);
    if (out.length === n) break;
  }
  return out;
}

describe("paging with read-ahead", () => {
  it("requests each page once, the next one while the current is used, and none past the last", async () => {
    const { stub, client } = await texmlListing(25);
    const sids = (await take(paginateTexml(client, "/Calls", "calls", {}, { pageSize: 10 }), Infinity)).map(
      (c) => (c as { sid: string }).sid,
    );
    expect(sids).toEqual(Array.from({ length: 25 }, (_, i) => `c${i}`));
    expect(stub.received.map((r) => r.url)).toEqual([
      "/v2/Calls?PageSize=10",
      "/v2/Calls?PageSize=10&PageToken=10",
      "/v2/Calls?PageSize=10&PageToken=20",
    ]);
  });

  it("asks for no page a limit does not need, even ahead", async () => {
    const { stub, client } = await texmlListing(100);
    expect(await take(paginateTexml(client, "/Calls", "calls", {}, { pageSize: 10, limit: 20 }), Infinity)).toHaveLength(20);
    expect(stub.received.map((r) => r.url)).toEqual(["/v2/Calls?PageSize=10", "/v2/Calls?PageSize=10&PageToken=10"]);
  });

  it("a caller that stops early leaves at most the page read ahead", async () => {
    const { stub, client } = await texmlListing(100);
    expect(await take(paginateTexml(client, "/Calls", "calls", {}, { pageSize: 10 }), 5)).toHaveLength(5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stub.received).toHaveLength(2);
  });

  it("numbered listings stop at total_pages and read one page ahead", async () => {
    const stub = await startStub((req: StubRequest) => {
      const page = Number(new URL(req.url, "http://stub").searchParams.get("page[number]"));
      return { json: { data: [{ id: `a${page}` }], meta: { page_number: page, total_pages: 3 } } };
    });
    stubs.push(stub);
    const client = new TelnyxClient({ apiKey: "KEY_x", baseUrl: stub.baseUrl });
    expect(await take(paginateNumbered(client, "/apps", {}, { pageSize: 1 }), Infinity)).toEqual([
      { id: "a1" },
      { id: "a2" },
      { id: "a3" },
    ]);
    expect(stub.received.map((r) => decodeURIComponent(r.url))).toEqual([
      "/v2/apps?page[number]=1&page[size]=1",
      "/v2/apps?page[number]=2&page[size]=1",
      "/v2/apps?page[number]=3&page[size]=1",
    ]);
  });
});

describe("toIsoDate", () => {
  const slow = (value: string) => {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? value : new Date(ms).toISOString();
  };
  const pad = (n: number) => String(n).padStart(2, "0");
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  it("reads Telnyx's RFC 2822 UTC form exactly as Date.parse does, impossible days included", () => {
    const rfc2822 = fc
      .record({
        dow: fc.constantFrom(...days),
        day: fc.integer({ min: 0, max: 31 }),
        month: fc.constantFrom(...months),
        year: fc.integer({ min: 1970, max: 2199 }),
        h: fc.integer({ min: 0, max: 23 }),
        m: fc.integer({ min: 0, max: 59 }),
        s: fc.integer({ min: 0, max: 59 }),
        zone: fc.constantFrom("+0000", "GMT", "+0100", "-0530"),
      })
      .map((d) => `${d.dow}, ${pad(d.day)} ${d.month} ${d.year} ${pad(d.h)}:${pad(d.m)}:${pad(d.s)} ${d.zone}`);
    fc.assert(
      fc.property(rfc2822, (value) => toIsoDate(value) === slow(value)),
      { numRuns: 20_000 },
    );
  });

  it("normalizes ISO 8601 and passes unreadable text through", () => {
    expect(toIsoDate("2026-11-25T04:09:51Z")).toBe("2026-11-25T04:09:51.000Z");
    expect(toIsoDate("Wed, 25 Nov 2026 04:09:51 +0000")).toBe("2026-11-25T04:09:51.000Z");
    expect(toIsoDate("Thu, 29 Feb 2024 23:59:59 +0000")).toBe("2024-02-29T23:59:59.000Z");
    expect(toIsoDate("not a date")).toBe("not a date");
    expect(toIsoDate("")).toBeUndefined();
  });
});
