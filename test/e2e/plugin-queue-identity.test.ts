// The cases of test/e2e/queue-identity.test.ts on the provider plugin's face, with Pulumi YAML
// programs: a queue is the stack's only when its sid and its creation time match the state; in
// an account that generates sids, a foreign queue whose sid is our queue's name is never taken
// for ours; and `--replace` of a queue that keeps its name, which on this face is create-first
// unless the program sets `deleteBeforeReplace` (a plugin cannot set resource options, and the
// engine answers a `--replace` target's diff itself). The emulator's request log and state,
// and `pulumi stack export`, are the witnesses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataFileWithForeignQueue } from "../support/foreign-queue";
import { stripAnsi } from "./support/harness";
import { createYamlProject, stateResources, yamlProjectHead } from "./support/plugin";
import { changeSummary, type CliProject } from "./support/project";
import { queueApi, writes } from "./support/emulator-calls";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const QUEUE = "telnyx-texml:index:Queue";

/** The program: one queue "support" of MaxSize 5, with extra properties and resource options as YAML lines. */
function program(extra: { properties?: string[]; options?: string[] } = {}): string {
  return [
    "resources:",
    "  q:",
    `    type: ${QUEUE}`,
    "    properties:",
    "      name: support",
    "      maxSize: 5",
    ...(extra.properties ?? []).map((line) => `      ${line}`),
    ...(extra.options ? ["    options:", ...extra.options.map((line) => `      ${line}`)] : []),
    "outputs:",
    "  sid: ${q.sid}",
    "",
  ].join("\n");
}

/** The queue's state entry (`pulumi stack export`), or undefined when the stack holds none. */
const stateQueue = async (project: CliProject) => (await stateResources(project, QUEUE))[0];

/** Deletes the stack's queue outside the stack and makes another of the same name (so the same sid), a second later. */
async function remakeOutside(project: CliProject): Promise<{ foreign: unknown[]; reissued: string }> {
  expect((await queueApi(project, "DELETE", "support")).status).toBe(204);
  await sleep(1_100); // creation times have whole seconds
  expect((await queueApi(project, "POST", undefined, { FriendlyName: "support", MaxSize: "5" })).status).toBe(200);
  const foreign = (await project.emulator.state()).queues;
  const reissued = new Date(foreign[0]!.createdMs - (foreign[0]!.createdMs % 1000)).toISOString();
  return { foreign, reissued };
}

describe("plugin: a queue deleted by hand and made again under the same sid by someone else", () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await createYamlProject("plugin-queue-reused-sid", { body: program() });
    await project.pulumi(["up", "--yes"]);
  });
  afterAll(async () => project?.dispose());

  it("refresh reports the stack's queue gone and says why; destroy leaves the new queue alone", async () => {
    const recorded = (await stateQueue(project))!.outputs.dateCreated as string;
    const { foreign, reissued } = await remakeOutside(project);
    expect(reissued).not.toBe(recorded);

    await project.emulator.clearRequests();
    const refresh = await project.pulumi(["refresh", "--yes"]);
    expect(stripAnsi(refresh.stdout + refresh.stderr)).toContain(
      `texml.Queue "support": the queue this stack created is gone (sid re-used by a queue created at ${reissued}, state recorded ${recorded}); it leaves the stack, and the queue now holding sid "support" is not adopted and will not be changed or deleted.`,
    );
    expect(changeSummary(refresh.stdout)).toMatchObject({ delete: 1 });
    expect(await writes(project)).toEqual([]);
    expect(await stateQueue(project)).toBeUndefined();

    await project.emulator.clearRequests();
    await project.pulumi(["destroy", "--yes"]);
    expect(await writes(project)).toEqual([]);
    expect((await project.emulator.state()).queues).toEqual(foreign);
  });
});

