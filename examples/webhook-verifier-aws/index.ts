// The webhook verifier on AWS Lambda behind a function URL, pointed at by the TeXML
// application's status callback. Type-checked in CI; deploy it with @pulumi/aws installed.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as texml from "pulumi-telnyx-texml";

const config = new pulumi.Config();

const verifier = new texml.WebhookVerifier("status-verifier", {
  publicKey: config.requireSecret("webhookPublicKey"),
  forwardTo: config.require("statusHandlerUrl"),
});

const role = new aws.iam.Role("verifier-role", {
  assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
  managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
});

const fn = new aws.lambda.Function("status-verifier", {
  runtime: "nodejs22.x",
  handler: verifier.lambdaHandler,
  role: role.arn,
  code: verifier.archive,
  sourceCodeHash: verifier.sha256,
  timeout: 10,
});

const url = new aws.lambda.FunctionUrl("status-verifier", { functionName: fn.name, authorizationType: "NONE" });

new texml.Application("support-line", {
  friendlyName: "support-line",
  voiceUrl: config.require("voiceUrl"),
  statusCallback: url.functionUrl,
});

export const verifierUrl = url.functionUrl;
