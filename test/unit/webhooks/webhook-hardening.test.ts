// The standalone verifier server and the handlers under requests that are not webhook
// deliveries, or that go wrong after the check: every answer has a status and a log line,
// and the server keeps serving. All traffic stays on loopback.
import net from "node:net";
import nacl from "tweetnacl";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ReplayCache,
  checkPublicKey,
  createWebhookHandler,
  forwardTarget,
  signWebhook,
  startWebhookVerifierServer,
  type VerifierLogLine,
  type WebhookVerifierServer,
  type WebhookVerifierServerOptions,
} from "../../../provider/webhooks";
import { rawBytes, rawRequest, startUpstream, texmlAnswer, type Upstream } from "./support";

const keys = nacl.sign.keyPair();
const publicKey = Buffer.from(keys.publicKey).toString("base64");
const body = "CallSid=v3%3Aabc&CallStatus=completed";
const form = { "content-type": "application/x-www-form-urlencoded" };
const signed = (payload: string = body, timestamp?: number) => ({ ...signWebhook(payload, keys.secretKey, timestamp), ...form });

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(() => upstream.close());

const servers: WebhookVerifierServer[] = [];
afterEach(async () => {
  upstream.respond = texmlAnswer;
  upstream.received.length = 0;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A verifier on a free loopback port, collecting its log lines. */
async function verifier(options: Partial<WebhookVerifierServerOptions> = {}) {
  const lines: VerifierLogLine[] = [];
  const server = await startWebhookVerifierServer({
    publicKey,
    forwardTo: upstream.origin,
    port: 0,
    log: (line) => lines.push(line),
    ...options,
  });
  servers.push(server);
  const summary = () =>
    lines.map(({ method, path, verdict, reason, status, upstreamStatus, upstreamError }) => ({
      method,
      path,
      verdict,
      reason,
      status,
      upstreamStatus,
      upstreamError,
    }));
  const healthy = async () => expect((await rawRequest(server.url, "GET", "/healthz")).status).toBe(200);
  return { server, lines, summary, healthy };
}

const line = (fields: Partial<VerifierLogLine>) => ({ reason: undefined, upstreamStatus: undefined, upstreamError: undefined, ...fields });

describe("standalone server: requests that must not crash it", () => {
  it("answers 405 with a message to TRACE, CONNECT and every other method but POST, and logs each", async () => {
    const { server, summary, healthy } = await verifier();
    const methods = ["TRACE", "GET", "PUT", "DELETE", "OPTIONS", "PATCH", "PROPFIND", "M-SEARCH"];
    for (const method of methods) {
      const answer = await rawRequest(server.url, method, "/status");
      expect(answer.status, method).toBe(405);
      expect(answer.headers.allow).toBe("POST");
      expect(JSON.parse(answer.text)).toEqual({
        error: "method_not_allowed",
        detail: "Telnyx signs the body of a POST; set the application's status_callback_method (and voice_method) to POST",
      });
    }
    expect((await rawRequest(server.url, "HEAD", "/status")).status).toBe(405);
    // A GET with a signed-looking query is not passed through either.
    expect((await rawRequest(server.url, "GET", `/status?CallStatus=completed`, signed())).status).toBe(405);
    const connect = await rawBytes(server.url, "CONNECT upstream.example:443 HTTP/1.1\r\nhost: upstream.example:443\r\n\r\n");
    expect(connect).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(connect).toContain('"error":"method_not_allowed"');
    expect(upstream.received).toEqual([]);
    expect(summary()).toEqual([
      ...[...methods, "HEAD", "GET"].map((method) =>
        line({ method, path: "/status", verdict: "rejected", reason: "method_not_allowed", status: 405 }),
      ),
      line({ method: "CONNECT", path: "upstream.example:443", verdict: "rejected", reason: "method_not_allowed", status: 405 }),
    ]);
    await healthy();
  });

  it("answers 400 to a method Node's parser does not know (TRACK, FOO, lower case), logged", async () => {
    const { server, summary, healthy } = await verifier();
    for (const method of ["TRACK", "FOO", "post"]) {
      expect(await rawBytes(server.url, `${method} /status HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}`), method).toMatch(
        /^HTTP\/1\.1 400 Bad Request\r\n/,
      );
    }
    expect(summary()).toEqual(
      [1, 2, 3].map(() => line({ method: "", path: "", verdict: "rejected", reason: "invalid_request", status: 400 })),
    );
    await healthy();
  });

  it("answers 400 to a malformed Host header, a dot segment, a backslash or an absolute-form target, and keeps serving", async () => {
    const { server, summary, healthy } = await verifier();
    const cases: Array<[string, Record<string, string>, string]> = [
      ["/status", { host: "a b" }, "malformed Host header"],
      ["/status", { host: "exa mple.com:80" }, "malformed Host header"],
      ["/status", { host: "x/y" }, "malformed Host header"],
      ["/status", { host: "user@evil" }, "malformed Host header"],
      ["/a/../status", {}, "the path contains a . or .. segment"],
      ["/a/%2E%2e/status", {}, "the path contains a . or .. segment"],
      ["/./status", {}, "the path contains a . or .. segment"],
      ["/a\\b", {}, "the path contains a backslash"],
      ["http://evil.example/status", {}, "the request target must be a path starting with /"],
    ];
    for (const [target, headers, detail] of cases) {
      const answer = await rawRequest(server.url, "POST", target, { ...signed(), ...headers }, body);
      expect([answer.status, JSON.parse(answer.text)], target).toEqual([400, { error: "invalid_request", detail }]);
    }
    expect(upstream.received).toEqual([]);
    expect(summary().map((l) => [l.verdict, l.reason, l.status])).toEqual(cases.map(() => ["rejected", "invalid_request", 400]));
    await healthy();
  });

  it("answers 400 (logged) to what Node's HTTP parser refuses, and 413 to bodies over the limit, declared or chunked", async () => {
    const { server, summary, healthy } = await verifier({ maxBodyBytes: 64 });
    expect(await rawBytes(server.url, "P@ST /status HTTP/1.1\r\nhost: x\r\n\r\n")).toMatch(/^HTTP\/1\.1 400 /);
    expect(await rawBytes(server.url, "POST /status HTTP/1.1\r\nhost: x\r\nbad header line\r\n\r\n")).toMatch(/^HTTP\/1\.1 400 /);
    const declared = await rawRequest(server.url, "POST", "/status", { ...signed(), "content-length": "100000" }, "x".repeat(100_000));
    expect([declared.status, declared.text]).toEqual([413, '{"error":"payload_too_large"}']);
    const chunked = await rawBytes(
      server.url,
      `POST /status HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n400\r\n${"y".repeat(1024)}\r\n0\r\n\r\n`,
    );
    expect(chunked).toMatch(/^HTTP\/1\.1 413 /);
    expect(summary().map((l) => [l.verdict, l.reason, l.status])).toEqual([
      ["rejected", "invalid_request", 400],
      ["rejected", "invalid_request", 400],
      ["rejected", "payload_too_large", 413],
      ["rejected", "payload_too_large", 413],
    ]);
    await healthy();
  });

  it("survives a client that goes away in the middle of a body", async () => {
    const { server, healthy } = await verifier();
    await rawBytes(server.url, `POST /status HTTP/1.1\r\nhost: x\r\ncontent-length: 500\r\n\r\nCallSid=`, 200);
    await healthy();
  });

  it("refuses a signed empty body (401 empty_payload), as an unsigned one", async () => {
    const { server, summary } = await verifier();
    const empty = await rawRequest(server.url, "POST", "/status", { ...signWebhook("", keys.secretKey), "content-length": "0" });
    expect([empty.status, empty.text]).toEqual([401, '{"error":"empty_payload"}']);
    const unsigned = await rawRequest(server.url, "POST", "/status", { "content-length": "0" });
    expect([unsigned.status, unsigned.text]).toEqual([401, '{"error":"missing_signature"}']);
    expect(upstream.received).toEqual([]);
    expect(summary()).toEqual([
      line({ method: "POST", path: "/status", verdict: "rejected", reason: "empty_payload", status: 401 }),
      line({ method: "POST", path: "/status", verdict: "rejected", reason: "missing_signature", status: 401 }),
    ]);
  });
});

/** What came back over one raw connection, and whether the server closed it. */
interface RawExchange {
  statusLine: string;
  headers: Record<string, string>;
  body: string;
  closedByServer: boolean;
}

/**
 * Writes `bytes` exactly as given over a fresh TCP connection, without half-closing it
 * (a half-close would make Node drop an answer still being prepared), and reads until
 * the server closes the connection or `waitMs` passes.
 */
function exchange(origin: string, bytes: string, waitMs = 3000): Promise<RawExchange> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let closedByServer = false;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString("latin1");
      const [head = "", body = ""] = text.split(/\r\n\r\n(.*)/s);
      const [statusLine = "", ...headerLines] = head.split("\r\n");
      const headers = Object.fromEntries(
        headerLines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
      );
      resolve({ statusLine, headers, body: headers["transfer-encoding"] === "chunked" ? unchunk(body) : body, closedByServer });
    };
    const timer = setTimeout(done, waitMs);
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("end", () => (closedByServer = true));
    socket.on("error", done);
    socket.on("close", done);
    socket.on("connect", () => socket.write(bytes));
  });
}

