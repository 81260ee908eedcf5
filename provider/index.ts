/**
 * pulumi-telnyx-texml: Telnyx TeXML voice setup as code.
 *
 * Resources (`Application`, `Queue`, `Secret`), data functions (`getX` /
 * `getXOutput`), the webhook verifier, and the HTTP client they share.
 */
// First: refuse an unsupported Node.js before anything else loads.
import "./node-version";
// The kinds' classes and their public types, generated from the registry (provider/kinds/registry.ts).
export * from "./faces/dynamic";
export { fromFile, TexmlFile } from "./faces/dynamic/declarative/component";
export { loadTexmlFile, TexmlFileError } from "./faces/dynamic/declarative/load";
export type {
  TexmlDocument,
  TexmlApplicationEntry,
  TexmlApplicationInboundEntry,
  TexmlApplicationOutboundEntry,
  TexmlQueueEntry,
  TexmlSecretEntry,
  TexmlSecretValueFrom,
} from "./faces/dynamic/declarative/types";
export {
  TelnyxApiError,
  TelnyxConfigError,
  TelnyxClient,
  type TelnyxErrorEntry,
  type TelnyxErrorKind,
  type RetryPolicy,
} from "./base/client";
export { TelnyxTexmlError, TelnyxValidationError, TelnyxImportError, type TelnyxTexmlErrorFamily } from "./base/errors";
export { resolveSettings, type TelnyxSettings, DEFAULT_BASE_URL } from "./base/config";
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
