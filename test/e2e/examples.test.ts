// examples/typescript run as users run it: a copy of the project directory with the packed
// package installed, driven by the `pulumi` CLI (preview --diff, up, a no-change preview,
// an edit previewed as a pull request shows it, refresh, destroy) against the emulator.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET_VALUE, diffText, loggedRequests, writes } from "./support/harness";
import { changeSummary, createCliProject, type CliProject } from "./support/project";

const exampleDir = path.resolve(__dirname, "../../examples/typescript");
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

beforeAll(async () => {
  project = await createCliProject("typescript", {
    fromExample: exampleDir,
    config: { "texml-typescript:crmToken": { value: SECRET_VALUE, secret: true } },
  });
  await pulumi(["config", "set", "--secret", "texml-typescript:webhookPublicKey", project.emulator.publicKey]);
  await project.emulator.seed({
    calls: [
      { from: "+13125550001", to: "+13125550100", status: "failed" },
      { from: "+13125550002", to: "+13125550100", status: "failed" },
      { from: "+13125550003", to: "+13125550100" },
    ],
  });
});

afterAll(async () => {
  await project?.dispose();
});

describe("examples/typescript with the pulumi CLI", () => {
  it("previews six creates without writing anything", async () => {
    await project.emulator.clearRequests();
    const preview = await pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ create: 6 }); // stack, 2 queues, application, secret, verifier component
    const text = diffText(preview.stdout);
    expect(text).toMatch(
      /\+ pulumi-nodejs:dynamic\/texml:Queue: \(create\)\n.*::escalations\]\n\s+accountSid: "[\w-]+"\n\s+maxSize: 5\n\s+name: "escalations"\n/,
    );
    expect(text).toMatch(
      /::support-line\]\n[\s\S]*\n\s+voiceFallbackUrl: "https:\/\/voice.example.com\/texml\/fallback"\n\s+voiceUrl: \[unknown\]\n/,
    );
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);
  });

  it("deploys applications, queues and a secret, and resolves its lookups and the verifier bundle", async () => {
    const up = await pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ create: 6 });
    const out = await outputs();
    expect(out.queueSids).toEqual({ support: "support", escalations: "escalations" });
    expect(out.escalationsCapacity).toBe("0/5");
    expect(out.applicationsNamedSupport).toEqual([out.supportApplicationId]);
    expect(out.failedCallsToday).toBe(2);
    expect(out.verifierSha256).toMatch(/^[0-9a-f]{64}$/);
    const app = (await loggedRequests(project.emulator)).find((r) => r.method === "POST" && r.path === "/texml_applications");
    expect((app?.body as Record<string, unknown> | undefined)?.voice_url).toBe("https://voice.example.com/texml/support?queue=support");
  });

  it("previews no change afterwards, lookups included", async () => {
    await project.emulator.clearRequests();
    const preview = await pulumi(["preview", "--expect-no-changes"]);
    expect(changeSummary(preview.stdout)).toEqual({ same: 6 });
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);
  });

  it("previews an edit of the program as exactly that change, and applies it", async () => {
    const source = readFileSync(path.join(project.dir, "index.ts"), "utf8");
    const edited = source.replace(
      'new texml.Queue("escalations", { name: "escalations", maxSize: 5 })',
      'new texml.Queue("escalations", { name: "escalations", maxSize: 8 })',
    );
    expect(edited).not.toBe(source);
    project.writeFile("index.ts", edited);
    await project.emulator.clearRequests();

    const preview = await pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ update: 1, same: 5 });
    const text = diffText(preview.stdout);
    expect(text).toMatch(/~ pulumi-nodejs:dynamic\/texml:Queue: \(update\)\n\s+\[id=escalations\]\n.*::escalations\]/);
    // The one changed property is the only one marked among the resources (the outputs follow `--outputs:--`).
    const resources = text.split("--outputs:--")[0]!;
    expect(resources.match(/^\s+~ \w+:.*$/gm)?.map((line) => line.trim())).toEqual(["~ maxSize: 5 => 8"]);
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);

    const up = await pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ update: 1, same: 5 });
    const updates = writes(await loggedRequests(project.emulator));
    expect(updates.map((r) => `${r.method} ${r.path.replace(project.emulator.accountSid, "{account}")}`)).toEqual([
      "POST /texml/Accounts/{account}/Queues/escalations",
    ]);
    expect((await outputs()).escalationsCapacity).toBe("0/8");
  });

  it("refreshes without changes and without writing", async () => {
    await project.emulator.clearRequests();
    const refresh = await pulumi(["refresh", "--yes"]);
    expect(changeSummary(refresh.stdout)).toEqual({ same: 6 });
    const requests = await loggedRequests(project.emulator);
    expect(writes(requests)).toEqual([]);
    expect(
      requests.filter((r) => r.method === "GET" && /^\/texml_applications\/\d+$|\/Queues\/(support|escalations)$/.test(r.path)).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it("destroys what it created", async () => {
    const destroy = await pulumi(["destroy", "--yes"]);
    expect(changeSummary(destroy.stdout)).toEqual({ delete: 6 });
    const state = await project.emulator.state();
    expect(state.applications).toEqual([]);
    expect(state.queues).toEqual([]);
  });

  it("never printed the secret", () => {
    expect(printed.join("\n")).not.toContain(SECRET_VALUE);
  });
});
