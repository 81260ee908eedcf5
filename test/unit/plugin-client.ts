// A gRPC client of the provider plugin's service, started in this process (provider/faces/plugin/server.ts),
// for the plugin's unit tests: each method as a Promise.
import type * as grpcJs from "@grpc/grpc-js";
import { grpc } from "../../provider/faces/plugin/grpc";
import { serve } from "../../provider/faces/plugin/server";

const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb") as {
  ResourceProviderClient: grpcJs.ServiceClientConstructor;
};

export interface PluginClient {
  /** Calls a method of `pulumirpc.ResourceProvider` (`getSchema`, `check`, ...) with a request message. */
  call<Res>(method: string, request: unknown): Promise<Res>;
  close(): Promise<void>;
}

export async function startPlugin(): Promise<PluginClient> {
  const { port, server } = await serve();
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as Record<
    string,
    (request: unknown, callback: (error: grpcJs.ServiceError | null, response: unknown) => void) => void
  > &
    grpcJs.Client;
  return {
    call: <Res>(method: string, request: unknown) =>
      new Promise<Res>((resolve, reject) =>
        client[method]!.call(client, request, (error, response) => (error ? reject(error) : resolve(response as Res))),
      ),
    async close() {
      client.close();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    },
  };
}
