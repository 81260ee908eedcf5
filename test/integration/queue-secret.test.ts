import { describe, expect, it } from "vitest";
import { dispatch } from "../../provider/resources/runtime";
import { useEmulator } from "../support/emulator-env";

const queue = (method: string, ...args: unknown[]) => dispatch("Queue", method, args) as Promise<any>;
const secret = (method: string, ...args: unknown[]) => dispatch("Secret", method, args) as Promise<any>;
const secretName = (method: string, ...args: unknown[]) => dispatch("SecretName", method, args) as Promise<any>;

type Env = ReturnType<typeof useEmulator>;

async function log(env: Env) {
  return (await env.emulator.requests()).map((r: { method: string; path: string; body: string; contentType?: string }) => ({ method: r.method, path: r.path, body: r.body, contentType: r.contentType }));
}

// Telnyx may name a queue's sid after it or generate one (the spec's own example): the provider must work with both.
for (const queueSids of ["name", "generated"] as const) describe(`Queue against the emulator (queue sids: ${queueSids})`, () => {
  const env = useEmulator({ queueSids });
  const sidOf = (name: string, created: { id: string }) => (queueSids === "name" ? name : created.id);
  it("creates with a form-urlencoded POST, updates maxSize in place, deletes with 204", async () => {
    const { inputs } = await queue("check", {}, { name: "support", maxSize: 10 });
    const account = env.emulator.accountSid;
    expect(inputs).toEqual({ name: "support", maxSize: 10, accountSid: account });
    const created = await queue("create", inputs);
    const sid = sidOf("support", created);
    expect(created.id).toMatch(queueSids === "name" ? /^support$/ : /^QU[0-9a-f]{32}$/);
    expect(created.outs).toMatchObject({ name: "support", sid, accountSid: account, maxSize: 10, currentSize: 0 });
    expect(created.outs.dateCreated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);

    const updated = await queue("update", created.id, created.outs, { ...inputs, maxSize: 20 });
    expect(updated.outs.maxSize).toBe(20);
    await queue("delete", created.id, updated.outs);
    expect(await log(env)).toEqual([
      { method: "POST", path: `/texml/Accounts/${account}/Queues`, body: "FriendlyName=support&MaxSize=10", contentType: "application/x-www-form-urlencoded" },
      { method: "POST", path: `/texml/Accounts/${account}/Queues/${sid}`, body: "MaxSize=20", contentType: "application/x-www-form-urlencoded" },
      // Delete reads the queue first: it deletes only the queue whose creation time the state records.
      { method: "GET", path: `/texml/Accounts/${account}/Queues/${sid}`, body: "", contentType: undefined },
      { method: "DELETE", path: `/texml/Accounts/${account}/Queues/${sid}`, body: "", contentType: undefined },
    ]);
    await expect(queue("delete", created.id, updated.outs)).resolves.toBeUndefined();
    expect((await queue("read", created.id, updated.outs)).id).toBeUndefined();
    // `Queue.get` of a queue that does not exist: an error, not an empty resource.
    await expect(queue("read", created.id, {})).rejects.toThrow(`TeXML queue "${sid}" does not exist in account ${account}`);
  });

  it("imports by sid or account/sid", async () => {
    const account = env.emulator.accountSid;
    const sid = sidOf("sales", await queue("create", { name: "sales", maxSize: 7, accountSid: account }));
    // Without state, the name is unknown (Telnyx does not return it): the sid stands in.
    const byPath = await queue("read", `${account}/${sid}`, {});
    expect(byPath.inputs).toEqual({ name: sid, accountSid: account, maxSize: 7 });
    const bySid = await queue("read", sid, {});
    expect(bySid.props).toMatchObject({ sid, accountSid: account, maxSize: 7 });
  });

  it("compares the account SID without letter case, so it never replaces the queue", async () => {
    const account = env.emulator.accountSid;
    const created = await queue("create", { name: "cased", accountSid: account });
    expect(await queue("diff", created.id, created.outs, { name: "cased", accountSid: account.toUpperCase() })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(await queue("diff", created.id, created.outs, { name: "cased", accountSid: "9e71926f-8f13-450e-b91c-23c2ef786aa6" })).toEqual({ changes: true, replaces: ["accountSid"], deleteBeforeReplace: false });
  });

  it("resets a removed maxSize to the default of 100, and only when it differs", async () => {
    const account = env.emulator.accountSid;
    const created = await queue("create", { name: "sized", maxSize: 7, accountSid: account });
    const withoutSize = { name: "sized", accountSid: account };
    expect(await queue("diff", created.id, created.outs, withoutSize)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await queue("update", created.id, created.outs, withoutSize);
    expect(updated.outs.maxSize).toBe(100);
    expect(await queue("diff", created.id, updated.outs, withoutSize)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect((await log(env)).at(-1)).toEqual({ method: "POST", path: `/texml/Accounts/${account}/Queues/${sidOf("sized", created)}`, body: "MaxSize=100", contentType: "application/x-www-form-urlencoded" });
  });
});

describe("Secret against the emulator", () => {
  const env = useEmulator();
  it("upserts with JSON and rotates in place; deleting the resource leaves the value, retiring the name's claim overwrites it; never logs the value", async () => {
    const digest = async () => (await env.emulator.state()).secrets.find((s) => s.name === "crm_token")?.valueSha256;
    const created = await secret("create", { name: "crm_token", value: "s3cr3t-value-1" });
    expect(created).toEqual({ id: "crm_token", outs: { name: "crm_token", value: "s3cr3t-value-1" } });
    await secret("update", "crm_token", created.outs, { name: "crm_token", value: "s3cr3t-value-2" });
    const rotated = await digest();
    await secret("delete", "crm_token", { name: "crm_token", value: "s3cr3t-value-2" });
    expect(await digest()).toBe(rotated);
    const entries = await log(env);
    expect(entries.map((r) => `${r.method} ${r.path} ${r.contentType}`)).toEqual(["POST /texml/secrets application/json", "POST /texml/secrets application/json"]);
    expect(JSON.stringify(entries)).not.toMatch(/s3cr3t-value/);
    expect(JSON.stringify(await env.emulator.state())).not.toMatch(/s3cr3t-value/);
  });

  it("refuses import at check, with what to do instead", async () => {
    await expect(secret("check", {}, { name: "held", value: "v", __importId: "held" })).rejects.toThrow(
      'texml.Secret "held" cannot be imported: Telnyx has no endpoint to read a secret, so there is nothing to adopt or verify. Remove the `import` option and declare the secret with its value: `pulumi up` then sets it (an existing name has its value replaced).',
    );
    expect(await log(env)).toEqual([]);
  });

  it("the name's claim writes nothing when created, retires the value when deleted, and keeps a value this deployment has just set", async () => {
    const digest = async (name: string) => (await env.emulator.state()).secrets.find((s) => s.name === name)?.valueSha256;
    await fetch(`${env.emulator.baseUrl}/texml/secrets`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.emulator.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "legacy_token", value: "set-outside" }),
    });
    const before = await digest("legacy_token");
    await env.emulator.clearRequests();
    // (A claim created and deleted in one process is a replacement of the claim, which keeps the value; see below.)
    expect(await secretName("create", { name: "new_token" })).toEqual({ id: "new_token", outs: { name: "new_token" } });
    expect(await log(env)).toEqual([]);
    await secretName("delete", "legacy_token", { name: "legacy_token" });
    expect(await digest("legacy_token")).not.toBe(before);
    expect((await log(env)).map((r) => `${r.method} ${r.path}`)).toEqual(["POST /texml/secrets"]);

    await secret("create", { name: "moved_token", value: "s3cr3t-moved" });
    const set = await digest("moved_token");
    await secretName("delete", "moved_token", { name: "moved_token" });
    expect(await digest("moved_token")).toBe(set);
  });
});
