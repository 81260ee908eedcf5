// Queue identity through the real `pulumi` CLI: a queue is the stack's only when its sid and its
// creation time match the state; in an account that generates sids, a foreign queue whose sid is
// our queue's name does not make our own queue look foreign; and a replacement that keeps the
// name deletes the old queue before it creates the new one. The emulator's request log and
// state are the witnesses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataFileWithForeignQueue } from "../support/foreign-queue";
import { changeSummary, createCliProject, type CliProject } from "./support/project";
import { queueApi, writes } from "./support/emulator-calls";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const program = (options = "") =>
  `import * as texml from "pulumi-telnyx-texml";\nexport const sid = new texml.Queue("q", { name: "support", maxSize: 5 }${options}).sid;\n`;

/** The stack's resources by name (`pulumi stack export`): URN, id and outputs. */
async function stackResources(
  project: CliProject,
): Promise<Record<string, { urn: string; id?: string; outputs?: Record<string, unknown> }>> {
  const { stdout } = await project.pulumi(["stack", "export"]);
  const resources =
    (JSON.parse(stdout) as { deployment: { resources?: Array<{ urn: string; id?: string; outputs?: Record<string, unknown> }> } })
      .deployment.resources ?? [];
  return Object.fromEntries(resources.map((r) => [r.urn.split("::").pop()!, r]));
}

describe("a queue deleted by hand and made again under the same sid by someone else", () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await createCliProject("queue-reused-sid", { program: program() });
    await project.pulumi(["up", "--yes"]);
  });
  afterAll(async () => project?.dispose());

  it("refresh reports the stack's queue gone and says why; destroy leaves the new queue alone", async () => {
    const recorded = (await stackResources(project)).q!.outputs!.dateCreated as string;
    expect((await queueApi(project, "DELETE", "support")).status).toBe(204);
    await sleep(1_100); // creation times have whole seconds
    expect((await queueApi(project, "POST", undefined, { FriendlyName: "support", MaxSize: "5" })).status).toBe(200);
    const foreign = (await project.emulator.state()).queues;
    const reissued = new Date(foreign[0]!.createdMs - (foreign[0]!.createdMs % 1000)).toISOString();
    expect(reissued).not.toBe(recorded);

    const refresh = await project.pulumi(["refresh", "--yes"]);
    expect(refresh.stdout + refresh.stderr).toContain(
      `texml.Queue "support": the queue this stack created is gone (sid re-used by a queue created at ${reissued}, state recorded ${recorded}); it leaves the stack, and the queue now holding sid "support" is not adopted and will not be changed or deleted.`,
    );
    expect(changeSummary(refresh.stdout)).toMatchObject({ delete: 1 });
    expect(Object.keys(await stackResources(project))).not.toContain("q");

    await project.emulator.clearRequests();
    await project.pulumi(["destroy", "--yes"]);
    expect(await writes(project)).toEqual([]);
    expect((await project.emulator.state()).queues).toEqual(foreign);
  });
});

describe("the same hand edit, then a destroy without a refresh", () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await createCliProject("queue-reused-sid-destroy", { program: program() });
    await project.pulumi(["up", "--yes"]);
  });
  afterAll(async () => project?.dispose());

  it("destroy reads the queue, sees another creation time, and deletes nothing", async () => {
    const recorded = (await stackResources(project)).q!.outputs!.dateCreated as string;
    expect((await queueApi(project, "DELETE", "support")).status).toBe(204);
    await sleep(1_100);
    expect((await queueApi(project, "POST", undefined, { FriendlyName: "support", MaxSize: "5" })).status).toBe(200);
    const foreign = (await project.emulator.state()).queues;
    const reissued = new Date(foreign[0]!.createdMs - (foreign[0]!.createdMs % 1000)).toISOString();
    await project.emulator.clearRequests();
    const destroy = await project.pulumi(["destroy", "--yes"]);
    expect(destroy.stdout + destroy.stderr).toContain(
      `texml.Queue "support": not deleted, because the queue this stack created is already gone (sid re-used by a queue created at ${reissued}, state recorded ${recorded}); the queue now holding sid "support" is left alone.`,
    );
    expect(await writes(project)).toEqual([]);
    expect((await project.emulator.state()).queues).toEqual(foreign);
    expect(Object.keys(await stackResources(project))).not.toContain("q");
  });
});

