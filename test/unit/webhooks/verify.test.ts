import { generateKeyPairSync, sign as nodeSign, type KeyObject } from "node:crypto";
import fc from "fast-check";
import nacl from "tweetnacl";
import { describe, expect, it } from "vitest";
import { WebhookVerificationError, ed25519Verify, signWebhook, verifyWebhook } from "../../../provider/webhooks";

const keys = nacl.sign.keyPair();
const publicKey = Buffer.from(keys.publicKey).toString("base64");
const NOW = 1_764_000_000_000;
const now = () => NOW;
const ts = NOW / 1000;

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return `${error.reason}: ${error.message}`;
    throw error;
  }
  return "accepted";
}

describe("verifyWebhook", () => {
  const body = JSON.stringify({ data: { event_type: "call.initiated", payload: { call_control_id: "v3:abc" } } });

  it("accepts a JSON event signed over `<timestamp>|<raw body>` and parses it", () => {
    const headers = signWebhook(body, keys.secretKey, ts);
    const event = verifyWebhook(body, headers, { publicKey, now });
    expect(event).toEqual({ timestamp: ts, format: "json", payload: JSON.parse(body), raw: body });
  });

  it("accepts a form-urlencoded TeXML callback and parses its fields", () => {
    const form = "CallSid=v3%3Aabc&CallStatus=completed&From=%2B13125550100";
    const event = verifyWebhook(
      Buffer.from(form),
      { ...signWebhook(form, keys.secretKey, ts), "content-type": "application/x-www-form-urlencoded" },
      { publicKey, now },
    );
    expect(event.format).toBe("form");
    expect(event.payload).toEqual({ CallSid: "v3:abc", CallStatus: "completed", From: "+13125550100" });
  });

  it("matches headers case-insensitively, in records, arrays and Fetch Headers", () => {
    const signed = signWebhook(body, keys.secretKey, ts);
    expect(
      verifyWebhook(
        body,
        { "Telnyx-Timestamp": signed["telnyx-timestamp"], "TELNYX-SIGNATURE-ED25519": [signed["telnyx-signature-ed25519"]] },
        { publicKey, now },
      ).timestamp,
    ).toBe(ts);
    expect(verifyWebhook(body, new Headers(signed), { publicKey, now }).timestamp).toBe(ts);
  });

  it("names every failure with a stable reason and a message that never quotes the body", () => {
    const good = signWebhook(body, keys.secretKey, ts);
    const check = (headers: Record<string, string>, options: Partial<Parameters<typeof verifyWebhook>[2]> = {}, raw: string = body) =>
      reasonOf(() => verifyWebhook(raw, headers, { publicKey, now, ...options }));
    expect(check({ "telnyx-timestamp": good["telnyx-timestamp"] })).toBe(
      "missing_signature: webhook rejected (missing_signature): the telnyx-signature-ed25519 header is missing",
    );
    expect(check({ "telnyx-signature-ed25519": good["telnyx-signature-ed25519"] })).toBe(
      "missing_timestamp: webhook rejected (missing_timestamp): the telnyx-timestamp header is missing",
    );
    expect(check({ ...good, "telnyx-timestamp": "yesterday" })).toBe(
      "invalid_timestamp: webhook rejected (invalid_timestamp): the telnyx-timestamp header is not a Unix time in seconds",
    );
    expect(check({ ...good, "telnyx-signature-ed25519": "not base64!" })).toBe(
      "invalid_signature_encoding: webhook rejected (invalid_signature_encoding): the telnyx-signature-ed25519 header is not a base64 Ed25519 signature (64 bytes)",
    );
    expect(check({ ...good, "telnyx-signature-ed25519": Buffer.alloc(63).toString("base64") })).toMatch(/^invalid_signature_encoding:/);
    expect(check(good, { publicKey: "short" })).toBe(
      "invalid_public_key: webhook rejected (invalid_public_key): the configured public key is not a base64 Ed25519 public key (32 bytes)",
    );
    expect(check(good, {}, `${body} `)).toBe(
      "signature_mismatch: webhook rejected (signature_mismatch): the signature does not match the body and timestamp",
    );
    expect(check(good, { maxBodyBytes: 10 })).toBe(
      "payload_too_large: webhook rejected (payload_too_large): the body is larger than the limit",
    );
    const garbled = "{not json";
    expect(check(signWebhook(garbled, keys.secretKey, ts), {}, garbled)).toBe(
      "malformed_payload: webhook rejected (malformed_payload): the signed body is neither JSON nor form-urlencoded",
    );
    const message = reasonOf(() => verifyWebhook("secret-body-text", good, { publicKey, now }));
    expect(message).not.toContain("secret-body-text");
  });

  it("accepts timestamps exactly at the tolerance and refuses one second beyond, both ways", () => {
    for (const [offset, expected] of [
      [-300, "accepted"],
      [300, "accepted"],
      [-301, "timestamp_out_of_tolerance"],
      [301, "timestamp_out_of_tolerance"],
    ] as const) {
      const headers = signWebhook(body, keys.secretKey, ts + offset);
      expect(reasonOf(() => verifyWebhook(body, headers, { publicKey, now })).split(":")[0]).toBe(expected);
    }
    const late = signWebhook(body, keys.secretKey, ts - 1000);
    expect(reasonOf(() => verifyWebhook(body, late, { publicKey, now, toleranceSeconds: 1000 }))).toBe("accepted");
  });
});

