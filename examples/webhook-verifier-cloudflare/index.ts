// The webhook verifier as a Cloudflare Worker (ES module, `fetch` entry point), reachable
// on the account's workers.dev subdomain or through a route on one of your zones.
// `target: { platform: "cloudflare" }` creates the Worker script and its workers.dev
// enablement or route as children of the component. Type-checked in CI against
// @pulumi/cloudflare; deploying it needs a Cloudflare account and API token.
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import * as texml from "pulumi-telnyx-texml";

const config = new pulumi.Config();
const zoneId = config.get("zoneId");

const provider = new cloudflare.Provider("cloudflare", { apiToken: config.requireSecret("cloudflareApiToken") });

const verifier = new texml.WebhookVerifier(
  "status-verifier",
  {
    publicKey: config.requireSecret("webhookPublicKey"),
    forwardTo: config.require("statusHandlerUrl"),
    target: {
      platform: "cloudflare",
      accountId: config.require("cloudflareAccountId"),
      scriptName: "telnyx-status-verifier",
      // With a zone, a route such as hooks.example.com/telnyx/*; without one, workers.dev.
      ...(zoneId
        ? { route: { zoneId, pattern: config.require("routePattern") } }
        : { workersDevSubdomain: config.require("workersDevSubdomain") }),
    },
  },
  { providers: { cloudflare: provider } },
);

new texml.Application("support-line", {
  friendlyName: "support-line",
  voiceUrl: config.require("voiceUrl"),
  statusCallback: verifier.url.apply((url) => `${url}status`),
  statusCallbackMethod: "post",
});

export const verifierUrl = verifier.url;
export const workerName = (verifier.resources.script as cloudflare.WorkersScript).scriptName;
