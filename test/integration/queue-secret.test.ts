import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startEmulator } from "../../emulator";
import { dispatch } from "../../provider/faces/dynamic/runtime";
import { useEmulator } from "../support/emulator-env";

const queue = (method: string, ...args: unknown[]) => dispatch("Queue", method, args) as Promise<any>;
const secret = (method: string, ...args: unknown[]) => dispatch("Secret", method, args) as Promise<any>;
const secretName = (method: string, ...args: unknown[]) => dispatch("SecretName", method, args) as Promise<any>;

type Env = ReturnType<typeof useEmulator>;
type Emulator = Awaited<ReturnType<typeof startEmulator>>;

async function log(env: Env) {
  return (await env.emulator.requests()).map((r: { method: string; path: string; body: string; contentType?: string }) => ({
    method: r.method,
    path: r.path,
    body: r.body,
    contentType: r.contentType,
  }));
}

// Telnyx may name a queue's sid after it or generate one (the spec's own example): the provider must work with both.
for (const queueSids of ["name", "generated"] as const)
  describe(`Queue against the emulator (queue sids: ${queueSids})`, () => {
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
        {
          method: "POST",
          path: `/texml/Accounts/${account}/Queues`,
          body: "FriendlyName=support&MaxSize=10",
          contentType: "application/x-www-form-urlencoded",
        },
        {
          method: "POST",
          path: `/texml/Accounts/${account}/Queues/${sid}`,
          body: "MaxSize=20",
          contentType: "application/x-www-form-urlencoded",
        },
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
      expect(await queue("diff", created.id, created.outs, { name: "cased", accountSid: account.toUpperCase() })).toEqual({
        changes: false,
        replaces: [],
        deleteBeforeReplace: false,
      });
      expect(await queue("diff", created.id, created.outs, { name: "cased", accountSid: "9e71926f-8f13-450e-b91c-23c2ef786aa6" })).toEqual({
        changes: true,
        replaces: ["accountSid"],
        deleteBeforeReplace: false,
      });
    });

    it("resets a removed maxSize to the default of 100, and only when it differs", async () => {
      const account = env.emulator.accountSid;
      const created = await queue("create", { name: "sized", maxSize: 7, accountSid: account });
      const withoutSize = { name: "sized", accountSid: account };
      expect(await queue("diff", created.id, created.outs, withoutSize)).toEqual({
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
      });
      const updated = await queue("update", created.id, created.outs, withoutSize);
      expect(updated.outs.maxSize).toBe(100);
      expect(await queue("diff", created.id, updated.outs, withoutSize)).toEqual({
        changes: false,
        replaces: [],
        deleteBeforeReplace: false,
      });
      expect((await log(env)).at(-1)).toEqual({
        method: "POST",
        path: `/texml/Accounts/${account}/Queues/${sidOf("sized", created)}`,
        body: "MaxSize=100",
        contentType: "application/x-www-form-urlencoded",
      });
    });
  });