/** The payload of a chunked body. */
function unchunk(text: string): string {
  let payload = "";
  for (let rest = text; ; ) {
    const size = parseInt(rest.slice(0, rest.indexOf("\r\n")), 16);
    if (!(size > 0)) return payload;
    const start = rest.indexOf("\r\n") + 2;
    payload += rest.slice(start, start + size);
    rest = rest.slice(start + size + 2);
  }
}

/** A signed delivery of `body` to /status as raw bytes, with `hostLines` as its Host header lines. */
function signedDelivery(version: "HTTP/1.1" | "HTTP/1.0", hostLines: string[]): string {
  const headers = Object.entries({ ...signed(), "content-length": String(Buffer.byteLength(body)) }).map(
    ([name, value]) => `${name}: ${value}`,
  );
  return [`POST /status ${version}`, ...hostLines, ...headers, "", body].join("\r\n");
}

describe("standalone server: the Host header (RFC 9112, section 3.2)", () => {
  const twoHosts = { error: "invalid_request", detail: "more than one Host header (RFC 9112, section 3.2)" };
  const noHost = { error: "invalid_request", detail: "the Host header is missing (RFC 9112, section 3.2, requires it in HTTP/1.1)" };

  it("answers 400 to a signed delivery with two Host lines, forwards nothing, logs it and closes the connection", async () => {
    const { server, summary, healthy } = await verifier();
    const own = `host: 127.0.0.1:${server.port}`;
    for (const hostLines of [
      [own, "host: internal.example"],
      [own, own],
      ["Host: internal.example", own],
    ]) {
      const answer = await exchange(server.url, signedDelivery("HTTP/1.1", hostLines));
      expect(answer.statusLine, hostLines.join(" + ")).toBe("HTTP/1.1 400 Bad Request");
      expect([answer.headers["content-type"], answer.headers.connection, answer.closedByServer]).toEqual([
        "application/json",
        "close",
        true,
      ]);
      expect(JSON.parse(answer.body)).toEqual(twoHosts);
    }
    // Not for a health check either: the rule holds for every request.
    const health = await exchange(server.url, `GET /healthz HTTP/1.1\r\n${own}\r\n${own}\r\n\r\n`);
    expect([health.statusLine, JSON.parse(health.body), health.closedByServer]).toEqual(["HTTP/1.1 400 Bad Request", twoHosts, true]);
    expect(upstream.received).toEqual([]);
    expect(summary()).toEqual([
      ...[1, 2, 3].map(() => line({ method: "POST", path: "/status", verdict: "rejected", reason: "invalid_request", status: 400 })),
      line({ method: "GET", path: "/healthz", verdict: "rejected", reason: "invalid_request", status: 400 }),
    ]);
    await healthy();
  });

  it("answers 400 with a body, logged, to an HTTP/1.1 request without Host; HTTP/1.0 may omit it", async () => {
    const { server, summary } = await verifier();
    const answer = await exchange(server.url, signedDelivery("HTTP/1.1", []));
    expect([answer.statusLine, answer.headers.connection, answer.closedByServer]).toEqual(["HTTP/1.1 400 Bad Request", "close", true]);
    expect(JSON.parse(answer.body)).toEqual(noHost);
    const health = await exchange(server.url, "GET /healthz HTTP/1.1\r\n\r\n");
    expect([health.statusLine, JSON.parse(health.body), health.closedByServer]).toEqual(["HTTP/1.1 400 Bad Request", noHost, true]);
    expect(upstream.received).toEqual([]);
    // RFC 9112 requires Host only of HTTP/1.1: an HTTP/1.0 delivery without one is verified and forwarded.
    const old = await exchange(server.url, signedDelivery("HTTP/1.0", []));
    expect([old.statusLine, old.body]).toEqual(["HTTP/1.1 200 OK", "<Response><Say>hi</Say></Response>"]);
    expect(upstream.received.map((r) => [r.method, r.url, r.body])).toEqual([["POST", "/status", body]]);
    expect(summary()).toEqual([
      line({ method: "POST", path: "/status", verdict: "rejected", reason: "invalid_request", status: 400 }),
      line({ method: "GET", path: "/healthz", verdict: "rejected", reason: "invalid_request", status: 400 }),
      line({ method: "POST", path: "/status", verdict: "accepted", status: 200, upstreamStatus: 200 }),
    ]);
  });
});

