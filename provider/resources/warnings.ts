/** Where warnings go when something other than `pulumi.log` carries them (see {@link routeWarnings}). */
let warningSink: ((message: string) => Promise<void>) | undefined;

/**
 * Sends this process's warnings to `sink` instead of `pulumi.log`: the provider plugin, which
 * runs no Pulumi program, hands them to the engine itself (provider/plugin/engine-log.ts).
 */
export function routeWarnings(sink: (message: string) => Promise<void>): void {
  warningSink = sink;
}

/**
 * Shows a warning to the person running `pulumi`. Inside a Pulumi program it goes
 * through the engine; in the dynamic provider process, which has no engine
 * connection of its own, `pulumi.log` writes it to stderr, which the engine relays.
 */
export async function warn(message: string): Promise<void> {
  if (warningSink) return warningSink(message);
  // Loaded on first use: the provider plugin would otherwise load the whole SDK (about 900
  // modules, most of its start-up) at start, for a warning it may never give.
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  await pulumi.log.warn(message);
}
