// The stacks our provider is measured against (bench/overhead.bench.ts, and the variants of
// bench/overhead-variants.bench.ts): dynamic resources with the same inputs as the benchmark's
// texml.Application, whose providers do nothing, or only the HTTP requests ours must make.

/** The 17 output names `texml.Application` declares (provider/kinds/application/definition.ts). */
export const OUTPUT_NAMES = [
  "friendlyName",
  "voiceUrl",
  "voiceFallbackUrl",
  "voiceMethod",
  "statusCallback",
  "statusCallbackMethod",
  "active",
  "anchorsiteOverride",
  "dtmfType",
  "firstCommandTimeout",
  "firstCommandTimeoutSecs",
  "callCostInWebhooks",
  "tags",
  "inbound",
  "outbound",
  "createdAt",
  "updatedAt",
];

/** What our create returns for the benchmark's inputs (from a real state entry of the texml stack), as a JavaScript expression of `inputs`. */
export const OUR_OUTS = `{
  __declared: ["friendlyName", "voiceUrl"], active: true, anchorsiteOverride: "Latency", callCostInWebhooks: false,
  createdAt: new Date().toISOString(), dtmfType: "RFC 2833", firstCommandTimeout: false, firstCommandTimeoutSecs: 30,
  friendlyName: inputs.friendlyName, inbound: { shakenStirEnabled: false, sipSubdomainReceiveSettings: "from_anyone" }, outbound: {},
  statusCallbackMethod: "post", tags: [], updatedAt: new Date().toISOString(), voiceMethod: "post", voiceUrl: inputs.voiceUrl,
}`;

/**
 * A no-op provider module text. Parts may be replaced: `prelude` (a line before the methods),
 * `createOuts` (what create returns, a JavaScript expression of `inputs`), `createBody` and
 * `deleteBody` (whole method lines).
 */
export function noopProviderText(opts: { prelude?: string; createOuts?: string; createBody?: string; deleteBody?: string } = {}): string {
  return [
    "exports.handler = function () {",
    "  var next = 0;",
    ...(opts.prelude === undefined ? [] : [opts.prelude]),
    "  return {",
    "    check: function (olds, news) { return Promise.resolve({ inputs: news }); },",
    "    diff: function (id, olds, news) { return Promise.resolve({ changes: olds.friendlyName !== news.friendlyName || olds.voiceUrl !== news.voiceUrl }); },",
    opts.createBody ??
      `    create: function (inputs) { return Promise.resolve({ id: Date.now() + '-' + next++, outs: ${opts.createOuts ?? "inputs"} }); },`,
    "    read: function (id, props) { return Promise.resolve({ id: id, props: props }); },",
    opts.deleteBody ?? "    delete: function () { return Promise.resolve(); },",
    "  };",
    "};",
  ].join("\n");
}

/**
 * The no-op baseline: stored as ours is (a small module text in `__provider`, no closure
 * serialization), and does nothing; the difference is what our package adds.
 */
export const noopProvider = noopProviderText();

/**
 * The HTTP floor: the no-op's stored text, about the same size, whose create and delete make
 * the one request each that ours makes, with the module `floorHttpModule` writes as
 * `floor-http.js` in the project directory (resolved from there, as ours resolves its package).
 */
export const httpFloorProvider = noopProviderText({
  prelude: "  var http = function () { return require(process.cwd() + '/floor-http.js'); };",
  createBody: "    create: function (inputs) { return http().create(inputs); },",
  deleteBody: "    delete: function (id) { return http().remove(id); },",
});

/**
 * `floor-http.js`: a POST per create and a DELETE per delete to the emulator, with node:http
 * (built in, nothing to load) and one keep-alive pool. `outs` is what create returns, a
 * JavaScript expression of `inputs` (default: the inputs, as the no-op returns).
 */
export function floorHttpModule(baseUrl: string, apiKey: string, outs = "inputs"): string {
  return `"use strict";
const http = require("node:http");
const agent = new http.Agent({ keepAlive: true });
const headers = { authorization: ${JSON.stringify(`Bearer ${apiKey}`)}, "content-type": "application/json", accept: "application/json" };
function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(${JSON.stringify(baseUrl)} + path, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => (res.statusCode < 300 ? resolve(Buffer.concat(chunks).toString()) : reject(new Error(method + " " + path + ": " + res.statusCode))));
    });
    req.on("error", reject);
    req.end(body);
  });
}
exports.create = (inputs) =>
  call("POST", "/texml_applications", JSON.stringify({ friendly_name: inputs.friendlyName, voice_url: inputs.voiceUrl })).then((text) => ({ id: JSON.parse(text).data.id, outs: ${outs} }));
exports.remove = (id) => call("DELETE", "/texml_applications/" + id).then(() => undefined);
`;
}

/** A program of `size` dynamic resources stored with `provider`; `declareOutputs` registers our 17 output names, as texml.Application does. */
export function noopProgram(provider: string, size: number, opts: { declareOutputs?: boolean; header?: string } = {}): string {
  const props = opts.declareOutputs
    ? `{ ...Object.fromEntries(${JSON.stringify(OUTPUT_NAMES)}.map((k) => [k, undefined])), __provider: provider, ...args }`
    : "{ __provider: provider, ...args }";
  return `${opts.header ?? ""}import * as pulumi from "@pulumi/pulumi";
const provider = ${JSON.stringify(provider)};
class Noop extends pulumi.CustomResource {
  constructor(name: string, args: { friendlyName: string; voiceUrl: string }) {
    super("pulumi-nodejs:dynamic/bench:Noop", name, ${props});
  }
}
for (let i = 0; i < ${size}; i++) {
  new Noop(\`app-\${i}\`, { friendlyName: \`bench-\${i}\`, voiceUrl: \`https://voice.example.com/\${i}\` });
}
`;
}
