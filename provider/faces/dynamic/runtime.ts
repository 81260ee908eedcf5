/**
 * The stable entry point that serialized providers call into (`pulumi-telnyx-texml/dynamic`).
 *
 * Pulumi stores each dynamic resource's provider as JavaScript text in state and runs
 * that stored copy for refresh and destroy, possibly on another machine and after an
 * upgrade. So the stored text only names a resource kind and a method and calls
 * {@link dispatch}; everything else is loaded from the installed package at run time.
 * The signature of `dispatch` and the kind names must stay stable across versions.
 */
// First: refuse an unsupported Node.js before anything else loads.
import "../../node-version";
import { appendFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type * as pulumi from "@pulumi/pulumi";
import { setProviderConfig } from "../../base/config";
import { reportedOnce } from "./reported-errors";
import { kinds } from "../../kinds/registry";

/** The resource kinds a stored provider may name, by their definitions' kind (see registry.ts). */
export const providers: Record<string, pulumi.dynamic.ResourceProvider> = Object.fromEntries(
  kinds.map((kind) => [kind.definition.kind, kind.provider]),
);

/** Runs `method` of the provider for `kind`; `configure` hands over the engine's stack config. */
export async function dispatch(kind: string, method: string, args: unknown[]): Promise<unknown> {
  if (method === "configure") {
    const req = args[0] as pulumi.dynamic.ConfigureRequest;
    setProviderConfig((key) => {
      const value: unknown = req.config.get(key);
      return typeof value === "string" ? value : undefined;
    });
    return undefined;
  }
  const provider = providers[kind];
  if (!provider) throw new Error(`pulumi-telnyx-texml: unknown resource kind "${kind}"; the installed package may be older than the state`);
  const fn = (provider as unknown as Record<string, ((...a: unknown[]) => unknown) | undefined>)[method];
  if (typeof fn !== "function") throw new Error(`pulumi-telnyx-texml: ${kind} has no "${method}" operation`);
  const started = profileFile ? performance.now() : 0;
  try {
    return await fn.apply(provider, args);
  } catch (error) {
    throw reportedOnce(error);
  } finally {
    if (profileFile) appendFileSync(profileFile, `${kind} ${method} ${(performance.now() - started).toFixed(3)}\n`);
  }
}

/**
 * `PULUMI_TELNYX_PROFILE=<file>` appends one line per provider call (`kind method ms`),
 * so a benchmark can tell the time spent inside this package from the engine's.
 */
const profileFile = process.env.PULUMI_TELNYX_PROFILE;
