// The provider plugin's gRPC service (provider/faces/plugin/server.ts), called as the engine calls it,
// against the emulator: the settings `Configure` receives reach the client, and each operation
// answers as the kinds' own providers decide (validation naming the property, detailed diffs of
// declared inputs only, resets, replacements, imports and their refusal, lookups).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { empty, provider as pb, struct } from "../../provider/faces/plugin/grpc";
import { version } from "../../provider/version";
import { startPlugin, type PluginClient } from "./plugin-client";

type Props = Record<string, unknown>;
type Msg = InstanceType<typeof pb.CheckResponse>;

let emulator: EmulatorHandle;
let plugin: PluginClient;
const savedEnv: Record<string, string | undefined> = {};

const s = (value: Props) => struct.Struct.fromJavaScript(value as never);
const urn = (type: string, name: string) => `urn:pulumi:dev::proj::telnyx-texml:index:${type}::${name}`;
const APP = "telnyx-texml:index:Application";
const QUEUE = "telnyx-texml:index:Queue";
const SECRET = "telnyx-texml:index:Secret";

function configure(settings: Props) {
  return plugin.call("configure", new pb.ConfigureRequest().setArgs(s(settings)).setAcceptsecrets(true));
}

async function check(type: string, news: Props, olds: Props = {}) {
  const response = await plugin.call<Msg>(
    "check",
    new pb.CheckRequest()
      .setType(type)
      .setUrn(urn(type.split(":")[2]!, "r"))
      .setOlds(s(olds))
      .setNews(s(news)),
  );
  return {
    inputs: response.getInputs()?.toJavaScript() as Props,
    failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
  };
}

async function create(type: string, inputs: Props) {
  const response = await plugin.call<InstanceType<typeof pb.CreateResponse>>(
    "create",
    new pb.CreateRequest()
      .setType(type)
      .setUrn(urn(type.split(":")[2]!, "r"))
      .setProperties(s(inputs)),
  );
  return { id: response.getId(), outs: response.getProperties()?.toJavaScript() as Props };
}

async function diff(type: string, id: string, olds: Props, news: Props, oldInputs: Props) {
  const response = await plugin.call<InstanceType<typeof pb.DiffResponse>>(
    "diff",
    new pb.DiffRequest()
      .setType(type)
      .setUrn(urn(type.split(":")[2]!, "r"))
      .setId(id)
      .setOlds(s(olds))
      .setNews(s(news))
      .setOldInputs(s(oldInputs)),
  );
  const detailed: Record<string, number> = {};
  response.getDetaileddiffMap().forEach((value, key) => {
    detailed[key] = value.getKind();
  });
  return {
    changes: response.getChanges(),
    replaces: response.getReplacesList(),
    diffs: response.getDiffsList(),
    detailed,
    hasDetailed: response.getHasdetaileddiff(),
  };
}

async function read(type: string, name: string, id: string, properties: Props = {}, inputs: Props = {}) {
  const response = await plugin.call<InstanceType<typeof pb.ReadResponse>>(
    "read",
    new pb.ReadRequest()
      .setType(type)
      .setUrn(urn(type.split(":")[2]!, name))
      .setId(id)
      .setProperties(s(properties))
      .setInputs(s(inputs)),
  );
  return {
    id: response.getId(),
    props: response.getProperties()?.toJavaScript() as Props,
    inputs: response.getInputs()?.toJavaScript() as Props,
  };
}

const requestLines = async () => (await emulator.requests()).map((r) => `${r.method} ${r.path}`);

beforeAll(async () => {
  // Only what `Configure` hands over may configure the client.
  for (const key of ["TELNYX_API_KEY", "TELNYX_ACCOUNT_SID", "TELNYX_BASE_URL"]) {
    savedEnv[key] = process.env[key];
    delete process.env[key];
  }
  emulator = await startEmulator({ port: 0, webhookDispatch: false });
  plugin = await startPlugin();
  await configure({ apiKey: emulator.apiKey, accountSid: emulator.accountSid, baseUrl: emulator.baseUrl });
});

