// The deployable bundle inside the real Workers runtime: workerd, run through miniflare,
// with the bundle as the Worker's only module, exactly as `WebhookVerifier` deploys it.
// Signed, tampered, stale, oversized, empty, non-canonical and forwarded requests go to
// workerd over HTTP on loopback; the upstream is a loopback server here. A second Worker
// imports the same bundle to check its engine and the shared Ed25519 vectors there.
import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import nacl from "tweetnacl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildVerifierBundle, signWebhook } from "../../provider/webhooks";
import { ed25519Vectors } from "../unit/webhooks/ed25519-vectors";
import { rawRequest, startUpstream, texmlAnswer, type Upstream } from "../unit/webhooks/support";

const keys = nacl.sign.keyPair();
const publicKey = Buffer.from(keys.publicKey).toString("base64");
const COMPATIBILITY_DATE = "2025-09-01";
const body = "CallSid=v3%3Aworkerd&CallStatus=completed";
const form = { "content-type": "application/x-www-form-urlencoded" };
const signed = (payload = body, timestamp?: number) => ({ ...signWebhook(payload, keys.secretKey, timestamp), ...form });

let upstream: Upstream;
let deployed: Miniflare;
let url: string;
let stdout = "";

/** The bundle's log lines printed by workerd since `mark`. */
const logLines = (mark: number) =>
  stdout
    .slice(mark)
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .map(({ time: _time, ...rest }) => rest);

