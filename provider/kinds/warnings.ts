import { warningSink } from "../base/warning-sink";

/**
 * Shows a warning to the person running `pulumi`. Inside a Pulumi program it goes
 * through the engine; in the dynamic provider process, which has no engine
 * connection of its own, `pulumi.log` writes it to stderr, which the engine relays; the
 * provider plugin routes it to the engine (see ../warning-sink.ts).
 */
export async function warn(message: string): Promise<void> {
  const sink = warningSink();
  if (sink) return sink(message);
  // Loaded on first use: the provider plugin would otherwise load the whole SDK (about 900
  // modules, most of its start-up) at start, for a warning it may never give.
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  await pulumi.log.warn(message);
}
