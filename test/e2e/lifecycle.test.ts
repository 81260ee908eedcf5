// The real Pulumi engine against the real emulator: one stack taken through a
// realistic life (up, no-op preview, update, replace, rotate, drift, import, bad
// input, export, destroy). Tests run in order and share the stack.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Application, Queue, Secret } from "../../provider";
import { SECRET_VALUE, createE2eStack, loggedRequests, stripAnsi, diffText, writes, type E2eStack } from "./support/harness";

interface Shape {
  voiceUrl: string;
  queueName: string;
  maxSize: number;
  importId?: string;
  importQueueSid?: string;
}

const initial: Shape = { voiceUrl: "https://voice.example.com/texml/support", queueName: "support", maxSize: 25 };

function program(shape: Shape) {
  return async () => {
    const config = new pulumi.Config("demo");
    const app = new Application("support", {
      friendlyName: "support-line",
      voiceUrl: shape.voiceUrl,
      statusCallback: "https://voice.example.com/status",
      inbound: { channelLimit: 10 },
    });
    const queue = new Queue("support-queue", { name: shape.queueName, maxSize: shape.maxSize });
    const secret = new Secret("crm-token", { name: "crm_token", value: config.requireSecret("crmToken") });
    const outputs: Record<string, unknown> = { applicationId: app.id, queueSid: queue.sid, secretName: secret.name };
    if (shape.importId) {
      const legacy = new Application("legacy", { friendlyName: "legacy-line", voiceUrl: "https://old.example.com/texml" }, { import: shape.importId });
      outputs.legacyId = legacy.id;
    }
    if (shape.importQueueSid) {
      const overflow = new Queue("overflow-queue", { name: shape.importQueueSid, maxSize: 5 }, { import: shape.importQueueSid });
      outputs.overflowSid = overflow.sid;
    }
    return outputs;
  };
}

let e2e: E2eStack;
let shape: Shape = initial;
const allOutput: string[] = [];

