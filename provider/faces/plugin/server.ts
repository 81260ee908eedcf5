/**
 * The provider plugin's gRPC service (`pulumirpc.ResourceProvider`): what the engine calls
 * for a `telnyx-texml:index:*` resource or function. The operations live in resources.ts
 * (resources), configuration.ts (settings) and functions.ts (lookups); this module routes each
 * method to them and turns a thrown error into the engine's error.
 *
 * The groups (operations.ts, one bundled file once built) are loaded on the first call that needs
 * them, not at start. The engine starts the plugin twice per operation, once only for
 * `GetPluginInfo` and `GetSchema`; loading the kinds (and zod), the lookups and the HTTP client at
 * start would cost that start as much again as the gRPC runtime itself, for nothing.
 */
import type * as grpcJs from "@grpc/grpc-js";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { version } from "../../version";
import { forResource } from "./engine-log";
import { empty, grpc, plugin, provider as pb, resourceProviderService } from "./grpc";
import { schemaText } from "./schema";

type Handler<Req, Res> = (request: Req) => Promise<Res>;

/**
 * A unary gRPC method from an async function; a thrown error goes back to the engine with its
 * message. Warnings given while it runs name the request's resource (see engine-log.ts).
 */
function unary<Req, Res>(handler: Handler<Req, Res>): grpcJs.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const { getUrn } = call.request as { getUrn?: () => string };
    forResource(getUrn?.call(call.request) ?? "", () => handler(call.request)).then(
      (response) => callback(null, response),
      (error: unknown) => callback({ code: grpc.status.UNKNOWN, details: error instanceof Error ? error.message : String(error) }),
    );
  };
}

/** A module loaded on the first call that needs it (then the same module: its state, such as the imports read, is kept). */
function onFirstUse<Module>(load: () => Promise<Module>): () => Promise<Module> {
  let loaded: Promise<Module> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

/**
 * The request operations. Built, they are one bundled file beside this one (operations.bundle.js,
 * from scripts/build-plugin-operations.mjs, which `npm run build` writes; tsc's operations.js is
 * left unused); run from source (the unit tests), the module itself. The bundle's copy of
 * the warning code finds the engine's route on its process-wide symbol (base/warning-sink.ts).
 */
const operations = onFirstUse(async () => {
  const loaded: typeof import("./operations") = __filename.endsWith(".ts")
    ? await import("./operations.js")
    : require("./operations.bundle.js");
  return loaded;
});
const resources = async () => (await operations()).resources;
const configuration = async () => (await operations()).configuration;
const functions = async () => (await operations()).functions;

/** The service's methods; `Handshake`, `Attach`, `Parameterize` and the rest are left unimplemented (the engine falls back). */
const implementation = {
  getSchema: unary(async () => new pb.GetSchemaResponse().setSchema(schemaText())),
  checkConfig: unary(async (request: providerPb.CheckRequest) => (await configuration()).checkConfig(request)),
  diffConfig: unary(async (request: providerPb.DiffRequest) => (await configuration()).diffConfig(request)),
  configure: unary(async (request: providerPb.ConfigureRequest) => (await configuration()).configure(request)),
  check: unary(async (request: providerPb.CheckRequest) => (await resources()).check(request)),
  diff: unary(async (request: providerPb.DiffRequest) => (await resources()).diff(request)),
  create: unary(async (request: providerPb.CreateRequest) => (await resources()).create(request)),
  read: unary(async (request: providerPb.ReadRequest) => (await resources()).read(request)),
  update: unary(async (request: providerPb.UpdateRequest) => (await resources()).update(request)),
  delete: unary(async (request: providerPb.DeleteRequest) => (await resources()).remove(request)),
  invoke: unary(async (request: providerPb.InvokeRequest) => (await functions()).invoke(request)),
  getPluginInfo: unary(async () => new plugin.PluginInfo().setVersion(version)),
  cancel: unary(async () => new empty.Empty()),
};

/** Starts the service on a free port of the loopback interface; resolves to the port. */
export function serve(): Promise<{ port: number; server: grpcJs.Server }> {
  const server = new grpc.Server();
  server.addService(resourceProviderService, implementation as unknown as grpcJs.UntypedServiceImplementation);
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve({ port, server }),
    );
  });
}
