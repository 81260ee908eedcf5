// The webhook verifier as a Cloudflare Worker (ES module, `fetch` entry point).
// Type-checked in CI; deploy it with @pulumi/cloudflare installed.
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import * as texml from "pulumi-telnyx-texml";

const config = new pulumi.Config();

const verifier = new texml.WebhookVerifier("status-verifier", {
  publicKey: config.requireSecret("webhookPublicKey"),
  forwardTo: config.require("statusHandlerUrl"),
});

const worker = new cloudflare.WorkersScript("status-verifier", {
  accountId: config.require("cloudflareAccountId"),
  scriptName: "telnyx-status-verifier",
  content: verifier.code,
  mainModule: verifier.entryFile,
});

export const workerName = worker.scriptName;
