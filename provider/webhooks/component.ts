import * as pulumi from "@pulumi/pulumi";
import { buildVerifierBundle } from "./bundle";
import { deployAws, deployCloudflare, type WebhookVerifierTarget } from "./targets";
import { TelnyxValidationError } from "../base/errors";

export type { AwsLambdaTarget, BundleTarget, CloudflareWorkerTarget, WebhookVerifierTarget } from "./targets";

/** Arguments of {@link WebhookVerifier}. */
export interface WebhookVerifierArgs {
  /** The account's Ed25519 public key (base64, from the Telnyx portal). Kept secret in state and outputs. */
  publicKey: pulumi.Input<string>;
  /** Where verified webhooks go (your TeXML or status handler); the request's path and query are appended. */
  forwardTo?: pulumi.Input<string>;
  /** Accepted clock difference in seconds (default 300). */
  toleranceSeconds?: pulumi.Input<number>;
  /** Body size limit in bytes (default 1 MiB). */
  maxBodyBytes?: pulumi.Input<number>;
  /** Bound on one upstream exchange in milliseconds (default 10,000): 504 beyond it. */
  forwardTimeoutMs?: pulumi.Input<number>;
  /** Refuse a signature already accepted (409), per Worker isolate or Lambda instance only (default false). */
  replayProtection?: pulumi.Input<boolean>;
  /** Port for the local target (`localCommand`), default 8080. */
  localPort?: pulumi.Input<number>;
  /**
   * Where to deploy: `{ platform: "bundle" }` (default: nothing is created, wire the
   * outputs into your own function resource), `{ platform: "cloudflare", ... }` (a
   * Worker; needs @pulumi/cloudflare) or `{ platform: "aws", ... }` (Lambda with a
   * function URL; needs @pulumi/aws). Platform resources are children of this component
   * and take its providers (`providers: { aws: ... }` in the resource options).
   */
  target?: WebhookVerifierTarget;
}

/**
 * The webhook verifier, ready to deploy: a self-contained bundle (one ES module, no
 * npm dependencies at run time) that checks Telnyx's Ed25519 signature and forwards
 * verified webhooks. With a `target` it deploys itself (Cloudflare Worker or AWS Lambda
 * with a function URL) and `url` is where Telnyx should send webhooks; without one it
 * creates nothing and its outputs go into your platform's function resource
 * (`aws.lambda.Function` with `handler: lambdaHandler`, a Worker script with
 * `mainModule: entryFile`), or run `localCommand` for the standalone server.
 *
 * The outputs that embed the key are secrets.
 */
export class WebhookVerifier extends pulumi.ComponentResource {
  /** The bundle's JavaScript (secret: it embeds the public key you marked secret). */
  declare readonly code: pulumi.Output<string>;
  /** The bundle as an archive with one file, `index.mjs`. */
  declare readonly archive: pulumi.Output<pulumi.asset.AssetArchive>;
  /** `index.mjs`. */
  readonly entryFile: pulumi.Output<string>;
  /** `index.handler`: the AWS Lambda handler name. */
  readonly lambdaHandler: pulumi.Output<string>;
  /** SHA-256 of the code (hex), for change detection in platform resources. */
  declare readonly sha256: pulumi.Output<string>;
  /** Size of the code in bytes. */
  declare readonly bytes: pulumi.Output<number>;
  /** The command that runs the same verifier locally (`npx telnyx-texml webhook-verifier ...`); secret. */
  declare readonly localCommand: pulumi.Output<string>;
  /** `bundle`, `cloudflare` or `aws`. */
  readonly platform: pulumi.Output<WebhookVerifierTarget["platform"]>;
  /**
   * The public URL Telnyx should call (a TeXML application's `statusCallback` or
   * `voiceUrl`): the Worker's workers.dev address or route, or the Lambda function URL.
   * Undefined for the `bundle` target.
   */
  readonly url: pulumi.Output<string | undefined>;
  /** The platform resources created for the target, by role (`script`, `route`, `function`, `functionUrl`, ...). */
  readonly resources: Readonly<Record<string, pulumi.CustomResource>>;

  constructor(name: string, args: WebhookVerifierArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pulumi-telnyx-texml:index:WebhookVerifier", name, {}, opts);
    const target = args.target ?? { platform: "bundle" };
    if (!["bundle", "cloudflare", "aws"].includes(target.platform))
      throw new TelnyxValidationError(
        "target.platform",
        `WebhookVerifier: target.platform must be "bundle", "cloudflare" or "aws", got "${String(target.platform)}"`,
      );
    const bundle = pulumi
      .all([args.publicKey, args.forwardTo, args.toleranceSeconds, args.maxBodyBytes, args.forwardTimeoutMs, args.replayProtection])
      .apply(([publicKey, forwardTo, toleranceSeconds, maxBodyBytes, forwardTimeoutMs, replayProtection]) =>
        buildVerifierBundle({ publicKey, forwardTo, toleranceSeconds, maxBodyBytes, forwardTimeoutMs, replayProtection }),
      );
    this.code = pulumi.secret(bundle.code);
    this.archive = pulumi.secret(
      bundle.code.apply((code) => new pulumi.asset.AssetArchive({ "index.mjs": new pulumi.asset.StringAsset(code) })),
    ) as unknown as pulumi.Output<pulumi.asset.AssetArchive>;
    this.entryFile = pulumi.output("index.mjs");
    this.lambdaHandler = pulumi.output("index.handler");
    // A digest and a size reveal nothing of the key; keeping them plain lets platforms show them.
    this.sha256 = pulumi.unsecret(bundle.sha256);
    this.bytes = pulumi.unsecret(bundle.bytes);
    this.localCommand = pulumi.secret(
      pulumi
        .all([args.publicKey, args.forwardTo, args.localPort, args.toleranceSeconds, args.forwardTimeoutMs])
        .apply(([key, forwardTo, port, tolerance, timeout]) =>
          [
            "npx telnyx-texml webhook-verifier",
            `--public-key ${key}`,
            forwardTo ? `--forward-to ${forwardTo}` : "",
            `--port ${port ?? 8080}`,
            tolerance ? `--tolerance ${tolerance}` : "",
            timeout ? `--forward-timeout ${timeout}` : "",
          ]
            .filter(Boolean)
            .join(" "),
        ),
    );
    this.platform = pulumi.output(target.platform);
    let deployed: { url: pulumi.Output<string>; resources: Record<string, pulumi.CustomResource> } | undefined;
    if (target.platform === "cloudflare") deployed = deployCloudflare(name, target, { code: this.code, entryFile: "index.mjs" }, this);
    if (target.platform === "aws")
      deployed = deployAws(
        name,
        target,
        { archive: this.archive, handler: "index.handler", forwardTimeoutMs: args.forwardTimeoutMs },
        this,
      );
    this.url = deployed ? (deployed.url as pulumi.Output<string | undefined>) : pulumi.output(undefined);
    this.resources = Object.freeze({ ...(deployed?.resources ?? {}) });
    this.registerOutputs({
      code: this.code,
      entryFile: this.entryFile,
      lambdaHandler: this.lambdaHandler,
      sha256: this.sha256,
      bytes: this.bytes,
      localCommand: this.localCommand,
      platform: this.platform,
      url: this.url,
    });
  }
}
