/**
 * Warnings from the plugin process to the person running `pulumi`. The plugin has no Pulumi
 * program around it, so `pulumi.log` has no engine to talk to; instead the engine passes its own
 * address on the plugin's command line, and each warning goes to its `pulumirpc.Engine/Log`
 * method with the URN of the resource whose request is being served, so the CLI shows it under
 * that resource, as it shows the dynamic face's warnings.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import type * as grpcJs from "@grpc/grpc-js";
import type * as engineGrpcPb from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import { routeWarnings } from "../resources/warnings";

/** The URN of the resource whose request this async context serves (unset for configuration, schema and invokes). */
const servedResource = new AsyncLocalStorage<string>();

/** Runs `serve` with `urn` as the resource that warnings given inside it are about. */
export function forResource<T>(urn: string, serve: () => T): T {
  return urn === "" ? serve() : servedResource.run(urn, serve);
}

/**
 * The engine's address among the plugin's arguments: the one positional argument. The engine
 * may put its own logging flags before it (`--logtostderr`, `-v=9`, `--tracing <endpoint>`).
 */
export function engineAddressFrom(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--tracing") i++;
    else if (!arg.startsWith("-")) return arg;
  }
  return undefined;
}

/** A function that sends one warning to the engine at `address`, about the resource being served. */
export function engineWarner(address: string): (message: string) => Promise<void> {
  let client: engineGrpcPb.EngineClient | undefined;
  let pb: typeof enginePb | undefined;
  return (message) => {
    // Loaded and connected on the first warning, which most runs never give (start-up stays as it was).
    if (!client || !pb) {
      const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
      const grpc = fromPulumi("@grpc/grpc-js") as typeof grpcJs;
      const { EngineClient } = fromPulumi("@pulumi/pulumi/proto/engine_grpc_pb") as typeof engineGrpcPb;
      pb = fromPulumi("@pulumi/pulumi/proto/engine_pb") as typeof enginePb;
      client = new EngineClient(address, grpc.credentials.createInsecure());
    }
    const request = new pb.LogRequest()
      .setSeverity(pb.LogSeverity.WARNING)
      .setMessage(message)
      .setUrn(servedResource.getStore() ?? "");
    const engine = client;
    return new Promise((resolve) => {
      engine.log(request, (error) => {
        // The engine gone or refusing: the warning still reaches its log through stderr.
        if (error) process.stderr.write(`warning: ${message}\n`);
        resolve();
      });
    });
  };
}

/** Where {@link warnThroughEngine} sends warnings (unset without an engine address). */
let engineSink: ((message: string) => Promise<void>) | undefined;

/**
 * Sends this process's warnings to the engine named in `args` (the plugin's command line).
 * Without an engine address (the plugin started by hand or by a test) they keep going to stderr.
 */
export function warnThroughEngine(args: readonly string[]): void {
  const address = engineAddressFrom(args);
  if (address === undefined) return;
  engineSink = engineWarner(address);
  routeWarnings(engineSink);
}

/**
 * Sends the warnings of another copy of warnings.ts the same way: the built plugin's request
 * operations are one bundled file with its own copy (server.ts), whose warnings would otherwise
 * go through `pulumi.log`, which has no engine in this process.
 */
export function routeWarningsOf(copy: { routeWarnings: typeof routeWarnings }): void {
  if (engineSink) copy.routeWarnings(engineSink);
}
