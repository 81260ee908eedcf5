// The real `pulumi` CLI against the real emulator, in a project directory with the packed
// package installed: one stack taken through a realistic life (up, no-op preview, update,
// replace, rotate, drift, import, bad input, export, destroy). Each step writes the program
// (index.ts) and runs `pulumi preview --diff`, `up`, `refresh`, `destroy`, `stack export` or
// `stack output`. Tests run in order and share the stack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET_VALUE, diffText, loggedRequests, stripAnsi, writes } from "./support/harness";
import { changeSummary, createCliProject, type CliProject, type CliResult } from "./support/project";

interface Shape {
  voiceUrl: string;
  queueName: string;
  maxSize: number;
  importId?: string;
  importQueueSid?: string;
}

const initial: Shape = { voiceUrl: "https://voice.example.com/texml/support", queueName: "support", maxSize: 25 };

/** The program (index.ts) of a shape of the stack. */
function program(shape: Shape): string {
  const lines = [
    'import * as pulumi from "@pulumi/pulumi";',
    'import * as texml from "pulumi-telnyx-texml";',
    "",
    "const config = new pulumi.Config();",
    'const app = new texml.Application("support", {',
    '  friendlyName: "support-line",',
    `  voiceUrl: ${JSON.stringify(shape.voiceUrl)},`,
    '  statusCallback: "https://voice.example.com/status",',
    "  inbound: { channelLimit: 10 },",
    "});",
    `const queue = new texml.Queue("support-queue", { name: ${JSON.stringify(shape.queueName)}, maxSize: ${shape.maxSize} });`,
    'const secret = new texml.Secret("crm-token", { name: "crm_token", value: config.requireSecret("crmToken") });',
    "",
    "export const applicationId = app.id;",
    "export const queueSid = queue.sid;",
    "export const secretName = secret.name;",
  ];
  if (shape.importId) {
    lines.push(
      `const legacy = new texml.Application("legacy", { friendlyName: "legacy-line", voiceUrl: "https://old.example.com/texml" }, { import: ${JSON.stringify(shape.importId)} });`,
      "export const legacyId = legacy.id;",
    );
  }
  if (shape.importQueueSid) {
    const sid = JSON.stringify(shape.importQueueSid);
    lines.push(
      `const overflow = new texml.Queue("overflow-queue", { name: ${sid}, maxSize: 5 }, { import: ${sid} });`,
      "export const overflowSid = overflow.sid;",
    );
  }
  return `${lines.join("\n")}\n`;
}

let project: CliProject;
let shape: Shape = initial;
/** Everything the CLI printed, to check that no secret or API key ever appears. */
const allOutput: string[] = [];

/** Writes the program of a new shape of the stack; the next command runs it. */
function use(next: Shape) {
  shape = next;
  project.writeFile("index.ts", program(shape));
}

/** Runs `pulumi <args>` in the project and keeps what it printed. */
async function pulumi(args: string[], opts?: { allowFailure?: boolean }): Promise<CliResult> {
  const result = await project.pulumi(args, opts);
  allOutput.push(result.stdout, result.stderr);
  return result;
}