describe("standalone server: public key, address", () => {
  it("refuses to start with a public key that does not decode to 32 bytes, saying what it got", async () => {
    const start = (key: string) => startWebhookVerifierServer({ publicKey: key, port: 0, log: () => {} });
    const expected = "publicKey: must be the account's Ed25519 public key from the Telnyx portal: base64 that decodes to 32 bytes";
    await expect(start("not a key")).rejects.toThrow(`${expected} (got 9 characters that are not standard padded base64)`);
    await expect(start(Buffer.alloc(16).toString("base64"))).rejects.toThrow(`${expected} (got base64 of 16 bytes)`);
    await expect(start("")).rejects.toThrow(`${expected} (got an empty string)`);
    expect(() => createWebhookHandler({ publicKey: Buffer.alloc(33).toString("base64") })).toThrow(`${expected} (got base64 of 33 bytes)`);
    expect(() => checkPublicKey(new Uint8Array(31))).toThrow(`${expected} (got 31 raw bytes)`);
    expect(() => createWebhookHandler({ publicKey, forwardTo: "ftp://x" })).toThrow('forwardTo: must be an http(s) URL, got "ftp://x"');
    expect(() => createWebhookHandler({ publicKey, forwardTimeoutMs: 0 })).toThrow(
      "forwardTimeoutMs: must be a positive number of milliseconds, got 0",
    );
    expect(checkPublicKey(publicKey)).toEqual(keys.publicKey);
  });

  it("binds loopback by default and reports the address it is bound to", async () => {
    const { server } = await verifier();
    expect(server.host).toBe("127.0.0.1");
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const v6 = await verifier({ host: "::1" }).catch(() => undefined);
    if (v6) {
      expect(v6.server.url).toBe(`http://[::1]:${v6.server.port}`);
      expect((await rawRequest(v6.server.url, "GET", "/healthz")).status).toBe(200);
    }
    const wide = await verifier({ host: "0.0.0.0" });
    expect(wide.server.url).toBe(`http://0.0.0.0:${wide.server.port}`);
    expect((await rawRequest(`http://127.0.0.1:${wide.server.port}`, "GET", "/healthz")).status).toBe(200);
  });
});

