// Each resource kind is declared once (provider/resources/<kind>/definition.ts); output names,
// defaults, the type token and replace rules are derived from that declaration. These tests
// pin what is derived, so a change to a schema shows here as a change of behaviour.
import { describe, expect, it } from "vitest";
import { applicationResource } from "../../provider/resources/application/definition";
import { applicationProvider } from "../../provider/resources/application/provider";
import { queueResource } from "../../provider/resources/queue/definition";
import { queueProvider } from "../../provider/resources/queue/provider";
import { providers } from "../../provider/resources/runtime";
import { secretNameResource, secretResource } from "../../provider/resources/secret/definition";

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
    expect(queueResource.outputNames).toEqual(["name", "sid", "accountSid", "maxSize", "currentSize", "averageWaitTime", "dateCreated", "dateUpdated", "uri"]);
    expect(applicationResource.outputNames).toHaveLength(17);
    expect(applicationResource.type).toBe("pulumi-nodejs:dynamic/texml:Application");
    expect(Object.keys(providers).sort()).toEqual([applicationResource, queueResource, secretResource, secretNameResource].map((d) => d.kind).sort());
    expect(secretResource.secretOutputs).toEqual(["value"]);
  });

  it("replace exactly on the declared inputs: a queue's name or account, never an application field", async () => {
    const queueState = { name: "support", accountSid: "acct-1", maxSize: 10, __declared: ["accountSid", "maxSize", "name"] };
    await expect(queueProvider.diff!("support", queueState, { name: "support", accountSid: "ACCT-1", maxSize: 20 })).resolves.toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    await expect(queueProvider.diff!("support", queueState, { name: "sales", accountSid: "acct-2", maxSize: 10 })).resolves.toEqual({ changes: true, replaces: ["name", "accountSid"], deleteBeforeReplace: false });
    const appState = { friendlyName: "a", voiceUrl: "https://x.example.com/", voiceMethod: "get", __declared: ["friendlyName", "voiceMethod", "voiceUrl"] };
    await expect(applicationProvider.diff!("1", appState, { friendlyName: "b", voiceUrl: "https://x.example.com/" })).resolves.toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });
});
