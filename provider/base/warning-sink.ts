/**
 * Where this process's warnings go when something other than `pulumi.log` carries them: the
 * provider plugin, which runs no Pulumi program, hands them to the engine itself
 * (plugin/engine-log.ts). The sink sits on a process-wide symbol, so every copy of the modules
 * that warn (a bundle and the files beside it) finds the one sink, and setting it at start
 * loads none of them.
 */
const SINK = Symbol.for("pulumi-telnyx-texml.warning-sink");

/** Delivers one warning to the person running `pulumi`. */
export type WarningSink = (message: string) => Promise<void>;

/** Sends this process's warnings to `sink` instead of `pulumi.log`. */
export function routeWarnings(sink: WarningSink): void {
  (globalThis as { [SINK]?: WarningSink })[SINK] = sink;
}

/** The sink {@link routeWarnings} set, if any. */
export function warningSink(): WarningSink | undefined {
  return (globalThis as { [SINK]?: WarningSink })[SINK];
}
