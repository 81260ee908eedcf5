// Each resource kind is declared once (provider/kinds/<kind>/definition.ts); output names,
// defaults, the type token and replace rules are derived from that declaration. These tests
// pin what is derived, so a change to a schema shows here as a change of behaviour.
import { describe, expect, it } from "vitest";
import { applicationResource } from "../../provider/kinds/application/definition";
import { applicationProvider } from "../../provider/kinds/application/api";
import { queueResource } from "../../provider/kinds/queue/definition";
import { queueProvider } from "../../provider/kinds/queue/api";
import { providers } from "../../provider/faces/dynamic/runtime";
import { secretNameResource, secretResource } from "../../provider/kinds/secret/definition";
import { startStub } from "../support/http-stub";

describe("resource definitions", () => {
  it("derive Telnyx's defaults from the input schemas' marks, by dotted path", () => {
    expect(applicationResource.defaults).toEqual({
      voiceFallbackUrl: null,
      voiceMethod: "post",
      statusCallback: null,
      statusCallbackMethod: "post",
      active: true,
      anchorsiteOverride: "Latency",
      dtmfType: "RFC 2833",
      firstCommandTimeout: false,
      firstCommandTimeoutSecs: 30,
      callCostInWebhooks: false,
      tags: [],
      "inbound.channelLimit": null,
      "inbound.shakenStirEnabled": false,
      "inbound.sipSubdomain": null,
      "inbound.sipSubdomainReceiveSettings": "from_anyone",
      "outbound.channelLimit": null,
      "outbound.outboundVoiceProfileId": null,
    });
    expect(queueResource.defaults).toEqual({ maxSize: 100 });
    expect(secretResource.defaults).toEqual({});
  });

  it("derive output names and type tokens; the runtime routes every kind by its definition", () => {
    expect(queueResource.outputNames).toEqual([
      "name",
      "sid",
      "accountSid",
      "maxSize",
      "currentSize",
      "averageWaitTime",
      "dateCreated",
      "dateUpdated",
      "uri",
    ]);
    expect(applicationResource.outputNames).toHaveLength(17);
    expect(applicationResource.type).toBe("pulumi-nodejs:dynamic/texml:Application");
    expect(Object.keys(providers).sort()).toEqual(
      [applicationResource, queueResource, secretResource, secretNameResource].map((d) => d.kind).sort(),
    );
    expect(secretResource.secretOutputs).toEqual(["value"]);
  });

  it("replace exactly on the declared inputs: a queue's name or account, never an application field", async () => {
    const queueState = { name: "support", accountSid: "acct-1", maxSize: 10, __declared: ["accountSid", "maxSize", "name"] };
    await expect(queueProvider.diff!("support", queueState, { name: "support", accountSid: "ACCT-1", maxSize: 20 })).resolves.toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    await expect(queueProvider.diff!("support", queueState, { name: "sales", accountSid: "acct-2", maxSize: 10 })).resolves.toEqual({
      changes: true,
      replaces: ["name", "accountSid"],
      deleteBeforeReplace: false,
    });
    const appState = {
      friendlyName: "a",
      voiceUrl: "https://x.example.com/",
      voiceMethod: "get",
      __declared: ["friendlyName", "voiceMethod", "voiceUrl"],
    };
    await expect(applicationProvider.diff!("1", appState, { friendlyName: "b", voiceUrl: "https://x.example.com/" })).resolves.toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
});

describe("import through the generic provider", () => {
  it("create reads and verifies the object again after check, whatever key order the engine hands the inputs over in", async () => {
    const queue = {
      sid: "overflow",
      account_sid: "acct-1",
      max_size: 10,
      current_size: 0,
      average_wait_time: 0,
      date_created: "Fri, 27 Nov 2026 10:00:00 +0000",
      date_updated: "Fri, 27 Nov 2026 10:00:00 +0000",
      uri: "/v2/texml/Accounts/acct-1/Queues/overflow.json",
    };
    const stub = await startStub([
      { status: 200, json: queue },
      { status: 200, json: queue },
    ]);
    const saved = { ...process.env };
    Object.assign(process.env, { TELNYX_API_KEY: "KEY0123456789", TELNYX_BASE_URL: stub.baseUrl, TELNYX_MAX_RETRIES: "0" });
    delete process.env.TELNYX_ACCOUNT_SID;
    try {
      const checked = await queueProvider.check!({}, { __importId: "overflow", name: "overflow", maxSize: 10, accountSid: "acct-1" });
      expect(checked.failures).toEqual([]);
      const reordered = Object.fromEntries(Object.entries(checked.inputs).reverse());
      const created = await queueProvider.create!(reordered);
      expect(created.id).toBe("overflow");
      expect(stub.received.map((r) => `${r.method} ${r.url}`)).toEqual([
        "GET /v2/texml/Accounts/acct-1/Queues/overflow",
        "GET /v2/texml/Accounts/acct-1/Queues/overflow",
      ]);
    } finally {
      process.env = saved;
      await stub.close();
    }
  });
});