describe("Secret against the emulator", () => {
  const env = useEmulator();
  /** Warnings the provider shows (outside the engine, `pulumi.log.warn` writes them with `console.warn`). */
  let warnings: string[];
  beforeEach(() => {
    warnings = [];
    vi.spyOn(console, "warn").mockImplementation(
      (message: unknown) => void warnings.push(String(message).replace(/^warning: \[runtime\] /, "")),
    );
  });
  afterEach(() => vi.restoreAllMocks());
  /** Sets a secret as someone outside the stack would (or an earlier deployment did). */
  const setOutside = async (name: string, value: string) => {
    const response = await fetch(`${env.emulator.baseUrl}/texml/secrets`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.emulator.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name, value }),
    });
    expect(response.status).toBe(201);
    await env.emulator.clearRequests();
  };

  it("upserts with JSON and rotates in place; changing only retireOnDelete sends nothing; never logs the value", async () => {
    const created = await secret("create", { name: "crm_token", value: "s3cr3t-value-1" });
    expect(created).toEqual({ id: "crm_token", outs: { name: "crm_token", value: "s3cr3t-value-1", retireOnDelete: false } });
    const rotated = await secret("update", "crm_token", created.outs, { name: "crm_token", value: "s3cr3t-value-2" });
    expect(await env.emulator.secretMatches("crm_token", "s3cr3t-value-2")).toBe(true);
    const optedIn = await secret("update", "crm_token", rotated.outs, { name: "crm_token", value: "s3cr3t-value-2", retireOnDelete: true });
    expect(optedIn.outs).toEqual({ name: "crm_token", value: "s3cr3t-value-2", retireOnDelete: true });
    const optedOut = await secret("update", "crm_token", optedIn.outs, { name: "crm_token", value: "s3cr3t-value-2" });
    expect(optedOut.outs).toEqual({ name: "crm_token", value: "s3cr3t-value-2", retireOnDelete: false });
    const entries = await log(env);
    expect(entries.map((r) => `${r.method} ${r.path} ${r.contentType}`)).toEqual([
      "POST /texml/secrets application/json",
      "POST /texml/secrets application/json",
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/s3cr3t-value/);
    expect(JSON.stringify(await env.emulator.state())).not.toMatch(/s3cr3t-value/);
  });

  it("deleting writes nothing by default and warns that the value remains, and how to neutralise it", async () => {
    await setOutside("kept_token", "stack-value");
    await secret("delete", "kept_token", { name: "kept_token", value: "stack-value", retireOnDelete: false });
    // State written before retireOnDelete existed holds no such output: the same.
    await secret("delete", "kept_token", { name: "kept_token", value: "stack-value" });
    expect(await log(env)).toEqual([]);
    expect(await env.emulator.secretMatches("kept_token", "stack-value")).toBe(true);
    const remains =
      'texml.Secret "kept_token": its value remains in the Telnyx account. Telnyx cannot delete a secret, and without `retireOnDelete: true` the stack never overwrites one. ' +
      'To neutralise the value, set a new one for "kept_token" outside the stack, or declare the secret with `retireOnDelete: true`, run `pulumi up`, then remove it.';
    expect(warnings).toEqual([remains, remains]);
  });

  it("with retireOnDelete, deleting overwrites the value with 32 random bytes and says the name remains", async () => {
    // The state of an earlier deployment (another provider process): nothing of this one declared the name.
    await setOutside("retired_token", "stack-value");
    const before = (await env.emulator.state()).secrets.find((s) => s.name === "retired_token")!.valueHmac;
    await secret("delete", "retired_token", { name: "retired_token", value: "stack-value", retireOnDelete: true });
    const requests = await env.emulator.requests();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /texml/secrets"]);
    expect(await env.emulator.secretMatches("retired_token", "stack-value")).toBe(false);
    expect((await env.emulator.state()).secrets.find((s) => s.name === "retired_token")!.valueHmac).not.toBe(before);
    expect(warnings).toEqual([
      'texml.Secret "retired_token": retireOnDelete is set, so its value was overwritten with 32 random bytes (Telnyx cannot delete a secret); the name itself remains in the Telnyx account.',
    ]);
  });

  it("with retireOnDelete, a name another resource of this deployment declared or wrote is not retired", async () => {
    await setOutside("moved_token", "stack-value");
    // A rename without an alias, or a move: the new resource's inputs are checked before the old one is deleted.
    expect((await secret("check", {}, { name: "moved_token", value: "stack-value", retireOnDelete: true })).failures).toEqual([]);
    await secret("delete", "moved_token", { name: "moved_token", value: "stack-value", retireOnDelete: true });
    // `--replace` of a resource that keeps its name: the replacement is created before the old one is deleted.
    const replacement = await secret("create", { name: "replaced_token", value: "stack-value-2", retireOnDelete: true });
    await secret("delete", "replaced_token", { ...replacement.outs, value: "stack-value-1" });
    expect((await log(env)).map((r) => `${r.method} ${r.path}`)).toEqual(["POST /texml/secrets"]);
    expect(await env.emulator.secretMatches("moved_token", "stack-value")).toBe(true);
    expect(await env.emulator.secretMatches("replaced_token", "stack-value-2")).toBe(true);
    const held = (name: string) =>
      `texml.Secret "${name}": not retired although retireOnDelete is set, because another resource of this stack declared the name in this deployment (a rename without an alias, a move or a replacement); its value remains in the Telnyx account.`;
    expect(warnings).toEqual([held("moved_token"), held("replaced_token")]);
  });

  it("a name claim (texml:SecretName) left in state by earlier versions is deleted without a write, and is never created again", async () => {
    await setOutside("legacy_token", "set-outside");
    await secretName("delete", "legacy_token", { name: "legacy_token" });
    expect(await log(env)).toEqual([]);
    expect(await env.emulator.secretMatches("legacy_token", "set-outside")).toBe(true);
    expect(warnings).toEqual([]);
    await expect(secretName("create", { name: "legacy_token" })).rejects.toThrow(
      "texml:SecretName is no longer created: a texml.Secret needs no claim on its name",
    );
    expect(await log(env)).toEqual([]);
  });

  it("refuses import at check, with what to do instead", async () => {
    await expect(secret("check", {}, { name: "held", value: "v", __importId: "held" })).rejects.toThrow(
      'texml.Secret "held" cannot be imported: Telnyx has no endpoint to read a secret, so there is nothing to adopt or verify. Remove the `import` option and declare the secret with its value: `pulumi up` then sets it (an existing name has its value replaced).',
    );
    expect(await log(env)).toEqual([]);
  });
});

