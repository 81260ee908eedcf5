// Shared Ed25519 vectors: every verify path (the library's native and tweetnacl engines,
// the bundle's WebCrypto and tweetnacl engines, under Node and inside workerd) must give
// `valid` on each. Built deterministically here: RFC 8032's first three test vectors,
// mutations, non-canonical signatures (S >= L, a non-canonical R) and the keys where the
// underlying libraries disagree (small-order and non-canonical keys, which tweetnacl
// accepts forgeries under). The curve arithmetic below is a plain BigInt rendering of RFC
// 8032 section 5.1, independent of the code under test.
import { createHash } from "node:crypto";
import nacl from "tweetnacl";

export interface Ed25519Vector {
  name: string;
  /** Hex. */
  publicKey: string;
  message: string;
  signature: string;
  /** The verdict every path must give. */
  valid: boolean;
  /** What tweetnacl alone answers when it differs (the reason for an explicit rule). */
  naclAlone?: boolean;
}

const P = (1n << 255n) - 19n;
const L = (1n << 252n) + 27742317777372353535851937790883648493n;
const mod = (a: bigint, m = P) => ((a % m) + m) % m;
function pow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}
const D = mod(-121665n * pow(121666n, P - 2n));
const I = pow(2n, (P - 1n) / 4n);
type Pt = [bigint, bigint, bigint, bigint];
const ZERO: Pt = [0n, 1n, 1n, 0n];
function add([x1, y1, z1, t1]: Pt, [x2, y2, z2, t2]: Pt): Pt {
  const a = mod((y1 - x1) * (y2 - x2));
  const b = mod((y1 + x1) * (y2 + x2));
  const c = mod(t1 * 2n * D * t2);
  const d = mod(z1 * 2n * z2);
  const [e, f, g, h] = [b - a, d - c, d + c, b + a];
  return [mod(e * f), mod(g * h), mod(f * g), mod(e * h)];
}
function mul(k: bigint, p: Pt): Pt {
  let r = ZERO;
  for (let i = 255n; i >= 0n; i--) {
    r = add(r, r);
    if ((k >> i) & 1n) r = add(r, p);
  }
  return r;
}
const le = (bytes: Uint8Array) => bytes.reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
function toLe(value: bigint, length = 32): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0, v = value; i < length; i++, v >>= 8n) out[i] = Number(v & 255n);
  return out;
}
function decode(bytes: Uint8Array): Pt {
  let y = le(bytes);
  const sign = y >> 255n;
  y &= (1n << 255n) - 1n;
  const u = mod(y * y - 1n);
  const v = mod(D * y * y + 1n);
  let x = mod(u * pow(v, 3n) * pow(u * pow(v, 7n), (P - 5n) / 8n));
  if (mod(v * x * x) === mod(-u)) x = mod(x * I);
  if ((x & 1n) !== sign) x = mod(-x);
  return [x, mod(y), 1n, mod(x * y)];
}
function encode([X, Y, Z]: Pt): Uint8Array {
  const zi = pow(Z, P - 2n);
  const x = mod(X * zi);
  const y = mod(Y * zi);
  return toLe(y | ((x & 1n) << 255n));
}
const B = decode(toLe(mod(4n * pow(5n, P - 2n))));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const h512 = (...parts: Uint8Array[]) => mod(le(createHash("sha512").update(Buffer.concat(parts)).digest()), L);
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const withS = (signature: Uint8Array, s: bigint) => concat(signature.subarray(0, 32), toLe(s));

/** The secret scalar of a tweetnacl key pair made from `seed` (RFC 8032 5.1.5). */
function scalarOf(seed: Uint8Array): bigint {
  const digest = createHash("sha512").update(seed).digest();
  digest[0]! &= 248;
  digest[31]! &= 127;
  digest[31]! |= 64;
  return le(digest.subarray(0, 32));
}

