// The no-op provider plugin of bench/plugin.bench.ts: the same gRPC calls as
// `pulumi-resource-telnyx-texml`, answered with the same shapes and no HTTP and no validation.
// It reuses the package's own plumbing (its gRPC runtime and stubs, its Struct conversion and
// its schema text, from the packed package the plugin runs from), so what the real plugin costs
// beyond this is what its kinds do: validation, diffing, and the HTTP request to Telnyx.
//
// Per call: CheckConfig/DiffConfig/Configure accept anything; Check returns the news as inputs;
// Diff reports a change only when friendlyName or voiceUrl differs; Create returns a counter id
// and the outputs the real plugin returns for the benchmark's inputs (bench/plugin.bench.ts
// checks the output names against the real stack's state); Read echoes; Delete does nothing.
"use strict";
const path = require("node:path");

/** Serves on a free loopback port and prints it, as the real plugin's main.js does. `pluginDir` is the packed package's dist/provider/faces/plugin. */
exports.start = function start(pluginDir) {
  const { empty, grpc, plugin, provider: pb, resourceProviderService } = require(path.join(pluginDir, "grpc.js"));
  const { fromStruct, toStruct } = require(path.join(pluginDir, "values.js"));
  const { schemaText } = require(path.join(pluginDir, "schema.js"));
  let next = 0;

  const unary = (handler) => (call, callback) => {
    Promise.resolve()
      .then(() => handler(call.request))
      .then(
        (response) => callback(null, response),
        (error) => callback({ code: grpc.status.UNKNOWN, details: String(error?.message) }),
      );
  };
  const declared = (inputs) =>
    Object.keys(inputs)
      .filter((key) => !key.startsWith("__"))
      .sort();
  /** What the real plugin's create returns for { friendlyName, voiceUrl } (Telnyx's defaults for the rest). */
  const outputsOf = (inputs) => ({
    __declared: declared(inputs),
    active: true,
    anchorsiteOverride: "Latency",
    callCostInWebhooks: false,
    createdAt: new Date().toISOString(),
    dtmfType: "RFC 2833",
    firstCommandTimeout: false,
    firstCommandTimeoutSecs: 30,
    friendlyName: inputs.friendlyName,
    inbound: { shakenStirEnabled: false, sipSubdomainReceiveSettings: "from_anyone" },
    outbound: {},
    statusCallbackMethod: "post",
    tags: [],
    updatedAt: new Date().toISOString(),
    voiceMethod: "post",
    voiceUrl: inputs.voiceUrl,
  });

  const implementation = {
    getSchema: unary(() => new pb.GetSchemaResponse().setSchema(schemaText())),
    checkConfig: unary((request) => new pb.CheckResponse().setInputs(toStruct(fromStruct(request.getNews())))),
    diffConfig: unary(() => new pb.DiffResponse().setChanges(pb.DiffResponse.DiffChanges.DIFF_NONE)),
    configure: unary(() =>
      new pb.ConfigureResponse().setAcceptsecrets(false).setSupportspreview(false).setAcceptresources(false).setAcceptoutputs(false),
    ),
    // The olds are converted too, as the real plugin does: the same marshalling, nothing done with it.
    check: unary((request) => {
      fromStruct(request.getOlds());
      return new pb.CheckResponse().setInputs(toStruct(fromStruct(request.getNews())));
    }),
    diff: unary((request) => {
      const olds = fromStruct(request.getOlds());
      const news = fromStruct(request.getNews());
      const changed = ["friendlyName", "voiceUrl"].filter((key) => olds[key] !== news[key]);
      const response = new pb.DiffResponse()
        .setChanges(changed.length ? pb.DiffResponse.DiffChanges.DIFF_SOME : pb.DiffResponse.DiffChanges.DIFF_NONE)
        .setDiffsList(changed)
        .setHasdetaileddiff(true);
      for (const key of changed)
        response.getDetaileddiffMap().set(key, new pb.PropertyDiff().setKind(pb.PropertyDiff.Kind.UPDATE).setInputdiff(true));
      return response;
    }),
    create: unary((request) =>
      new pb.CreateResponse()
        .setId(`noop-${process.pid}-${next++}`)
        .setProperties(toStruct(outputsOf(fromStruct(request.getProperties())))),
    ),
    read: unary((request) =>
      new pb.ReadResponse()
        .setId(request.getId())
        .setProperties(toStruct(fromStruct(request.getProperties())))
        .setInputs(toStruct(fromStruct(request.getInputs()))),
    ),
    update: unary((request) => new pb.UpdateResponse().setProperties(toStruct(outputsOf(fromStruct(request.getNews()))))),
    delete: unary((request) => {
      fromStruct(request.getProperties());
      return new empty.Empty();
    }),
    getPluginInfo: unary(() =>
      new plugin.PluginInfo().setVersion(require(path.join(pluginDir, "..", "..", "..", "..", "package.json")).version),
    ),
    cancel: unary(() => new empty.Empty()),
  };

  const server = new grpc.Server();
  server.addService(resourceProviderService, implementation);
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
      process.stderr.write(`noop plugin: cannot start: ${error.message}\n`);
      process.exit(1);
    }
    process.stdout.write(`${port}\n`);
  });
};