describe("forwarding", () => {
  it("forwards path and query unchanged: /status?queue=support arrives as /status?queue=support", async () => {
    const { server, summary } = await verifier();
    for (const target of ["/status?queue=support", "/", "/hooks/voice%2Fin?x=a+b&y=%26&y=2", "/status"]) {
      const answer = await rawRequest(server.url, "POST", target, signed(), body);
      expect([answer.status, answer.text]).toEqual([200, "<Response><Say>hi</Say></Response>"]);
    }
    expect(upstream.received.map((r) => [r.method, r.url, r.body])).toEqual([
      ["POST", "/status?queue=support", body],
      ["POST", "/", body],
      ["POST", "/hooks/voice%2Fin?x=a+b&y=%26&y=2", body],
      ["POST", "/status", body],
    ]);
    expect(summary()[0]).toEqual(line({ method: "POST", path: "/status", verdict: "accepted", status: 200, upstreamStatus: 200 }));
  });

  it("appends to forwardTo's own path and query", async () => {
    const { server } = await verifier({ forwardTo: `${upstream.origin}/base/?app=1` });
    await rawRequest(server.url, "POST", "/status?queue=support", signed(), body);
    await rawRequest(server.url, "POST", "/", signed(), body);
    expect(upstream.received.map((r) => r.url)).toEqual(["/base/status?app=1&queue=support", "/base/?app=1"]);
    expect(forwardTarget("https://voice.example.com/status", "https://verifier/")).toBe("https://voice.example.com/status");
    expect(forwardTarget("https://voice.example.com/status", "https://verifier/?a=1")).toBe("https://voice.example.com/status?a=1");
    expect(forwardTarget("https://voice.example.com", "https://verifier/texml/support?q=%20")).toBe(
      "https://voice.example.com/texml/support?q=%20",
    );
  });

  it("answers 504 when the upstream does not answer within the timeout, and logs it as accepted with the upstream error", async () => {
    upstream.respond = () => {}; // never answers
    const { server, summary } = await verifier({ forwardTimeoutMs: 300 });
    const started = performance.now();
    const answer = await rawRequest(server.url, "POST", "/status", signed(), body);
    const elapsed = performance.now() - started;
    expect([answer.status, answer.text]).toEqual([504, '{"error":"upstream_timeout"}']);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(3000);
    expect(summary()).toEqual([
      line({ method: "POST", path: "/status", verdict: "accepted", status: 504, upstreamError: "upstream_timeout" }),
    ]);
  });

  it("answers 502 when the upstream cannot be reached, logged as accepted with upstream_unreachable, not as rejected", async () => {
    const { server, summary } = await verifier({ forwardTo: "http://127.0.0.1:9/status" });
    const answer = await rawRequest(server.url, "POST", "/status", signed(), body);
    expect([answer.status, answer.text]).toEqual([502, '{"error":"upstream_unreachable"}']);
    const forged = await rawRequest(
      server.url,
      "POST",
      "/status",
      { ...signed(), "telnyx-signature-ed25519": Buffer.alloc(64, 1).toString("base64") },
      body,
    );
    expect(forged.status).toBe(401);
    expect(summary()).toEqual([
      line({ method: "POST", path: "/status", verdict: "accepted", status: 502, upstreamError: "upstream_unreachable" }),
      line({ method: "POST", path: "/status", verdict: "rejected", reason: "signature_mismatch", status: 401 }),
    ]);
  });

  it("relays an upstream error status as is, logged as accepted with the upstream's status", async () => {
    upstream.respond = (_req, res) => {
      res.writeHead(503, { "content-type": "text/plain" });
      res.end("busy");
    };
    const { server, summary } = await verifier();
    const answer = await rawRequest(server.url, "POST", "/status", signed(), body);
    expect([answer.status, answer.text]).toEqual([503, "busy"]);
    expect(summary()).toEqual([line({ method: "POST", path: "/status", verdict: "accepted", status: 503, upstreamStatus: 503 })]);
  });

  it("does not follow an upstream redirect: it is relayed with its Location", async () => {
    upstream.respond = (_req, res) => {
      res.writeHead(307, { location: "http://127.0.0.1:9/elsewhere" });
      res.end();
    };
    const { server } = await verifier();
    const answer = await rawRequest(server.url, "POST", "/status", signed(), body);
    expect([answer.status, answer.headers.location]).toEqual([307, "http://127.0.0.1:9/elsewhere"]);
    expect(upstream.received).toHaveLength(1);
  });

  it("answers 500 (accepted, logged) when onEvent throws", async () => {
    const verdicts: unknown[] = [];
    const handle = createWebhookHandler({
      publicKey,
      onEvent: () => {
        throw new Error("boom");
      },
      onVerdict: (v) => verdicts.push(v),
    });
    const answer = await handle(new Request("http://verifier/", { method: "POST", headers: signed(), body }));
    expect([answer.status, await answer.text()]).toEqual([500, '{"error":"internal_error"}']);
    expect(verdicts).toEqual([{ accepted: true, status: 500 }]);
  });
});

