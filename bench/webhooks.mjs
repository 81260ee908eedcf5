#!/usr/bin/env node
// Webhook verification throughput, in one run on the same signed webhooks:
//   - verifyWebhook on the native path (Node's crypto, cached key object),
//   - verifyWebhook on the tweetnacl path (what runs where there is no native Ed25519),
//   - the official `telnyx` npm SDK (TelnyxWebhook#verify, WebCrypto),
//   - the deployable bundle (what WebhookVerifier deploys), imported as an ES module:
//     its verify() on WebCrypto Ed25519 (what Workers and Lambda use) one at a time and
//     32 in flight, on tweetnacl (the fallback), and its whole fetch handler; and the
//     same verify() inside workerd, the Workers runtime (via miniflare, if installed),
//   - bare crypto.verify with a cached Ed25519 KeyObject: the ceiling on this machine.
// Ours and the SDK do the whole job (headers, timestamp, decoding, verify; ours also
// parses the event). Goals: native path >= 0.9x the ceiling; the bundle on WebCrypto
// >= 0.5x. Writes bench/results/webhooks.json. Needs `npm run build` (or BENCH_DIST=<a
// build's output folder>).
import { createPublicKey, verify as cryptoVerify } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import nacl from "tweetnacl";
import { median, round, root, writeResult } from "./support.mjs";

const require = createRequire(import.meta.url);
const dist = process.env.BENCH_DIST ?? `${root}/dist`;
const { verifyWebhook, signWebhook, buildVerifierBundle } = require(`${dist}/provider/index.js`);
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
    payload: {
      call_control_id: "v3:D_bNrDs_XTIoTOKMCbkivaa",
      connection_id: "1293384261075731499",
      from: "+13125550100",
      to: "+13125550199",
      state: "answered",
    },
    record_type: "event",
  },
  meta: { attempt: 1, delivered_to: "https://voice.example.com/status" },
});
const headers = signWebhook(body, keys.secretKey);
const rawBody = Buffer.from(body);
const message = Buffer.from(`${headers["telnyx-timestamp"]}|${body}`);
const signature = Buffer.from(headers["telnyx-signature-ed25519"], "base64");
const keyObject = createPublicKey({
  key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), Buffer.from(keys.publicKey)]),
  format: "der",
  type: "spki",
});
const sdk = new TelnyxWebhook(publicKey);

/** The bundle as deployed, imported from a temporary file. */
async function importBundle(engine) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-bundle-"));
  const file = path.join(dir, "index.mjs");
  writeFileSync(file, buildVerifierBundle({ publicKey, engine }).code);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const bundle = await importBundle("auto");
const bundleNacl = await importBundle("tweetnacl");
if ((await bundle.verifierEngine()) !== "webcrypto") throw new Error("the bundle did not pick WebCrypto under Node");
const IN_FLIGHT = 32;
// The handler logs one line per request; keep the figures free of console I/O.
const quietly = async (fn) => {
  const log = console.log;
  console.log = () => {};
  try {
    return await fn();
  } finally {
    console.log = log;
  }
};

const cases = {
  native: () => verifyWebhook(rawBody, headers, { publicKey, engine: "native" }),
  tweetnacl: () => verifyWebhook(rawBody, headers, { publicKey, engine: "tweetnacl" }),
  telnyxSdk: () => sdk.verify(body, headers),
  bundleWebCrypto: () => bundle.verify(rawBody, headers),
  bundleWebCryptoConcurrent: {
    batch: IN_FLIGHT,
    run: () => Promise.all(Array.from({ length: IN_FLIGHT }, () => bundle.verify(rawBody, headers))),
  },
  bundleTweetnacl: () => bundleNacl.verify(rawBody, headers),
  bundleHandler: () =>
    quietly(() => bundle.default.fetch(new Request("https://verifier.example/status", { method: "POST", headers, body }))),
  ceiling: () => {
    if (!cryptoVerify(null, message, keyObject, signature)) throw new Error("bad signature");
  },
};

/** Verifications per second: as many as fit in the time box, awaiting async ones (a batch counts its size). */
async function rate(work) {
  const { run, batch } = typeof work === "function" ? { run: work, batch: 1 } : work;
  const probe = run();
  const isAsync = probe instanceof Promise;
  await probe;
  let count = 0;
  const started = performance.now();
  const deadline = started + SECONDS_PER_CASE * 1000;
  const slow = batch > 1 || run === cases.tweetnacl || run === cases.bundleTweetnacl;
  const step = slow ? 4 : 100;
  while (performance.now() < deadline) {
    for (let i = 0; i < step; i++) isAsync ? await run() : run();
    count += step * batch;
  }
  return count / ((performance.now() - started) / 1000);
}

// Everything must accept the genuine webhook and reject a tampered one, or the figures mean nothing.
for (const work of Object.values(cases)) await (typeof work === "function" ? work() : work.run());
if ((await quietly(() => cases.bundleHandler())).status !== 204) throw new Error("the bundle's handler did not accept the genuine webhook");
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
for (const b of [bundle, bundleNacl]) {
  try {
    await b.verify(tampered, headers);
  } catch {
    rejected++;
  }
}
if (rejected !== 4) throw new Error("a verifier accepted a tampered body");