/** Waits until workerd has printed `count` more log lines (its stdout is piped asynchronously). */
async function linesAfter(mark: number, count: number) {
  for (let i = 0; i < 100 && logLines(mark).length < count; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return logLines(mark);
}

beforeAll(async () => {
  upstream = await startUpstream();
  const bundle = buildVerifierBundle({
    publicKey,
    forwardTo: `${upstream.origin}/hooks`,
    maxBodyBytes: 4096,
    forwardTimeoutMs: 500,
    replayProtection: true,
  });
  deployed = new Miniflare({
    modules: [{ type: "ESModule", path: bundle.entryFile, contents: bundle.code }],
    compatibilityDate: COMPATIBILITY_DATE,
    handleRuntimeStdio(out: Readable, err: Readable) {
      out.on("data", (chunk: Buffer) => (stdout += chunk));
      err.on("data", (chunk: Buffer) => (stdout += chunk));
    },
  });
  url = String(await deployed.ready).replace(/\/$/, "");
}, 60_000);

afterAll(async () => {
  await deployed?.dispose();
  await upstream?.close();
});

describe("the bundle in workerd", () => {
  it("verifies a signed webhook and forwards it with path and query to the loopback upstream", async () => {
    upstream.received.length = 0;
    const mark = stdout.length;
    const answer = await rawRequest(url, "POST", "/status?queue=support", signed(), body);
    expect([answer.status, answer.text, answer.headers["content-type"]]).toEqual([
      200,
      "<Response><Say>hi</Say></Response>",
      "application/xml",
    ]);
    expect(upstream.received.map((r) => [r.method, r.url, r.body, r.headers["telnyx-timestamp"] !== undefined])).toEqual([
      ["POST", "/hooks/status?queue=support", body, true],
    ]);
    expect(await linesAfter(mark, 1)).toEqual([{ method: "POST", path: "/status", verdict: "accepted", status: 200, upstreamStatus: 200 }]);
  });

  it("refuses tampered, stale, oversized, empty, non-canonical and replayed requests, and other methods", async () => {
    upstream.received.length = 0;
    const mark = stdout.length;
    const body = "CallSid=v3%3Aworkerd&CallStatus=completed&Case=refusals"; // its own signature: the replay cache remembers the first test's
    const headers = signed(body);
    const cases: Array<[string, () => ReturnType<typeof rawRequest>, number, string]> = [
      [
        "tampered",
        () => rawRequest(url, "POST", "/status", headers, body.replace("completed", "failed")),
        401,
        '{"error":"signature_mismatch"}',
      ],
      [
        "stale",
        () => rawRequest(url, "POST", "/status", signed(body, Math.floor(Date.now() / 1000) - 3600), body),
        401,
        '{"error":"timestamp_out_of_tolerance"}',
      ],
      [
        "oversized",
        () => rawRequest(url, "POST", "/status", signed("x".repeat(5000)), "x".repeat(5000)),
        413,
        '{"error":"payload_too_large"}',
      ],
      [
        "signed empty",
        () => rawRequest(url, "POST", "/status", { ...signWebhook("", keys.secretKey), "content-length": "0" }),
        401,
        '{"error":"empty_payload"}',
      ],
      ["unsigned", () => rawRequest(url, "POST", "/status", { "content-length": "0" }), 401, '{"error":"missing_signature"}'],
      [
        "S + L",
        () =>
          rawRequest(url, "POST", "/status", { ...headers, "telnyx-signature-ed25519": plusL(headers["telnyx-signature-ed25519"]) }, body),
        401,
        '{"error":"signature_mismatch"}',
      ],
      ["GET", () => rawRequest(url, "GET", "/status?CallStatus=completed", headers), 405, ""],
    ];
    for (const [name, send, status, text] of cases) {
      const answer = await send();
      expect(answer.status, name).toBe(status);
      if (text) expect(answer.text, name).toBe(text);
      else expect(JSON.parse(answer.text).error, name).toBe("method_not_allowed");
    }
    expect(upstream.received).toEqual([]);
    // Replay protection is per isolate here (as on Cloudflare): the same delivery twice to this one.
    expect((await rawRequest(url, "POST", "/status", headers, body)).status).toBe(200);
    const again = await rawRequest(url, "POST", "/status", headers, body);
    expect([again.status, again.text]).toEqual([409, '{"error":"replayed"}']);
    const lines = await linesAfter(mark, cases.length + 2);
    expect(lines.map((l) => `${l.verdict}:${l.reason ?? ""}:${l.status}`)).toEqual([
      "rejected:signature_mismatch:401",
      "rejected:timestamp_out_of_tolerance:401",
      "rejected:payload_too_large:413",
      "rejected:empty_payload:401",
      "rejected:missing_signature:401",
      "rejected:signature_mismatch:401",
      "rejected:method_not_allowed:405",
      "accepted::200",
      "rejected:replayed:409",
    ]);
  });

  it("answers 504 when the upstream is too slow and 502 when it is unreachable, logged as accepted", async () => {
    upstream.respond = () => {}; // never answers
    const mark = stdout.length;
    try {
      const slowBody = `${body}&Attempt=slow`;
      const slow = await rawRequest(url, "POST", "/status", signed(slowBody), slowBody);
      expect([slow.status, slow.text]).toEqual([504, '{"error":"upstream_timeout"}']);
    } finally {
      upstream.respond = texmlAnswer;
    }
    const bundle = buildVerifierBundle({ publicKey, forwardTo: "http://127.0.0.1:9/hooks" });
    const unreachable = new Miniflare({
      modules: [{ type: "ESModule", path: bundle.entryFile, contents: bundle.code }],
      compatibilityDate: COMPATIBILITY_DATE,
    });
    try {
      const answer = await unreachable.dispatchFetch("http://verifier.example/status", { method: "POST", headers: signed(), body });
      expect([answer.status, await answer.text()]).toEqual([502, '{"error":"upstream_unreachable"}']);
    } finally {
      await unreachable.dispose();
    }
    expect(await linesAfter(mark, 1)).toEqual([
      { method: "POST", path: "/status", verdict: "accepted", status: 504, upstreamError: "upstream_timeout" },
    ]);
  });
});

describe("the bundle's Ed25519 engine in workerd", () => {
  let harness: Miniflare;
  beforeAll(async () => {
    const bundle = buildVerifierBundle({ publicKey });
    const nacl = buildVerifierBundle({ publicKey, engine: "tweetnacl" });
    const hex = "(h) => Uint8Array.from(h.match(/../g) || [], (b) => parseInt(b, 16))";
    const harnessCode = (module: string) => `import * as verifier from "./${module}";
const hex = ${hex};
export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/engine") return new Response(await verifier.verifierEngine());
    if (url.pathname === "/vectors") {
      const vectors = await request.json();
      const out = {};
      for (const v of vectors) out[v.name] = await verifier.ed25519Verify(hex(v.message), hex(v.signature), hex(v.publicKey));
      return Response.json(out);
    }
    return new Response("not found", { status: 404 });
  },
};`;
    harness = new Miniflare({
      workers: [
        {
          name: "webcrypto",
          modules: [
            { type: "ESModule", path: "harness.mjs", contents: harnessCode("index.mjs") },
            { type: "ESModule", path: "index.mjs", contents: bundle.code },
          ],
          compatibilityDate: COMPATIBILITY_DATE,
        },
        {
          name: "tweetnacl",
          modules: [
            { type: "ESModule", path: "harness.mjs", contents: harnessCode("index.mjs") },
            { type: "ESModule", path: "index.mjs", contents: nacl.code },
          ],
          compatibilityDate: COMPATIBILITY_DATE,
          routes: ["nacl.example/*"],
        },
      ],
    });
    await harness.ready;
  }, 60_000);
  afterAll(() => harness?.dispose());

  it("uses WebCrypto Ed25519 and gives every shared vector's verdict, as does the tweetnacl engine", async () => {
    const vectors = ed25519Vectors();
    const expected = Object.fromEntries(vectors.map((v) => [v.name, v.valid]));
    type Fetcher = { fetch(url: string, init?: { method?: string; body?: string }): Promise<Response> };
    const webcrypto = (await harness.getWorker("webcrypto")) as unknown as Fetcher;
    const tweetnacl = (await harness.getWorker("tweetnacl")) as unknown as Fetcher;
    expect(await (await webcrypto.fetch("http://harness/engine")).text()).toBe("webcrypto");
    expect(await (await tweetnacl.fetch("http://harness/engine")).text()).toBe("tweetnacl");
    for (const worker of [webcrypto, tweetnacl]) {
      const answer = await worker.fetch("http://harness/vectors", { method: "POST", body: JSON.stringify(vectors) });
      expect(await answer.json()).toEqual(expected);
    }
  });
});

/** The same signature with S + L (non-canonical). */
function plusL(signatureBase64: string): string {
  const L = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0x10,
  ];
  const out = Buffer.from(signatureBase64, "base64");
  for (let i = 0, carry = 0; i < 32; i++) {
    const sum = out[32 + i]! + L[i]! + carry;
    out[32 + i] = sum & 0xff;
    carry = sum >> 8;
  }
  return out.toString("base64");
}