describe("replay protection (standalone server, in memory)", () => {
  it("refuses a signature it already accepted with 409 replayed; a new signature of the same body passes", async () => {
    const { server, summary } = await verifier({ replayProtection: true });
    const headers = signed();
    expect((await rawRequest(server.url, "POST", "/status", headers, body)).status).toBe(200);
    const again = await rawRequest(server.url, "POST", "/status", headers, body);
    expect([again.status, again.text]).toEqual([409, '{"error":"replayed"}']);
    // The same signature in another base64 spelling (non-zero padding bits) is the same signature.
    const sig = headers["telnyx-signature-ed25519"];
    const respelled = `${sig.slice(0, -3) + String.fromCharCode(sig.charCodeAt(sig.length - 3) ^ 1)}==`;
    if (Buffer.from(respelled, "base64").equals(Buffer.from(sig, "base64")) && respelled !== sig) {
      expect((await rawRequest(server.url, "POST", "/status", { ...headers, "telnyx-signature-ed25519": respelled }, body)).status).toBe(
        409,
      );
    }
    expect((await rawRequest(server.url, "POST", "/status", signed(body, Number(headers["telnyx-timestamp"]) - 1), body)).status).toBe(200);
    expect(upstream.received).toHaveLength(2);
    expect(summary().slice(0, 2)).toEqual([
      line({ method: "POST", path: "/status", verdict: "accepted", status: 200, upstreamStatus: 200 }),
      line({ method: "POST", path: "/status", verdict: "rejected", reason: "replayed", status: 409 }),
    ]);
  });

  it("forgets a webhook that was not delivered (5xx, 502, 504), so Telnyx's retry is not taken for a replay", async () => {
    let failures = 1;
    upstream.respond = (req, res) => {
      if (failures-- > 0) {
        res.writeHead(503);
        res.end();
      } else texmlAnswer(req, res);
    };
    const { server } = await verifier({ replayProtection: true });
    const headers = signed();
    expect((await rawRequest(server.url, "POST", "/status", headers, body)).status).toBe(503);
    expect((await rawRequest(server.url, "POST", "/status", headers, body)).status).toBe(200);
    expect((await rawRequest(server.url, "POST", "/status", headers, body)).status).toBe(409);
  });

  it("is off by default: the same delivery passes twice", async () => {
    const { server } = await verifier();
    const headers = signed();
    expect((await rawRequest(server.url, "POST", "/status", headers, body)).status).toBe(200);
    expect((await rawRequest(server.url, "POST", "/status", headers, body)).status).toBe(200);
  });

  it("keeps an entry only while its timestamp is within the tolerance, and at most maxEntries (oldest dropped first)", () => {
    const sig = (n: number) => new Uint8Array(64).fill(n);
    const t = 1_764_000_000;
    const window = new ReplayCache(300);
    expect(window.claim(sig(1), t, t * 1000)).toBe(true);
    expect(window.claim(sig(1), t, (t + 300) * 1000)).toBe(false); // still within the window
    expect(window.claim(sig(1), t, (t + 302) * 1000)).toBe(true); // expired: the timestamp check refuses it anyway
    expect(window.size).toBe(1);
    const small = new ReplayCache(300, 3);
    for (const n of [1, 2, 3, 4]) expect(small.claim(sig(n), t, t * 1000)).toBe(true);
    expect([small.size, small.evicted]).toEqual([3, 1]);
    expect(small.claim(sig(4), t, t * 1000)).toBe(false);
    expect(small.claim(sig(1), t, t * 1000)).toBe(true); // evicted, so no longer caught: the documented limit
    small.release(sig(3));
    expect(small.claim(sig(3), t, t * 1000)).toBe(true);
  });
});
