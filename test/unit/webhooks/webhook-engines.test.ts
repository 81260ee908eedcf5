// Every Ed25519 path gives the same verdict on the shared vectors: the library's native
// (Node's crypto) and tweetnacl engines, and the deployable bundle's WebCrypto and tweetnacl
// engines, including the fallback when WebCrypto is missing or lacks Ed25519. The raw
// libraries alone do not agree; the explicit rules in core are why the paths do.
import { createPublicKey, verify as nodeVerify, webcrypto } from "node:crypto";
import nacl from "tweetnacl";
import { describe, expect, it } from "vitest";
import { buildVerifierBundle, ed25519Verify, signWebhook } from "../../../provider/webhooks";
import { ed25519Vectors } from "./ed25519-vectors";
import { importBundle, type BundleModule } from "./support";

const vectors = ed25519Vectors();
const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));
const keys = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(3));
const publicKey = Buffer.from(keys.publicKey).toString("base64");
const SPKI = Buffer.from("302a300506032b6570032100", "hex");

/** Runs `fn` with `globalThis.crypto` replaced (undefined, or a stand-in), restoring it afterwards. */
async function withCrypto<T>(replacement: unknown, fn: () => Promise<T>): Promise<T> {
  const original = Object.getOwnPropertyDescriptor(globalThis, "crypto")!;
  Object.defineProperty(globalThis, "crypto", { value: replacement, configurable: true, writable: true });
  try {
    return await fn();
  } finally {
    Object.defineProperty(globalThis, "crypto", original);
  }
}

async function verdicts(bundle: BundleModule): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  for (const v of vectors) out[v.name] = await bundle.ed25519Verify(bytes(v.message), bytes(v.signature), bytes(v.publicKey));
  return out;
}
const expected = Object.fromEntries(vectors.map((v) => [v.name, v.valid]));

describe("shared Ed25519 vectors", () => {
  it("cover valid, mutated, non-canonical (S >= L, R encodings) and small-order-key cases", () => {
    expect(vectors.length).toBeGreaterThanOrEqual(24);
    expect(vectors.filter((v) => v.valid).map((v) => v.name)).toEqual(["rfc8032-1", "rfc8032-2", "rfc8032-3", "webhook"]);
    expect(vectors.filter((v) => v.name.includes("S + L") || v.name === "S = L").length).toBe(2);
  });

  it("the library's native and tweetnacl engines give the expected verdict on each", () => {
    for (const v of vectors) {
      expect(ed25519Verify(bytes(v.message), bytes(v.signature), bytes(v.publicKey), "native"), v.name).toBe(v.valid);
      expect(ed25519Verify(bytes(v.message), bytes(v.signature), bytes(v.publicKey), "tweetnacl"), v.name).toBe(v.valid);
    }
  });

  it("the raw libraries disagree where the vectors say so, which is what the explicit rules are for", async () => {
    const runtimeDependent: string[] = [];
    for (const v of vectors) {
      const [key, message, signature] = [bytes(v.publicKey), bytes(v.message), bytes(v.signature)];
      const rawNacl = nacl.sign.detached.verify(message, signature, key);
      expect(rawNacl, `tweetnacl alone: ${v.name}`).toBe(v.naclAlone ?? v.valid);
      let openssl: boolean;
      try {
        openssl = nodeVerify(null, message, createPublicKey({ key: Buffer.concat([SPKI, key]), format: "der", type: "spki" }), signature);
      } catch {
        openssl = false;
      }
      let subtle: boolean;
      try {
        subtle = await webcrypto.subtle.verify(
          "Ed25519",
          await webcrypto.subtle.importKey("raw", key, { name: "Ed25519" }, false, ["verify"]),
          signature,
          message,
        );
      } catch {
        subtle = false;
      }
      // Node's crypto and WebCrypto agree with each other everywhere, and with the vectors on
      // valid, mutated and S >= L signatures. On R = identity and small-order keys they
      // depend on the Node version (24 refuses, 22 accepts, as tweetnacl does); under a
      // mixed-order key every library accepts. The shared rules settle all of these.
      expect(subtle, `WebCrypto vs crypto.verify: ${v.name}`).toBe(openssl);
      if (v.naclAlone && !v.name.includes("S + ")) {
        if (openssl !== v.valid) runtimeDependent.push(v.name);
      } else expect(openssl, `Node's crypto: ${v.name}`).toBe(v.valid);
    }
    console.log(
      `Node ${process.version}: its crypto alone would differ from the shared verdict on ${runtimeDependent.length} vector(s)${runtimeDependent.length ? `: ${runtimeDependent.join("; ")}` : ""}`,
    );
  });
});

