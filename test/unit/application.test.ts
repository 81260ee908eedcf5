import { describe, expect, it } from "vitest";
import { applicationProvider, applicationRequestBody, importedInputs, applicationOutputs } from "../../provider/kinds/application/api";
import { DYNAMIC_METHODS, providerModuleText } from "../../provider/faces/dynamic/serialized";
import { UNKNOWN } from "../../provider/kinds/validation";

const check = (news: Record<string, unknown>) => applicationProvider.check!({}, news);

describe("Application check", () => {
  it("accepts the minimal declaration and adds no defaults", async () => {
    const news = { friendlyName: "support", voiceUrl: "https://voice.example.com/texml" };
    expect(await check(news)).toEqual({ inputs: news, failures: [] });
  });

  it("names each bad property and the rule it breaks", async () => {
    const result = await check({
      voiceUrl: "not a url",
      voiceMethod: "put",
      statusCallback: "ftp://example.com/x",
      firstCommandTimeoutSecs: 2.5,
      inbound: { channelLimit: -1, sipSubdomainReceiveSettings: "everyone" },
      outbound: { outboundVoiceProfileId: "abc" },
      tags: ["ok", 3],
      colour: "blue",
    });
    expect(result.failures).toEqual([
      { property: "friendlyName", reason: "is required" },
      { property: "voiceUrl", reason: "must be an absolute http(s) URL" },
      { property: "voiceMethod", reason: 'must be one of "get", "post"' },
      { property: "statusCallback", reason: "must be an absolute http(s) URL" },
      { property: "firstCommandTimeoutSecs", reason: "must be an integer" },
      { property: "tags.1", reason: "must be a string" },
      { property: "inbound.channelLimit", reason: "must be at least 1" },
      { property: "inbound.sipSubdomainReceiveSettings", reason: 'must be one of "only_my_connections", "from_anyone"' },
      { property: "outbound.outboundVoiceProfileId", reason: "must be a numeric id" },
      { property: "colour", reason: "is not a property of this resource" },
    ]);
  });

  it("does not judge values that are unknown at preview", async () => {
    const result = await check({ friendlyName: "support", voiceUrl: UNKNOWN });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({ friendlyName: "support", voiceUrl: UNKNOWN });
  });
});

describe("Application diff", () => {
  const settled = {
    friendlyName: "support",
    voiceUrl: "https://voice.example.com/texml",
    voiceMethod: "post",
    statusCallbackMethod: "post",
    active: true,
    anchorsiteOverride: "Latency",
    dtmfType: "RFC 2833",
    inbound: { channelLimit: 10, shakenStirEnabled: false, sipSubdomainReceiveSettings: "from_anyone" },
    createdAt: "2026-01-01T00:00:00.000Z",
    __provider: "exports.handler = ...",
  };

  it("shows no changes when only server defaults differ from the declaration", async () => {
    const result = await applicationProvider.diff!("1", settled, {
      friendlyName: "support",
      voiceUrl: "https://voice.example.com/texml",
      inbound: { channelLimit: 10 },
    });
    expect(result).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("reports a changed declared field, nested fields included, and never replaces", async () => {
    const result = await applicationProvider.diff!("1", settled, {
      friendlyName: "support",
      voiceUrl: "https://voice.example.com/texml",
      inbound: { channelLimit: 20 },
    });
    expect(result).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("treats a value unknown at preview as a change", async () => {
    const result = await applicationProvider.diff!("1", settled, { friendlyName: "support", voiceUrl: UNKNOWN });
    expect(result.changes).toBe(true);
  });
});

describe("Application wire mapping", () => {
  it("sends declared inputs in the spec's snake_case names", () => {
    expect(
      applicationRequestBody({
        friendlyName: "a",
        voiceUrl: "https://x.example",
        callCostInWebhooks: true,
        firstCommandTimeoutSecs: 10,
        inbound: { channelLimit: 10, shakenStirEnabled: true, sipSubdomain: "ex", sipSubdomainReceiveSettings: "only_my_connections" },
        outbound: { outboundVoiceProfileId: "123", channelLimit: 5 },
        __provider: "ignored",
      }),
    ).toEqual({
      friendly_name: "a",
      voice_url: "https://x.example",
      call_cost_in_webhooks: true,
      first_command_timeout_secs: 10,
      inbound: { channel_limit: 10, shaken_stir_enabled: true, sip_subdomain: "ex", sip_subdomain_receive_settings: "only_my_connections" },
      outbound: { outbound_voice_profile_id: "123", channel_limit: 5 },
    });
  });

  it("maps a wire application to camelCase outputs without id, record type or nulls", () => {
    const outs = applicationOutputs({
      id: "1293384261075731499",
      record_type: "texml_application",
      friendly_name: "a",
      voice_url: "https://x.example",
      voice_fallback_url: null,
      inbound: { channel_limit: null, shaken_stir_enabled: false },
      created_at: "2020-02-02T22:25:27.521Z",
    });
    expect(outs).toEqual({
      friendlyName: "a",
      voiceUrl: "https://x.example",
      inbound: { shakenStirEnabled: false },
      createdAt: "2020-02-02T22:25:27.521Z",
    });
  });

  it("imports only what differs from Telnyx's defaults", () => {
    expect(
      importedInputs({
        friendlyName: "a",
        voiceUrl: "https://x.example",
        voiceMethod: "post",
        statusCallbackMethod: "get",
        active: true,
        tags: [],
        inbound: { shakenStirEnabled: false, sipSubdomainReceiveSettings: "from_anyone", channelLimit: 4 },
        outbound: {},
        createdAt: "2020-02-02T22:25:27.521Z",
      }),
    ).toEqual({ friendlyName: "a", voiceUrl: "https://x.example", statusCallbackMethod: "get", inbound: { channelLimit: 4 } });
  });
});

describe("stored provider", () => {
  it("is small, names the package rather than a path, holds nothing but the kind, and dispatches every method", async () => {
    const text = providerModuleText("Application");
    expect(text.length).toBeLessThan(2048);
    expect(text).toContain('"pulumi-telnyx-texml/dynamic"');
    expect(text).not.toMatch(/\/work\/|\/home\/|\/tmp\/|node_modules|apiKey|TELNYX/);
    const module = { exports: {} as { handler(): Record<string, (...a: unknown[]) => unknown> } };
    const calls: unknown[][] = [];
    const fakeRequire = (name: string) => {
      expect(name).toBe("module");
      return { createRequire: () => () => ({ dispatch: (...a: unknown[]) => calls.push(a) }) };
    };
    new Function("exports", "require", "module", text)(module.exports, fakeRequire, module);
    const provider = module.exports.handler();
    expect(Object.keys(provider)).toEqual([...DYNAMIC_METHODS]);
    provider.update!("id1", { a: 1 }, { a: 2 });
    expect(calls).toEqual([["Application", "update", ["id1", { a: 1 }, { a: 2 }]]]);
  });
});
