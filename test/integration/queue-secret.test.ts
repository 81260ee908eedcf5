import { describe, expect, it } from "vitest";
import { dispatch } from "../../provider/resources/runtime";
import { useEmulator } from "../support/emulator-env";

const env = useEmulator();
const queue = (method: string, ...args: unknown[]) => dispatch("Queue", method, args) as Promise<any>;
const secret = (method: string, ...args: unknown[]) => dispatch("Secret", method, args) as Promise<any>;

async function log() {
  return (await env.emulator.requests()).map((r: { method: string; path: string; body: string; contentType?: string }) => ({ method: r.method, path: r.path, body: r.body, contentType: r.contentType }));
}

describe("Queue against the emulator", () => {
  it("creates with a form-urlencoded POST, updates maxSize in place, deletes with 204", async () => {
    const { inputs } = await queue("check", {}, { name: "support", maxSize: 10 });
    const account = env.emulator.accountSid;
    expect(inputs).toEqual({ name: "support", maxSize: 10, accountSid: account });
    const created = await queue("create", inputs);
    expect(created.id).toBe("support");
    expect(created.outs).toMatchObject({ name: "support", sid: "support", accountSid: account, maxSize: 10, currentSize: 0 });
    expect(created.outs.dateCreated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);

    const updated = await queue("update", created.id, created.outs, { ...inputs, maxSize: 20 });
    expect(updated.outs.maxSize).toBe(20);
    await queue("delete", created.id, updated.outs);
    expect(await log()).toEqual([
      { method: "POST", path: `/texml/Accounts/${account}/Queues`, body: "FriendlyName=support&MaxSize=10", contentType: "application/x-www-form-urlencoded" },
      { method: "POST", path: `/texml/Accounts/${account}/Queues/support`, body: "MaxSize=20", contentType: "application/x-www-form-urlencoded" },
      { method: "DELETE", path: `/texml/Accounts/${account}/Queues/support`, body: "", contentType: undefined },
    ]);
    await expect(queue("delete", created.id, updated.outs)).resolves.toBeUndefined();
    expect((await queue("read", created.id, updated.outs)).id).toBeUndefined();
  });

  it("imports by sid or account/sid", async () => {
    const account = env.emulator.accountSid;
    await queue("create", { name: "sales", maxSize: 7, accountSid: account });
    const byPath = await queue("read", `${account}/sales`, {});
    expect(byPath.inputs).toEqual({ name: "sales", accountSid: account, maxSize: 7 });
    const bySid = await queue("read", "sales", {});
    expect(bySid.props).toMatchObject({ sid: "sales", accountSid: account, maxSize: 7 });
  });

  it("adopts the queue when the create's answer was lost", async () => {
    const account = env.emulator.accountSid;
    await env.emulator.addFault({ method: "POST", path: "/Queues$", action: { type: "drop", when: "after" }, times: 1 });
    const created = await queue("create", { name: "overflow", maxSize: 3, accountSid: account });
    expect(created.id).toBe("overflow");
    expect((await log()).map((r) => `${r.method} ${r.path}`)).toEqual([`POST /texml/Accounts/${account}/Queues`, `GET /texml/Accounts/${account}/Queues/overflow`]);
  });
});

describe("Secret against the emulator", () => {
  it("upserts with JSON, rotates in place, overwrites on delete, and never logs the value", async () => {
    const created = await secret("create", { name: "crm_token", value: "s3cr3t-value-1" });
    expect(created).toEqual({ id: "crm_token", outs: { name: "crm_token", value: "s3cr3t-value-1" } });
    await secret("update", "crm_token", created.outs, { name: "crm_token", value: "s3cr3t-value-2" });
    await secret("delete", "crm_token", { name: "crm_token", value: "s3cr3t-value-2" });
    const entries = await log();
    expect(entries.map((r) => `${r.method} ${r.path} ${r.contentType}`)).toEqual([
      "POST /texml/secrets application/json",
      "POST /texml/secrets application/json",
      "POST /texml/secrets application/json",
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/s3cr3t-value/);
    const state = JSON.stringify(await env.emulator.state());
    expect(state).not.toMatch(/s3cr3t-value/);
  });
});
