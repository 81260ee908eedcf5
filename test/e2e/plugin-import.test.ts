// `pulumi import` and the `import` resource option on the provider plugin's face, through the
// CLI: an existing application is adopted with reads only, and the code `pulumi import` prints
// is the program that then previews no change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loggedRequests, stripAnsi, writes } from "./support/harness";
import { createYamlProject, stateResources, yamlProjectHead } from "./support/plugin";
import { changeSummary, type CliProject } from "./support/project";

let project: CliProject;

function api(method: string, apiPath: string, body?: unknown): Promise<any> {
  return fetch(`${project.emulator.baseUrl}${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${project.emulator.apiKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then((r) => r.json());
}

async function existingApplication(friendlyName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await api("POST", "/texml_applications", {
    friendly_name: friendlyName,
    voice_url: `https://old.example.com/${friendlyName}`,
    ...extra,
  });
  return created.data.id as string;
}

const requestLines = async () => (await loggedRequests(project.emulator)).map((r) => `${r.method} ${r.path}`);

beforeAll(async () => {
  project = await createYamlProject("plugin-import", { body: "resources: {}\n" });
});

afterAll(async () => {
  await project?.dispose();
});

describe("pulumi import through the provider plugin", () => {
  let legacyId: string;
  let printedCode: string;

  it("previews `= import` and imports an application with GETs only, printing its YAML", async () => {
    legacyId = await existingApplication("legacy-line", { voice_method: "get", inbound: { channel_limit: 4 } });
    await project.emulator.clearRequests();

    const preview = await project.pulumi(["import", "telnyx-texml:index:Application", "legacy", legacyId, "--preview-only"]);
    expect(stripAnsi(preview.stdout)).toMatch(/^ =\s+telnyx-texml:index:Application legacy import\s*$/m);
    expect(changeSummary(preview.stdout)).toEqual({ import: 1, create: 1 }); // the stack is created with it
    expect(await stateResources(project, "telnyx-texml:index:Application")).toEqual([]);

    const imported = await project.pulumi(["import", "telnyx-texml:index:Application", "legacy", legacyId, "--yes"]);
    expect(changeSummary(imported.stdout)).toMatchObject({ import: 1 });
    const output = stripAnsi(imported.stdout);
    printedCode = output.slice(output.indexOf("resources:\n"));
    expect(printedCode.trimEnd()).toBe(
      [
        "resources:",
        "  legacy:",
        "    type: telnyx-texml:Application",
        "    properties:",
        "      friendlyName: legacy-line",
        "      inbound:",
        "        channelLimit: 4",
        "      voiceMethod: get",
        "      voiceUrl: https://old.example.com/legacy-line",
        "    options:",
        "      protect: true",
      ].join("\n"),
    );
    const requests = await requestLines();
    expect(requests.length).toBeGreaterThan(0);
    expect(new Set(requests)).toEqual(new Set([`GET /texml_applications/${legacyId}`]));

    const [state] = await stateResources(project, "telnyx-texml:index:Application");
    expect(state?.id).toBe(legacyId);
    expect(state?.inputs).toEqual({
      friendlyName: "legacy-line",
      inbound: { channelLimit: 4 },
      voiceMethod: "get",
      voiceUrl: "https://old.example.com/legacy-line",
    });
  });

  it("takes the printed code as the program with no change to preview", async () => {
    project.writeFile("Pulumi.yaml", yamlProjectHead("texml-plugin-import") + printedCode);
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview", "--expect-no-changes"]);
    expect(changeSummary(preview.stdout)).toEqual({ same: 2 });
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);
  });

  it("refuses an `import` option whose declared inputs differ from the object, at preview, naming each property", async () => {
    const id = await existingApplication("adopt-me", { voice_method: "get" });
    const declared = (voiceUrl: string) =>
      printedCode +
      [
        "  adopted:",
        "    type: telnyx-texml:index:Application",
        "    properties:",
        "      friendlyName: adopt-me",
        `      voiceUrl: ${voiceUrl}`,
        "    options:",
        `      import: "${id}"`,
        "",
      ].join("\n");
    project.writeFile("Pulumi.yaml", yamlProjectHead("texml-plugin-import") + declared("https://new.example.com/adopt-me"));
    await project.emulator.clearRequests();

    const preview = await project.pulumi(["preview"], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    const text = stripAnsi(preview.stdout + preview.stderr);
    expect(text).toContain(
      `property voiceUrl value {https://new.example.com/adopt-me} has a problem: does not match the application being imported ("https://new.example.com/adopt-me" declared, "https://old.example.com/adopt-me" in Telnyx)`,
    );
    expect(text).toContain(
      'property voiceMethod value {<nil>} has a problem: is "get" in the application being imported, which differs from Telnyx\'s default',
    );
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);
  });

  it("adopts with the `import` option when the program declares what Telnyx has: `= import`, GETs only, then no change", async () => {
    const id = (await api("GET", "/texml_applications?filter[friendly_name]=adopt-me")).data[0].id as string;
    project.writeFile(
      "Pulumi.yaml",
      yamlProjectHead("texml-plugin-import") +
        printedCode +
        [
          "  adopted:",
          "    type: telnyx-texml:index:Application",
          "    properties:",
          "      friendlyName: adopt-me",
          "      voiceUrl: https://old.example.com/adopt-me",
          "      voiceMethod: get",
          "    options:",
          `      import: "${id}"`,
          "",
        ].join("\n"),
    );
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"]);
    expect(stripAnsi(up.stdout)).toMatch(/^ =\s+telnyx-texml:index:Application adopted import/m);
    expect(changeSummary(up.stdout)).toEqual({ import: 1, same: 2 });
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);
    const preview = await project.pulumi(["preview", "--expect-no-changes"]);
    expect(changeSummary(preview.stdout)).toEqual({ same: 3 });
  });
});
