// Lifecycle safety through the real `pulumi` CLI in a project directory: the stack never
// takes over or deletes an object it did not create, refuses what it cannot do at preview,
// and clears removed fields. (Secrets: test/e2e/secret-safety.test.ts.)
// The emulator's state and request log are the witnesses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeSummary, createCliProject, type CliProject } from "./support/project";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const header =
  'import * as pulumi from "@pulumi/pulumi";\nimport * as texml from "pulumi-telnyx-texml";\nconst token = new pulumi.Config().requireSecret("token");\n';

describe("no takeover: objects made outside the stack are never adopted, changed or deleted", () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await createCliProject("takeover", { program: 'import * as texml from "pulumi-telnyx-texml";\n' });
  });
  afterAll(async () => project?.dispose());

  const api = (method: string, path: string, body: { json?: unknown; form?: Record<string, string> }) =>
    fetch(`${project.emulator.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${project.emulator.apiKey}`,
        "content-type": body.json ? "application/json" : "application/x-www-form-urlencoded",
      },
      body: body.json ? JSON.stringify(body.json) : new URLSearchParams(body.form).toString(),
    }).then((r) => r.json() as Promise<any>);

  it("a foreign queue of the same name, and a create that meets a 503: the up fails saying to declare another name, never to import it; destroy leaves the queue", async () => {
    const account = project.emulator.accountSid;
    await api("POST", `/texml/Accounts/${account}/Queues`, { form: { FriendlyName: "foreign-q", MaxSize: "9" } });
    const foreign = (await project.emulator.state()).queues;
    await sleep(3_000);
    project.writeFile(
      "index.ts",
      'import * as texml from "pulumi-telnyx-texml";\nexport const sid = new texml.Queue("q", { name: "foreign-q", maxSize: 9 }).sid;\n',
    );
    await project.emulator.addFault({ method: "POST", path: "/Queues$", action: { type: "status", status: 503 }, times: 1 });
    const up = await project.pulumi(["up", "--yes"], { allowFailure: true });
    expect(up.code).not.toBe(0);
    expect(up.stdout + up.stderr).toContain(
      'A queue named "foreign-q" already exists in the account, and queue names are unique in an account: declare another name. It was not adopted or changed; it may belong to another resource or stack.',
    );
    expect(up.stdout + up.stderr).not.toMatch(/`import/);
    await project.pulumi(["destroy", "--yes"]);
    expect((await project.emulator.state()).queues).toEqual(foreign);
    expect((await project.emulator.requests()).filter((r) => r.method === "DELETE")).toEqual([]);
  });

  it("a foreign application of the same friendly name, and a create whose connection drops: a new one is made; destroy deletes only that", async () => {
    const foreign = (
      await api("POST", "/texml_applications", { json: { friendly_name: "dup-name", voice_url: "https://voice.example.com/texml" } })
    ).data;
    await sleep(2_000);
    project.writeFile(
      "index.ts",
      'import * as texml from "pulumi-telnyx-texml";\nexport const id = new texml.Application("app", { friendlyName: "dup-name", voiceUrl: "https://voice.example.com/texml" }).id;\n',
    );
    await project.emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "drop", when: "before" }, times: 1 });
    await project.pulumi(["up", "--yes"]);
    const { stdout } = await project.pulumi(["stack", "output", "id"]);
    const ours = stdout.trim();
    expect(ours).not.toBe(foreign.id);
    await project.emulator.clearRequests();
    await project.pulumi(["destroy", "--yes"]);
    expect((await project.emulator.requests()).filter((r) => r.method === "DELETE").map((r) => r.path)).toEqual([
      `/texml_applications/${ours}`,
    ]);
    expect((await project.emulator.state()).applications.map((a) => a.wire.id)).toEqual([foreign.id]);
  });
});

describe("refused at preview, and fields that go back to Telnyx's defaults", () => {
  let project: CliProject;
  const app = (extra: string) =>
    `import * as texml from "pulumi-telnyx-texml";\nexport const id = new texml.Application("app", { friendlyName: "clearing", voiceUrl: "https://voice.example.com/texml"${extra} }).id;\nexport const queue = new texml.Queue("q", { name: "cleared-q" }).sid;\n`;
  beforeAll(async () => {
    project = await createCliProject("preview", {
      program: app(', statusCallback: "https://voice.example.com/status", voiceMethod: "get"'),
    });
    await project.pulumi(["up", "--yes"]);
  });
  afterAll(async () => project?.dispose());

  it("removing declared fields previews as their removal and resets them on up", async () => {
    project.writeFile("index.ts", app(""));
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview", "--diff"]);
    // eslint-disable-next-line no-control-regex
    const text = preview.stdout.replace(/\u001b\[[0-9;]*m/g, "").replace(/^(\s*[-+~]?\s*\w+)\s+:/gm, "$1:");
    expect(text).toMatch(/^\s+- statusCallback: "https:\/\/voice\.example\.com\/status"$/m);
    expect(text).toMatch(/^\s+- voiceMethod: "get"$/m);
    expect(changeSummary(preview.stdout)).toMatchObject({ update: 1 });
    await project.pulumi(["up", "--yes"]);
    const patch = (await project.emulator.requests()).find((r) => r.method === "PATCH")!;
    expect(JSON.parse(patch.body)).toEqual({
      friendly_name: "clearing",
      voice_url: "https://voice.example.com/texml",
      status_callback: null,
      voice_method: "post",
    });
    await project.pulumi(["preview", "--expect-no-changes"]);
  });

  it("an account SID in other letter case causes no diff", async () => {
    await project.pulumi(["config", "set", "telnyx:accountSid", project.emulator.accountSid.toUpperCase()]);
    await project.pulumi(["preview", "--expect-no-changes"]);
    await project.pulumi(["config", "set", "telnyx:accountSid", project.emulator.accountSid]);
  });

  it("a Secret with import is refused at preview, before any request", async () => {
    project.writeFile("index.ts", `${header}new texml.Secret("s", { name: "held", value: token }, { import: "held" });\n`);
    await project.pulumi(["config", "set", "--secret", "token", "x-value"]);
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview"], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    expect(preview.stdout + preview.stderr).toContain('texml.Secret "held" cannot be imported: Telnyx has no endpoint to read a secret');
    expect(await project.emulator.requests()).toEqual([]);
  });

  it("duplicate names in texml.yaml fail the preview before any request, naming file, entry and line", async () => {
    project.writeFile("texml.yaml", "queues:\n  support: {}\n  overflow:\n    name: support\n");
    project.writeFile("index.ts", 'import * as texml from "pulumi-telnyx-texml";\ntexml.fromFile("texml.yaml");\n');
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview"], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    expect(preview.stdout + preview.stderr).toContain(
      'texml.yaml: queues.overflow.name (line 4): name "support" is already used by queues.support (line 2)',
    );
    expect(await project.emulator.requests()).toEqual([]);
  });
});
