// What the provider plugin loads, run as the engine runs it (the built dist/provider/faces/plugin/main.js,
// as test/unit/node-version.test.ts runs it; `npm run build` first). The engine starts the plugin
// twice per operation, once only for `GetPluginInfo` and `GetSchema`: that start must load neither
// the kinds nor zod, the lookups nor undici (they cost it as much again as the gRPC runtime); the
// first resource request loads them, all in one bundled file (dist/provider/faces/plugin/operations.bundle.js,
// scripts/build-plugin-operations.mjs) and nothing else of theirs, and the answer is the same as ever.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import type * as grpcJs from "@grpc/grpc-js";
import type * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { empty, grpc, provider as pb, struct } from "../../provider/faces/plugin/grpc";
import { valueRemainsWarning } from "../../provider/kinds/secret/api";

const repoRoot = path.resolve(__dirname, "../..");
const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb") as {
  ResourceProviderClient: grpcJs.ServiceClientConstructor;
};

/** The bundle of the request operations: the kinds, their validation, the lookups and HTTP (zod and undici inside). */
const OPERATIONS_BUNDLE = path.join("dist", "provider", "faces", "plugin", "operations.bundle.js");
/**
 * Modules a request needs only for resources or lookups: the bundle, or any of what it holds
 * loaded from its own file. (Not base/warning-sink.js: the start loads it, to route warnings to the engine.)
 */
const REQUEST_ONLY =
  /[\\/]node_modules[\\/](zod|undici)[\\/]|[\\/]dist[\\/]provider[\\/](kinds[\\/]|data[\\/]|base[\\/](schemas|client)[\\/]|base[\\/]config\.js$)|[\\/]dist[\\/]provider[\\/]faces[\\/]plugin[\\/](operations(\.bundle)?|resources|configuration|functions|kinds|settings|values)\.js$/;

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const { EngineService } = fromPulumi("@pulumi/pulumi/proto/engine_grpc_pb") as { EngineService: grpcJs.ServiceDefinition };
const { LogSeverity } = fromPulumi("@pulumi/pulumi/proto/engine_pb") as typeof enginePb;

let scratch: string;
let child: ChildProcess;
/** A fake engine whose address the plugin is given, as the engine gives its own: the warnings it is sent. */
let engine: grpcJs.Server;
const logged: Array<{ severity: number; urn: string; message: string }> = [];
let client: grpcJs.Client & Record<string, (request: unknown, callback: (error: Error | null, response: unknown) => void) => void>;
let dumps = 0;

/** The files of the modules the plugin process has loaded so far (its preload writes them on SIGUSR2). */
async function loadedModules(): Promise<string[]> {
  const file = path.join(scratch, `modules-${++dumps}.json`);
  child.kill("SIGUSR2");
  for (let waited = 0; !existsSync(file); waited += 10) {
    if (waited > 10_000) throw new Error("the plugin did not list its modules");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return JSON.parse(readFileSync(file, "utf8")) as string[];
}

const requestOnly = (modules: string[]) => modules.filter((file) => REQUEST_ONLY.test(file)).map((file) => path.relative(repoRoot, file));

function call<Res>(method: string, request: unknown): Promise<Res> {
  return new Promise((resolve, reject) =>
    client[method]!.call(client, request, (error, response) => (error ? reject(error) : resolve(response as Res))),
  );
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "texml-plugin-startup-"));
  const preload = path.join(scratch, "list-modules.js");
  // Written whole and renamed, so the test never reads half a list.
  writeFileSync(
    preload,
    `let n = 0;
process.on("SIGUSR2", () => {
  const file = require("node:path").join(${JSON.stringify(scratch)}, "modules-" + ++n + ".json");
  require("node:fs").writeFileSync(file + ".tmp", JSON.stringify(Object.keys(require.cache)));
  require("node:fs").renameSync(file + ".tmp", file);
});
`,
  );
  engine = new grpc.Server();
  engine.addService(EngineService, {
    log(call: grpcJs.ServerUnaryCall<enginePb.LogRequest, unknown>, callback: grpcJs.sendUnaryData<unknown>) {
      logged.push({ severity: call.request.getSeverity(), urn: call.request.getUrn(), message: call.request.getMessage() });
      callback(null, new empty.Empty());
    },
  });
  const enginePort = await new Promise<number>((resolve, reject) =>
    engine.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  const main = path.join(repoRoot, "dist", "provider", "faces", "plugin", "main.js");
  child = spawn(process.execPath, ["--require", preload, main, `127.0.0.1:${enginePort}`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (chunk) => (err += chunk));
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const printed = /^(\d+)\n/.exec(out);
      if (printed) resolve(Number(printed[1]));
    });
    child.on("exit", (code) => reject(new Error(`the plugin exited with ${code} before printing a port: ${err}`)));
  });
  client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as typeof client;
});

afterAll(() => {
  client?.close();
  child?.kill("SIGTERM");
  engine?.forceShutdown();
  rmSync(scratch, { recursive: true, force: true });
});

describe("the provider plugin's start", () => {
  it("serves GetPluginInfo and GetSchema without loading the kinds, zod, the lookups or the HTTP client", async () => {
    expect(requestOnly(await loadedModules())).toEqual([]);
    const info = await call<InstanceType<typeof pb.GetSchemaResponse>>("getSchema", new pb.GetSchemaRequest());
    expect(Object.keys(JSON.parse(info.getSchema()).resources)).toEqual([
      "telnyx-texml:index:Application",
      "telnyx-texml:index:Queue",
      "telnyx-texml:index:Secret",
    ]);
    expect(requestOnly(await loadedModules())).toEqual([]);
  });

  it("loads the kinds with the first resource request, as the one bundled file, which answers as always", async () => {
    const response = await call<InstanceType<typeof pb.CheckResponse>>(
      "check",
      new pb.CheckRequest()
        .setType("telnyx-texml:index:Application")
        .setUrn("urn:pulumi:dev::proj::telnyx-texml:index:Application::app")
        .setNews(struct.Struct.fromJavaScript({ friendlyName: "app", voiceUrl: "ftp://voice.example.com" })),
    );
    expect(response.getFailuresList().map((failure) => [failure.getProperty(), failure.getReason()])).toEqual([
      ["voiceUrl", "must be an absolute http(s) URL"],
    ]);
    expect(requestOnly(await loadedModules())).toEqual([OPERATIONS_BUNDLE]);
  });

  it("sends the bundle's warnings to the engine, under the resource whose request gave them", async () => {
    // The bundle holds its own copy of warnings.ts: unrouted, this warning would go to stderr.
    const secretUrn = "urn:pulumi:dev::proj::telnyx-texml:index:Secret::crm-token";
    const props = { name: "crm_token", value: "held-value", retireOnDelete: false };
    await call(
      "delete",
      new pb.DeleteRequest()
        .setType("telnyx-texml:index:Secret")
        .setUrn(secretUrn)
        .setId("crm_token")
        .setProperties(struct.Struct.fromJavaScript(props)),
    );
    expect(logged).toEqual([{ severity: LogSeverity.WARNING, urn: secretUrn, message: valueRemainsWarning("crm_token") }]);
  });
});
