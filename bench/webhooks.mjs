#!/usr/bin/env node
// Webhook verification throughput, in one run on the same signed webhooks:
//   - verifyWebhook on the native path (Node's crypto, cached key object),
//   - verifyWebhook on the tweetnacl path (what runs where there is no native Ed25519),
//   - the official `telnyx` npm SDK (TelnyxWebhook#verify, WebCrypto),
//   - bare crypto.verify with a cached Ed25519 KeyObject: the ceiling on this machine.
// Ours and the SDK do the whole job (headers, timestamp, decoding, verify; ours also
// parses the event). Goal: native path >= 0.9x the ceiling. Writes
// bench/results/webhooks.json. Needs `npm run build`.
import { createPublicKey, verify as cryptoVerify } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import nacl from "tweetnacl";
import { median, round, root, writeResult } from "./support.mjs";

const require = createRequire(import.meta.url);
const { verifyWebhook, signWebhook } = require(root + "/dist/provider/index.js");
const { TelnyxWebhook } = require("telnyx/lib/webhooks");

const SECONDS_PER_CASE = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

// A realistic TeXML status callback (JSON form, as Telnyx's call-control webhooks are).
const keys = nacl.sign.keyPair();
const publicKey = Buffer.from(keys.publicKey).toString("base64");
const body = JSON.stringify({
  data: {
    event_type: "call.answered",
    id: "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0",
    occurred_at: new Date().toISOString(),
    payload: { call_control_id: "v3:D_bNrDs_XTIoTOKMCbkivaa", connection_id: "1293384261075731499", from: "+13125550100", to: "+13125550199", state: "answered" },
    record_type: "event",
  },
  meta: { attempt: 1, delivered_to: "https://voice.example.com/status" },
});
const headers = signWebhook(body, keys.secretKey);
const rawBody = Buffer.from(body);
const message = Buffer.from(`${headers["telnyx-timestamp"]}|${body}`);
const signature = Buffer.from(headers["telnyx-signature-ed25519"], "base64");
const keyObject = createPublicKey({ key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), Buffer.from(keys.publicKey)]), format: "der", type: "spki" });
const sdk = new TelnyxWebhook(publicKey);

const cases = {
  native: () => verifyWebhook(rawBody, headers, { publicKey, engine: "native" }),
  tweetnacl: () => verifyWebhook(rawBody, headers, { publicKey, engine: "tweetnacl" }),
  telnyxSdk: () => sdk.verify(body, headers),
  ceiling: () => {
    if (!cryptoVerify(null, message, keyObject, signature)) throw new Error("bad signature");
  },
};

/** Verifications per second: as many as fit in the time box, awaiting async ones. */
async function rate(run) {
  const probe = run();
  const isAsync = probe instanceof Promise;
  await probe;
  let count = 0;
  const started = performance.now();
  const deadline = started + SECONDS_PER_CASE * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < 100; i++) (isAsync ? await run() : run());
    count += 100;
  }
  return count / ((performance.now() - started) / 1000);
}

// Everything must accept the genuine webhook and reject a tampered one, or the figures mean nothing.
for (const [name, run] of Object.entries(cases)) await run();
let rejected = 0;
const tampered = Buffer.from(body.replace("answered", "hangup!!"));
try {
  verifyWebhook(tampered, headers, { publicKey, engine: "native" });
} catch {
  rejected++;
}
try {
  await sdk.verify(tampered.toString(), headers);
} catch {
  rejected++;
}
if (rejected !== 2) throw new Error("a verifier accepted a tampered body");

const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, run] of Object.entries(cases)) {
    const perSecond = await rate(run);
    samples[name].push(perSecond);
    console.log(`round ${r + 1} ${name}: ${Math.round(perSecond)} verifications/s`);
  }
}
const perSecond = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, Math.round(median(values))]));
const ratio = (name) => round(perSecond[name] / perSecond.ceiling, 2);
const figures = {
  setup: `${body.length}-byte JSON webhook, ${SECONDS_PER_CASE} s per case, median of ${ROUNDS} rounds, one thread; telnyx SDK ${JSON.parse(readFileSync(`${root}/node_modules/telnyx/package.json`, "utf8")).version}`,
  verificationsPerSecond: perSecond,
  ratioToCeiling: { native: ratio("native"), tweetnacl: ratio("tweetnacl"), telnyxSdk: ratio("telnyxSdk") },
  microsecondsPerVerification: Object.fromEntries(Object.entries(perSecond).map(([name, value]) => [name, round(1e6 / value, 1)])),
  goals: [{ what: "webhooks: native path / bare crypto.verify", target: ">= 0.9x", actual: `${ratio("native")}x`, met: ratio("native") >= 0.9 }],
};
writeResult("webhooks", figures);
console.log(JSON.stringify(figures, null, 2));
