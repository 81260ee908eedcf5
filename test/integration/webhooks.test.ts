// Webhooks end to end: the emulator's signed status callbacks through the standalone
// verifier server, and the deployable bundle run as an ES module in this Node.
import { createServer, type IncomingHttpHeaders } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import nacl from "tweetnacl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { buildVerifierBundle, signWebhook, startWebhookVerifierServer, type VerifierLogLine } from "../../provider/webhooks";

let emulator: EmulatorHandle;
const upstream = { url: "", received: [] as Array<{ headers: IncomingHttpHeaders; body: string }>, close: async () => {} };

beforeAll(async () => {
  emulator = await startEmulator({ webhookDispatch: true });
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c));
    req.on("end", () => {
      upstream.received.push({ headers: req.headers, body: text });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  upstream.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`;
  upstream.close = () => new Promise((resolve) => server.close(() => resolve()));
});

afterAll(async () => {
  await emulator?.close();
  await upstream.close();
});

async function api(method: string, p: string, body: Record<string, unknown>, form = false) {
  const response = await fetch(`${emulator.baseUrl}${p}`, {
    method,
    headers: {
      authorization: `Bearer ${emulator.apiKey}`,
      "content-type": form ? "application/x-www-form-urlencoded" : "application/json",
    },
    body: form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
  });
  return response.json() as Promise<any>;
}

describe("webhooks end to end", () => {
  it("verifies the emulator's signed status callbacks through the standalone server and forwards them", async () => {
    const lines: VerifierLogLine[] = [];
    const verifier = await startWebhookVerifierServer({
      publicKey: emulator.publicKey,
      forwardTo: upstream.url,
      port: 0,
      host: "127.0.0.1",
      log: (line) => lines.push(line),
    });
    try {
      upstream.received.length = 0;
      const app = await api("POST", "/texml_applications", {
        friendly_name: "support",
        voice_url: "https://voice.example.com/texml",
        status_callback: `${verifier.url}/status`,
      });
      const call = await api("POST", `/texml/Accounts/${emulator.accountSid}/Calls`, {
        To: "+13125550100",
        From: "+13125550199",
        ApplicationSid: app.data.id,
        StatusCallback: `${verifier.url}/status`,
      });
      await api("POST", `/texml/Accounts/${emulator.accountSid}/Calls/${call.call_sid}`, { Status: "completed" }, true);
      await waitFor(() => upstream.received.length === 3);
      expect(upstream.received.map((r) => new URLSearchParams(r.body).get("CallStatus"))).toEqual(["ringing", "in-progress", "completed"]);
      expect(upstream.received.every((r) => typeof r.headers["telnyx-signature-ed25519"] === "string")).toBe(true);

      // One the emulator sends on request (what POST /__emulator/webhooks does): its key, so accepted and forwarded.
      const sent = await emulator.sendWebhook(
        `${verifier.url}/status`,
        "CallSid=v3%3Asent&CallStatus=completed",
        "application/x-www-form-urlencoded",
      );
      expect(sent.outcome).toBe(200);
      // A forged one: well-formed and freshly signed, but with a key that is not the account's.
      const forger = nacl.sign.keyPair();
      const forgedBody = "CallSid=v3%3Aforged&CallStatus=completed";
      const forged = await fetch(`${verifier.url}/status`, {
        method: "POST",
        headers: { ...signWebhook(forgedBody, forger.secretKey), "content-type": "application/x-www-form-urlencoded" },
        body: forgedBody,
      });
      expect([forged.status, await forged.text()]).toEqual([401, '{"error":"signature_mismatch"}']);
      const tampered = await fetch(`${verifier.url}/status`, {
        method: "POST",
        headers: { ...emulator.signWebhook("CallSid=v3%3Areal&CallStatus=completed"), "content-type": "application/x-www-form-urlencoded" },
        body: "CallSid=v3%3Areal&CallStatus=failed",
      });
      expect([tampered.status, await tampered.text()]).toEqual([401, '{"error":"signature_mismatch"}']);
      const stale = await fetch(`${verifier.url}/status`, {
        method: "POST",
        headers: emulator.signWebhook("{}", Math.floor(Date.now() / 1000) - 3600),
        body: "{}",
      });
      expect([stale.status, await stale.text()]).toEqual([401, '{"error":"timestamp_out_of_tolerance"}']);
      expect(lines.map((l) => `${l.verdict}${l.reason ? `:${l.reason}` : ""}`)).toEqual([
        "accepted",
        "accepted",
        "accepted",
        "accepted",
        "rejected:signature_mismatch",
        "rejected:signature_mismatch",
        "rejected:timestamp_out_of_tolerance",
      ]);
      // Only what the emulator signed reached the upstream: the three callbacks and the one sent on request.
      expect(upstream.received.map((r) => new URLSearchParams(r.body).get("CallStatus"))).toEqual([
        "ringing",
        "in-progress",
        "completed",
        "completed",
      ]);
      expect(upstream.received.at(-1)!.body).toBe("CallSid=v3%3Asent&CallStatus=completed");
    } finally {
      await verifier.close();
    }
  });

  it("runs the deployable bundle as a self-contained ES module: fetch entry point and Lambda handler", async () => {
    const bundle = buildVerifierBundle({ publicKey: emulator.publicKey, forwardTo: upstream.url });
    expect(bundle.code).not.toMatch(/^\s*import\s/m);
    expect(bundle.code).toContain(`"publicKey":"${emulator.publicKey}"`);
    const dir = mkdtempSync(path.join(os.tmpdir(), "verifier-bundle-"));
    try {
      const file = path.join(dir, bundle.entryFile);
      writeFileSync(file, bundle.code);
      const mod = (await import(pathToFileURL(file).href)) as {
        default: { fetch(r: Request): Promise<Response> };
        handler(event: unknown): Promise<{ statusCode: number; body: string }>;
      };
      upstream.received.length = 0;
      const body = JSON.stringify({ data: { event_type: "call.hangup" } });
      const accepted = await mod.default.fetch(
        new Request("https://verifier.example/", { method: "POST", headers: emulator.signWebhook(body), body }),
      );
      expect(accepted.status).toBe(200);
      expect(upstream.received.map((r) => r.body)).toEqual([body]);
      const refused = await mod.default.fetch(
        new Request("https://verifier.example/", { method: "POST", headers: emulator.signWebhook(body), body: `${body} ` }),
      );
      expect([refused.status, await refused.text()]).toEqual([401, '{"error":"signature_mismatch"}']);
      const lambda = await mod.handler({
        rawPath: "/",
        requestContext: { http: { method: "POST" } },
        headers: emulator.signWebhook(body),
        body: Buffer.from(body).toString("base64"),
        isBase64Encoded: true,
      });
      expect(lambda.statusCode).toBe(200);
      const lambdaRefused = await mod.handler({
        rawPath: "/",
        requestContext: { http: { method: "POST" } },
        headers: {},
        body,
        isBase64Encoded: false,
      });
      expect(lambdaRefused).toMatchObject({ statusCode: 401, body: '{"error":"missing_signature"}' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses to build a bundle with a key or target that cannot work, naming the property", () => {
    expect(() => buildVerifierBundle({ publicKey: "not-a-key" })).toThrow(
      "publicKey: must be the account's Ed25519 public key from the Telnyx portal: base64 that decodes to 32 bytes (got 9 characters that are not standard padded base64)",
    );
    expect(() => buildVerifierBundle({ publicKey: Buffer.alloc(32).toString("base64") })).toThrow(
      "publicKey: decodes to 32 bytes that are not a usable Ed25519 public key",
    );
    expect(() => buildVerifierBundle({ publicKey: emulator.publicKey, forwardTo: "ftp://x" })).toThrow(
      'forwardTo: must be an http(s) URL, got "ftp://x"',
    );
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting for webhooks");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