describe("secret digests in the emulator's data file", () => {
  const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "texml-secret-digests-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const setSecret = async (emulator: Emulator, name: string, value: string) => {
    const response = await fetch(`${emulator.baseUrl}/texml/secrets`, {
      method: "POST",
      headers: { authorization: `Bearer ${emulator.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name, value }),
    });
    expect(response.status).toBe(201);
  };

  it("are HMAC-SHA256 under a random key per file: no bare SHA-256, a different digest in each file, and checkable after a restart", async () => {
    const files = [path.join(dir, "a.json"), path.join(dir, "b.json")];
    const digests: string[] = [];
    for (const dataFile of files) {
      const emulator = await startEmulator({ dataFile, webhookDispatch: false });
      await setSecret(emulator, "crm_token", "password1");
      digests.push((await emulator.state()).secrets[0]!.valueHmac);
      await emulator.close();
      const saved = readFileSync(dataFile, "utf8");
      expect(saved).not.toContain("password1");
      expect(saved).not.toContain(sha256("password1"));
      expect(JSON.parse(saved)).toMatchObject({ format: 2, secretDigestKey: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/) });
    }
    expect(digests[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(digests[1]).not.toBe(digests[0]);
    expect(digests).not.toContain(sha256("password1"));
    const restarted = await startEmulator({ dataFile: files[0], webhookDispatch: false });
    expect(await restarted.secretMatches("crm_token", "password1")).toBe(true);
    expect(await restarted.secretMatches("crm_token", "password2")).toBe(false);
    expect(await restarted.secretMatches("other_token", "password1")).toBe(false);
    expect((await restarted.state()).secrets[0]!.valueHmac).toBe(digests[0]);
    await restarted.close();
  });

  it("are converted from a format 1 file's bare SHA-256, which the next save drops", async () => {
    const dataFile = path.join(dir, "old.json");
    const record = { name: "crm_token", valueSha256: sha256("password1"), createdMs: 1_700_000_000_000, updatedMs: 1_700_000_000_000 };
    const empty = {
      idCursor: "1293384261075731499",
      applications: [],
      calls: [],
      conferences: [],
      participants: [],
      recordings: [],
      transcriptions: [],
      queues: [],
      streams: [],
      siprec: [],
    };
    writeFileSync(
      dataFile,
      JSON.stringify({
        format: 1,
        accountSid: "acct-old",
        signingSeed: Buffer.alloc(32, 1).toString("base64"),
        state: { ...empty, secrets: [record] },
      }),
    );
    const emulator = await startEmulator({ dataFile, webhookDispatch: false });
    expect(await emulator.secretMatches("crm_token", "password1")).toBe(true);
    const [converted] = (await emulator.state()).secrets;
    expect(converted).toEqual({
      name: "crm_token",
      valueHmac: expect.stringMatching(/^[0-9a-f]{64}$/),
      createdMs: 1_700_000_000_000,
      updatedMs: 1_700_000_000_000,
    });
    await emulator.close();
    const saved = readFileSync(dataFile, "utf8");
    expect(JSON.parse(saved).format).toBe(2);
    expect(saved).not.toContain(sha256("password1"));
    const again = await startEmulator({ dataFile, webhookDispatch: false });
    expect(await again.secretMatches("crm_token", "password1")).toBe(true);
    await again.close();
  });
});
