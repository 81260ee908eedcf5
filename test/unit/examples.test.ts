// The example projects as a user copies them: each is a project `pulumi new typescript` would
// lay out (tsconfig.json and a `typescript` dev dependency, so Pulumi compiles it with that
// compiler and not its vendored TypeScript 3.8), its README says how to install the package
// before it is published, and the config-repo workflows lint texml.yaml before previewing and
// check for drift every night.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as YAML from "yaml";
import { PULUMI_NEW_TSCONFIG } from "../../provider/faces/dynamic/declarative/export";

const examplesDir = path.resolve(__dirname, "../../examples");
const projects = readdirSync(examplesDir).filter((name) => existsSync(path.join(examplesDir, name, "Pulumi.yaml")));

/** The language runtime a project's Pulumi.yaml names (`runtime: go` or `runtime: { name: nodejs }`). */
function runtimeOf(dir: string): string {
  const { runtime } = YAML.parse(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { runtime: string | { name: string } };
  return typeof runtime === "string" ? runtime : runtime.name;
}

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  id?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

function workflow(file: string): Workflow {
  return YAML.parse(readFileSync(path.join(examplesDir, "config-repo", ".github", "workflows", file), "utf8")) as Workflow;
}

describe("example projects", () => {
  it("are the six known projects, four of them TypeScript programs", () => {
    expect(projects.sort()).toEqual([
      "config-repo",
      "config-repo-yaml",
      "go",
      "typescript",
      "webhook-verifier-aws",
      "webhook-verifier-cloudflare",
    ]);
    expect(projects.filter((name) => runtimeOf(path.join(examplesDir, name)) === "nodejs").sort()).toEqual([
      "config-repo",
      "typescript",
      "webhook-verifier-aws",
      "webhook-verifier-cloudflare",
    ]);
  });

  for (const name of projects) {
    describe(name, () => {
      const dir = path.join(examplesDir, name);
      // Go and YAML projects have no TypeScript layout to check.
      if (runtimeOf(dir) === "nodejs") {
        it("has the tsconfig.json and package.json `pulumi new typescript` writes", () => {
          expect(JSON.parse(readFileSync(path.join(dir, "tsconfig.json"), "utf8"))).toEqual(PULUMI_NEW_TSCONFIG);
          const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
            main?: string;
            devDependencies?: Record<string, string>;
          };
          expect(pkg.main).toBe("index.ts");
          expect(pkg.devDependencies).toEqual({ "@types/node": "^24", typescript: "~5.9.3" });
        });
      }

      it("its README says how to install the packed tarball before the package is published", () => {
        const readme = readFileSync(path.join(dir, "README.md"), "utf8");
        expect(readme).toContain("(cd ../.. && npm ci && npm pack)");
        expect(readme).toMatch(/npm install \.\.\/\.\.\/pulumi-telnyx-texml-<version>\.tgz/);
      });
    });
  }
});

describe("examples/config-repo workflows", () => {
  it("texml.yml lints texml.yaml with telnyx-texml validate before the preview and before the up", () => {
    const { jobs } = workflow("texml.yml");
    for (const [job, command] of [
      ["preview", "preview"],
      ["up", "up"],
    ] as const) {
      const steps = jobs[job]!.steps;
      const lint = steps.findIndex((s) => s.run === "npx telnyx-texml validate texml.yaml");
      const pulumi = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command === command);
      expect(lint, job).toBeGreaterThan(0);
      expect(pulumi, job).toBeGreaterThan(lint);
    }
  });

  it("drift.yml runs nightly, previews with --refresh --expect-no-changes, and opens an issue when that fails", () => {
    const drift = workflow("drift.yml");
    expect(drift.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }]);
    expect(drift.permissions).toEqual({ contents: "read", issues: "write" });
    const steps = drift.jobs.drift!.steps;
    const lint = steps.findIndex((s) => s.run === "npx telnyx-texml validate texml.yaml");
    const preview = steps.findIndex((s) => s.run?.includes("pulumi preview --refresh --expect-no-changes --stack"));
    const issue = steps.findIndex((s) => s.run?.includes("gh issue create"));
    expect(lint).toBeGreaterThan(0);
    expect(preview).toBeGreaterThan(lint);
    expect(steps[preview]!.run).toContain("set -o pipefail");
    expect(issue).toBeGreaterThan(preview);
    expect(steps[issue]!.if).toBe(`failure() && steps.${steps[preview]!.id}.outcome == 'failure'`);
  });
});