afterAll(async () => {
  await plugin?.close();
  await emulator?.close();
  for (const [key, value] of Object.entries(savedEnv)) if (value !== undefined) process.env[key] = value;
});

beforeEach(async () => {
  await emulator.clearRequests();
});

describe("the provider plugin's service", () => {
  it("creates with the settings Configure received (telnyx-texml:apiKey, accountSid, baseUrl)", async () => {
    const { id, outs } = await create(APP, { friendlyName: "support-line", voiceUrl: "https://voice.example.com/a" });
    expect(outs).toMatchObject({
      friendlyName: "support-line",
      voiceUrl: "https://voice.example.com/a",
      voiceMethod: "post",
      __declared: ["friendlyName", "voiceUrl"],
    });
    expect(await requestLines()).toEqual(["POST /texml_applications"]);
    const queue = await create(QUEUE, (await check(QUEUE, { name: "support" })).inputs);
    expect(queue.id).toBe("support");
    expect(await requestLines()).toContain(`POST /texml/Accounts/${emulator.accountSid}/Queues`);
    expect(id).toMatch(/^\d+$/);
  });

  it("reads the settings from Configure's variables when it has no args", async () => {
    const variables = new pb.ConfigureRequest();
    variables
      .getVariablesMap()
      .set("telnyx-texml:config:apiKey", emulator.apiKey)
      .set("telnyx-texml:config:baseUrl", emulator.baseUrl)
      .set("telnyx-texml:config:accountSid", emulator.accountSid);
    await plugin.call("configure", variables);
    await create(APP, { friendlyName: "via-variables", voiceUrl: "https://voice.example.com/v" });
    expect(await requestLines()).toEqual(["POST /texml_applications"]);
    try {
      await configure({ apiKey: "KEY-wrong", baseUrl: emulator.baseUrl });
      await expect(create(APP, { friendlyName: "wrong-key", voiceUrl: "https://voice.example.com/w" })).rejects.toThrow(
        /Telnyx refused the API key \(401\) on POST \/texml_applications: .*Check telnyx-texml:apiKey \(`pulumi config set --secret telnyx-texml:apiKey <key>`\) or TELNYX_API_KEY\.$/,
      );
    } finally {
      await configure({ apiKey: emulator.apiKey, accountSid: emulator.accountSid, baseUrl: emulator.baseUrl });
    }
  });

  it("fails Check naming the property and the rule, without a request", async () => {
    const { failures } = await check(APP, { friendlyName: "x", voiceUrl: "not-a-url", inbound: { channelLimit: 0 }, colour: "red" });
    expect(failures).toEqual([
      { property: "voiceUrl", reason: "must be an absolute http(s) URL" },
      { property: "inbound.channelLimit", reason: "must be at least 1" },
      { property: "colour", reason: "is not a property of this resource" },
    ]);
    expect(await requestLines()).toEqual([]);
  });

  it("does not judge values the engine does not know yet (preview)", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect((await check(APP, { friendlyName: "later", voiceUrl: unknown })).failures).toEqual([]);
    expect((await check(APP, { friendlyName: "later", voiceUrl: unknown, voiceMethod: "put" })).failures).toEqual([
      { property: "voiceMethod", reason: 'must be one of "get", "post"' },
    ]);
  });

  it("diffs declared inputs only, in a detailed diff: changes, resets of removed fields, replacements", async () => {
    const declared = { friendlyName: "diff-line", voiceUrl: "https://voice.example.com/a", voiceMethod: "get" };
    const { id, outs } = await create(APP, declared);
    expect(await diff(APP, id, outs, declared, declared)).toEqual({
      changes: pb.DiffResponse.DiffChanges.DIFF_NONE,
      replaces: [],
      diffs: [],
      detailed: {},
      hasDetailed: true,
    });

    const edited = await diff(APP, id, outs, { friendlyName: "diff-line", voiceUrl: "https://voice.example.com/b" }, declared);
    expect(edited).toEqual({
      changes: pb.DiffResponse.DiffChanges.DIFF_SOME,
      replaces: [],
      diffs: ["voiceUrl", "voiceMethod"],
      detailed: { voiceUrl: pb.PropertyDiff.Kind.UPDATE, voiceMethod: pb.PropertyDiff.Kind.DELETE },
      hasDetailed: true,
    });

    const queue = await create(QUEUE, { name: "diffq", accountSid: emulator.accountSid, maxSize: 5 });
    const renamed = await diff(
      QUEUE,
      queue.id,
      queue.outs,
      { name: "diffq-2", accountSid: emulator.accountSid, maxSize: 5 },
      { name: "diffq", accountSid: emulator.accountSid, maxSize: 5 },
    );
    expect(renamed).toMatchObject({ replaces: ["name"], diffs: ["name"], detailed: { name: pb.PropertyDiff.Kind.UPDATE_REPLACE } });
    // Account SIDs are compared without letter case, as on the dynamic face.
    const upper = await diff(
      QUEUE,
      queue.id,
      queue.outs,
      { name: "diffq", accountSid: emulator.accountSid.toUpperCase(), maxSize: 5 },
      { name: "diffq", accountSid: emulator.accountSid, maxSize: 5 },
    );
    expect(upper.changes).toBe(pb.DiffResponse.DiffChanges.DIFF_NONE);
  });

  it("updates with the removed field reset to Telnyx's default", async () => {
    const declared = { friendlyName: "reset-line", voiceUrl: "https://voice.example.com/a", voiceMethod: "get" };
    const { id, outs } = await create(APP, declared);
    await emulator.clearRequests();
    const news = { friendlyName: "reset-line", voiceUrl: "https://voice.example.com/a" };
    const response = await plugin.call<InstanceType<typeof pb.UpdateResponse>>(
      "update",
      new pb.UpdateRequest()
        .setType(APP)
        .setUrn(urn("Application", "r"))
        .setId(id)
        .setOlds(s(outs))
        .setNews(s(news))
        .setOldInputs(s(declared)),
    );
    expect(response.getProperties()?.toJavaScript()).toMatchObject({ voiceMethod: "post", __declared: ["friendlyName", "voiceUrl"] });
    const [patch] = await emulator.requests();
    expect(patch?.method).toBe("PATCH");
    expect(JSON.parse(patch!.body!)).toEqual({
      friendly_name: "reset-line",
      voice_url: "https://voice.example.com/a",
      voice_method: "post",
    });
  });

  it("imports with Read alone (no properties, no inputs): the inputs are the settings that differ from Telnyx's defaults", async () => {
    const { id } = await create(APP, { friendlyName: "legacy", voiceUrl: "https://voice.example.com/l", voiceMethod: "get" });
    await emulator.clearRequests();
    const imported = await read(APP, "legacy", id);
    expect(imported.id).toBe(id);
    expect(imported.inputs).toEqual({ friendlyName: "legacy", voiceUrl: "https://voice.example.com/l", voiceMethod: "get" });
    expect(await requestLines()).toEqual([`GET /texml_applications/${id}`]);
  });

  it("adopts with the import option only when the program declares what the object has (Check after the import's Read)", async () => {
    const { id } = await create(APP, { friendlyName: "adopt-me", voiceUrl: "https://voice.example.com/old", voiceMethod: "get" });
    const imported = await read(APP, "adopt", id);
    const checkImport = async (news: Props) => {
      const response = await plugin.call<Msg>(
        "check",
        new pb.CheckRequest().setType(APP).setUrn(urn("Application", "adopt")).setOlds(s(imported.inputs)).setNews(s(news)),
      );
      return response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
    };
    expect(await checkImport({ friendlyName: "adopt-me", voiceUrl: "https://voice.example.com/new" })).toEqual([
      {
        property: "voiceUrl",
        reason:
          'does not match the application being imported ("https://voice.example.com/new" declared, "https://voice.example.com/old" in Telnyx); declare what Telnyx has, import, then change it in a later update',
      },
      {
        property: "voiceMethod",
        reason:
          'is "get" in the application being imported, which differs from Telnyx\'s default: declare it as `pulumi import` prints it, or the next update would reset it',
      },
    ]);
    expect(await checkImport(imported.inputs)).toEqual([]);
    // Its diff then compares the declared inputs only: nothing to do.
    const adopted = await diff(APP, id, imported.props, imported.inputs, imported.inputs);
    expect(adopted.changes).toBe(pb.DiffResponse.DiffChanges.DIFF_NONE);
  });

  it("takes the record of declared inputs from the engine's old inputs, not the outputs' copy", async () => {
    const { id, outs } = await create(APP, { friendlyName: "record-line", voiceUrl: "https://voice.example.com/r", voiceMethod: "get" });
    const declared = { friendlyName: "record-line", voiceUrl: "https://voice.example.com/r" };
    // The outputs say voiceMethod was declared; the engine's inputs (what the program declared) say not.
    expect((await diff(APP, id, outs, declared, declared)).changes).toBe(pb.DiffResponse.DiffChanges.DIFF_NONE);
  });

  it("deletes a secret as the dynamic face does: no write unless retireOnDelete is set, and no retirement of a name this deployment declared again", async () => {
    const remove = (name: string, props: Props) =>
      plugin.call(
        "delete",
        new pb.DeleteRequest().setType(SECRET).setUrn(urn("Secret", name)).setId(String(props.name)).setProperties(s(props)),
      );
    await remove("kept", { name: "kept_token", value: "v0", retireOnDelete: false });
    expect(await requestLines()).toEqual([]);

    await remove("old", { name: "old_token", value: "v1", retireOnDelete: true });
    const [retire] = await emulator.requests();
    expect([retire?.method, retire?.path, JSON.parse(retire!.body!).name]).toEqual(["POST", "/texml/secrets", "old_token"]);
    expect(await emulator.secretMatches("old_token", "v1")).toBe(false);

    await create(SECRET, { name: "moved_token", value: "v2", retireOnDelete: true });
    await emulator.clearRequests();
    await remove("moved", { name: "moved_token", value: "v2", retireOnDelete: true });
    expect(await requestLines()).toEqual([]);
  });

  it("names the plugin's own settings when a queue has no account", async () => {
    try {
      await configure({ apiKey: emulator.apiKey, baseUrl: emulator.baseUrl });
      expect((await check(QUEUE, { name: "no-account" })).failures).toEqual([
        {
          property: "accountSid",
          reason: "is required: pass it, or set `pulumi config set telnyx-texml:accountSid <sid>` or TELNYX_ACCOUNT_SID",
        },
      ]);
    } finally {
      await configure({ apiKey: emulator.apiKey, accountSid: emulator.accountSid, baseUrl: emulator.baseUrl });
    }
  });

  it("refuses at Check a second Secret of a name another resource of the deployment declares, naming both", async () => {
    const checkAs = async (name: string, inputs: Props) => {
      const response = await plugin.call<Msg>(
        "check",
        new pb.CheckRequest().setType(SECRET).setUrn(urn("Secret", name)).setOlds(s({})).setNews(s(inputs)),
      );
      return response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
    };
    expect(await checkAs("first", { name: "shared_token", value: "a" })).toEqual([]);
    expect(await checkAs("first", { name: "shared_token", value: "a" })).toEqual([]);
    expect(await checkAs("second", { name: "shared_token", value: "b" })).toEqual([
      {
        property: "name",
        reason:
          'declares the secret name "shared_token", which first of this stack already declares. Two Secrets of one name would overwrite each other\'s value in Telnyx; declare each name once.',
      },
    ]);
    expect(await requestLines()).toEqual([]);
  });

  it("imports a queue by its sid in the configured account, with one GET", async () => {
    await create(QUEUE, { name: "imported-q", accountSid: emulator.accountSid, maxSize: 12 });
    await emulator.clearRequests();
    const imported = await read(QUEUE, "q", "imported-q");
    expect(imported.inputs).toEqual({ name: "imported-q", accountSid: emulator.accountSid, maxSize: 12 });
    expect(await requestLines()).toEqual([`GET /texml/Accounts/${emulator.accountSid}/Queues/imported-q`]);
  });

  it("refuses to import a secret, without a request", async () => {
    await expect(read(SECRET, "token", "crm_token")).rejects.toThrow(
      "texml.Secret cannot be imported: Telnyx has no endpoint to read a secret",
    );
    expect(await requestLines()).toEqual([]);
  });

  it("refreshes with the engine's inputs as the record of what was declared", async () => {
    const declared = { friendlyName: "refresh-line", voiceUrl: "https://voice.example.com/r" };
    const { id, outs } = await create(APP, declared);
    const refreshed = await read(APP, "refresh-line", id, outs, declared);
    expect(refreshed.inputs).toEqual(declared);
    // A resource Telnyx no longer has leaves the state: an empty id.
    await plugin.call("delete", new pb.DeleteRequest().setType(APP).setUrn(urn("Application", "r")).setId(id).setProperties(s(outs)));
    expect((await read(APP, "refresh-line", id, outs, declared)).id).toBe("");
  });

  it("serves the data lookups as functions", async () => {
    await create(APP, { friendlyName: "lookup-line", voiceUrl: "https://voice.example.com/x" });
    const response = await plugin.call<InstanceType<typeof pb.InvokeResponse>>(
      "invoke",
      new pb.InvokeRequest().setTok("telnyx-texml:index:getApplications").setArgs(s({ friendlyName: "lookup-line" })),
    );
    const result = response.getReturn()?.toJavaScript() as { applications: Array<{ friendlyName: string; voiceUrl: string }> };
    expect(result.applications.map((a) => [a.friendlyName, a.voiceUrl])).toEqual([["lookup-line", "https://voice.example.com/x"]]);
    await expect(plugin.call("invoke", new pb.InvokeRequest().setTok("telnyx-texml:index:getNothing").setArgs(s({})))).rejects.toThrow(
      'unknown function "telnyx-texml:index:getNothing"',
    );
  });

  it("checks the settings: an unusable baseUrl is named, the API key never quoted; a changed setting replaces nothing", async () => {
    const apiKey = "KEY0123456789SECRET";
    const checked = await plugin.call<Msg>(
      "checkConfig",
      new pb.CheckRequest().setNews(s({ apiKey, baseUrl: `ftp://${apiKey}@example.com` })),
    );
    const failures = checked.getFailuresList().map((f) => [f.getProperty(), f.getReason()]);
    expect(failures).toHaveLength(1);
    expect(failures[0]![0]).toBe("baseUrl");
    expect(failures[0]![1]).toContain("Invalid Telnyx base URL");
    expect(failures[0]![1]).not.toContain(apiKey);

    const changed = await plugin.call<InstanceType<typeof pb.DiffResponse>>(
      "diffConfig",
      new pb.DiffRequest().setOlds(s({ apiKey: "a", baseUrl: "https://x/v2" })).setNews(s({ apiKey: "b", baseUrl: "https://x/v2" })),
    );
    expect([changed.getChanges(), changed.getDiffsList(), changed.getReplacesList()]).toEqual([
      pb.DiffResponse.DiffChanges.DIFF_SOME,
      ["apiKey"],
      [],
    ]);
  });

  it("answers GetPluginInfo with the package version, and Cancel", async () => {
    const info = await plugin.call<{ getVersion(): string }>("getPluginInfo", new empty.Empty());
    expect(info.getVersion()).toBe(version);
    await expect(plugin.call("cancel", new empty.Empty())).resolves.toBeDefined();
  });
});
