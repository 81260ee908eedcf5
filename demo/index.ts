// The demo stack: a small call centre. `npm run demo` deploys it to the local emulator.
import * as pulumi from "@pulumi/pulumi";
import * as texml from "pulumi-telnyx-texml";

const config = new pulumi.Config("demo");
const voiceHost = config.get("voiceHost") ?? "https://voice.example.com";

const support = new texml.Application("support-line", {
  friendlyName: "support-line",
  voiceUrl: `${voiceHost}/texml/support`,
  statusCallback: `${voiceHost}/status`,
  inbound: { channelLimit: 10 },
  tags: ["demo", "support"],
});

const sales = new texml.Application("sales-line", {
  friendlyName: "sales-line",
  voiceUrl: `${voiceHost}/texml/sales`,
  voiceMethod: "get",
  anchorsiteOverride: "Amsterdam, Netherlands",
});

const supportQueue = new texml.Queue("support-queue", { name: "support", maxSize: 25 });
const salesQueue = new texml.Queue("sales-queue", { name: "sales", maxSize: 10 });

// The value comes from encrypted stack config: `pulumi config set --secret demo:crmToken ...`.
const crmToken = new texml.Secret("crm-token", { name: "crm_token", value: config.requireSecret("crmToken") });

export const supportApplicationId = support.id;
export const salesApplicationId = sales.id;
export const queues = { support: supportQueue.sid, sales: salesQueue.sid };
export const secretName = crmToken.name;

// A data lookup: the live counters of the support queue, read after it exists.
export const supportQueueSize = texml
  .getQueueOutput({ queueSid: supportQueue.sid })
  .apply((queue) => ({ current: queue.currentSize, max: queue.maxSize }));

// The webhook verifier in front of the status handler. The bundle deploys to any function
// platform; here its local target (`localCommand`) is what `npm run demo` runs next.
const verifier = new texml.WebhookVerifier("status-verifier", {
  publicKey: config.requireSecret("webhookPublicKey"),
  forwardTo: `${voiceHost}/status`,
  localPort: 8089,
});
export const verifierBundle = { file: verifier.entryFile, sha256: verifier.sha256, bytes: verifier.bytes };
export const verifierLocalCommand = verifier.localCommand;
