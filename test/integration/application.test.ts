import { describe, expect, it } from "vitest";
import { dispatch } from "../../provider/faces/dynamic/runtime";
import { useEmulator } from "../support/emulator-env";

const env = useEmulator();
const app = (method: string, ...args: unknown[]) => dispatch("Application", method, args) as Promise<any>;

/** The public API requests the emulator saw, as method, path and parsed body. */
async function requests() {
  const log = await env.emulator.requests();
  return log.map((r: { method: string; path: string; body: string; query?: unknown }) => ({
    method: r.method,
    path: r.path,
    body: r.body ? JSON.parse(r.body) : undefined,
  }));
}

describe("Application against the emulator", () => {
  const inputs = { friendlyName: "support-line", voiceUrl: "https://voice.example.com/texml", inbound: { channelLimit: 10 } };

  it("creates with one POST of the snake_case body and returns the settled values", async () => {
    const created = await app("create", inputs);
    expect(await requests()).toEqual([
      {
        method: "POST",
        path: "/texml_applications",
        body: { friendly_name: "support-line", voice_url: "https://voice.example.com/texml", inbound: { channel_limit: 10 } },
      },
    ]);
    expect(created.id).toMatch(/^\d+$/);
    expect(created.outs).toMatchObject({
      friendlyName: "support-line",
      voiceUrl: "https://voice.example.com/texml",
      voiceMethod: "post",
      inbound: { channelLimit: 10 },
    });
    expect(created.outs.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(created.outs.__declared).toEqual(["friendlyName", "inbound.channelLimit", "voiceUrl"]);
  });

  it("resets a field removed from the program to Telnyx's default, and takes an explicit null", async () => {
    const full = {
      ...inputs,
      statusCallback: "https://voice.example.com/status",
      voiceMethod: "get",
      tags: ["a"],
      outbound: { channelLimit: 4 },
    };
    const created = await app("create", full);
    await env.emulator.clearRequests();
    const trimmed = { friendlyName: "support-line", voiceUrl: "https://voice.example.com/texml" };
    expect(await app("diff", created.id, created.outs, trimmed)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await app("update", created.id, created.outs, trimmed);
    expect(await requests()).toEqual([
      {
        method: "PATCH",
        path: `/texml_applications/${created.id}`,
        body: {
          friendly_name: "support-line",
          voice_url: "https://voice.example.com/texml",
          status_callback: null,
          voice_method: "post",
          tags: [],
          inbound: { channel_limit: null },
          outbound: { channel_limit: null },
        },
      },
    ]);
    expect(updated.outs).not.toHaveProperty("statusCallback");
    expect(updated.outs).toMatchObject({ voiceMethod: "post", tags: [], inbound: { shakenStirEnabled: false }, outbound: {} });
    expect(updated.outs.__declared).toEqual(["friendlyName", "voiceUrl"]);
    expect((await app("diff", created.id, updated.outs, trimmed)).changes).toBe(false);

    // null is the spec's "unset" for status_callback: declared explicitly it is sent and then matches.
    const withCallback = await app("update", created.id, updated.outs, { ...trimmed, statusCallback: "https://voice.example.com/s2" });
    await env.emulator.clearRequests();
    const cleared = { ...trimmed, statusCallback: null };
    expect((await app("diff", created.id, withCallback.outs, cleared)).changes).toBe(true);
    const afterNull = await app("update", created.id, withCallback.outs, cleared);
    expect((await requests())[0]!.body).toEqual({
      friendly_name: "support-line",
      voice_url: "https://voice.example.com/texml",
      status_callback: null,
    });
    expect(afterNull.outs).not.toHaveProperty("statusCallback");
    expect((await app("diff", created.id, afterNull.outs, cleared)).changes).toBe(false);
    expect((await app("check", {}, cleared)).failures).toEqual([]);
  });

  it("a refresh of a deleted application drops it; reading one the state never held is an error", async () => {
    const created = await app("create", inputs);
    await app("delete", created.id, created.outs);
    expect(await app("read", created.id, created.outs)).toEqual({ id: undefined, props: {} });
    await expect(app("read", created.id, { __provider: "text" })).rejects.toThrow(
      `TeXML application ${created.id} does not exist: Telnyx has no application with that id`,
    );
  });

  it("shows no diff for server defaults, then updates one field with one PATCH carrying the required fields", async () => {
    const created = await app("create", inputs);
    expect((await app("diff", created.id, created.outs, inputs)).changes).toBe(false);
    await env.emulator.clearRequests();
    const changed = { ...inputs, voiceUrl: "https://voice.example.com/v2" };
    expect((await app("diff", created.id, created.outs, changed)).changes).toBe(true);
    const updated = await app("update", created.id, created.outs, changed);
    expect(await requests()).toEqual([
      {
        method: "PATCH",
        path: `/texml_applications/${created.id}`,
        body: { friendly_name: "support-line", voice_url: "https://voice.example.com/v2", inbound: { channel_limit: 10 } },
      },
    ]);
    expect(updated.outs.voiceUrl).toBe("https://voice.example.com/v2");
  });

  it("refresh reports drift as the declared inputs now on the server", async () => {
    const created = await app("create", inputs);
    await patchDirectly(created.id, {
      friendly_name: "support-line",
      voice_url: "https://portal.example.com/changed",
      voice_method: "get",
    });
    const read = await app("read", created.id, created.outs);
    expect(read.id).toBe(created.id);
    expect(read.inputs).toEqual({
      friendlyName: "support-line",
      voiceUrl: "https://portal.example.com/changed",
      inbound: { channelLimit: 10 },
    });
    expect(read.props.voiceMethod).toBe("get");
    expect((await app("diff", created.id, read.props, inputs)).changes).toBe(true);
  });

  it("imports an existing application with only the non-default fields as inputs", async () => {
    const created = await app("create", { friendlyName: "legacy", voiceUrl: "https://old.example.com/texml", statusCallbackMethod: "get" });
    const read = await app("read", created.id, {});
    expect(read.inputs).toEqual({ friendlyName: "legacy", voiceUrl: "https://old.example.com/texml", statusCallbackMethod: "get" });
  });

  it("tells the engine a deleted application is gone, and treats a 404 on delete as done", async () => {
    const created = await app("create", inputs);
    await app("delete", created.id, created.outs);
    expect((await app("read", created.id, created.outs)).id).toBeUndefined();
    await expect(app("delete", created.id, created.outs)).resolves.toBeUndefined();
    const log = await requests();
    expect(log.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /texml_applications",
      `DELETE /texml_applications/${created.id}`,
      `GET /texml_applications/${created.id}`,
      `DELETE /texml_applications/${created.id}`,
    ]);
  });

  it("surfaces the API's validation error with code, pointer, method and path", async () => {
    const error = await app("create", {
      friendlyName: "x",
      voiceUrl: "https://ok.example.com",
      outbound: { outboundVoiceProfileId: "not-numeric" },
    }).catch((e: unknown) => e);
    // Check runs before create in a real deployment; this asserts the API path when it doesn't.
    expect(error).toMatchObject({ name: "TelnyxApiError", method: "POST", path: "/texml_applications" });
  });

  it("adopts the application when the connection drops after the server applied the create", async () => {
    await env.emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "drop", when: "after" }, times: 1 });
    const created = await app("create", inputs);
    const log = await requests();
    expect(log.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /texml_applications", "GET /texml_applications"]);
    const state = await listApplications();
    expect(state).toHaveLength(1);
    expect(state[0]?.id).toBe(created.id);
  });

  it("creates again when the connection dropped before the server applied anything", async () => {
    await env.emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "drop", when: "before" }, times: 1 });
    const created = await app("create", inputs);
    expect((await listApplications()).map((a) => a.id)).toEqual([created.id]);
  });

  it("retries reads through 503s and 429s", async () => {
    const created = await app("create", inputs);
    await env.emulator.addFault({ method: "GET", path: "^/texml_applications/", action: { type: "status", status: 503 }, times: 2 });
    await env.emulator.addFault({
      method: "GET",
      path: "^/texml_applications/",
      action: { type: "status", status: 429, retryAfter: 0 },
      times: 1,
    });
    expect((await app("read", created.id, created.outs)).id).toBe(created.id);
  });

  it("import: check reads and verifies the application, create reads and verifies it again and adopts it without any write", async () => {
    const existing = await app("create", { friendlyName: "legacy", voiceUrl: "https://old.example.com/texml" });
    await env.emulator.clearRequests();
    const declared = { friendlyName: "legacy", voiceUrl: "https://old.example.com/texml", __importId: existing.id };
    const checked = await app("check", {}, declared);
    expect(checked.failures).toEqual([]);
    const adopted = await app("create", checked.inputs);
    const read = { method: "GET", path: `/texml_applications/${existing.id}`, body: undefined };
    expect(await requests()).toEqual([read, read]);
    expect(adopted.id).toBe(existing.id);
    expect(adopted.outs).toMatchObject({
      friendlyName: "legacy",
      voiceUrl: "https://old.example.com/texml",
      createdAt: existing.outs.createdAt,
    });
  });

  it("import: an application changed between check and create is not adopted: create fails naming the property and both values", async () => {
    const existing = await app("create", { friendlyName: "legacy", voiceUrl: "https://old.example.com/texml" });
    const checked = await app("check", {}, { friendlyName: "legacy", voiceUrl: "https://old.example.com/texml", __importId: existing.id });
    expect(checked.failures).toEqual([]);
    await patchDirectly(existing.id, { friendly_name: "legacy", voice_url: "https://changed.example.com/texml" });
    await env.emulator.clearRequests();
    await expect(app("create", checked.inputs)).rejects.toThrow(
      `cannot import application ${existing.id}: voiceUrl does not match the application being imported ("https://old.example.com/texml" declared, "https://changed.example.com/texml" in Telnyx); declare what Telnyx has, import, then change it in a later update`,
    );
    expect((await requests()).map((r) => `${r.method} ${r.path}`)).toEqual([`GET /texml_applications/${existing.id}`]);
  });

  it("import: a declared value that differs from the application fails check, naming the property and both values", async () => {
    const existing = await app("create", { friendlyName: "legacy", voiceUrl: "https://old.example.com/texml" });
    const checked = await app("check", {}, { friendlyName: "legacy", voiceUrl: "https://new.example.com/texml", __importId: existing.id });
    expect(checked.failures).toEqual([
      {
        property: "voiceUrl",
        reason:
          'does not match the application being imported ("https://new.example.com/texml" declared, "https://old.example.com/texml" in Telnyx); declare what Telnyx has, import, then change it in a later update',
      },
    ]);
  });
});

async function patchDirectly(id: string, body: Record<string, unknown>) {
  const res = await fetch(`${env.emulator.baseUrl}/texml_applications/${id}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${env.emulator.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

async function listApplications(): Promise<{ id: string }[]> {
  const res = await fetch(`${env.emulator.baseUrl}/texml_applications`, { headers: { authorization: `Bearer ${env.emulator.apiKey}` } });
  return ((await res.json()) as { data: { id: string }[] }).data;
}