describe("plugin: the same hand edit, then a destroy without a refresh", () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await createYamlProject("plugin-queue-reused-sid-destroy", { body: program() });
    await project.pulumi(["up", "--yes"]);
  });
  afterAll(async () => project?.dispose());

  it("destroy reads the queue, sees another creation time, and deletes nothing", async () => {
    const recorded = (await stateQueue(project))!.outputs.dateCreated as string;
    const { foreign, reissued } = await remakeOutside(project);
    await project.emulator.clearRequests();
    const destroy = await project.pulumi(["destroy", "--yes"]);
    expect(await writes(project)).toEqual([]);
    expect((await project.emulator.requests()).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /texml/Accounts/${project.emulator.accountSid}/Queues/support`,
    ]);
    expect((await project.emulator.state()).queues).toEqual(foreign);
    expect(await stateQueue(project)).toBeUndefined();
    expect(stripAnsi(destroy.stdout + destroy.stderr)).toContain(
      `texml.Queue "support": not deleted, because the queue this stack created is already gone (sid re-used by a queue created at ${reissued}, state recorded ${recorded}); the queue now holding sid "support" is left alone.`,
    );
  });
});

describe("plugin: an account that generates queue sids, with a foreign queue whose sid is our queue's name", () => {
  let project: CliProject;
  beforeAll(async () => {
    // "Support Queue" has the sid "support", as the spec's example has sid `my-queue` for "Support Queue".
    const dataFile = await dataFileWithForeignQueue({ friendlyName: "Support Queue", sid: "support", maxSize: 5 });
    project = await createYamlProject("plugin-queue-generated-sids", { body: program(), emulator: { queueSids: "generated", dataFile } });
  });
  afterAll(async () => project?.dispose());

  it("a create that meets a 503 after it was applied fails naming our own queue as the candidate, adopts nothing, and is not sent again", async () => {
    const account = project.emulator.accountSid;
    await sleep(2_100); // the foreign queue must be older than the request, at whole seconds
    await project.emulator.clearRequests();
    await project.emulator.addFault({ method: "POST", path: "/Queues$", action: { type: "status", status: 503, when: "after" }, times: 1 });
    const up = await project.pulumi(["up", "--yes"], { allowFailure: true });
    expect(up.code).not.toBe(0);
    const ours = (await project.emulator.state()).queues.find((q) => q.friendlyName === "support")!;
    expect(ours.sid).toMatch(/^QU[0-9a-f]{32}$/);
    const output = stripAnsi(up.stdout + up.stderr);
    expect(output).toContain('TeXML queue "support": the create request failed (Telnyx API error 503');
    expect(output).toContain(`Candidates created since the request was sent: ${ours.sid} (created `);
    expect(output).toContain(
      "Telnyx does not show its name). Nothing was adopted. If one of them is the object this stack asked for, adopt it with the `import` resource option",
    );
    expect(output).not.toContain("already exists");
    expect(await writes(project)).toEqual([`POST /texml/Accounts/${account}/Queues [status:503:after]`]);
    expect(await stateQueue(project)).toBeUndefined();

    // Destroy touches neither queue: the stack holds none.
    await project.emulator.clearRequests();
    await project.pulumi(["destroy", "--yes"]);
    expect(await writes(project)).toEqual([]);
    expect((await project.emulator.state()).queues.map((q) => `${q.sid === ours.sid ? "ours" : q.sid}:${q.friendlyName}`).sort()).toEqual([
      "ours:support",
      "support:Support Queue",
    ]);
  });

  it("following that advice fails on this face: Telnyx returns no queue name, so the import reads the sid as the name and refuses at preview, writing nothing", async () => {
    const ours = (await project.emulator.state()).queues.find((q) => q.friendlyName === "support")!;
    project.writeFile("Pulumi.yaml", yamlProjectHead("texml-plugin-queue-generated-sids") + program({ options: [`import: ${ours.sid}`] }));
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"], { allowFailure: true });
    expect(up.code).not.toBe(0);
    expect(stripAnsi(up.stdout + up.stderr)).toContain(
      `error: ${QUEUE} resource 'q': property name value {support} has a problem: does not match the queue being imported ("support" declared, "${ours.sid}" in Telnyx); declare what Telnyx has, import, then change it in a later update`,
    );
    expect((await project.emulator.requests()).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /texml/Accounts/${project.emulator.accountSid}/Queues/${ours.sid}`,
    ]);
    expect(await stateQueue(project)).toBeUndefined();
  });
});

