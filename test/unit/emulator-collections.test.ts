// A route module keeps its records in `Store.collection(name)`, so a new REST resource of the
// emulator needs no field in emulator/state.ts. This file holds the store to that:
// - `snapshot` persists every non-empty collection under its name, and `load` (a restart from the
//   data file) gives the records back with their keys, in their order;
// - a store without collections snapshots, and writes its data file, exactly as before
//   collections existed: test/fixtures/emulator/data-format2.json was written by that emulator
//   (every typed collection non-empty), and must load and be written back byte for byte.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FilePersistence, readDataFile } from "../../emulator/persistence";
import { emptySnapshot, Store } from "../../emulator/state";

interface Toy {
  sid: string;
  colour: string;
  createdMs: number;
}

const fixture = path.resolve(__dirname, "../fixtures/emulator/data-format2.json");

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});
const scratchFile = (name: string) => {
  scratch ??= mkdtempSync(path.join(tmpdir(), "emulator-collections-"));
  return path.join(scratch, name);
};

/** A store holding two collections; "10" is integer-like, which an object's key order would move first. */
function storeWithToys(): Store {
  const store = new Store();
  const toys = store.collection<Toy>("toys");
  toys.set("b", { sid: "b", colour: "blue", createdMs: 1 });
  toys.set("10", { sid: "10", colour: "red", createdMs: 2 });
  toys.set("a", { sid: "a", colour: "green", createdMs: 3 });
  store.collection<{ n: number }>("gadgets").set("g1", { n: 1 });
  return store;
}

describe("Store.collection", () => {
  it("returns the same map for a name on each call, and another map for another name", () => {
    const store = new Store();
    store.collection<Toy>("toys").set("a", { sid: "a", colour: "green", createdMs: 3 });
    expect([...store.collection<Toy>("toys").keys()]).toEqual(["a"]);
    expect(store.collection("gadgets").size).toBe(0);
  });

  it("snapshot holds each collection under its name as [key, record] entries in insertion order", () => {
    expect(storeWithToys().snapshot().collections).toEqual({
      toys: [
        ["b", { sid: "b", colour: "blue", createdMs: 1 }],
        ["10", { sid: "10", colour: "red", createdMs: 2 }],
        ["a", { sid: "a", colour: "green", createdMs: 3 }],
      ],
      gadgets: [["g1", { n: 1 }]],
    });
  });

  it("load into a fresh store, through JSON, gives back every collection's records, keys and order", () => {
    const restored = new Store();
    restored.load(JSON.parse(JSON.stringify(storeWithToys().snapshot())));
    expect([...restored.collection<Toy>("toys")]).toEqual([
      ["b", { sid: "b", colour: "blue", createdMs: 1 }],
      ["10", { sid: "10", colour: "red", createdMs: 2 }],
      ["a", { sid: "a", colour: "green", createdMs: 3 }],
    ]);
    expect([...restored.collection("gadgets")]).toEqual([["g1", { n: 1 }]]);
    expect(restored.snapshot()).toEqual(storeWithToys().snapshot());
  });

  it("empty collections leave the snapshot as a store without collections has it (no `collections` field)", () => {
    const store = storeWithToys();
    store.collection("gadgets").clear();
    store.collection("unused");
    expect(Object.keys(store.snapshot().collections ?? {})).toEqual(["toys"]);
    store.collection("toys").clear();
    expect(store.snapshot()).not.toHaveProperty("collections");
    expect(store.snapshot()).toEqual(new Store().snapshot());
  });

  it("load replaces the collections and clear empties them, keeping the id cursor", () => {
    const store = storeWithToys();
    store.load(emptySnapshot());
    expect(store.collection("toys").size).toBe(0);
    const cleared = storeWithToys();
    cleared.ids.intId();
    const cursor = cleared.ids.cursor;
    cleared.clear();
    expect(cleared.collection("toys").size).toBe(0);
    expect(cleared.collection("gadgets").size).toBe(0);
    expect(cleared.ids.cursor).toBe(cursor);
  });
});

describe("the data file", () => {
  it("keeps a collection across a restart (FilePersistence, then readDataFile)", () => {
    const file = scratchFile("data.json");
    const store = storeWithToys();
    new FilePersistence(file, store, { accountSid: "acct", signingSeed: new Uint8Array(32) }).flush();
    const stored = readDataFile(file)!;
    const restarted = new Store(stored.secretDigestKey);
    restarted.load(stored.state);
    expect([...restarted.collection<Toy>("toys").keys()]).toEqual(["b", "10", "a"]);
    expect(restarted.collection<Toy>("toys").get("10")).toEqual({ sid: "10", colour: "red", createdMs: 2 });
    expect([...restarted.collection("gadgets")]).toEqual([["g1", { n: 1 }]]);
  });

  it("written before collections existed, loads the same and is written back byte for byte", () => {
    const text = readFileSync(fixture, "utf8");
    // The fixture is formatted for reading; the emulator wrote it as JSON.stringify does.
    const written = JSON.stringify(JSON.parse(text));
    const parsed = JSON.parse(text) as { state: Record<string, unknown> };
    for (const [name, records] of Object.entries(parsed.state))
      if (name !== "idCursor") expect((records as unknown[]).length, `fixture's ${name}`).toBeGreaterThan(0);

    const stored = readDataFile(fixture)!;
    const store = new Store(stored.secretDigestKey);
    store.load(stored.state);
    expect(store.snapshot()).toEqual(parsed.state);
    expect(store.secretMatches("fixture-secret", "s3cret-value")).toBe(true);

    const file = scratchFile("rewritten.json");
    new FilePersistence(file, store, { apiKey: stored.apiKey, accountSid: stored.accountSid, signingSeed: stored.signingSeed }).flush();
    expect(readFileSync(file, "utf8")).toBe(written);
  });
});