async function outputs(): Promise<Record<string, unknown>> {
  return JSON.parse((await pulumi(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
}

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${project.emulator.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${project.emulator.apiKey}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

async function remoteState() {
  const apps = await api("GET", "/texml_applications");
  const queues = await api("GET", `/texml/Accounts/${project.emulator.accountSid}/Queues`);
  return {
    applications: (apps.data as Array<{ friendly_name: string; voice_url: string }>).map((a) => `${a.friendly_name} ${a.voice_url}`).sort(),
    queues: (queues.queues as Array<{ sid: string; max_size: number }>).map((q) => `${q.sid}/${q.max_size}`).sort(),
  };
}

beforeAll(async () => {
  project = await createCliProject("lifecycle", {
    program: program(initial),
    config: { "texml-lifecycle:crmToken": { value: SECRET_VALUE, secret: true } },
  });
});

afterAll(async () => {
  await project?.dispose();
});

describe("a stack driven by the Pulumi CLI", () => {
  it("up from empty creates exactly what the program declares", async () => {
    const result = await pulumi(["up", "--yes"]);
    expect(changeSummary(result.stdout)).toEqual({ create: 4 }); // the stack + 3 resources
    const sent = writes(await loggedRequests(project.emulator))
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(sent).toEqual([`POST /texml/Accounts/${project.emulator.accountSid}/Queues`, "POST /texml/secrets", "POST /texml_applications"]);
    expect(await remoteState()).toEqual({ applications: ["support-line https://voice.example.com/texml/support"], queues: ["support/25"] });
    const out = await outputs();
    expect(out.queueSid).toBe("support");
    expect(out.applicationId).toMatch(/^\d+$/);
  });

  it("a second preview shows no changes and sends no request at all", async () => {
    await project.emulator.clearRequests();
    const preview = await pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ same: 4 });
    expect(await loggedRequests(project.emulator)).toEqual([]);
  });

  it("a changed voiceUrl previews as an update of that property alone and applies with one PATCH", async () => {
    use({ ...shape, voiceUrl: "https://voice.example.com/texml/support-v2" });
    await project.emulator.clearRequests();
    const preview = await pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ same: 3, update: 1 });
    const text = diffText(preview.stdout);
    expect(text).toContain('~ voiceUrl: "https://voice.example.com/texml/support" => "https://voice.example.com/texml/support-v2"');
    expect(text.match(/^\s+~ \w+:/gm)).toEqual([expect.stringContaining("~ voiceUrl:")]);
    expect(await loggedRequests(project.emulator)).toEqual([]);

    const up = await pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ same: 3, update: 1 });
    const sent = writes(await loggedRequests(project.emulator));
    expect(sent.map((r) => `${r.method} ${r.path.replace(/\d+$/, "{id}")}`)).toEqual(["PATCH /texml_applications/{id}"]);
    expect(sent[0]?.body).toMatchObject({ voice_url: "https://voice.example.com/texml/support-v2" });
  });

  it("a new queue name previews as a replacement and deletes the old queue before creating the new one (Queue's deleteBeforeReplace default)", async () => {
    use({ ...shape, queueName: "support-tier1" });
    const preview = await pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ same: 3, replace: 1 });
    expect(diffText(preview.stdout)).toContain("+-pulumi-nodejs:dynamic/texml:Queue: (replace)");
    expect(diffText(preview.stdout)).toContain('~ name: "support" => "support-tier1"');
    // Only the declared input that changed: no live counter, timestamp, sid or uri shown as going away.
    expect(
      diffText(preview.stdout)
        .match(/^\s+[-+~] \w+:/gm)
        ?.map((line) => line.trim()),
    ).toEqual(["~ name:"]);

    await project.emulator.clearRequests();
    const up = await pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ same: 3, replace: 1 });
    const queues = `/texml/Accounts/${project.emulator.accountSid}/Queues`;
    expect(writes(await loggedRequests(project.emulator)).map((r) => `${r.method} ${r.path}`)).toEqual([
      `DELETE ${queues}/support`,
      `POST ${queues}`,
    ]);
    expect((await remoteState()).queues).toEqual(["support-tier1/25"]);
  });

  it("a new maxSize updates the queue in place with one form POST of MaxSize", async () => {
    use({ ...shape, maxSize: 40 });
    await project.emulator.clearRequests();
    const up = await pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ update: 1, same: 3 });
    const sent = writes(await loggedRequests(project.emulator));
    expect(sent.map((r) => ({ call: `${r.method} ${r.path}`, body: r.body }))).toEqual([
      { call: `POST /texml/Accounts/${project.emulator.accountSid}/Queues/support-tier1`, body: { MaxSize: "40" } },
    ]);
  });

  it("a rotated secret updates in place, shown only as [secret]", async () => {
    await pulumi(["config", "set", "--secret", "texml-lifecycle:crmToken", `${SECRET_VALUE}-rotated`]);
    const preview = await pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ same: 3, update: 1 });
    const text = diffText(preview.stdout);
    expect(text).toContain("~ pulumi-nodejs:dynamic/texml:Secret: (update)");
    expect(text).toContain("value: [secret]");
    expect(text).not.toContain(SECRET_VALUE);

    await project.emulator.clearRequests();
    const up = await pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ same: 3, update: 1 });
    const sent = writes(await loggedRequests(project.emulator));
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /texml/secrets"]);
  });

  it("refresh reports a change made directly on the emulator", async () => {
    const id = (await pulumi(["stack", "output", "applicationId"])).stdout.trim();
    expect(id).toMatch(/^\d+$/);
    await api("PATCH", `/texml_applications/${id}`, { friendly_name: "support-line", voice_url: "https://portal.example.com/edited" });
    await project.emulator.clearRequests();
    const refresh = await pulumi(["refresh", "--yes"]);
    expect(changeSummary(refresh.stdout)).toEqual({ update: 1, same: 3 });
    // The refresh itself (after its preview) reports the drifted property.
    const refreshed = stripAnsi(refresh.stdout).split(/^Refreshing \(e2e\):$/m)[1] ?? "";
    expect(refreshed).toMatch(/texml:Application support updated .*\[diff: ~voiceUrl\]/);
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);

    const preview = await pulumi(["preview", "--diff"]);
    expect(diffText(preview.stdout)).toContain(
      '~ voiceUrl: "https://portal.example.com/edited" => "https://voice.example.com/texml/support-v2"',
    );
  });

  it("the import option adopts an existing application and queue without creating anything", async () => {
    await pulumi(["up", "--yes"]); // converge the drift first
    const legacy = await api("POST", "/texml_applications", { friendly_name: "legacy-line", voice_url: "https://old.example.com/texml" });
    const queueForm = await fetch(`${project.emulator.baseUrl}/texml/Accounts/${project.emulator.accountSid}/Queues`, {
      method: "POST",
      headers: { authorization: `Bearer ${project.emulator.apiKey}`, "content-type": "application/x-www-form-urlencoded" },
      body: "FriendlyName=overflow&MaxSize=5",
    });
    expect(queueForm.status).toBe(200);
    use({ ...shape, importId: legacy.data.id, importQueueSid: "overflow" });
    const queueRead = `GET /texml/Accounts/${project.emulator.accountSid}/Queues/overflow`;
    const appRead = `GET /texml_applications/${legacy.data.id}`;
    // The engine cannot import into dynamic providers (pulumi/pulumi#16175), so the resources adopt the
    // objects themselves: the engine counts a create, but only reads reach Telnyx. The preview reads
    // each once (check verifies it); the update (`--skip-preview`, as the Automation API's up) reads
    // each twice: check verifies it, and create reads and verifies it again, since it may have changed.
    await project.emulator.clearRequests();
    const preview = await pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ create: 2, same: 4 });
    expect((await loggedRequests(project.emulator)).map((r) => `${r.method} ${r.path}`).sort()).toEqual([queueRead, appRead]);

    await project.emulator.clearRequests();
    const up = await pulumi(["up", "--yes", "--skip-preview"]);
    expect(changeSummary(up.stdout)).toEqual({ create: 2, same: 4 });
    const sent = (await loggedRequests(project.emulator)).map((r) => `${r.method} ${r.path}`).sort();
    expect(sent).toEqual([queueRead, queueRead, appRead, appRead]);
    const out = await outputs();
    expect(out.legacyId).toBe(legacy.data.id);
    expect(out.overflowSid).toBe("overflow");
  });

  it("invalid input fails at preview with the property's message and no API request", async () => {
    const good = shape;
    use({ ...shape, voiceUrl: "not a url" });
    await project.emulator.clearRequests();
    const failure = await pulumi(["preview", "--diff"], { allowFailure: true });
    expect(failure.code).not.toBe(0);
    const message = stripAnsi(failure.stdout + failure.stderr);
    expect(message).toContain(
      "texml:Application resource 'support': property voiceUrl value {not a url} has a problem: must be an absolute http(s) URL",
    );
    expect(await loggedRequests(project.emulator)).toEqual([]);
    use(good);
  });

  it("the exported state holds neither the API key nor a secret value, and a small __provider", async () => {
    const { stdout } = await pulumi(["stack", "export"]);
    expect(stdout).not.toContain(project.emulator.apiKey);
    expect(stdout).not.toContain(SECRET_VALUE);
    const deployment = JSON.parse(stdout).deployment as {
      resources: Array<{ urn: string; type: string; outputs?: Record<string, unknown>; sourcePosition?: string }>;
    };
    // The engine records where the program declared each resource, not where this package's constructors are.
    const positions = deployment.resources.filter((r) => /:(Application|Queue|Secret)$/.test(r.type)).map((r) => r.sourcePosition ?? "");
    expect(positions.length).toBeGreaterThan(0);
    for (const position of positions) expect(position).toMatch(/^project:\/\/\/index\.ts#\d+,\d+$/);
    const sizes = deployment.resources
      .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/texml:"))
      .map((r) => ({
        resource: r.urn.split("::").pop(),
        type: r.type,
        providerBytes: Buffer.byteLength(String(r.outputs?.__provider ?? "")),
      }));
    console.log("__provider bytes per resource:", JSON.stringify(sizes));
    expect(sizes).toHaveLength(5); // 2 applications, 2 queues, the secret
    for (const size of sizes) expect(size.providerBytes).toBeLessThan(1024);
    const secret = deployment.resources.find((r) => r.type.endsWith(":Secret"));
    expect(JSON.stringify(secret?.outputs?.value)).toContain("ciphertext");
  });

  it("destroy leaves the emulator with nothing the stack created", async () => {
    await project.emulator.clearRequests();
    const destroy = await pulumi(["destroy", "--yes"]);
    expect(changeSummary(destroy.stdout)).toEqual({ delete: 6 });
    expect(await remoteState()).toEqual({ applications: [], queues: [] });
    const sent = writes(await loggedRequests(project.emulator))
      .map((r) => `${r.method} ${r.path.replace(/^\/texml_applications\/\d+$/, "/texml_applications/{id}")}`)
      .sort();
    const queues = `/texml/Accounts/${project.emulator.accountSid}/Queues`;
    expect(sent).toEqual([
      `DELETE ${queues}/overflow`,
      `DELETE ${queues}/support-tier1`,
      "DELETE /texml_applications/{id}",
      "DELETE /texml_applications/{id}",
    ]);
    // Telnyx cannot delete a secret, and without retireOnDelete the stack writes nothing: the value stays, with a warning.
    expect(stripAnsi(destroy.stdout + destroy.stderr)).toContain('texml.Secret "crm_token": its value remains in the Telnyx account.');
  });

  it("no command output ever contained the API key or a secret value", () => {
    const everything = allOutput.join("\n");
    expect(everything.length).toBeGreaterThan(1000);
    expect(everything).not.toContain(project.emulator.apiKey);
    expect(everything).not.toContain(SECRET_VALUE);
  });
});
