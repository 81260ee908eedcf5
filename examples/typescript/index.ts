// A call centre on Telnyx TeXML, with the TypeScript API: applications and queues that
// reference each other, a rotated secret, lookups of what is live, and the webhook
// verifier in front of the status handler.
import * as pulumi from "@pulumi/pulumi";
import * as texml from "pulumi-telnyx-texml";

const config = new pulumi.Config();
const voiceHost = config.get("voiceHost") ?? "https://voice.example.com";

const queues = {
  support: new texml.Queue("support", { name: "support", maxSize: 25 }),
  escalations: new texml.Queue("escalations", { name: "escalations", maxSize: 5 }),
};

const verifier = new texml.WebhookVerifier("status-verifier", {
  publicKey: config.requireSecret("webhookPublicKey"),
  forwardTo: `${voiceHost}/status`,
});

const support = new texml.Application("support-line", {
  friendlyName: "support-line",
  voiceUrl: pulumi.interpolate`${voiceHost}/texml/support?queue=${queues.support.sid}`,
  voiceFallbackUrl: `${voiceHost}/texml/fallback`,
  statusCallback: `${voiceHost}/status`,
  inbound: { channelLimit: 20 },
  tags: ["support"],
});

// Only this stack sets crm_token, so deleting the resource (or destroying the stack) may overwrite
// the value with random bytes. Without `retireOnDelete` the value stays in Telnyx.
new texml.Secret("crm-token", { name: "crm_token", value: config.requireSecret("crmToken"), retireOnDelete: true });

// Lookups: what Telnyx holds now, read with the same client and credentials.
const sameNamed = texml.getApplicationsOutput({ friendlyName: support.friendlyName });
const recentFailures = texml.getCallsOutput({ status: "failed", limit: 20 });

export const supportApplicationId = support.id;
export const queueSids = { support: queues.support.sid, escalations: queues.escalations.sid };
export const escalationsCapacity = texml.getQueueOutput({ queueSid: queues.escalations.sid }).apply((q) => `${q.currentSize}/${q.maxSize}`);
export const applicationsNamedSupport = sameNamed.applications.apply((apps) => apps.map((a) => a.id));
export const failedCallsToday = recentFailures.calls.apply((calls) => calls.length);
export const verifierSha256 = verifier.sha256;
