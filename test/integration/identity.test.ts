// Identities that survive hand edits: a refresh treats an object as the stack's only when its
// id and its creation time both match the state. A queue's sid is freed when the queue is
// deleted, and where sids are names anyone who makes a queue of that name gets it again.
import { describe, expect, it } from "vitest";
import { dispatch } from "../../provider/faces/dynamic/runtime";
import { useEmulator } from "../support/emulator-env";

const queue = (method: string, ...args: unknown[]) => dispatch("Queue", method, args) as Promise<any>;
const app = (method: string, ...args: unknown[]) => dispatch("Application", method, args) as Promise<any>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("refresh: identity is the id and the creation time", () => {
  const env = useEmulator({ queueSids: "name" });
  const queueApi = (method: string, sid?: string, form?: Record<string, string>) =>
    fetch(`${env.emulator.baseUrl}/texml/Accounts/${env.emulator.accountSid}/Queues${sid ? `/${sid}` : ""}`, {
      method,
      headers: { authorization: `Bearer ${env.emulator.apiKey}`, ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });

  it("a queue deleted by hand and made again under the same sid by someone else reads as gone; without the hand edit it reads as ours", async () => {
    const created = await queue("create", { name: "support", maxSize: 5, accountSid: env.emulator.accountSid });
    expect((await queue("read", created.id, created.outs)).id).toBe("support");
    expect((await queueApi("DELETE", "support")).status).toBe(204);
    // Creation times have whole seconds.
    await sleep(1_100);
    expect((await queueApi("POST", undefined, { FriendlyName: "support", MaxSize: "5" })).status).toBe(200);
    const foreign = (await env.emulator.state()).queues[0]!;
    await env.emulator.clearRequests();
    expect(await queue("read", created.id, created.outs)).toEqual({ id: undefined, props: {} });
    expect((await env.emulator.requests()).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /texml/Accounts/${env.emulator.accountSid}/Queues/support`,
    ]);
    expect((await env.emulator.state()).queues).toEqual([foreign]);
  });

  it("delete, without a refresh first, leaves a queue that re-uses the sid alone; the stack's own queue it deletes after reading it", async () => {
    const account = env.emulator.accountSid;
    const created = await queue("create", { name: "support", maxSize: 5, accountSid: account });
    expect((await queueApi("DELETE", "support")).status).toBe(204);
    await sleep(1_100);
    expect((await queueApi("POST", undefined, { FriendlyName: "support", MaxSize: "5" })).status).toBe(200);
    const foreign = (await env.emulator.state()).queues;
    await env.emulator.clearRequests();
    await queue("delete", created.id, created.outs);
    expect((await env.emulator.requests()).map((r) => `${r.method} ${r.path}`)).toEqual([`GET /texml/Accounts/${account}/Queues/support`]);
    expect((await env.emulator.state()).queues).toEqual(foreign);

    const own = await queue("create", { name: "sales", accountSid: account });
    await env.emulator.clearRequests();
    await queue("delete", own.id, own.outs);
    expect((await env.emulator.requests()).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /texml/Accounts/${account}/Queues/sales`,
      `DELETE /texml/Accounts/${account}/Queues/sales`,
    ]);
    expect((await env.emulator.state()).queues).toEqual(foreign);
  });

  it("an application whose creation time differs from the state's reads as gone", async () => {
    const created = await app("create", { friendlyName: "line", voiceUrl: "https://voice.example.com/texml" });
    expect((await app("read", created.id, created.outs)).id).toBe(created.id);
    expect(await app("read", created.id, { ...created.outs, createdAt: "2020-01-01T00:00:00.000Z" })).toEqual({ id: undefined, props: {} });
    expect((await env.emulator.state()).applications.map((a) => a.wire.id)).toEqual([created.id]);
  });
});
