// The provider plugin's warnings (provider/faces/plugin/engine-log.ts): sent to the engine's
// `pulumirpc.Engine/Log`, found at the address on the plugin's command line, with the URN of the
// resource whose request is being served. A fake engine here records what it is sent.
import { createRequire } from "node:module";
import type * as grpcJs from "@grpc/grpc-js";
import type * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { engineAddressFrom, warnThroughEngine } from "../../provider/faces/plugin/engine-log";
import { empty, grpc, provider as pb, struct } from "../../provider/faces/plugin/grpc";
import { valueRemainsWarning } from "../../provider/kinds/secret/api";
import { warn } from "../../provider/kinds/warnings";
import { startPlugin, type PluginClient } from "./plugin-client";

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const { EngineService } = fromPulumi("@pulumi/pulumi/proto/engine_grpc_pb") as { EngineService: grpcJs.ServiceDefinition };
const { LogSeverity } = fromPulumi("@pulumi/pulumi/proto/engine_pb") as typeof enginePb;

const SECRET = "telnyx-texml:index:Secret";
const urn = "urn:pulumi:dev::proj::telnyx-texml:index:Secret::crm-token";

let engine: grpcJs.Server;
let emulator: EmulatorHandle;
let plugin: PluginClient;
const logged: Array<{ severity: number; urn: string; message: string }> = [];

beforeAll(async () => {
  engine = new grpc.Server();
  engine.addService(EngineService, {
    log(call: grpcJs.ServerUnaryCall<enginePb.LogRequest, unknown>, callback: grpcJs.sendUnaryData<unknown>) {
      logged.push({ severity: call.request.getSeverity(), urn: call.request.getUrn(), message: call.request.getMessage() });
      callback(null, new empty.Empty());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    engine.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  // As the engine starts the plugin when asked to log verbosely and trace.
  warnThroughEngine(["--logtostderr", "-v=9", "--tracing", "file:/tmp/trace", `127.0.0.1:${port}`]);
  emulator = await startEmulator({ port: 0, webhookDispatch: false });
  plugin = await startPlugin();
  const settings = { apiKey: emulator.apiKey, accountSid: emulator.accountSid, baseUrl: emulator.baseUrl };
  await plugin.call("configure", new pb.ConfigureRequest().setArgs(struct.Struct.fromJavaScript(settings)));
});

afterAll(async () => {
  await plugin?.close();
  await emulator?.close();
  engine?.forceShutdown();
});

describe("the provider plugin's warnings", () => {
  it("find the engine's address among the engine's flags", () => {
    expect(engineAddressFrom(["127.0.0.1:40123"])).toBe("127.0.0.1:40123");
    expect(engineAddressFrom(["--logtostderr", "-v=9", "--tracing", "127.0.0.1:1", "127.0.0.1:40123"])).toBe("127.0.0.1:40123");
    expect(engineAddressFrom([])).toBeUndefined();
  });

  it("go to the engine's Log as warnings, with the URN of the resource whose delete gave them", async () => {
    logged.length = 0;
    const props = { name: "crm_token", value: "held-value", retireOnDelete: false };
    await plugin.call(
      "delete",
      new pb.DeleteRequest().setType(SECRET).setUrn(urn).setId("crm_token").setProperties(struct.Struct.fromJavaScript(props)),
    );
    expect(logged).toEqual([{ severity: LogSeverity.WARNING, urn, message: valueRemainsWarning("crm_token") }]);
    expect(await emulator.requests()).toEqual([]);
  });

  it("given outside a resource's request, carry no URN (the engine shows them under the stack)", async () => {
    logged.length = 0;
    await warn("a warning about no resource");
    expect(logged).toEqual([{ severity: LogSeverity.WARNING, urn: "", message: "a warning about no resource" }]);
  });
});
