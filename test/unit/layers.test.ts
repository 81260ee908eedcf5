// The folders show the layers (DESIGN.md): base (client, wire mapping, response schemas, config,
// errors) at the bottom, the kinds on it, the two faces (dynamic resources, plugin) above them,
// and the emulator apart. This test holds every relative import of provider/ and emulator/ to
// that picture, so a layer cannot start leaning on one above it without the test saying where.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(__dirname, "../..");

/**
 * What each layer may import besides itself. The root modules `version` and `node-version` (the
 * Node.js check every entry runs first, which throws base's error) are open to all.
 */
const ALLOWED: Record<string, readonly string[]> = {
  "node-version": ["base"],
  base: [],
  kinds: ["base"],
  data: ["base"],
  webhooks: ["base"],
  "faces/dynamic": ["base", "kinds", "data"],
  "faces/plugin": ["base", "kinds", "data"],
  doctor: ["base", "kinds", "data"],
  migrate: ["base", "kinds"],
  index: ["base", "kinds", "data", "webhooks", "faces/dynamic"],
  emulator: [],
};
const LEAVES = new Set(["version", "node-version"]);

/** The layer of a repository path: `emulator`, or the folder under provider/ (`faces/<face>` for the faces). */
function layerOf(file: string): string {
  if (file.startsWith("emulator/")) return "emulator";
  const parts = file.split("/").slice(1);
  const depth = parts[0] === "faces" ? 2 : 1;
  return parts.slice(0, depth).join("/").replace(/\.ts$/, "");
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}

type ReadSource = (file: string) => string;
const readSource: ReadSource = (file) => readFileSync(path.join(repoRoot, file), "utf8");

/** Each relative import (`import … from`, `import "…"`, `export … from`, `require`, `import()`) of a file, as a repository path. */
function importsOf(file: string, read: ReadSource): string[] {
  const text = read(file);
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\(\s*)["'](\.{1,2}\/[^"']+)["']/g)].map((match) =>
    path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]!)),
  );
}

/** Imports that cross into a layer the importing layer may not use, as `file -> target`. */
function layerViolations(files: readonly string[], read: ReadSource = readSource): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    for (const target of importsOf(file, read)) {
      if (!target.startsWith("provider/") && !target.startsWith("emulator/")) continue;
      const to = layerOf(`${target}/`);
      if (to === from || (LEAVES.has(to) && from !== "emulator")) continue;
      if (from !== "emulator" && to !== "emulator" && ALLOWED[from]?.includes(to)) continue;
      violations.push(`${file} -> ${target} (${from} may not import ${to})`);
    }
  }
  return violations;
}

describe("the layers", () => {
  const files = [...sourceFiles("provider"), ...sourceFiles("emulator")];

  it("every module sits in a known layer", () => {
    const unknown = [...new Set(files.map(layerOf))].filter((layer) => !(layer in ALLOWED) && layer !== "version");
    expect(unknown).toEqual([]);
  });

  it("imports go only down: base below the kinds, the kinds below both faces, the emulator apart", () => {
    expect(layerViolations(files)).toEqual([]);
  });

  it("names the file and the import that break the rule", () => {
    const sources: Record<string, string> = {
      "provider/kinds/queue/provider.ts":
        'import { dispatch } from "../../faces/dynamic/runtime";\nimport { clientFor } from "../../base/client/factory";',
      "provider/faces/plugin/server.ts": 'const { kinds } = require("../../kinds/registry");\nimport("../dynamic/serialized");',
      "emulator/server.ts": 'import "../provider/version";',
    };
    expect(layerViolations(Object.keys(sources), (file) => sources[file]!)).toEqual([
      "provider/kinds/queue/provider.ts -> provider/faces/dynamic/runtime (kinds may not import faces/dynamic)",
      "provider/faces/plugin/server.ts -> provider/faces/dynamic/serialized (faces/plugin may not import faces/dynamic)",
      "emulator/server.ts -> provider/version (emulator may not import version)",
    ]);
  });
});
