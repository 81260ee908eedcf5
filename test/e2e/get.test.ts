// Reading existing objects into a program without managing them (`Application.get`,
// `Queue.get`, like `aws.s3.Bucket.get`), and lookups that wait for `dependsOn`, through
// the real `pulumi` CLI. The emulator's request log and state are the witnesses: a read
// resource is only ever read (GETs), and destroying the stack leaves the object.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCliProject, type CliProject } from "./support/project";

const header = 'import * as texml from "pulumi-telnyx-texml";\n';

async function outputs(project: CliProject): Promise<Record<string, unknown>> {
  const { stdout } = await project.pulumi(["stack", "output", "--json", "--show-secrets"]);
  return JSON.parse(stdout) as Record<string, unknown>;
}

async function api(
  project: CliProject,
  method: string,
  path: string,
  body: { json?: unknown; form?: Record<string, string> },
): Promise<any> {
  const response = await fetch(`${project.emulator.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${project.emulator.apiKey}`,
      "content-type": body.json ? "application/json" : "application/x-www-form-urlencoded",
    },
    body: body.json ? JSON.stringify(body.json) : new URLSearchParams(body.form).toString(),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

describe("Application.get and Queue.get read existing objects without managing them", () => {
  let project: CliProject;
  let appId: string;
  let queueSid: string;

  beforeAll(async () => {
    project = await createCliProject("get", { program: header });
    const app = await api(project, "POST", "/texml_applications", {
      json: {
        friendly_name: "legacy-line",
        voice_url: "https://legacy.example.com/texml",
        status_callback: "https://legacy.example.com/status",
        inbound: { channel_limit: 7 },
      },
    });
    appId = app.data.id;
    const queue = await api(project, "POST", `/texml/Accounts/${project.emulator.accountSid}/Queues`, {
      form: { FriendlyName: "legacy-queue", MaxSize: "12" },
    });
    queueSid = queue.sid;
    project.writeFile(
      "index.ts",
      `${header}` +
        `const app = texml.Application.get("legacy", ${JSON.stringify(appId)});\n` +
        `const queue = texml.Queue.get("legacy-queue", ${JSON.stringify(queueSid)});\n` +
        "export const appId = app.id;\n" +
        "export const friendlyName = app.friendlyName;\n" +
        "export const voiceUrl = app.voiceUrl;\n" +
        "export const statusCallback = app.statusCallback;\n" +
        "export const inbound = app.inbound;\n" +
        "export const queueSid = queue.sid;\n" +
        "export const maxSize = queue.maxSize;\n" +
        "export const accountSid = queue.accountSid;\n" +
        "export const isApplication = texml.Application.isInstance(app) && !texml.Application.isInstance(queue) && texml.Queue.isInstance(queue);\n",
    );
  });
  afterAll(async () => project?.dispose());

  it("pulumi up reads both, with only GETs, and exports what Telnyx has", async () => {
    const before = await project.emulator.state();
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"]);
    const text = up.stdout.replace(/\u001b\[[0-9;]*m/g, "");
    expect(text).toMatch(/\bread pulumi-nodejs:dynamic\/texml:Application legacy\b/);
    expect(text).toMatch(/\bread pulumi-nodejs:dynamic\/texml:Queue legacy-queue\b/);
    const requests = await project.emulator.requests();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(await outputs(project)).toEqual({
      appId,
      friendlyName: "legacy-line",
      voiceUrl: "https://legacy.example.com/texml",
      statusCallback: "https://legacy.example.com/status",
      inbound: expect.objectContaining({ channelLimit: 7 }),
      queueSid,
      maxSize: 12,
      accountSid: project.emulator.accountSid,
      isApplication: true,
    });
    expect(await project.emulator.state()).toEqual(before);
  });

  it("a second up reads again and changes nothing; a change made in Telnyx shows in the outputs", async () => {
    await api(project, "PATCH", `/texml_applications/${appId}`, {
      json: { friendly_name: "legacy-line", voice_url: "https://moved.example.com/texml" },
    });
    await project.emulator.clearRequests();
    await project.pulumi(["up", "--yes"]);
    expect((await project.emulator.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    expect((await outputs(project)).voiceUrl).toBe("https://moved.example.com/texml");
  });

  it("pulumi destroy leaves both objects in Telnyx", async () => {
    const before = await project.emulator.state();
    await project.emulator.clearRequests();
    await project.pulumi(["destroy", "--yes"]);
    expect((await project.emulator.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    const after = await project.emulator.state();
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).toContain(appId);
    expect(JSON.stringify(after)).toContain(queueSid);
  });
});

describe("getXOutput waits for dependsOn, as Pulumi's output invokes do", () => {
  let project: CliProject;
  const program =
    `${header}` +
    'const queue = new texml.Queue("waited-for", { name: "waited-for", maxSize: 4 });\n' +
    "export const listed = texml.getQueuesOutput({}, { dependsOn: [queue] }).apply((r) => r.queues.map((q) => q.sid).sort());\n" +
    "export const one = texml.getQueueOutput({ queueSid: queue.sid }).apply((q) => q.maxSize);\n";

  beforeAll(async () => {
    project = await createCliProject("lookup-depends-on", { program });
  });
  afterAll(async () => project?.dispose());

  it("pulumi preview of a queue yet to be created sends no lookup: the result is unknown", async () => {
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview"]);
    expect(preview.stdout).toMatch(/listed\s*:\s*output<string>|listed\s*:\s*\[unknown\]|listed: +output/);
    const log = (await project.emulator.requests()).map((r) => `${r.method} ${r.path.replace(/\?.*$/, "")}`);
    expect(log.filter((l) => /^GET .*\/Queues$/.test(l))).toEqual([]);
  });

  it("pulumi up lists the queues only after the queue is created, so the listing has it", async () => {
    await project.emulator.clearRequests();
    await project.pulumi(["up", "--yes"]);
    const log = (await project.emulator.requests()).map((r) => `${r.method} ${r.path.replace(/\?.*$/, "")}`);
    const created = log.findIndex((l) => /^POST .*\/Queues$/.test(l));
    const listed = log.findIndex((l) => /^GET .*\/Queues$/.test(l));
    expect(created).toBeGreaterThanOrEqual(0);
    expect(listed).toBeGreaterThan(created);
    const out = await outputs(project);
    expect(out.listed).toContain("waited-for");
    expect(out.one).toBe(4);
    await project.pulumi(["destroy", "--yes"]);
  });
});