const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, work] of Object.entries(cases)) {
    const perSecond = await rate(work);
    samples[name].push(perSecond);
    console.log(`round ${r + 1} ${name}: ${Math.round(perSecond)} verifications/s`);
  }
}
const perSecond = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, Math.round(median(values))]));

/**
 * The bundle inside workerd (miniflare), if installed: a harness Worker imports the
 * bundle and runs N verifications in one request. Time inside a Worker only advances on
 * I/O, so the clock is Node's: (time for N) minus (time for 0), median of rounds.
 */
async function workerdRates() {
  let Miniflare;
  try {
    ({ Miniflare } = await import("miniflare"));
  } catch {
    return { skipped: "miniflare is not installed" };
  }
  const harness = `import * as verifier from "./index.mjs";
export default {
  async fetch(request) {
    const { n, body, headers } = await request.json();
    const bytes = new TextEncoder().encode(body);
    const h = new Headers(headers);
    for (let i = 0; i < n; i++) await verifier.verify(bytes, h);
    return new Response(await verifier.verifierEngine());
  },
};`;
  const worker = (name, engine) => ({
    name,
    compatibilityDate: "2025-09-01",
    modules: [
      { type: "ESModule", path: "harness.mjs", contents: harness },
      { type: "ESModule", path: "index.mjs", contents: buildVerifierBundle({ publicKey, engine }).code },
    ],
  });
  const mf = new Miniflare({ workers: [worker("webcrypto", "auto"), worker("tweetnacl", "tweetnacl")] });
  try {
    const out = {};
    for (const [name, n] of [
      ["webcrypto", 4000],
      ["tweetnacl", 40],
    ]) {
      const w = await mf.getWorker(name);
      const time = async (count) => {
        const started = performance.now();
        const answer = await w.fetch("http://bench/", { method: "POST", body: JSON.stringify({ n: count, body, headers }) });
        const engine = await answer.text();
        if (!answer.ok || engine !== name) throw new Error(`workerd ${name}: ${answer.status} ${engine}`);
        return performance.now() - started;
      };
      await time(n); // warm up
      const rates = [];
      for (let r = 0; r < ROUNDS; r++) {
        const empty = await time(0);
        const full = await time(n);
        rates.push(n / ((full - empty) / 1000));
      }
      out[name] = Math.round(median(rates));
      console.log(`workerd ${name}: ${out[name]} verifications/s`);
    }
    return out;
  } finally {
    await mf.dispose();
  }
}
const workerd = await workerdRates();
const ratio = (name) => round(perSecond[name] / perSecond.ceiling, 2);
const figures = {
  setup: `${body.length}-byte JSON webhook, ${SECONDS_PER_CASE} s per case, median of ${ROUNDS} rounds, one thread; telnyx SDK ${JSON.parse(readFileSync(`${root}/node_modules/telnyx/package.json`, "utf8")).version}`,
  verificationsPerSecond: perSecond,
  ratioToCeiling: Object.fromEntries(
    Object.keys(cases)
      .filter((name) => name !== "ceiling")
      .map((name) => [name, ratio(name)]),
  ),
  notes: {
    bundleWebCrypto: "the bundle's verify() on WebCrypto Ed25519, awaited one at a time",
    bundleWebCryptoConcurrent: `the same with ${IN_FLIGHT} verifications in flight (Node runs WebCrypto on its thread pool)`,
    bundleTweetnacl: "the bundle's verify() on its tweetnacl fallback",
    bundleHandler: "the bundle's whole fetch handler: Request in, 204 out (no forwarding)",
  },
  workerd: {
    verificationsPerSecond: workerd,
    ...(workerd.webcrypto
      ? {
          ratioToNodeCeiling: {
            webcrypto: round(workerd.webcrypto / perSecond.ceiling, 2),
            tweetnacl: round(workerd.tweetnacl / perSecond.ceiling, 2),
          },
        }
      : {}),
    note: "the bundle's verify() in workerd (miniflare), one at a time; the ceiling is Node's crypto.verify on the same machine",
  },
  microsecondsPerVerification: Object.fromEntries(Object.entries(perSecond).map(([name, value]) => [name, round(1e6 / value, 1)])),
  goals: [
    { what: "webhooks: native path / bare crypto.verify", target: ">= 0.9x", actual: `${ratio("native")}x`, met: ratio("native") >= 0.9 },
    {
      what: "webhooks: bundle on WebCrypto (one at a time) / bare crypto.verify",
      target: ">= 0.5x",
      actual: `${ratio("bundleWebCrypto")}x`,
      met: ratio("bundleWebCrypto") >= 0.5,
    },
  ],
};
writeResult("webhooks", figures);
console.log(JSON.stringify(figures, null, 2));
