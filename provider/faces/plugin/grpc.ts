/**
 * The gRPC runtime and the provider protocol's generated stubs, loaded from the installed
 * `@pulumi/pulumi` and its own dependencies (`@grpc/grpc-js`, `google-protobuf`): the stubs
 * require those by name, so loading them from the same place gives one copy of each, in the
 * versions the stubs were generated for, and this package adds no dependency of its own.
 */
import { createRequire } from "node:module";
import type * as grpcJs from "@grpc/grpc-js";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import type * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";
import type * as emptyPb from "google-protobuf/google/protobuf/empty_pb";

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));

export const grpc = fromPulumi("@grpc/grpc-js") as typeof grpcJs;
export const provider = fromPulumi("@pulumi/pulumi/proto/provider_pb") as typeof providerPb;
export const plugin = fromPulumi("@pulumi/pulumi/proto/plugin_pb") as typeof pluginPb;
export const struct = fromPulumi("google-protobuf/google/protobuf/struct_pb") as typeof structPb;
export const empty = fromPulumi("google-protobuf/google/protobuf/empty_pb") as typeof emptyPb;
/** The `pulumirpc.ResourceProvider` service definition (method paths and (de)serializers). */
export const resourceProviderService = (
  fromPulumi("@pulumi/pulumi/proto/provider_grpc_pb") as { ResourceProviderService: grpcJs.ServiceDefinition }
).ResourceProviderService;
