// biome-ignore-all lint/suspicious/noExportsInTest: the compile-time type assertions are exported so that noUnusedLocals keeps them
// The published declarations name no zod type: a user's compiler never needs zod's types to
// read them. The emulator's public shapes are therefore written out by hand; this file holds
// them equal to what its zod schemas accept (at compile time: `npm run typecheck` fails on any
// difference), and checks the built declarations (`npm test` builds first).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type * as z from "zod";
import type { FaultAction, FaultSpec, GenerateCallsOptions, SeedFixture } from "../../emulator";
import type { faultActionSchema, faultSpecSchema } from "../../emulator/faults";
import type { generateCallsSchema, seedFixtureSchema } from "../../emulator/seed";

/** True only when A and B are the same type (optionality and `null` included). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
/** Object types flattened (interfaces, intersections, zod's mapped types), so that only structure counts. */
type Simplify<T> = T extends readonly (infer E)[] ? Simplify<E>[] : T extends object ? { [K in keyof T]: Simplify<T[K]> } : T;
type Same<A, B> = Equal<Simplify<A>, Simplify<B>>;

export type EmulatorTypes = [
  // What the checks accept (the input side: defaults are optional, `method` any letter case).
  Expect<Same<SeedFixture, z.input<typeof seedFixtureSchema>>>,
  Expect<Same<FaultSpec, z.input<typeof faultSpecSchema>>>,
  Expect<Same<FaultAction, z.infer<typeof faultActionSchema>>>,
  Expect<Same<GenerateCallsOptions & { count: number }, z.input<typeof generateCallsSchema>>>,
];

const repoRoot = path.resolve(__dirname, "../..");
const dist = path.join(repoRoot, "dist");

/** A reference to the zod package: an import, an export from it, or an inline `import("zod")` type. */
const ZOD_MODULE = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']zod(?:\/[^"']*)?["']/;

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".d.ts"))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Every declaration file a user's compiler reads through the package's `exports`: the entries and what they import. */
function publishedClosure(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    exports: Record<string, string | { types?: string }>;
  };
  const entries = Object.values(pkg.exports).flatMap((e) => (typeof e === "object" && e.types ? [path.join(repoRoot, e.types)] : []));
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const [, spec] of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']*|\.{1,2})["']/g)) {
      const base = path.resolve(path.dirname(file), spec!);
      const found = [`${base}.d.ts`, path.join(base, "index.d.ts"), base.replace(/\.js$/, ".d.ts")].find((f) => existsSync(f));
      if (!found) throw new Error(`${path.relative(repoRoot, file)} imports ${spec}, which has no declaration file`);
      queue.push(found);
    }
  }
  return [...seen].sort();
}

describe("published declarations (dist, built by `npm test` first)", () => {
  const built = existsSync(path.join(dist, "provider", "index.d.ts")) && existsSync(path.join(dist, "emulator", "index.d.ts"));

  it("dist is built", () => {
    expect(built, "run `npm run build` first (`npm test` does)").toBe(true);
  });

  it.runIf(built)("no emulator declaration refers to zod", () => {
    const files = declarationFiles(path.join(dist, "emulator"));
    expect(files.map((f) => path.relative(repoRoot, f))).toContain("dist/emulator/seed.d.ts");
    expect(files.filter((f) => ZOD_MODULE.test(readFileSync(f, "utf8"))).map((f) => path.relative(repoRoot, f))).toEqual([]);
  });

  it.runIf(built)("no declaration reachable from the package's exports refers to zod (internal schema modules are not reachable)", () => {
    const closure = publishedClosure();
    const relative = closure.map((f) => path.relative(repoRoot, f));
    // The walk does reach deep: the resource args, the webhook core, the emulator's seed and faults.
    expect(relative).toEqual(
      expect.arrayContaining([
        "dist/provider/faces/dynamic/queue/args.d.ts",
        "dist/provider/webhooks/core.d.ts",
        "dist/emulator/seed.d.ts",
        "dist/emulator/faults.d.ts",
      ]),
    );
    expect(closure.filter((f) => ZOD_MODULE.test(readFileSync(f, "utf8"))).map((f) => path.relative(repoRoot, f))).toEqual([]);
  });
});
