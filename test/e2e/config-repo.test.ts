// examples/config-repo run as is (its index.ts and texml.yaml) by the real engine, and
// the preview a reviewer reads on a pull-request-like change to texml.yaml.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET_VALUE, createExampleStack, loggedRequests, stripAnsi, diffText, type E2eStack } from "./support/harness";

const exampleDir = path.resolve(__dirname, "../../examples/config-repo");
let e2e: E2eStack;

beforeAll(async () => {
  e2e = await createExampleStack("config-repo", exampleDir, { "texml-config-repo:crmToken": { value: SECRET_VALUE, secret: true } });
  copyFileSync(path.join(exampleDir, "texml.yaml"), path.join(e2e.workDir, "texml.yaml"));
});

afterAll(async () => {
  await e2e?.dispose();
});

describe("examples/config-repo", () => {
  it("deploys texml.yaml: two applications, two queues, one secret", async () => {
    const up = await e2e.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 7 }); // stack, component, 2 + 2 + 1
    const applicationIds = up.outputs.applicationIds?.value as Record<string, string>;
    expect(Object.keys(applicationIds).sort()).toEqual(["sales-line", "support-line"]);
    expect(up.outputs.queueSids?.value).toEqual({ sales: "sales", support: "support" });
    const created = (await loggedRequests(e2e.emulator)).find((r) => r.method === "POST" && r.path === "/texml_applications" && (r.body as any).friendly_name === "support-line");
    expect((created?.body as any).voice_url).toBe("https://voice.example.com/texml/support?queue=support");
  });

  it("previews a pull request's change as exactly that change, readable, with secrets hidden", async () => {
    const file = path.join(e2e.workDir, "texml.yaml");
    const edited = readFileSync(file, "utf8")
      .replace("${voiceHost}/texml/support?queue=", "${voiceHost}/texml/support-v2?queue=")
      .replace("  sales:\n    maxSize: 10", "  sales:\n    name: sales-emea\n    maxSize: 10")
      .replace("queues:\n", "  billing-line:\n    voiceUrl: ${voiceHost}/texml/billing\n\nqueues:\n");
    expect(edited).toContain("billing-line");
    writeFileSync(file, edited);
    await e2e.stack.setConfig("texml-config-repo:crmToken", { value: `${SECRET_VALUE}-rotated`, secret: true });
    await e2e.emulator.clearRequests();

    const preview = await e2e.stack.preview({ diff: true });
    const text = diffText(preview.stdout);
    // sales-line's URL names its queue, so the rename changes it too: three updates.
    expect(preview.changeSummary).toEqual({ create: 1, update: 3, replace: 1, same: 3 });
    expect(text).toMatch(/\+ pulumi-nodejs:dynamic\/texml:Application: \(create\)\n.*::billing-line\]/);
    expect(text).toContain('~ voiceUrl: "https://voice.example.com/texml/support?queue=support" => "https://voice.example.com/texml/support-v2?queue=support"');
    expect(text).toContain('~ voiceUrl: "https://voice.example.com/texml/sales?queue=sales" => "https://voice.example.com/texml/sales?queue=sales-emea"');
    expect(text).toMatch(/\+-pulumi-nodejs:dynamic\/texml:Queue: \(replace\)\n\s+\[id=sales\]\n.*::sales\][\s\S]*~ name: "sales" => "sales-emea"/);
    expect(text).toMatch(/~ pulumi-nodejs:dynamic\/texml:Secret: \(update\)\n\s+\[id=crm_token\]\n.*::crm_token\]\n\s+name: "crm_token"\n\s+value: \[secret\]/);
    expect(text).not.toContain(SECRET_VALUE);
    // Exactly the changed properties are marked, one per updated or replaced resource.
    expect(text.match(/^\s+~ \w+:/gm)?.map((line) => line.trim())).toEqual(["~ name:", "~ voiceUrl:", "~ voiceUrl:"]);
    // No noise from server defaults, counters or timestamps in created or updated resources. (A replacement
    // lists the old object's outputs as going away: dynamic providers cannot give the engine a detailed diff.)
    const blocks = text.split(/\n(?=\s{4}\S)/).filter((block) => /\((update|create)\)/.test(block));
    expect(blocks).toHaveLength(4);
    for (const block of blocks) expect(block).not.toMatch(/createdAt|updatedAt|dateUpdated|currentSize|averageWaitTime|__declared/);
    expect(await loggedRequests(e2e.emulator)).toEqual([]);

    const up = await e2e.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 1, update: 3, replace: 1, same: 3 });
  });

  it("destroys everything it made", async () => {
    await e2e.stack.destroy();
    const apps = await fetch(`${e2e.emulator.baseUrl}/texml_applications`, { headers: { authorization: `Bearer ${e2e.emulator.apiKey}` } }).then((r) => r.json());
    expect(apps.data).toEqual([]);
  });
});
