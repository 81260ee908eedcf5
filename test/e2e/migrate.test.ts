// Moving a stack from the dynamic resources (TypeScript) to the provider plugin through the
// CLI, as the README's "Moving a stack to the plugin" says: `pulumi stack export`,
// `telnyx-texml migrate --to-plugin`, `pulumi stack import`, then a Pulumi YAML program
// declaring the same resources. The emulator's request log is the witness that nothing is
// written to Telnyx and nothing is replaced, the Secret included (Telnyx cannot read it back).
import path from "node:path";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loggedRequests, stripAnsi, writes } from "./support/harness";
import { yamlHostDir, yamlProjectHead } from "./support/plugin";
import { changeSummary, createCliProject, run, type CliProject } from "./support/project";

const TOKEN = "migrated-token-value-8c2e";

const program = `import * as pulumi from "@pulumi/pulumi";
import * as texml from "pulumi-telnyx-texml";
const token = new pulumi.Config().requireSecret("token");
const app = new texml.Application("support-line", { friendlyName: "support-line", voiceUrl: "https://voice.example.com/texml/support" });
const queue = new texml.Queue("support", { name: "support", maxSize: 25 });
new texml.Secret("crm-token", { name: "crm_token", value: token });
export const applicationId = app.id;
export const queueId = queue.id;
`;

const yamlProgram = (voiceUrl: string) =>
  yamlProjectHead("texml-migrate") +
  [
    "resources:",
    "  support-line:",
    "    type: telnyx-texml:index:Application",
    "    properties:",
    "      friendlyName: support-line",
    `      voiceUrl: ${voiceUrl}`,
    "  support:",
    "    type: telnyx-texml:index:Queue",
    "    properties: { name: support, maxSize: 25 }",
    "  crm-token:",
    "    type: telnyx-texml:index:Secret",
    "    properties:",
    "      name: crm_token",
    "      value: ${token}",
    "outputs:",
    "  applicationId: ${support-line.id}",
    "  queueId: ${support.id}",
    "",
  ].join("\n");

interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  provider?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

let project: CliProject;
let env: Record<string, string>;

/** The stack's state; with `showSecrets`, secret values in plaintext (so that two exports, each encrypted afresh, compare). */
async function exportedResources(showSecrets = false): Promise<ExportedResource[]> {
  return (
    JSON.parse((await project.pulumi(["stack", "export", ...(showSecrets ? ["--show-secrets"] : [])])).stdout) as {
      deployment: { resources: ExportedResource[] };
    }
  ).deployment.resources;
}

const requestLines = async () => (await loggedRequests(project.emulator)).map((r) => `${r.method} ${r.path}`);