describe("an account that generates queue sids, with a foreign queue whose sid is our queue's name", () => {
  let project: CliProject;
  beforeAll(async () => {
    // "Support Queue" has the sid "support", as the spec's example has sid `my-queue` for "Support Queue".
    const dataFile = await dataFileWithForeignQueue({ friendlyName: "Support Queue", sid: "support", maxSize: 5 });
    project = await createCliProject("queue-generated-sids", { program: program(), emulator: { queueSids: "generated", dataFile } });
  });
  afterAll(async () => project?.dispose());

  it("a create that meets a 503 after it was applied fails naming our own queue, is not sent again, and the named queue can be imported", async () => {
    const account = project.emulator.accountSid;
    await sleep(2_100); // the foreign queue must be older than the request, at whole seconds
    await project.emulator.clearRequests();
    await project.emulator.addFault({ method: "POST", path: "/Queues$", action: { type: "status", status: 503, when: "after" }, times: 1 });
    const up = await project.pulumi(["up", "--yes"], { allowFailure: true });
    expect(up.code).not.toBe(0);
    const ours = (await project.emulator.state()).queues.find((q) => q.friendlyName === "support")!;
    expect(ours.sid).toMatch(/^QU[0-9a-f]{32}$/);
    const output = up.stdout + up.stderr;
    expect(output).toContain('TeXML queue "support": the create request failed (Telnyx API error 503');
    expect(output).toContain(`Candidates created since the request was sent: ${ours.sid} (created `);
    expect(output).toContain(
      "Telnyx does not show its name). Nothing was adopted. If one of them is the object this stack asked for, adopt it with the `import` resource option",
    );
    expect(output).not.toContain("already exists");
    expect(await writes(project)).toEqual([`POST /texml/Accounts/${account}/Queues [status:503:after]`]);

    // The advice, followed: the stack adopts its own queue and, on destroy, deletes only that one.
    project.writeFile("index.ts", program(`, { import: ${JSON.stringify(ours.sid)} }`));
    await project.pulumi(["up", "--yes"]);
    expect((await stackResources(project)).q!.id).toBe(ours.sid);
    await project.emulator.clearRequests();
    await project.pulumi(["destroy", "--yes"]);
    expect(await writes(project)).toEqual([`DELETE /texml/Accounts/${account}/Queues/${ours.sid}`]);
    expect((await project.emulator.state()).queues.map((q) => `${q.sid}:${q.friendlyName}`)).toEqual(["support:Support Queue"]);
  });
});

describe("a replacement that keeps the queue's name", () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await createCliProject("queue-replace", { program: program() });
    await project.pulumi(["up", "--yes"]);
  });
  afterAll(async () => project?.dispose());

  it("pulumi up --replace deletes the old queue before it creates the new one", async () => {
    const account = project.emulator.accountSid;
    const before = (await stackResources(project)).q!;
    await sleep(1_100); // so the new queue's creation time differs
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes", "--replace", before.urn]);
    expect(changeSummary(up.stdout)).toMatchObject({ replace: 1 });
    expect(await writes(project)).toEqual([`DELETE /texml/Accounts/${account}/Queues/support`, `POST /texml/Accounts/${account}/Queues`]);
    const after = (await stackResources(project)).q!;
    expect(after.id).toBe("support");
    expect(after.outputs!.dateCreated).not.toBe(before.outputs!.dateCreated);
    expect((await project.emulator.state()).queues.map((q) => `${q.sid}:${q.maxSize}`)).toEqual(["support:5"]);
    await project.pulumi(["preview", "--expect-no-changes"]);
  });

  it("an account SID declared in other letter case is the same account: no replacement", async () => {
    project.writeFile(
      "index.ts",
      program().replace("maxSize: 5 }", `maxSize: 5, accountSid: ${JSON.stringify(project.emulator.accountSid.toUpperCase())} }`),
    );
    await project.emulator.clearRequests();
    await project.pulumi(["preview", "--expect-no-changes"]);
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ same: 2 });
    expect(await writes(project)).toEqual([]);
  });
});
