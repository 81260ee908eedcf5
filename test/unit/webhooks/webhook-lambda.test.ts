// The bundle's Lambda handler against the event shapes AWS documents: function URL
// events and API Gateway HTTP API events (payload format 2.0: rawPath, rawQueryString,
// cookies, comma-joined header values, requestContext.http), and API Gateway REST API
// events (payload 1.0: httpMethod, path, multi-value headers and query), with plain and
// base64 bodies. The events are written here after AWS's documented fields; the
// upstream is a loopback server.
import nacl from "tweetnacl";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { buildVerifierBundle, signWebhook } from "../../../provider/webhooks";
import { importBundle, startUpstream, texmlAnswer, type BundleModule, type Upstream } from "./support";

const keys = nacl.sign.keyPair();
const publicKey = Buffer.from(keys.publicKey).toString("base64");
const form = "CallSid=v3%3Alambda&CallStatus=completed&From=%2B13125550100";
const json = JSON.stringify({ data: { event_type: "call.hangup", payload: { call_control_id: "v3:lambda" } } });

let upstream: Upstream;
let bundle: BundleModule;
const logged: Array<Record<string, unknown>> = [];
beforeAll(async () => {
  upstream = await startUpstream();
  bundle = await importBundle(buildVerifierBundle({ publicKey, forwardTo: `${upstream.origin}/hooks` }).code);
  vi.spyOn(console, "log").mockImplementation((line: string) => {
    const { time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
    logged.push(rest);
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await upstream.close();
});
afterEach(() => {
  upstream.received.length = 0;
  upstream.respond = texmlAnswer;
  logged.length = 0;
});

const DOMAIN = "abcdefghij0123456789abcdefghij01.lambda-url.us-east-1.on.aws";

/** A function URL invocation (payload format 2.0, routeKey and stage `$default`). */
function functionUrlEvent(options: {
  method?: string;
  rawPath?: string;
  rawQueryString?: string;
  headers?: Record<string, string>;
  body?: string;
  base64?: boolean;
  cookies?: string[];
}) {
  const { method = "POST", rawPath = "/", rawQueryString = "", headers = {}, body, base64 = false, cookies } = options;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers: {
      host: DOMAIN,
      "x-forwarded-proto": "https",
      "x-forwarded-port": "443",
      "x-forwarded-for": "192.0.2.10",
      "x-amzn-trace-id": "Root=1-6745a1b2-0123456789abcdef01234567",
      "user-agent": "telnyx-webhooks",
      ...headers,
    },
    ...(rawQueryString ? { queryStringParameters: Object.fromEntries(new URLSearchParams(rawQueryString)) } : {}),
    requestContext: {
      accountId: "anonymous",
      apiId: DOMAIN.split(".")[0],
      domainName: DOMAIN,
      domainPrefix: DOMAIN.split(".")[0],
      http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "192.0.2.10", userAgent: "telnyx-webhooks" },
      requestId: "c6af9ac6-7b61-11e6-9a41-93e812345678",
      routeKey: "$default",
      stage: "$default",
      time: "27/Nov/2026:15:00:00 +0000",
      timeEpoch: 1795797600000,
    },
    ...(body !== undefined ? { body: base64 ? Buffer.from(body).toString("base64") : body } : {}),
    isBase64Encoded: base64,
  };
}

/** An API Gateway HTTP API invocation (payload 2.0) on a named stage: the stage is part of rawPath. */
function httpApiEvent(headers: Record<string, string>, body: string) {
  return {
    version: "2.0",
    routeKey: "POST /telnyx/{proxy+}",
    rawPath: "/prod/telnyx/status",
    rawQueryString: "queue=support&queue=overflow",
    headers: { host: "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com", "content-length": String(Buffer.byteLength(body)), ...headers },
    queryStringParameters: { queue: "support,overflow" },
    pathParameters: { proxy: "status" },
    requestContext: {
      accountId: "123456789012",
      apiId: "a1b2c3d4e5",
      domainName: "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
      domainPrefix: "a1b2c3d4e5",
      http: { method: "POST", path: "/prod/telnyx/status", protocol: "HTTP/1.1", sourceIp: "192.0.2.10", userAgent: "telnyx-webhooks" },
      requestId: "JKJaXmPLvHcESHA=",
      routeKey: "POST /telnyx/{proxy+}",
      stage: "prod",
      time: "27/Nov/2026:15:00:00 +0000",
      timeEpoch: 1795797600000,
    },
    body: Buffer.from(body).toString("base64"),
    isBase64Encoded: true,
  };
}

/** An API Gateway REST API proxy invocation (payload 1.0). */
function restApiEvent(headers: Record<string, string>, body: string) {
  return {
    resource: "/{proxy+}",
    path: "/status",
    httpMethod: "POST",
    headers: { Host: "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com", ...headers },
    multiValueHeaders: {
      Host: ["a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com"],
      ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      "X-Tag": ["a", "b"],
    },
    queryStringParameters: { queue: "overflow" },
    multiValueQueryStringParameters: { queue: ["support", "overflow"], note: ["a b"] },
    pathParameters: { proxy: "status" },
    stageVariables: null,
    requestContext: {
      resourcePath: "/{proxy+}",
      httpMethod: "POST",
      path: "/prod/status",
      stage: "prod",
      domainName: "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
      accountId: "123456789012",
    },
    body,
    isBase64Encoded: false,
  };
}

const signedForm = (body = form, timestamp?: number) => ({
  ...signWebhook(body, keys.secretKey, timestamp),
  "content-type": "application/x-www-form-urlencoded",
});

describe("Lambda handler: function URL events", () => {
  it("verifies a plain form body, forwards path, query, headers and cookies, and answers in the function URL response format", async () => {
    const headers = signedForm();
    const result = await bundle.handler(
      functionUrlEvent({
        rawPath: "/status",
        rawQueryString: "queue=support&x=a%20b",
        headers: { ...headers, "x-multi": "one,two" },
        body: form,
        cookies: ["a=1", "b=2"],
      }),
    );
    expect(result).toEqual({
      statusCode: 200,
      headers: { "content-type": "application/xml" },
      body: "<Response><Say>hi</Say></Response>",
      isBase64Encoded: false,
    });
    expect(upstream.received).toHaveLength(1);
    const got = upstream.received[0]!;
    expect([got.method, got.url, got.body]).toEqual(["POST", "/hooks/status?queue=support&x=a%20b", form]);
    expect(got.headers).toMatchObject({
      "telnyx-signature-ed25519": headers["telnyx-signature-ed25519"],
      "x-multi": "one,two",
      cookie: "a=1; b=2",
      "x-forwarded-for": "192.0.2.10",
    });
    expect(logged).toEqual([{ method: "POST", path: "/status", verdict: "accepted", status: 200, upstreamStatus: 200 }]);
  });

  it("verifies a base64 body (isBase64Encoded) byte for byte", async () => {
    const result = await bundle.handler(
      functionUrlEvent({ headers: { ...signWebhook(json, keys.secretKey), "content-type": "application/json" }, body: json, base64: true }),
    );
    expect(result.statusCode).toBe(200);
    expect(upstream.received.map((r) => [r.url, r.body])).toEqual([["/hooks", json]]);
  });

  it("refuses tampered, stale, unsigned, empty and malformed events with the reason, forwarding nothing", async () => {
    const stale = Math.floor(Date.now() / 1000) - 3600;
    const cases: Array<[string, ReturnType<typeof functionUrlEvent>, number, string]> = [
      [
        "tampered",
        functionUrlEvent({ headers: signedForm(), body: form.replace("completed", "failed") }),
        401,
        '{"error":"signature_mismatch"}',
      ],
      ["stale", functionUrlEvent({ headers: signedForm(form, stale), body: form }), 401, '{"error":"timestamp_out_of_tolerance"}'],
      ["unsigned", functionUrlEvent({ body: form }), 401, '{"error":"missing_signature"}'],
      ["signed empty", functionUrlEvent({ headers: signWebhook("", keys.secretKey) }), 401, '{"error":"empty_payload"}'],
      [
        "base64 that is not",
        functionUrlEvent({ headers: signedForm(), body: "%%%not base64", base64: false }),
        401,
        '{"error":"signature_mismatch"}',
      ],
    ];
    for (const [name, event, status, body] of cases) {
      const result = await bundle.handler(event);
      expect([result.statusCode, result.body], name).toEqual([status, body]);
    }
    const broken = { ...functionUrlEvent({ headers: signedForm(), body: form }), body: "%%%", isBase64Encoded: true };
    const refused = await bundle.handler(broken);
    expect([refused.statusCode, JSON.parse(refused.body)]).toEqual([
      400,
      { error: "invalid_request", detail: "the event's host, path, headers or body cannot form a request" },
    ]);
    expect(upstream.received).toEqual([]);
    expect(logged.map((l) => `${l.verdict}:${l.reason}:${l.status}`)).toEqual([
      "rejected:signature_mismatch:401",
      "rejected:timestamp_out_of_tolerance:401",
      "rejected:missing_signature:401",
      "rejected:empty_payload:401",
      "rejected:signature_mismatch:401",
      "rejected:invalid_request:400",
    ]);
  });

  it("answers 405 to other methods and 400 to a path with dot segments, before reading a body", async () => {
    const get = await bundle.handler(
      functionUrlEvent({ method: "GET", rawPath: "/status", rawQueryString: "CallStatus=completed", headers: signedForm() }),
    );
    expect([get.statusCode, get.headers.allow, JSON.parse(get.body).error]).toEqual([405, "POST", "method_not_allowed"]);
    const trace = await bundle.handler(functionUrlEvent({ method: "TRACE", rawPath: "/status" }));
    expect(trace.statusCode).toBe(405);
    const dots = await bundle.handler(functionUrlEvent({ rawPath: "/a/../admin", headers: signedForm(), body: form }));
    expect([dots.statusCode, JSON.parse(dots.body)]).toEqual([
      400,
      { error: "invalid_request", detail: "the path contains a . or .. segment" },
    ]);
    expect(await bundle.handler({})).toMatchObject({ statusCode: 405 });
    expect(upstream.received).toEqual([]);
    expect(logged.map((l) => `${l.method} ${l.path} ${l.reason} ${l.status}`)).toEqual([
      "GET /status method_not_allowed 405",
      "TRACE /status method_not_allowed 405",
      "POST /a/../admin invalid_request 400",
      " / method_not_allowed 405",
    ]);
  });

  it("returns a binary upstream answer base64-encoded, and a 502 when the upstream cannot be reached", async () => {
    upstream.respond = (_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(Buffer.from([0, 255, 1, 254]));
    };
    const binary = await bundle.handler(functionUrlEvent({ headers: signedForm(), body: form }));
    expect(binary).toMatchObject({ statusCode: 200, isBase64Encoded: true, body: Buffer.from([0, 255, 1, 254]).toString("base64") });
    const unreachable = await importBundle(buildVerifierBundle({ publicKey, forwardTo: "http://127.0.0.1:9/" }).code);
    const failed = await unreachable.handler(functionUrlEvent({ headers: signedForm(), body: form }));
    expect([failed.statusCode, failed.body]).toEqual([502, '{"error":"upstream_unreachable"}']);
    expect(logged.at(-1)).toEqual({ method: "POST", path: "/", verdict: "accepted", status: 502, upstreamError: "upstream_unreachable" });
  });
});

describe("Lambda handler: API Gateway events", () => {
  it("HTTP API (payload 2.0, named stage, base64 body): verified and forwarded with the stage in the path and repeated query keys", async () => {
    const result = await bundle.handler(httpApiEvent(signedForm(), form));
    expect(result.statusCode).toBe(200);
    expect(upstream.received.map((r) => [r.url, r.body])).toEqual([["/hooks/prod/telnyx/status?queue=support&queue=overflow", form]]);
  });

  it("REST API (payload 1.0): multi-value query and headers, plain body", async () => {
    const headers = signedForm();
    const result = await bundle.handler(restApiEvent(headers, form));
    expect(result.statusCode).toBe(200);
    const got = upstream.received[0]!;
    expect([got.url, got.body]).toEqual(["/hooks/status?queue=support&queue=overflow&note=a+b", form]);
    expect(got.headers).toMatchObject({ "x-tag": "a, b", "telnyx-timestamp": headers["telnyx-timestamp"] });
    const tampered = await bundle.handler(restApiEvent(headers, `${form}&x=1`));
    expect(tampered.statusCode).toBe(401);
  });
});
