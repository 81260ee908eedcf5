// examples/config-repo run as its users run it: a copy of the repository (index.ts and
// texml.yaml) with the packed package installed, driven by the `pulumi` CLI. The preview a
// reviewer reads on a pull-request-like change to texml.yaml is checked line by line.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET_VALUE, diffText, loggedRequests, stripAnsi, writes } from "./support/harness";
import { changeSummary, createCliProject, type CliProject } from "./support/project";

const exampleDir = path.resolve(__dirname, "../../examples/config-repo");
let project: CliProject;
/** Everything the CLI printed, to check that no secret ever appears. */
const printed: string[] = [];

async function pulumi(args: string[]) {
  const result = await project.pulumi(args);
  printed.push(result.stdout, result.stderr);
  return result;
}

async function outputs(): Promise<Record<string, unknown>> {
  return JSON.parse((await pulumi(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
}

function api(method: string, apiPath: string, body?: unknown): Promise<any> {
  return fetch(`${project.emulator.baseUrl}${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${project.emulator.apiKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then((r) => r.json());
}

beforeAll(async () => {
  project = await createCliProject("config-repo", {
    fromExample: exampleDir,
    config: { "texml-config-repo:crmToken": { value: SECRET_VALUE, secret: true } },
  });
});

afterAll(async () => {
  await project?.dispose();
});

describe("examples/config-repo with the pulumi CLI", () => {
  it("previews texml.yaml as seven creates without a request that writes", async () => {
    await project.emulator.clearRequests();
    const preview = await pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ create: 7 }); // stack, component, 2 applications, 2 queues, a secret
    const text = diffText(preview.stdout);
    expect(text).toMatch(
      /\+ pulumi-nodejs:dynamic\/texml:Application: \(create\)\n.*::support-line\]\n[^+]*\n\s+voiceUrl: "https:\/\/voice.example.com\/texml\/support\?queue=support"\n/,
    );
    expect(text).toMatch(
      /\+ pulumi-nodejs:dynamic\/texml:Secret: \(create\)\n.*::crm_token\]\n\s+name: "crm_token"\n\s+retireOnDelete: true\n\s+value: \[secret\]\n/,
    );
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);
  });

  it("deploys texml.yaml: two applications, two queues, one secret", async () => {
    const up = await pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ create: 7 });
    const out = await outputs();
    const applicationIds = out.applicationIds as Record<string, string>;
    expect(Object.keys(applicationIds).sort()).toEqual(["sales-line", "support-line"]);
    expect(out.queueSids).toEqual({ sales: "sales", support: "support" });
    const created = (await loggedRequests(project.emulator)).find(
      (r) => r.method === "POST" && r.path === "/texml_applications" && (r.body as any).friendly_name === "support-line",
    );
    expect((created?.body as any)?.voice_url).toBe("https://voice.example.com/texml/support?queue=support");
  });

  it("previews no change afterwards", async () => {
    await project.emulator.clearRequests();
    const preview = await pulumi(["preview", "--expect-no-changes"]);
    expect(changeSummary(preview.stdout)).toEqual({ same: 7 });
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);
  });

  it("previews a pull request's change as exactly that change, readable, with secrets hidden", async () => {
    const file = path.join(project.dir, "texml.yaml");
    const edited = readFileSync(file, "utf8")
      .replace("${voiceHost}/texml/support?queue=", "${voiceHost}/texml/support-v2?queue=")
      .replace("  sales:\n    maxSize: 10", "  sales:\n    name: sales-emea\n    maxSize: 10")
      .replace("queues:\n", "  billing-line:\n    voiceUrl: ${voiceHost}/texml/billing\n\nqueues:\n");
    expect(edited).toContain("billing-line");
    project.writeFile("texml.yaml", edited);
    await pulumi(["config", "set", "--secret", "texml-config-repo:crmToken", `${SECRET_VALUE}-rotated`]);
    await project.emulator.clearRequests();

    const preview = await pulumi(["preview", "--diff"]);
    const text = diffText(preview.stdout);
    // sales-line's URL names its queue, so the rename changes it too: three updates.
    expect(changeSummary(preview.stdout)).toEqual({ create: 1, update: 3, replace: 1, same: 3 });
    expect(text).toMatch(/\+ pulumi-nodejs:dynamic\/texml:Application: \(create\)\n.*::billing-line\]/);
    expect(text).toContain(
      '~ voiceUrl: "https://voice.example.com/texml/support?queue=support" => "https://voice.example.com/texml/support-v2?queue=support"',
    );
    expect(text).toContain(
      '~ voiceUrl: "https://voice.example.com/texml/sales?queue=sales" => "https://voice.example.com/texml/sales?queue=sales-emea"',
    );
    expect(text).toMatch(
      /\+-pulumi-nodejs:dynamic\/texml:Queue: \(replace\)\n\s+\[id=sales\]\n.*::sales\][\s\S]*~ name: "sales" => "sales-emea"/,
    );
    expect(text).toMatch(
      /~ pulumi-nodejs:dynamic\/texml:Secret: \(update\)\n\s+\[id=crm_token\]\n.*::crm_token\]\n\s+name: "crm_token"\n\s+retireOnDelete: true\n\s+value: \[secret\]/,
    );
    // Exactly the changed properties are marked, one per updated or replaced resource (in the engine's order).
    expect(
      text
        .match(/^\s+~ \w+:/gm)
        ?.map((line) => line.trim())
        .sort(),
    ).toEqual(["~ name:", "~ voiceUrl:", "~ voiceUrl:"]);
    // No noise from server defaults, counters or timestamps in created or updated resources. (A replacement
    // lists the old object's outputs as going away: dynamic providers cannot give the engine a detailed diff.)
    const blocks = text.split(/\n(?=\s{4}\S)/).filter((block) => /\((update|create)\)/.test(block));
    expect(blocks).toHaveLength(4);
    for (const block of blocks) expect(block).not.toMatch(/createdAt|updatedAt|dateUpdated|currentSize|averageWaitTime|__declared/);
    expect(await loggedRequests(project.emulator)).toEqual([]);

    const up = await pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ create: 1, update: 3, replace: 1, same: 3 });
    expect((await outputs()).queueSids).toEqual({ sales: "sales-emea", support: "support" });
  });

  it("the nightly drift check (.github/workflows/drift.yml) fails on a change made in the portal and names exactly that property", async () => {
    const drift = readFileSync(path.join(exampleDir, ".github", "workflows", "drift.yml"), "utf8");
    const command = /pulumi (preview --refresh --expect-no-changes) --stack/.exec(drift)?.[1]?.split(" ");
    expect(command).toEqual(["preview", "--refresh", "--expect-no-changes"]);

    await project.emulator.clearRequests();
    const clean = await project.pulumi(command!);
    expect(clean.code).toBe(0);
    expect(changeSummary(clean.stdout)).toEqual({ same: 8 }); // one resource per secret: no name claim any more

    const ids = (await outputs()).applicationIds as Record<string, string>;
    const patched = await api("PATCH", `/texml_applications/${ids["support-line"]}`, {
      friendly_name: "support-line",
      voice_url: "https://portal.example.com/texml",
    });
    expect(patched, JSON.stringify(patched)).toMatchObject({ data: { voice_url: "https://portal.example.com/texml" } });
    await project.emulator.clearRequests();

    const drifted = await project.pulumi(command!, { allowFailure: true });
    printed.push(drifted.stdout, drifted.stderr);
    expect(drifted.code).not.toBe(0);
    const text = stripAnsi(drifted.stdout + drifted.stderr);
    expect(text).toContain("error: no changes were expected for preview but changes were proposed");
    expect(changeSummary(drifted.stdout)).toEqual({ update: 1, same: 7 });
    // The one drifted property, named where the refresh reads it and where the update would put it back; nothing else.
    expect(text.match(/^.*\[diff: .*$/gm)?.map((line) => line.trim().replace(/\s+/g, " "))).toEqual([
      "~ pulumi-nodejs:dynamic/texml:Application support-line refresh [diff: ~voiceUrl]",
      "~ pulumi-nodejs:dynamic/texml:Application support-line update [diff: ~voiceUrl]",
    ]);
    // Read only: a preview never writes, to Telnyx or to the state.
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);
  });

  it("refreshes a change made in the portal into the state, and previews putting it back", async () => {
    const ids = (await outputs()).applicationIds as Record<string, string>;
    const patched = await api("PATCH", `/texml_applications/${ids["support-line"]}`, {
      friendly_name: "support-line",
      voice_url: "https://portal.example.com/texml",
    });
    expect(patched, JSON.stringify(patched)).toMatchObject({ data: { voice_url: "https://portal.example.com/texml" } });
    await project.emulator.clearRequests();

    const refresh = await pulumi(["refresh", "--yes"]);
    expect(changeSummary(refresh.stdout)).toEqual({ update: 1, same: 7 });
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);

    const preview = await pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ update: 1, same: 7 });
    expect(
      diffText(preview.stdout)
        .match(/^\s+~ \w+:.*$/gm)
        ?.map((line) => line.trim()),
    ).toEqual(['~ voiceUrl: "https://portal.example.com/texml" => "https://voice.example.com/texml/support-v2?queue=support"']);
  });

  it("destroys everything it made", async () => {
    const destroy = await pulumi(["destroy", "--yes"]);
    expect(changeSummary(destroy.stdout)).toEqual({ delete: 8 });
    const apps = await api("GET", "/texml_applications");
    expect(apps.data).toEqual([]);
    expect((await project.emulator.state()).queues).toEqual([]);
  });

  it("never printed a secret, and keeps them encrypted in the state", async () => {
    expect(printed.join("\n")).not.toContain(SECRET_VALUE);
    const exported = await project.pulumi(["stack", "export"]);
    expect(exported.stdout).not.toContain(SECRET_VALUE);
  });
});
