// The generic lifecycle (provider/kinds/lifecycle.ts) with a kind's REST calls replaced by a
// recording fake: which calls it makes, in which order, for the rules it owns whatever the kind
// (paging through candidates after an ambiguous create, 404s on read and delete).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import { TelnyxApiError } from "../../provider/base/client/errors";
import { TelnyxImportError } from "../../provider/base/errors";
import { defineResource } from "../../provider/kinds/definition";
import { type CandidatePage, type Fetched, type ResourceApi, lifecycleProvider } from "../../provider/kinds/lifecycle";

const thingResource = defineResource({
  kind: "Thing",
  noun: "thing",
  inputs: z.strictObject({ name: z.string(), size: z.number().optional() }),
  outputs: z.object({ name: z.string(), size: z.number().optional(), createdAt: z.string() }),
  identity: "name",
  replaceOn: ["name"],
  creationTime: "createdAt",
});
type Thing = { name: string; size?: number; createdAt: string };

const timeout = () => new TelnyxApiError({ kind: "timeout", method: "POST", path: "/things", timeoutMs: 5 });
const notFound = (method: string) => new TelnyxApiError({ kind: "http", status: 404, method, path: "/things/t1" });
/** A response whose `Date` header says Telnyx's clock is ours (to the second). */
const inStep = () => {
  const now = Date.now();
  return { serverDate: Math.floor(now / 1000) * 1000, sentAt: now, receivedAt: now };
};

/** A fake of a kind's REST calls: `pages` are the candidate listing, `onCreate` answers each create. */
function fakeApi(calls: string[], options: { onCreate: (n: number) => Fetched<Thing>; pages?: () => Fetched<Thing>[][] }) {
  let creates = 0;
  const api: ResourceApi<{ name: string; size?: number }, Thing, string, number> = {
    async create() {
      calls.push("create");
      return options.onCreate(++creates);
    },
    async get(id) {
      calls.push(`get ${id}`);
      throw notFound("GET");
    },
    async update(id) {
      calls.push(`update ${id}`);
      throw new Error("not used");
    },
    async delete(id) {
      calls.push(`delete ${id}`);
      throw notFound("DELETE");
    },
    async listCandidates(_inputs, page = 1): Promise<CandidatePage<Thing, number>> {
      calls.push(`list page ${page}`);
      const pages = options.pages?.() ?? [[]];
      return { items: pages[page - 1] ?? [], response: inStep(), next: page < pages.length ? page + 1 : undefined };
    },
  };
  return api;
}

const rules = {
  className: "test.Thing",
  idWord: "id",
  describeId: (id: string) => `id ${id}`,
  importRef: (id: string) => id,
  stateRef: (id: string) => id,
  idOf: (id: string) => id,
  importNotFound: (id: string) => new TelnyxImportError(`no thing ${id} to import`),
  readNotFound: (id: string) => new TelnyxImportError(`no thing ${id}`),
  importedInputs: (outs: Thing) => ({ name: outs.name }),
};

describe("the generic lifecycle", () => {
  let settle: string | undefined;
  beforeEach(() => {
    settle = process.env.TELNYX_CREATE_SETTLE_MS;
    // Nothing found is final at the first look: the create is then sent again at once.
    process.env.TELNYX_CREATE_SETTLE_MS = "0";
  });
  afterEach(() => {
    if (settle === undefined) delete process.env.TELNYX_CREATE_SETTLE_MS;
    else process.env.TELNYX_CREATE_SETTLE_MS = settle;
  });

  it("after an ambiguous create, pages through every page of candidates and adopts the one made during the request", async () => {
    const calls: string[] = [];
    let made: Fetched<Thing> | undefined;
    const api = fakeApi(calls, {
      onCreate: () => {
        // Telnyx applied the create, and the answer was lost.
        made = { id: "t-made", outs: { name: "alpha", size: 3, createdAt: new Date().toISOString() } };
        throw timeout();
      },
      pages: () => [[{ id: "t-other", outs: { name: "beta", createdAt: new Date().toISOString() } }], made ? [made] : []],
    });
    const provider = lifecycleProvider(thingResource, api, rules);
    const created = await provider.create!({ name: "alpha", size: 3 });
    expect(created.id).toBe("t-made");
    expect(created.outs).toMatchObject({ name: "alpha", size: 3 });
    expect(calls).toEqual(["create", "list page 1", "list page 2"]);
  });

  it("stops paging a newest-first listing at the first page that reaches objects older than the request, and only then", async () => {
    const old = { id: "t-old", outs: { name: "alpha", createdAt: new Date(Date.now() - 10 * 60_000).toISOString() } };
    const run = async (listedNewestFirst: boolean) => {
      const calls: string[] = [];
      const api = fakeApi(calls, {
        onCreate: (n) => {
          if (n === 1) throw timeout();
          return { id: "t-new", outs: { name: "alpha", createdAt: new Date().toISOString() } };
        },
        pages: () => [[old], [old]],
      });
      const created = await lifecycleProvider(thingResource, api, { ...rules, listedNewestFirst }).create!({ name: "alpha" });
      expect(created.id).toBe("t-new");
      return calls;
    };
    expect(await run(true)).toEqual(["create", "list page 1", "create"]);
    expect(await run(false)).toEqual(["create", "list page 1", "list page 2", "create"]);
  });

  it("takes a 404 on delete as done, and on refresh as gone", async () => {
    const calls: string[] = [];
    const provider = lifecycleProvider(
      thingResource,
      fakeApi(calls, { onCreate: () => ({ id: "x", outs: { name: "x", createdAt: "" } }) }),
      rules,
    );
    await expect(provider.delete!("t1", { name: "alpha", createdAt: "2026-01-01T00:00:00.000Z" })).resolves.toBeUndefined();
    await expect(provider.read!("t1", { name: "alpha", createdAt: "2026-01-01T00:00:00.000Z" })).resolves.toEqual({
      id: undefined,
      props: {},
    });
    expect(calls).toEqual(["delete t1", "get t1"]);
  });
});
