/**
 * Read-only lookups, Pulumi style: `getX(args)` returns a Promise, `getXOutput(args)`
 * takes `Input`s and returns an `Output`, and `iterateX(args)` streams a listing page
 * by page. Credentials come from `telnyx:*` config inside a program, or the
 * environment in a plain script. Results are camelCase; every date is ISO 8601 UTC.
 */
export * from "./applications";
export * from "./calls";
export * from "./conferences";
export * from "./participants";
export * from "./queues";
export * from "./recordings";
export * from "./transcriptions";
export type { AccountArgs, InputArgs, ListArgs } from "./common";
