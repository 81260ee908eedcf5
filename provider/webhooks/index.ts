/**
 * Telnyx webhook verification: the check, ready-made handlers, a standalone server, and a
 * deployable bundle (`pulumi-telnyx-texml/webhooks`). Nothing here loads `@pulumi/pulumi`, so a
 * plain script that only verifies webhooks stays cheap to start; the `WebhookVerifier`
 * component that deploys the verifier comes from the package root.
 */
// First: refuse an unsupported Node.js before anything else loads.
import "../node-version";
export { verifyWebhook, signWebhook, ed25519Verify, checkPublicKey, DEFAULT_MAX_BODY_BYTES, type VerifyWebhookOptions } from "./verify";
export { TelnyxTexmlError, type TelnyxTexmlErrorFamily } from "../base/errors";
export {
  WebhookVerificationError,
  ReplayCache,
  DEFAULT_TOLERANCE_SECONDS,
  type WebhookEvent,
  type WebhookFailureReason,
  type HeaderSource,
} from "./core";
export { DEFAULT_FORWARD_TIMEOUT_MS, forwardTarget, type Verdict, type RequestRefusal, type UpstreamError } from "./request-handler";
export { createWebhookHandler, createNodeWebhookListener, type WebhookHandlerOptions } from "./handlers";
export { startWebhookVerifierServer, type WebhookVerifierServer, type WebhookVerifierServerOptions, type VerifierLogLine } from "./server";
export { buildVerifierBundle, type VerifierBundle, type VerifierBundleConfig } from "./bundle";
