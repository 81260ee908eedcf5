// The webhook verifier on AWS Lambda behind a public function URL, pointed at by the
// TeXML application's status callback. `target: { platform: "aws" }` creates the role,
// the function, its URL and the invoke permissions as children of the component.
// Type-checked in CI against @pulumi/aws; deploying it needs an AWS account.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as texml from "pulumi-telnyx-texml";

const config = new pulumi.Config();
const awsConfig = new pulumi.Config("aws");

// An explicit provider: the verifier's resources go to this region, whatever the default is.
const region = new aws.Provider("verifier-region", { region: (awsConfig.get("region") ?? "us-east-1") as aws.Region });

const verifier = new texml.WebhookVerifier(
  "status-verifier",
  {
    publicKey: config.requireSecret("webhookPublicKey"),
    // Telnyx calls <url>status; the verifier forwards it to <statusHandlerUrl>/status.
    forwardTo: config.require("statusHandlerUrl"),
    forwardTimeoutMs: 5000,
    target: { platform: "aws", architecture: "arm64", memorySize: 128 },
  },
  { providers: { aws: region } },
);

const statusCallback = verifier.url.apply((url) => `${url}status`);

new texml.Application("support-line", {
  friendlyName: "support-line",
  voiceUrl: config.require("voiceUrl"),
  statusCallback,
  statusCallbackMethod: "post",
});

export const verifierUrl = verifier.url;
export const functionName = (verifier.resources.function as aws.lambda.Function).name;
