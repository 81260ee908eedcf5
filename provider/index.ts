/**
 * pulumi-telnyx-texml: Telnyx TeXML voice setup as code.
 *
 * Resources (`Application`, `Queue`, `Secret`), data functions (`getX` /
 * `getXOutput`), the webhook verifier, and the HTTP client they share.
 */
// First: refuse an unsupported Node.js before anything else loads.
import "./node-version";
// The kinds' classes and their public types, generated from the registry (provider/resources/registry.ts).
export * from "./resources";
export { fromFile, TexmlFile } from "./declarative/component";
export { loadTexmlFile, TexmlFileError } from "./declarative/load";
export type {
  TexmlDocument,
  TexmlApplicationEntry,
  TexmlApplicationInboundEntry,
  TexmlApplicationOutboundEntry,
  TexmlQueueEntry,
  TexmlSecretEntry,
  TexmlSecretValueFrom,
} from "./declarative/types";
export { TelnyxApiError, TelnyxConfigError, TelnyxClient, type TelnyxErrorEntry, type TelnyxErrorKind, type RetryPolicy } from "./client";
export { TelnyxTexmlError, TelnyxValidationError, TelnyxImportError, type TelnyxTexmlErrorFamily } from "./errors";
export { resolveSettings, type TelnyxSettings, DEFAULT_BASE_URL } from "./config";
export { version } from "./version";
export * from "./data";
export * from "./webhooks";
export { WebhookVerifier, type WebhookVerifierArgs } from "./webhooks/component";
export {
  DEFAULT_COMPATIBILITY_DATE,
  type WebhookVerifierTarget,
  type BundleTarget,
  type CloudflareWorkerTarget,
  type AwsLambdaTarget,
} from "./webhooks/targets";