describe("native and tweetnacl Ed25519 give identical verdicts", () => {
  it("on RFC 8032 test vector 1 and its mutations", () => {
    const pub = Buffer.from("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "hex");
    const sig = Buffer.from(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
      "hex",
    );
    const cases: Array<[Uint8Array, Uint8Array, Uint8Array, boolean]> = [
      [new Uint8Array(0), sig, pub, true],
      [new Uint8Array([0]), sig, pub, false],
      [new Uint8Array(0), flip(sig, 5), pub, false],
      [new Uint8Array(0), sig, flip(pub, 0), false],
      [new Uint8Array(0), withScalarPlusOrder(sig), pub, false], // S + L: valid for lax verifiers, not for RFC 8032
      [new Uint8Array(0), sig, new Uint8Array(32), false], // small-order key
    ];
    for (const [message, signature, key, expected] of cases) {
      expect(ed25519Verify(message, signature, key, "native")).toBe(expected);
      expect(ed25519Verify(message, signature, key, "tweetnacl")).toBe(expected);
    }
  });

  it("on 300 random vectors from freshly generated keys, valid and mutated", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.integer({ min: 0, max: 3 }), fc.nat(), (message, mutation, where) => {
        const pair = nacl.sign.keyPair();
        let signature = nacl.sign.detached(message, pair.secretKey);
        let key = pair.publicKey;
        let signed: Uint8Array = message;
        if (mutation === 1) signature = flip(signature, where % 64);
        if (mutation === 2) key = flip(key, where % 32);
        if (mutation === 3 && message.length > 0) signed = flip(message, where % message.length);
        const native = ed25519Verify(signed, signature, key, "native");
        expect(ed25519Verify(signed, signature, key, "tweetnacl")).toBe(native);
        expect(native).toBe(mutation === 0 || (mutation === 3 && message.length === 0));
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});

describe("zero false accepts under mutation (property-based)", () => {
  // Node signs here because it is fast; the verifier under test is ours.
  const pairs = Array.from({ length: 8 }, () => {
    const { publicKey: pub, privateKey } = generateKeyPairSync("ed25519");
    const raw = Buffer.from(pub.export({ format: "jwk" }).x!, "base64url");
    return { privateKey, publicKey: raw.toString("base64") };
  });
  const sign = (privateKey: KeyObject, timestamp: number, body: Uint8Array) =>
    nodeSign(null, Buffer.concat([Buffer.from(`${timestamp}|`), body]), privateKey).toString("base64");
  const mutations = ["body", "timestamp", "signature", "key", "none"] as const;

  /** Runs the property; returns, for each mutation, the outcomes (reasons, or `accepted`) seen, sorted. */
  function runProperty(numRuns: number, engine: "native" | "tweetnacl") {
    const seen: Record<string, Set<string>> = {};
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 2048 }),
        fc.integer({ min: -299, max: 299 }),
        fc.nat({ max: 7 }),
        fc.constantFrom(...mutations),
        fc.nat(),
        (body, skew, pairIndex, mutation, where) => {
          const pair = pairs[pairIndex]!;
          const timestamp = ts + skew;
          let signature = Buffer.from(sign(pair.privateKey, timestamp, body), "base64");
          let headerTs = String(timestamp);
          let signedBody: Uint8Array = body;
          let key = pair.publicKey;
          if (mutation === "body") signedBody = flip(body, where % (body.length * 8), true);
          if (mutation === "timestamp") headerTs = String(timestamp + 1 + (where % 250));
          if (mutation === "signature") signature = Buffer.from(flip(signature, where % 512, true));
          if (mutation === "key") key = pairs[(pairIndex + 1 + (where % 7)) % 8]!.publicKey;
          const outcome = reasonOf(() =>
            verifyWebhook(
              Buffer.from(signedBody),
              { "telnyx-timestamp": headerTs, "telnyx-signature-ed25519": signature.toString("base64") },
              { publicKey: key, now, engine },
            ),
          ).split(":")[0]!;
          if (mutation === "none") {
            // Random bytes are rarely JSON or form data: a sound signature passes the check and may then fail parsing.
            expect(["accepted", "malformed_payload"]).toContain(outcome);
          } else if (mutation === "timestamp" && Math.abs(Number(headerTs) - ts) > 300) {
            // Shifted beyond the tolerance: refused for that, before the signature is looked at.
            expect(outcome).toBe("timestamp_out_of_tolerance");
          } else {
            expect(outcome).toBe("signature_mismatch");
          }
          seen[mutation] ??= new Set();
          seen[mutation].add(outcome);
        },
      ),
      { numRuns },
    );
    return Object.fromEntries(Object.entries(seen).map(([mutation, outcomes]) => [mutation, [...outcomes].sort()]));
  }

  // Every kind of mutation came up, and shifted timestamps fell on both sides of the tolerance.
  const expectedOutcomes = {
    body: ["signature_mismatch"],
    key: ["signature_mismatch"],
    none: expect.arrayContaining(["malformed_payload"]),
    signature: ["signature_mismatch"],
    timestamp: ["signature_mismatch", "timestamp_out_of_tolerance"],
  };

  it("rejects 100,000 mutated-or-genuine cases correctly on the native path", () => {
    expect(runProperty(100_000, "native")).toEqual(expectedOutcomes);
  }, 120_000);

  it("and 1,000 on the tweetnacl path", () => {
    expect(runProperty(1_000, "tweetnacl")).toEqual(expectedOutcomes);
  }, 120_000);
});

/** Flips one bit (`bitIndex` when `asBit`, else the low bit of byte `index`). */
function flip(bytes: Uint8Array, index: number, asBit = false): Uint8Array {
  const copy = new Uint8Array(bytes);
  if (asBit) copy[Math.floor(index / 8)]! ^= 1 << (index % 8);
  else copy[index]! ^= 1;
  return copy;
}

/** The same signature with S replaced by S + L (the group order): equal modulo L, non-canonical. */
function withScalarPlusOrder(signature: Uint8Array): Uint8Array {
  const L = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0x10,
  ];
  const out = new Uint8Array(signature);
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const sum = out[32 + i]! + L[i]! + carry;
    out[32 + i] = sum & 0xff;
    carry = sum >> 8;
  }
  return out;
}
