// `pulumi-telnyx-texml/dynamic`, the entry every stored provider calls, is one file bundled
// by esbuild at `npm run build` (scripts/build-provider-runtime.mjs), so that the dynamic
// provider process Pulumi starts for each operation loads one module instead of ~90 plus
// zod's. These tests hold that the bundle is what the package exports, that it loads nothing
// of ours or zod's beside itself, and that it answers exactly as the sources do.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dispatch as sourceDispatch } from "../../provider/faces/dynamic/runtime";

const root = path.resolve(__dirname, "..", "..");
const bundleFile = path.join(root, "dist", "provider", "faces", "dynamic", "runtime.bundle.js");
const bundled = () => createRequire(__filename)(bundleFile) as { dispatch: typeof sourceDispatch; providers: Record<string, unknown> };

/** What a call answers, or the error it throws (class name and message), for comparing two implementations. */
async function outcome(call: () => Promise<unknown>): Promise<unknown> {
  try {
    return { value: await call() };
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}

describe("the dynamic provider entry bundle", () => {
  it("is what `pulumi-telnyx-texml/dynamic` resolves to, with the tsc declarations as its types", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      exports: Record<string, { types: string; default: string }>;
    };
    expect(pkg.exports["./dynamic"]).toEqual({
      types: "./dist/provider/faces/dynamic/runtime.d.ts",
      default: "./dist/provider/faces/dynamic/runtime.bundle.js",
    });
    expect(existsSync(bundleFile), "npm run build writes it").toBe(true);
  });

  it("requires only Node built-ins, @pulumi/pulumi and undici: nothing of dist beside it, no zod, no yaml", () => {
    const code = readFileSync(bundleFile, "utf8");
    const required = new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!));
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect([...required].filter((name) => !builtins.has(name)).sort()).toEqual(["@pulumi/pulumi", "undici"]);
    // zod's classic API is in (validation), its 60 translations of error messages are not.
    expect(code).toContain("node_modules/zod/v4/classic/schemas.js");
    expect(code).not.toMatch(/node_modules\/zod\/v4\/locales\/(?!en\.js)/);
  });

  it("loads as one module in a process that has @pulumi/pulumi (as the dynamic provider does), undici only on the first request", () => {
    const script = [
      'require("@pulumi/pulumi");',
      "const before = new Set(Object.keys(require.cache));",
      `require(${JSON.stringify(bundleFile)});`,
      "console.log(JSON.stringify(Object.keys(require.cache).filter((f) => !before.has(f))));",
    ].join("\n");
    const loaded = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" })) as string[];
    expect(loaded).toEqual([bundleFile]);
  });

  it("answers check and diff exactly as the sources do, for valid and invalid inputs of every kind, validation messages included", async () => {
    const cases: Array<[kind: string, method: string, args: unknown[]]> = [
      ["Application", "check", [{}, { friendlyName: "main", voiceUrl: "https://voice.example.com/in" }]],
      [
        "Application",
        "check",
        [{}, { friendlyName: "", voiceUrl: "not a url", voiceMethod: "put", firstCommandTimeoutSecs: "30", inbound: { channelLimit: -1 } }],
      ],
      ["Application", "check", [{}, { friendlyName: 7, unknownField: true }]],
      [
        "Application",
        "diff",
        [
          "1",
          {
            friendlyName: "a",
            voiceUrl: "https://x.example/1",
            statusCallback: "https://x.example/s",
            __declared: ["friendlyName", "voiceUrl", "statusCallback"],
          },
          { friendlyName: "a", voiceUrl: "https://x.example/2" },
        ],
      ],
      ["Queue", "check", [{}, { name: "support", maxSize: 10 }]],
      ["Queue", "check", [{}, { name: "", maxSize: 0 }]],
      ["Queue", "diff", ["q", { name: "support", maxSize: 10 }, { name: "sales", maxSize: 10 }]],
      ["Secret", "check", [{}, { name: "crm-token", value: "s3cret" }]],
      ["Secret", "check", [{}, { name: "bad name!", value: "" }]],
      ["Secret", "check", [{}, { name: "crm-token", value: "s3cret", __import: "x" }]],
      ["Nope", "check", [{}, {}]],
      ["Application", "nope", []],
    ];
    const { dispatch } = bundled();
    for (const [kind, method, args] of cases) {
      const fromBundle = await outcome(() => dispatch(kind, method, structuredClone(args)));
      const fromSources = await outcome(() => sourceDispatch(kind, method, structuredClone(args)));
      expect(fromBundle, `${kind}.${method} ${JSON.stringify(args)}`).toEqual(fromSources);
    }
    // Not two identical failures: the cases above reach validation messages and thrown errors.
    const invalid = (await outcome(() => dispatch("Application", "check", [{}, { friendlyName: "", voiceUrl: "not a url" }]))) as {
      value: { failures: Array<{ property: string }> };
    };
    expect(invalid.value.failures.map((f) => f.property).sort()).toEqual(["friendlyName", "voiceUrl"]);
  });

  it("serves the same resource kinds as the sources", () => {
    expect(Object.keys(bundled().providers).sort()).toEqual(["Application", "Queue", "Secret", "SecretName"]);
  });
});