describe("plugin: `--replace` of a queue that keeps its name", () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await createYamlProject("plugin-queue-replace", { body: program() });
    await project.pulumi(["up", "--yes"]);
  });
  afterAll(async () => project?.dispose());

  it("without deleteBeforeReplace, the engine creates first: Telnyx refuses the taken name (422), and the old queue is neither deleted nor changed", async () => {
    const account = project.emulator.accountSid;
    const before = (await stateQueue(project))!;
    const queuesBefore = (await project.emulator.state()).queues;
    await sleep(1_100);
    await project.emulator.clearRequests();
    const urn = (await project.pulumi(["stack", "export"])).stdout.match(/"urn": "([^"]+::q)"/)![1]!;
    const up = await project.pulumi(["up", "--yes", "--replace", urn], { allowFailure: true });
    expect(up.code).not.toBe(0);
    const diagnostics = stripAnsi(up.stdout + up.stderr)
      .split("\nDiagnostics:\n")
      .pop()!; // the update's, after the preview's
    expect(diagnostics).toContain(
      `  ${QUEUE} (q):\n    error: Telnyx API error 422 on POST /texml/Accounts/${account}/Queues: Invalid value: A queue named 'support' already exists (code 10015, at /FriendlyName). ` +
        'A queue named "support" already exists in the account, and queue names are unique in an account: declare another name. It was not adopted or changed; it may belong to another resource or stack.\n',
    );
    expect(await writes(project)).toEqual([`POST /texml/Accounts/${account}/Queues`]);
    expect((await project.emulator.state()).queues).toEqual(queuesBefore);
    const after = (await stateQueue(project))!;
    expect(after.id).toBe("support");
    expect(after.outputs.dateCreated).toBe(before.outputs.dateCreated);
  });

  it("with `options: deleteBeforeReplace: true` (what a YAML user writes), --replace deletes the old queue before it creates the new one", async () => {
    const account = project.emulator.accountSid;
    project.writeFile("Pulumi.yaml", yamlProjectHead("texml-plugin-queue-replace") + program({ options: ["deleteBeforeReplace: true"] }));
    const before = (await stateQueue(project))!;
    await sleep(1_100); // so the new queue's creation time differs
    await project.emulator.clearRequests();
    const urn = (await project.pulumi(["stack", "export"])).stdout.match(/"urn": "([^"]+::q)"/)![1]!;
    const up = await project.pulumi(["up", "--yes", "--replace", urn]);
    expect(changeSummary(up.stdout)).toMatchObject({ replace: 1 });
    expect(await writes(project)).toEqual([`DELETE /texml/Accounts/${account}/Queues/support`, `POST /texml/Accounts/${account}/Queues`]);
    const after = (await stateQueue(project))!;
    expect(after.id).toBe("support");
    expect(after.outputs.dateCreated).not.toBe(before.outputs.dateCreated);
    expect((await project.emulator.state()).queues.map((q) => `${q.sid}:${q.maxSize}`)).toEqual(["support:5"]);
    await project.emulator.clearRequests();
    await project.pulumi(["preview", "--expect-no-changes"]);
    expect(await writes(project)).toEqual([]);
  });

  it("an account SID declared in other letter case is the same account: no replacement", async () => {
    project.writeFile(
      "Pulumi.yaml",
      yamlProjectHead("texml-plugin-queue-replace") +
        program({ properties: [`accountSid: ${project.emulator.accountSid.toUpperCase()}`], options: ["deleteBeforeReplace: true"] }),
    );
    await project.emulator.clearRequests();
    await project.pulumi(["preview", "--expect-no-changes"]);
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ same: 2 });
    expect(await writes(project)).toEqual([]);
  });
});
