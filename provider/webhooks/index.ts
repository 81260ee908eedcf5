/** Telnyx webhook verification: the check, ready-made handlers, a standalone server, and a deployable bundle. */
export { verifyWebhook, signWebhook, ed25519Verify, DEFAULT_MAX_BODY_BYTES, type VerifyWebhookOptions } from "./verify";
export { WebhookVerificationError, DEFAULT_TOLERANCE_SECONDS, type WebhookEvent, type WebhookFailureReason, type HeaderSource } from "./core";
export { createWebhookHandler, createNodeWebhookListener, type WebhookHandlerOptions } from "./handlers";
export { startWebhookVerifierServer, type WebhookVerifierServerOptions, type VerifierLogLine } from "./server";
export { buildVerifierBundle, type VerifierBundle, type VerifierBundleConfig } from "./bundle";
export { WebhookVerifier, type WebhookVerifierArgs } from "./component";
