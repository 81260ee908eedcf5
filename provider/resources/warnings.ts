import * as pulumi from "@pulumi/pulumi";

/**
 * Shows a warning to the person running `pulumi`. Inside a Pulumi program it goes
 * through the engine; in the dynamic provider process, which has no engine
 * connection of its own, `pulumi.log` writes it to stderr, which the engine relays.
 */
export async function warn(message: string): Promise<void> {
  await pulumi.log.warn(message);
}