beforeAll(async () => {
  project = await createCliProject("migrate", {
    program,
    config: { "texml-migrate:token": { value: TOKEN, secret: true } },
    pathPrefix: [await yamlHostDir()],
  });
  env = {
    ...process.env,
    PATH: [await yamlHostDir(), path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
  } as Record<string, string>;
});

afterAll(async () => {
  await project?.dispose();
});

describe("moving a dynamic-resource stack to the provider plugin", () => {
  let before: ExportedResource[];
  let beforeWithSecrets: ExportedResource[];

  it("deploys the TypeScript program with the dynamic resources", async () => {
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toMatchObject({ create: 4 });
    before = await exportedResources();
    beforeWithSecrets = await exportedResources(true);
    expect(
      before
        .map((r) => r.type)
        .filter((t) => t.startsWith("pulumi-nodejs:dynamic/"))
        .sort(),
    ).toEqual(["pulumi-nodejs:dynamic/texml:Application", "pulumi-nodejs:dynamic/texml:Queue", "pulumi-nodejs:dynamic/texml:Secret"]);
  });

  it("rewrites the state with the migrate command and `pulumi stack import`, sending nothing to Telnyx", async () => {
    await project.emulator.clearRequests();
    await project.pulumi(["stack", "export", "--file", "dynamic.json"]);
    const migrate = await run(
      process.execPath,
      [
        path.join(project.dir, "node_modules", ".bin", "telnyx-texml"),
        "migrate",
        "--to-plugin",
        "--stack-config",
        "Pulumi.e2e.yaml",
        "--in",
        "dynamic.json",
        "--out",
        "plugin.json",
      ],
      project.dir,
      env,
    );
    expect(migrate.stderr).toContain("moved pulumi-nodejs:dynamic/texml:Secret crm-token -> telnyx-texml:index:Secret");
    expect(migrate.code).toBe(0);
    await project.pulumi(["stack", "import", "--file", "plugin.json"]);
    project.writeFile("Pulumi.yaml", yamlProgram("https://voice.example.com/texml/support"));

    const after = await exportedResources();
    const afterPlain = await exportedResources(true);
    const beforePlain = new Map(beforeWithSecrets.map((r) => [r.urn, r]));
    for (const old of before.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/texml:"))) {
      const kind = old.type.split(":").pop();
      const moved = after.find((r) => r.type === `telnyx-texml:index:${kind}`);
      expect(moved?.id).toBe(old.id);
      expect(moved?.urn).toBe(old.urn.replace(old.type, `telnyx-texml:index:${kind}`));
      // Every input and output kept (the secret's value included), without the dynamic provider's text.
      const { __provider: _inputText, ...oldInputs } = beforePlain.get(old.urn)?.inputs ?? {};
      const { __provider: _outputText, ...oldOutputs } = beforePlain.get(old.urn)?.outputs ?? {};
      const movedPlain = afterPlain.find((r) => r.urn === moved?.urn);
      expect(movedPlain?.inputs).toEqual(oldInputs);
      expect(movedPlain?.outputs).toEqual(oldOutputs);
    }
    const config = readFileSync(path.join(project.dir, "Pulumi.e2e.yaml"), "utf8");
    expect(config).not.toContain(project.emulator.apiKey);
    const secure = (key: string) => new RegExp(`^  ${key}:\\n    secure: (v1:\\S+)$`, "m").exec(config)?.[1];
    expect(secure("telnyx-texml:apiKey")).toBeDefined();
    expect(secure("telnyx-texml:apiKey")).toBe(secure("telnyx:apiKey"));
    expect(config).toContain(`  telnyx-texml:baseUrl: ${project.emulator.baseUrl}\n`);
    expect(JSON.stringify(after)).not.toContain(TOKEN);
    expect(JSON.stringify(after)).not.toContain("__provider");
    expect(await requestLines()).toEqual([]);
  });

  it("previews no change with the YAML program on the plugin, and `up` sends nothing to Telnyx", async () => {
    const preview = await project.pulumi(["preview", "--expect-no-changes"]);
    expect(changeSummary(preview.stdout)).toEqual({ same: 4 });
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ same: 4 });
    // The plugin diffs declared inputs against the state: with nothing changed it asks Telnyx nothing.
    expect(await requestLines()).toEqual([]);
    // The engine recorded the API key from telnyx-texml:apiKey in the provider's state, encrypted.
    const provider = (await exportedResources()).find((r) => r.type === "pulumi:providers:telnyx-texml");
    expect(provider?.inputs?.apiKey).toMatchObject({ ciphertext: expect.stringMatching(/^v1:/) });
    expect(JSON.stringify(provider)).not.toContain(project.emulator.apiKey);
  });

  it("updates an edited field in place through the plugin with one PATCH", async () => {
    const appId = before.find((r) => r.type === "pulumi-nodejs:dynamic/texml:Application")!.id;
    project.writeFile("Pulumi.yaml", yamlProgram("https://voice.example.com/texml/support-v2"));
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"]);
    expect(stripAnsi(up.stdout)).toMatch(/^ ~\s+telnyx-texml:index:Application support-line updated/m);
    expect(changeSummary(up.stdout)).toEqual({ update: 1, same: 3 });
    expect(writes(await loggedRequests(project.emulator)).map((r) => `${r.method} ${r.path}`)).toEqual([
      `PATCH /texml_applications/${appId}`,
    ]);
  });
});
