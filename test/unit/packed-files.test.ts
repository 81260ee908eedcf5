// What `npm pack` puts in the tarball users install: a source map is shipped only with the
// sources it points to. (Maps without their sources made Node and Pulumi print stack frames in
// files such as provider/base/client/http.ts, which the tarball does not contain.)
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(__dirname, "../..");

interface PackedFile {
  path: string;
}

async function packedFiles(): Promise<string[]> {
  // --ignore-scripts: `npm test` builds first; packing must not rebuild (prepack) inside a test.
  const { stdout } = await promisify(execFile)("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: repoRoot,
    env: { ...process.env, PATH: [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter) },
    maxBuffer: 16 * 1024 * 1024,
  });
  const [info] = JSON.parse(stdout) as Array<{ files: PackedFile[] }>;
  return info!.files.map((f) => f.path);
}

describe("the packed tarball", () => {
  it("ships the built entry points, and no source map whose sources it lacks", async () => {
    const files = await packedFiles();
    expect(files).toContain("dist/provider/index.js");
    expect(files).toContain("dist/provider/faces/dynamic/runtime.bundle.js");
    // The provider plugin's request operations, bundled (scripts/build-plugin-operations.mjs), and the module it requires beside it.
    expect(files).toContain("dist/provider/faces/plugin/operations.bundle.js");
    expect(files).toContain("dist/provider/faces/plugin/grpc.js");
    const packed = new Set(files);
    const dangling: string[] = [];
    for (const map of files.filter((f) => f.endsWith(".map"))) {
      const { sources = [], sourceRoot = "" } = JSON.parse(readFileSync(path.join(repoRoot, map), "utf8")) as {
        sources?: string[];
        sourceRoot?: string;
      };
      for (const source of sources) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(map), sourceRoot, source));
        if (!packed.has(target)) dangling.push(`${map} -> ${target}`);
      }
    }
    expect(dangling).toEqual([]);
  }, 60_000);
});
