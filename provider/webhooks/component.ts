import * as pulumi from "@pulumi/pulumi";
import { buildVerifierBundle } from "./bundle";

/** Arguments of {@link WebhookVerifier}. */
export interface WebhookVerifierArgs {
  /** The account's Ed25519 public key (base64, from the Telnyx portal). Kept secret in state and outputs. */
  publicKey: pulumi.Input<string>;
  /** Where verified webhooks go, unchanged (your TeXML or status handler). */
  forwardTo?: pulumi.Input<string>;
  /** Accepted clock difference in seconds (default 300). */
  toleranceSeconds?: pulumi.Input<number>;
  /** Body size limit in bytes (default 1 MiB). */
  maxBodyBytes?: pulumi.Input<number>;
  /** Port for the local target (`localCommand`), default 8080. */
  localPort?: pulumi.Input<number>;
}

/**
 * The webhook verifier, ready to deploy: a self-contained bundle (one ES module, no
 * npm dependencies at run time) that checks Telnyx's Ed25519 signature and forwards
 * verified webhooks. Wire `archive` (or `code`) into your platform's function resource
 * (`aws.lambda.Function` with `handler: lambdaHandler`, a Cloudflare Worker script
 * with `mainModule: entryFile`), or run `localCommand` for the standalone server.
 *
 * It creates nothing by itself; the outputs that embed the key are secrets.
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

  constructor(name: string, args: WebhookVerifierArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pulumi-telnyx-texml:index:WebhookVerifier", name, {}, opts);
    const bundle = pulumi
      .all([args.publicKey, args.forwardTo, args.toleranceSeconds, args.maxBodyBytes])
      .apply(([publicKey, forwardTo, toleranceSeconds, maxBodyBytes]) => buildVerifierBundle({ publicKey, forwardTo, toleranceSeconds, maxBodyBytes }));
    this.code = pulumi.secret(bundle.code);
    this.archive = pulumi.secret(bundle.code.apply((code) => new pulumi.asset.AssetArchive({ "index.mjs": new pulumi.asset.StringAsset(code) }))) as unknown as pulumi.Output<pulumi.asset.AssetArchive>;
    this.entryFile = pulumi.output("index.mjs");
    this.lambdaHandler = pulumi.output("index.handler");
    // A digest and a size reveal nothing of the key; keeping them plain lets platforms show them.
    this.sha256 = pulumi.unsecret(bundle.sha256);
    this.bytes = pulumi.unsecret(bundle.bytes);
    this.localCommand = pulumi.secret(
      pulumi.all([args.publicKey, args.forwardTo, args.localPort, args.toleranceSeconds]).apply(([key, forwardTo, port, tolerance]) =>
        ["npx telnyx-texml webhook-verifier", `--public-key ${key}`, forwardTo ? `--forward-to ${forwardTo}` : "", `--port ${port ?? 8080}`, tolerance ? `--tolerance ${tolerance}` : ""].filter(Boolean).join(" "),
      ),
    );
    this.registerOutputs({ code: this.code, entryFile: this.entryFile, lambdaHandler: this.lambdaHandler, sha256: this.sha256, bytes: this.bytes, localCommand: this.localCommand });
  }
}
