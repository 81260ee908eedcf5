#!/usr/bin/env -S node --expose-gc
// Data functions: listing 10,000 seeded calls with `iterateCalls` (validated, camelCase,
// ISO dates) next to a bare undici loop that fetches the same pages and only parses
// them, in the same run against one emulator process. Reports requests made, wall time
// (median of alternating rounds) and peak heap growth, including how the iterator's peak
// compares between one page and 10,000 calls (flat memory) and with `getCalls` (which
// keeps every record). Writes bench/results/data.json. Needs `npm run build`; run with
// `node --expose-gc bench/data.mjs` (npm run bench does).
import { createRequire } from "node:module";
import { Agent, request } from "undici";
import { median, round, root, startEmulatorProcess, writeResult } from "./support.mjs";

const CALLS = Number(process.env.BENCH_CALLS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const PAGE_SIZE = 1000; // the largest TeXML page; what iterateCalls asks for
if (typeof globalThis.gc !== "function") throw new Error("run with node --expose-gc");

const emulator = await startEmulatorProcess();
process.env.TELNYX_BASE_URL = emulator.baseUrl;
process.env.TELNYX_API_KEY = emulator.apiKey;
process.env.TELNYX_ACCOUNT_SID = emulator.accountSid;
const texml = createRequire(import.meta.url)(`${root}/dist/provider/index.js`);

/** Peak heap growth over a baseline taken after a full GC, sampled once per record batch. */
function heapTracker() {
  globalThis.gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  return {
    sample() {
      const used = process.memoryUsage().heapUsed;
      if (used > peak) peak = used;
    },
    peakMiB: () => round((peak - base) / 2 ** 20, 1),
  };
}

/**
 * Live (retained) heap while streaming: a full GC at every page boundary, then
 * heapUsed over the baseline. This is what "flat" means; the peaks above also count
 * garbage not yet collected. Slow on purpose, so never mixed with the timings.
 */
async function liveHeapMiB(records) {
  globalThis.gc();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  let count = 0;
  for await (const call of records) {
    void call;
    if (++count % PAGE_SIZE === 0) {
      globalThis.gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    }
  }
  return round(peak / 2 ** 20, 1);
}

/** The bare loop's pages, for the live-heap measurement. */
async function* barePages() {
  let url = `${emulator.baseUrl}/texml/Accounts/${emulator.accountSid}/Calls?PageSize=${PAGE_SIZE}`;
  while (url) {
    const response = await request(url, { headers: { authorization: `Bearer ${emulator.apiKey}` }, dispatcher: agent });
    const page = await response.body.json();
    yield page.calls;
    url = page.next_page_uri && page.calls.length > 0 ? new URL(page.next_page_uri, `${emulator.baseUrl}/`).href : undefined;
  }
}

async function* flatten(pages) {
  for await (const page of pages) yield* page;
}

/** Our iterator, keeping nothing but a count and a sum, as a streaming script would. */
async function ours(limit) {
  const heap = heapTracker();
  let count = 0;
  let seconds = 0;
  for await (const call of texml.iterateCalls(limit ? { limit } : {})) {
    count++;
    seconds += Number(call.duration ?? 0);
    if (count % 250 === 0) heap.sample();
  }
  heap.sample();
  return { count, seconds, peakHeapMiB: heap.peakMiB() };
}

/** `getCalls`: the same records, all kept in one array (live heap while holding them). */
async function oursCollected() {
  globalThis.gc();
  const base = process.memoryUsage().heapUsed;
  const { calls } = await texml.getCalls();
  globalThis.gc();
  const held = process.memoryUsage().heapUsed - base;
  return { count: calls.length, peakHeapMiB: round(held / 2 ** 20, 1) };
}

const agent = new Agent({ connections: 1 });
/** The floor: GET each page, JSON.parse, follow next_page_uri. No validation, no mapping. */
async function bare() {
  const heap = heapTracker();
  let count = 0;
  let seconds = 0;
  let url = `${emulator.baseUrl}/texml/Accounts/${emulator.accountSid}/Calls?PageSize=${PAGE_SIZE}`;
  while (url) {
    const response = await request(url, { headers: { authorization: `Bearer ${emulator.apiKey}` }, dispatcher: agent });
    if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode}`);
    const page = await response.body.json();
    for (const call of page.calls) {
      count++;
      seconds += Number(call.duration ?? 0);
      if (count % 250 === 0) heap.sample();
    }
    url = page.next_page_uri && page.calls.length > 0 ? new URL(page.next_page_uri, `${emulator.baseUrl}/`).href : undefined;
  }
  heap.sample();
  return { count, seconds, peakHeapMiB: heap.peakMiB() };
}

async function requestsOf(run) {
  await emulator.admin("DELETE", "/requests");
  const result = await run();
  const requests = await emulator.admin("GET", "/requests");
  return { result, requests: requests.length };
}

async function timed(run) {
  const started = performance.now();
  const result = await run();
  return { ms: performance.now() - started, result };
}

try {
  await emulator.admin("POST", "/seed/calls", { count: CALLS });
  const expectedRequests = Math.ceil(CALLS / PAGE_SIZE);

  const oursCount = await requestsOf(() => ours());
  const bareCount = await requestsOf(() => bare());
  if (oursCount.result.count !== CALLS || bareCount.result.count !== CALLS)
    throw new Error(`listed ${oursCount.result.count} / ${bareCount.result.count} calls, seeded ${CALLS}`);
  if (oursCount.result.seconds !== bareCount.result.seconds) throw new Error("the two loops saw different calls");

  // Alternate the two so drift on a shared machine hits both alike; the first round warms up.
  const oursMs = [];
  const bareMs = [];
  const oursPeak = [];
  const barePeak = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const a = await timed(() => ours());
    const b = await timed(() => bare());
    if (round === 0) continue;
    oursMs.push(a.ms);
    bareMs.push(b.ms);
    oursPeak.push(a.result.peakHeapMiB);
    barePeak.push(b.result.peakHeapMiB);
  }
  const live = {
    iterateCallsFirstPage: await liveHeapMiB(texml.iterateCalls({ limit: PAGE_SIZE })),
    iterateCalls: await liveHeapMiB(texml.iterateCalls()),
    bareLoop: await liveHeapMiB(flatten(barePages())),
  };
  const collected = await oursCollected();

  const ratio = median(oursMs) / median(bareMs);
  // A page of slack: the iterator holds the page it yields and the one it reads ahead.
  const flat = live.iterateCalls <= live.iterateCallsFirstPage + 2 * live.bareLoop + 1;
  const figures = {
    setup: `${CALLS} seeded calls, emulator in its own process, page size ${PAGE_SIZE}, median of ${ROUNDS} alternating rounds after one warm-up; heap = peak heapUsed growth after a full GC`,
    calls: CALLS,
    requests: { expected: expectedRequests, iterateCalls: oursCount.requests, bareLoop: bareCount.requests },
    wallTimeMs: {
      iterateCalls: round(median(oursMs)),
      bareLoop: round(median(bareMs)),
      ratio: round(ratio, 2),
      iterateCallsRounds: oursMs.map((v) => round(v)),
      bareLoopRounds: bareMs.map((v) => round(v)),
    },
    liveHeapMiB: { ...live, getCallsKeepingAll: collected.peakHeapMiB },
    peakHeapUsedIncludingGarbageMiB: { iterateCalls: median(oursPeak), bareLoop: median(barePeak) },
    goals: [
      {
        what: `data: requests to list ${CALLS} calls`,
        target: expectedRequests,
        actual: oursCount.requests,
        met: oursCount.requests === expectedRequests,
      },
      { what: "data: iterateCalls time / bare undici loop", target: "<= 1.2x", actual: `${round(ratio, 2)}x`, met: ratio <= 1.2 },
      {
        what: `data: iterator live heap, ${CALLS} calls vs one page (flat)`,
        target: "within two pages",
        actual: `${live.iterateCalls} vs ${live.iterateCallsFirstPage} MiB (getCalls keeping all: ${collected.peakHeapMiB} MiB)`,
        met: flat,
      },
    ],
  };
  writeResult("data", figures);
  console.log(JSON.stringify(figures, null, 2));
} finally {
  await agent.close();
  await emulator.stop();
}