/** Runs the stack with a new shape of the program. */
function use(next: Shape) {
  shape = next;
  e2e.setProgram(program(shape));
}

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${e2e.emulator.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${e2e.emulator.apiKey}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

async function remoteState() {
  const apps = await api("GET", "/texml_applications");
  const queues = await api("GET", `/texml/Accounts/${e2e.emulator.accountSid}/Queues`);
  return {
    applications: (apps.data as Array<{ friendly_name: string; voice_url: string }>).map((a) => `${a.friendly_name} ${a.voice_url}`).sort(),
    queues: (queues.queues as Array<{ sid: string; max_size: number }>).map((q) => `${q.sid}/${q.max_size}`).sort(),
  };
}

beforeAll(async () => {
  e2e = await createE2eStack("lifecycle", program(initial), { "demo:crmToken": { value: SECRET_VALUE, secret: true } });
});

afterAll(async () => {
  await e2e?.dispose();
});

describe("a stack driven by the Pulumi CLI", () => {
  it("up from empty creates exactly what the program declares", async () => {
    const result = await e2e.stack.up();
    allOutput.push(result.stdout, result.stderr);
    expect(result.summary.resourceChanges).toMatchObject({ create: 5 }); // the stack + 3 resources + the secret name's claim
    const sent = writes(await loggedRequests(e2e.emulator)).map((r) => `${r.method} ${r.path}`).sort();
    expect(sent).toEqual([`POST /texml/Accounts/${e2e.emulator.accountSid}/Queues`, "POST /texml/secrets", "POST /texml_applications"]);
    expect(await remoteState()).toEqual({ applications: ["support-line https://voice.example.com/texml/support"], queues: ["support/25"] });
    expect(result.outputs.queueSid?.value).toBe("support");
    expect(result.outputs.applicationId?.value).toMatch(/^\d+$/);
  });

  it("a second preview shows no changes and sends no request at all", async () => {
    await e2e.emulator.clearRequests();
    const preview = await e2e.stack.preview({ diff: true });
    allOutput.push(preview.stdout, preview.stderr);
    expect(preview.changeSummary).toEqual({ same: 5 });
    expect(await loggedRequests(e2e.emulator)).toEqual([]);
  });

  it("a changed voiceUrl previews as an update of that property alone and applies with one PATCH", async () => {
    use({ ...shape, voiceUrl: "https://voice.example.com/texml/support-v2" });
    await e2e.emulator.clearRequests();
    const preview = await e2e.stack.preview({ diff: true });
    allOutput.push(preview.stdout, preview.stderr);
    expect(preview.changeSummary).toEqual({ same: 4, update: 1 });
    const text = diffText(preview.stdout);
    expect(text).toContain('~ voiceUrl: "https://voice.example.com/texml/support" => "https://voice.example.com/texml/support-v2"');
    expect(text.match(/^\s+~ \w+:/gm)).toEqual([expect.stringContaining("~ voiceUrl:")]);
    expect(await loggedRequests(e2e.emulator)).toEqual([]);

    const up = await e2e.stack.up();
    allOutput.push(up.stdout, up.stderr);
    const sent = writes(await loggedRequests(e2e.emulator));
    expect(sent.map((r) => `${r.method} ${r.path.replace(/\d+$/, "{id}")}`)).toEqual(["PATCH /texml_applications/{id}"]);
    expect(sent[0]?.body).toMatchObject({ voice_url: "https://voice.example.com/texml/support-v2" });
  });

  it("a new queue name previews as a replacement and creates the new queue before deleting the old", async () => {
    use({ ...shape, queueName: "support-tier1" });
    const preview = await e2e.stack.preview({ diff: true });
    allOutput.push(preview.stdout, preview.stderr);
    expect(preview.changeSummary).toEqual({ same: 4, replace: 1 });
    expect(diffText(preview.stdout)).toContain("+-pulumi-nodejs:dynamic/texml:Queue: (replace)");
    expect(diffText(preview.stdout)).toContain('~ name: "support" => "support-tier1"');

    await e2e.emulator.clearRequests();
    const up = await e2e.stack.up();
    allOutput.push(up.stdout, up.stderr);
    const queues = `/texml/Accounts/${e2e.emulator.accountSid}/Queues`;
    expect(writes(await loggedRequests(e2e.emulator)).map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${queues}`, `DELETE ${queues}/support`]);
    expect((await remoteState()).queues).toEqual(["support-tier1/25"]);
  });

  it("a new maxSize updates the queue in place with one form POST of MaxSize", async () => {
    use({ ...shape, maxSize: 40 });
    await e2e.emulator.clearRequests();
    const up = await e2e.stack.up();
    allOutput.push(up.stdout, up.stderr);
    expect(up.summary.resourceChanges).toMatchObject({ update: 1, same: 4 });
    const sent = writes(await loggedRequests(e2e.emulator));
    expect(sent.map((r) => ({ call: `${r.method} ${r.path}`, body: r.body }))).toEqual([
      { call: `POST /texml/Accounts/${e2e.emulator.accountSid}/Queues/support-tier1`, body: { MaxSize: "40" } },
    ]);
  });

  it("a rotated secret updates in place, shown only as [secret]", async () => {
    await e2e.stack.setConfig("demo:crmToken", { value: `${SECRET_VALUE}-rotated`, secret: true });
    const preview = await e2e.stack.preview({ diff: true });
    allOutput.push(preview.stdout, preview.stderr);
    expect(preview.changeSummary).toEqual({ same: 4, update: 1 });
    const text = diffText(preview.stdout);
    expect(text).toContain("~ pulumi-nodejs:dynamic/texml:Secret: (update)");
    expect(text).toContain("value: [secret]");
    expect(text).not.toContain(SECRET_VALUE);

    await e2e.emulator.clearRequests();
    const up = await e2e.stack.up();
    allOutput.push(up.stdout, up.stderr);
    const sent = writes(await loggedRequests(e2e.emulator));
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /texml/secrets"]);
  });

  it("refresh reports a change made directly on the emulator", async () => {
    const id = (await e2e.stack.outputs()).applicationId?.value as string;
    await api("PATCH", `/texml_applications/${id}`, { friendly_name: "support-line", voice_url: "https://portal.example.com/edited" });
    await e2e.emulator.clearRequests();
    const refresh = await e2e.stack.refresh();
    allOutput.push(refresh.stdout, refresh.stderr);
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(stripAnsi(refresh.stdout)).toMatch(/support.*\[diff: ~voiceUrl\]/);
    expect(writes(await loggedRequests(e2e.emulator))).toEqual([]);

    const preview = await e2e.stack.preview({ diff: true });
    allOutput.push(preview.stdout, preview.stderr);
    expect(diffText(preview.stdout)).toContain('~ voiceUrl: "https://portal.example.com/edited" => "https://voice.example.com/texml/support-v2"');
  });

  it("the import option adopts an existing application and queue without creating anything", async () => {
    await e2e.stack.up(); // converge the drift first
    const legacy = await api("POST", "/texml_applications", { friendly_name: "legacy-line", voice_url: "https://old.example.com/texml" });
    const queueForm = await fetch(`${e2e.emulator.baseUrl}/texml/Accounts/${e2e.emulator.accountSid}/Queues`, {
      method: "POST",
      headers: { authorization: `Bearer ${e2e.emulator.apiKey}`, "content-type": "application/x-www-form-urlencoded" },
      body: "FriendlyName=overflow&MaxSize=5",
    });
    expect(queueForm.status).toBe(200);
    use({ ...shape, importId: legacy.data.id, importQueueSid: "overflow" });
    await e2e.emulator.clearRequests();
    const up = await e2e.stack.up();
    allOutput.push(up.stdout, up.stderr);
    // The engine cannot import into dynamic providers (pulumi/pulumi#16175), so the resources adopt the
    // objects themselves: the engine counts a create, but only one read each reaches Telnyx (check
    // verifies it; create, in the same provider process, reuses that read).
    expect(up.summary.resourceChanges).toMatchObject({ create: 2, same: 5 });
    const sent = (await loggedRequests(e2e.emulator)).map((r) => `${r.method} ${r.path}`).sort();
    const queueRead = `GET /texml/Accounts/${e2e.emulator.accountSid}/Queues/overflow`;
    const appRead = `GET /texml_applications/${legacy.data.id}`;
    expect(sent).toEqual([queueRead, appRead]);
    expect(up.outputs.legacyId?.value).toBe(legacy.data.id);
    expect(up.outputs.overflowSid?.value).toBe("overflow");
  });

  it("invalid input fails at preview with the property's message and no API request", async () => {
    const good = shape;
    use({ ...shape, voiceUrl: "not a url" });
    await e2e.emulator.clearRequests();
    const failure = await e2e.stack.preview({ diff: true }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    const message = stripAnsi(String((failure as Error).message));
    allOutput.push(message);
    expect(message).toContain("texml:Application resource 'support': property voiceUrl value {not a url} has a problem: must be an absolute http(s) URL");
    expect(await loggedRequests(e2e.emulator)).toEqual([]);
    use(good);
  });

  it("the exported state holds neither the API key nor a secret value, and a small __provider", async () => {
    const { stdout } = await e2e.cli(["stack", "export"]);
    expect(stdout).not.toContain(e2e.emulator.apiKey);
    expect(stdout).not.toContain(SECRET_VALUE);
    const deployment = JSON.parse(stdout).deployment as { resources: Array<{ urn: string; type: string; outputs?: Record<string, unknown> }> };
    const sizes = deployment.resources
      .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/texml:"))
      .map((r) => ({ resource: r.urn.split("::").pop(), type: r.type, providerBytes: Buffer.byteLength(String(r.outputs?.__provider ?? "")) }));
    console.log("__provider bytes per resource:", JSON.stringify(sizes));
    expect(sizes).toHaveLength(6); // 2 applications, 2 queues, the secret and its name's claim
    for (const size of sizes) expect(size.providerBytes).toBeLessThan(1024);
    const secret = deployment.resources.find((r) => r.type.endsWith(":Secret"));
    expect(JSON.stringify(secret?.outputs?.value)).toContain("ciphertext");
  });

  it("destroy leaves the emulator with nothing the stack created", async () => {
    await e2e.emulator.clearRequests();
    const destroy = await e2e.stack.destroy();
    allOutput.push(destroy.stdout, destroy.stderr);
    expect(await remoteState()).toEqual({ applications: [], queues: [] });
    const sent = writes(await loggedRequests(e2e.emulator)).map((r) => `${r.method} ${r.path.replace(/^\/texml_applications\/\d+$/, "/texml_applications/{id}")}`).sort();
    const queues = `/texml/Accounts/${e2e.emulator.accountSid}/Queues`;
    expect(sent).toEqual([`DELETE ${queues}/overflow`, `DELETE ${queues}/support-tier1`, "DELETE /texml_applications/{id}", "DELETE /texml_applications/{id}", "POST /texml/secrets"]);
    // The secret's name stays in the account (no delete endpoint) but no longer holds the value.
    expect(stripAnsi(destroy.stdout + destroy.stderr)).toContain("crm_token");
  });

  it("no command output ever contained the API key or a secret value", () => {
    const everything = allOutput.join("\n");
    expect(everything.length).toBeGreaterThan(1000);
    expect(everything).not.toContain(e2e.emulator.apiKey);
    expect(everything).not.toContain(SECRET_VALUE);
  });
});