describe("the deployable bundle's engines", () => {
  it("uses WebCrypto Ed25519 under Node and gives the expected verdict on every vector", async () => {
    const bundle = await importBundle(buildVerifierBundle({ publicKey }).code);
    expect(await bundle.verifierEngine()).toBe("webcrypto");
    expect(await verdicts(bundle)).toEqual(expected);
  });

  it("gives the same verdicts on tweetnacl (engine: tweetnacl)", async () => {
    const bundle = await importBundle(buildVerifierBundle({ publicKey, engine: "tweetnacl" }).code);
    expect(await bundle.verifierEngine()).toBe("tweetnacl");
    expect(await verdicts(bundle)).toEqual(expected);
  });

  it("falls back to tweetnacl where there is no WebCrypto, and where WebCrypto has no Ed25519", async () => {
    const none = await withCrypto(undefined, async () => {
      const bundle = await importBundle(buildVerifierBundle({ publicKey }).code);
      return { engine: await bundle.verifierEngine(), verdicts: await verdicts(bundle) };
    });
    expect(none).toEqual({ engine: "tweetnacl", verdicts: expected });
    const noEd25519 = {
      subtle: { importKey: () => Promise.reject(new DOMException("Unrecognized algorithm name", "NotSupportedError")) },
      getRandomValues: webcrypto.getRandomValues.bind(webcrypto),
    };
    const partial = await withCrypto(noEd25519, async () => {
      const bundle = await importBundle(buildVerifierBundle({ publicKey }).code);
      return { engine: await bundle.verifierEngine(), verdicts: await verdicts(bundle) };
    });
    expect(partial).toEqual({ engine: "tweetnacl", verdicts: expected });
    // engine: "webcrypto" refuses to fall back.
    await withCrypto(undefined, async () => {
      const bundle = await importBundle(buildVerifierBundle({ publicKey, engine: "webcrypto" }).code);
      await expect(bundle.ed25519Verify(new Uint8Array(1), new Uint8Array(64).fill(1))).rejects.toThrow(
        "this runtime has no WebCrypto Ed25519 (engine: webcrypto)",
      );
    });
  });

  it("answers whole webhooks alike on both engines: genuine 204, S + L 401, tampered 401", async () => {
    const body = JSON.stringify({ data: { event_type: "call.hangup" } });
    const headers = signWebhook(body, keys.secretKey);
    const signature = Buffer.from(headers["telnyx-signature-ed25519"], "base64");
    // S + L: the same signature modulo L, non-canonical.
    const L = [
      0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 0x10,
    ];
    const plusL = Buffer.from(signature);
    for (let i = 0, carry = 0; i < 32; i++) {
      const sum = plusL[32 + i]! + L[i]! + carry;
      plusL[32 + i] = sum & 0xff;
      carry = sum >> 8;
    }
    for (const engine of ["auto", "tweetnacl"] as const) {
      const bundle = await importBundle(buildVerifierBundle({ publicKey, engine }).code);
      const send = (h: Record<string, string>, b = body) =>
        bundle.default.fetch(new Request("https://verifier.example/", { method: "POST", headers: h, body: b }));
      expect((await send(headers)).status, engine).toBe(204);
      const nonCanonical = await send({ ...headers, "telnyx-signature-ed25519": plusL.toString("base64") });
      expect([nonCanonical.status, await nonCanonical.text()], engine).toEqual([401, '{"error":"signature_mismatch"}']);
      expect((await send(headers, `${body} `)).status, engine).toBe(401);
    }
  });

  it("refuses to build with a key no signature should be checked against", () => {
    for (const key of [
      new Uint8Array(32),
      Uint8Array.from([1, ...new Array(31).fill(0)]),
      bytes(vectors.find((v) => v.name.startsWith("mixed-order"))!.publicKey),
    ]) {
      expect(() => buildVerifierBundle({ publicKey: Buffer.from(key).toString("base64") })).toThrow(
        "publicKey: decodes to 32 bytes that are not a usable Ed25519 public key (not a canonical point of prime order: a small-order key would let anyone forge signatures); copy the key again from the Telnyx portal",
      );
    }
    expect(() => buildVerifierBundle({ publicKey, engine: "fast" as never })).toThrow(
      'engine: must be "auto", "webcrypto" or "tweetnacl", got "fast"',
    );
  });
});
