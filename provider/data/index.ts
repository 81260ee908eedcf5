/**
 * Read-only lookups, Pulumi style: `getX(args)` returns a Promise, `getXOutput(args, opts)`
 * takes `Input`s and `pulumi.InvokeOutputOptions` and returns an `Output`, and
 * `iterateX(args)` streams a listing page by page. Credentials come from `telnyx:*` config
 * inside a program, or the environment in a plain script. Results are camelCase; every
 * date is ISO 8601 UTC.
 *
 * This module (also `pulumi-telnyx-texml/data`) loads `@pulumi/pulumi` only when an
 * `Output` form is first called.
 */
// First: refuse an unsupported Node.js before anything else loads.
import "../node-version";
export * from "./applications";
export * from "./calls";
export * from "./conferences";
export * from "./participants";
export * from "./queues";
export * from "./recordings";
export * from "./transcriptions";
export type { AccountArgs, ListArgs } from "./types";
export { TelnyxTexmlError, TelnyxValidationError, type TelnyxTexmlErrorFamily } from "../base/errors";
export { TelnyxApiError, TelnyxConfigError, type TelnyxErrorEntry, type TelnyxErrorKind } from "../base/client/errors";
export type { InputArgs } from "./input-args";