export function ed25519Vectors(): Ed25519Vector[] {
  const vectors: Ed25519Vector[] = [];
  const push = (name: string, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, valid: boolean, naclAlone?: boolean) =>
    vectors.push({
      name,
      publicKey: hex(publicKey),
      message: hex(message),
      signature: hex(signature),
      valid,
      ...(naclAlone !== undefined ? { naclAlone } : {}),
    });

  // RFC 8032 7.1, tests 1 to 3 (signed here from their secret keys: the same bytes).
  for (const [name, seed, message] of [
    ["rfc8032-1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", ""],
    ["rfc8032-2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "72"],
    ["rfc8032-3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7", "af82"],
  ] as const) {
    const pair = nacl.sign.keyPair.fromSeed(Buffer.from(seed, "hex"));
    push(name, pair.publicKey, Buffer.from(message, "hex"), nacl.sign.detached(Buffer.from(message, "hex"), pair.secretKey), true);
  }

  // A webhook-shaped message and its mutations.
  const seed = new Uint8Array(32).fill(7);
  const pair = nacl.sign.keyPair.fromSeed(seed);
  const other = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(8));
  const message = new TextEncoder().encode('1764000000|{"data":{"event_type":"call.hangup","payload":{"call_control_id":"v3:abc"}}}');
  const signature = nacl.sign.detached(message, pair.secretKey);
  const flip = (bytes: Uint8Array, index: number, bit = 0) => {
    const copy = new Uint8Array(bytes);
    copy[index]! ^= 1 << bit;
    return copy;
  };
  const S = le(signature.subarray(32));
  push("webhook", pair.publicKey, message, signature, true);
  push("webhook: a bit of R flipped", pair.publicKey, message, flip(signature, 3), false);
  push("webhook: a bit of S flipped", pair.publicKey, message, flip(signature, 40), false);
  push("webhook: body changed", pair.publicKey, flip(message, message.length - 3), signature, false);
  push("webhook: timestamp changed", pair.publicKey, flip(message, 9), signature, false);
  push("webhook: another key", other.publicKey, message, signature, false);
  push("webhook: zero signature", pair.publicKey, message, new Uint8Array(64), false);
  // Non-canonical S: equal modulo L, so the group equation holds; RFC 8032 requires S < L.
  push("non-canonical S = S + L", pair.publicKey, message, withS(signature, S + L), false, true);
  push("non-canonical S = S + 2L", pair.publicKey, message, withS(signature, S + 2n * L), false, true);
  push("S = L", pair.publicKey, message, withS(signature, L), false);
  push("S = 2^256 - 1", pair.publicKey, message, withS(signature, (1n << 256n) - 1n), false);
  push("S with only the top bit added", pair.publicKey, message, withS(signature, S | (1n << 255n)), false);

  // R = the identity, S = h·a: valid by the group equation (and only makeable with the
  // private key); tweetnacl and Node 22's crypto accept it, Node 24's refuses it.
  const a = scalarOf(seed);
  const identity = encode(ZERO);
  const sForIdentity = mod(h512(identity, pair.publicKey, message) * a, L);
  push("R = identity, S = h·a", pair.publicKey, message, concat(identity, toLe(sForIdentity)), false, true);
  // The same R encoded non-canonically (y = p + 1): the recomputed R never matches those bytes.
  const nonCanonicalIdentity = toLe(P + 1n);
  push(
    "R = identity encoded as y = p + 1",
    pair.publicKey,
    message,
    concat(nonCanonicalIdentity, toLe(mod(h512(nonCanonicalIdentity, pair.publicKey, message) * a, L))),
    false,
  );

  // Keys under which anyone can sign: small order, or a non-canonical encoding of one.
  const forgery = concat(identity, new Uint8Array(32)); // R = identity, S = 0
  const order8 = mul(L, decode(toLe(3n))); // the torsion part of an arbitrary point
  for (const [name, key] of [
    ["key = identity", identity],
    ["key = 32 zero bytes (order 4)", new Uint8Array(32)],
    ["key = (0, -1) (order 2)", toLe(P - 1n)],
    ["key = identity as y = p + 1", toLe(P + 1n)],
    ["key = identity with the sign bit set", toLe(1n | (1n << 255n))],
    ["key of order 8", encode(order8)],
  ] as const) {
    // [S]B = R + [h]A holds when h is a multiple of the key's order (8 covers them all).
    let forged = message;
    for (let n = 0; h512(identity, key, forged) % 8n !== 0n; n++) forged = concat(message, new TextEncoder().encode(` ${n}`));
    push(`${name}: R = identity, S = 0 (a forgery)`, key, forged, forgery, false, true);
  }

  // A mixed-order key (a genuine key plus an order-8 point) with a signature whose hash is
  // a multiple of 8: Node's crypto, WebCrypto and tweetnacl all accept it; the shared key rule
  // (prime order) refuses the key, so every path answers false.
  const A = mul(a, B);
  const mixed = encode(add(A, order8));
  for (let r = 1n; ; r++) {
    const R = encode(mul(r, B));
    const h = h512(R, mixed, message);
    if (h % 8n !== 0n) continue;
    push("mixed-order key, signature valid by the group equation", mixed, message, concat(R, toLe(mod(r + h * a, L))), false, true);
    break;
  }
  return vectors;
}
