import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import nacl from "tweetnacl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createNodeWebhookListener,
  createWebhookHandler,
  signWebhook,
  startWebhookVerifierServer,
  type VerifierLogLine,
} from "../../../provider/webhooks";

const keys = nacl.sign.keyPair();
const publicKey = Buffer.from(keys.publicKey).toString("base64");
const body = "CallSid=v3%3Aabc&CallStatus=completed";
const signed = () => ({ ...signWebhook(body, keys.secretKey), "content-type": "application/x-www-form-urlencoded" });
const post = (url: string, headers: Record<string, string>, payload: string = body) =>
  new Request(url, { method: "POST", headers, body: payload });

/** A loopback upstream that records what it receives. */
const upstream = { url: "", received: [] as Array<{ headers: IncomingHttpHeaders; body: string }>, close: async () => {} };
beforeAll(async () => {
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c));
    req.on("end", () => {
      upstream.received.push({ headers: req.headers, body: text });
      res.writeHead(200, { "content-type": "application/xml" });
      res.end("<Response><Say>hi</Say></Response>");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  upstream.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/texml`;
  upstream.close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => upstream.close());

describe("createWebhookHandler (Web standard)", () => {
  it("answers 401 with only the reason when the check fails", async () => {
    const handle = createWebhookHandler({ publicKey, forwardTo: upstream.url });
    const response = await handle(
      post("http://verifier/", {
        ...signed(),
        "telnyx-signature-ed25519": signWebhook("other", keys.secretKey)["telnyx-signature-ed25519"],
      }),
    );
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('{"error":"signature_mismatch"}');
    const unsigned = await handle(post("http://verifier/", {}));
    expect([unsigned.status, await unsigned.text()]).toEqual([401, '{"error":"missing_signature"}']);
  });

  it("refuses other methods with 405 and bodies over the limit with 413", async () => {
    const handle = createWebhookHandler({ publicKey, maxBodyBytes: 16 });
    expect((await handle(new Request("http://verifier/", { method: "GET" }))).status).toBe(405);
    const big = await handle(post("http://verifier/", signed()));
    expect([big.status, await big.text()]).toEqual([413, '{"error":"payload_too_large"}']);
  });

  it("hands a verified event to the callback and answers with its response (204 by default)", async () => {
    const events: unknown[] = [];
    const withReply = createWebhookHandler({
      publicKey,
      onEvent: (event) => new Response(`got ${(event.payload as Record<string, string>).CallStatus}`, { status: 200 }),
    });
    expect(await (await withReply(post("http://verifier/", signed()))).text()).toBe("got completed");
    const silent = createWebhookHandler({ publicKey, onEvent: (event) => void events.push(event.payload) });
    expect((await silent(post("http://verifier/", signed()))).status).toBe(204);
    expect(events).toEqual([{ CallSid: "v3:abc", CallStatus: "completed" }]);
  });

  it("forwards a verified request with its raw body and original headers, and relays the answer", async () => {
    upstream.received.length = 0;
    const handle = createWebhookHandler({ publicKey, forwardTo: upstream.url });
    const headers = { ...signed(), "x-request-id": "r-42" };
    const response = await handle(post("http://verifier/", headers));
    expect([response.status, await response.text()]).toEqual([200, "<Response><Say>hi</Say></Response>"]);
    expect(upstream.received).toHaveLength(1);
    expect(upstream.received[0]!.body).toBe(body);
    expect(upstream.received[0]!.headers).toMatchObject({
      "x-request-id": "r-42",
      "telnyx-signature-ed25519": headers["telnyx-signature-ed25519"],
      "telnyx-timestamp": headers["telnyx-timestamp"],
    });
  });

  it("answers 502 when the upstream cannot be reached", async () => {
    const handle = createWebhookHandler({ publicKey, forwardTo: "http://127.0.0.1:9/unreachable" });
    const response = await handle(post("http://verifier/", signed()));
    expect([response.status, await response.text()]).toEqual([502, '{"error":"upstream_unreachable"}']);
  });
});

describe("Node listener and standalone server", () => {
  it("serves the same verdicts through node:http", async () => {
    const server = createServer(createNodeWebhookListener({ publicKey }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      expect((await fetch(url, { method: "POST", headers: signed(), body })).status).toBe(204);
      const refused = await fetch(url, { method: "POST", headers: { ...signed(), "telnyx-timestamp": "1" }, body });
      expect([refused.status, await refused.text()]).toEqual([401, '{"error":"timestamp_out_of_tolerance"}']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("answers /healthz and logs one line per request with verdict and reason, never the body", async () => {
    const lines: VerifierLogLine[] = [];
    const server = await startWebhookVerifierServer({
      publicKey,
      forwardTo: upstream.url,
      port: 0,
      host: "127.0.0.1",
      log: (line) => lines.push(line),
    });
    try {
      expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
      expect((await fetch(`${server.url}/status`, { method: "POST", headers: signed(), body })).status).toBe(200);
      expect(
        (await fetch(`${server.url}/status`, { method: "POST", headers: { "content-type": "text/plain" }, body: "forged" })).status,
      ).toBe(401);
      expect(lines.map(({ method, path, verdict, reason, status }) => ({ method, path, verdict, reason, status }))).toEqual([
        { method: "POST", path: "/status", verdict: "accepted", reason: undefined, status: 200 },
        { method: "POST", path: "/status", verdict: "rejected", reason: "missing_signature", status: 401 },
      ]);
      expect(JSON.stringify(lines)).not.toContain("CallSid");
      expect(JSON.stringify(lines)).not.toContain("forged");
    } finally {
      await server.close();
    }
  });
});
