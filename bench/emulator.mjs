#!/usr/bin/env node
// Emulator throughput on loopback, measured from this process with autocannon while
// the emulator runs in its own process (`telnyx-texml emulator`), as users run it:
//   - GET /texml_applications/{id}          (goal: >= 2,000 requests/s on 2 cores)
//   - POST /texml_applications + DELETE /texml_applications/{id} cycles
// Prints the figures and writes bench/results/emulator.json. Needs `npm run build`.
import autocannon from "autocannon";
import { startEmulatorProcess, writeResult } from "./support.mjs";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

function summarize(result) {
  return {
    requestsPerSecond: Math.round(result.requests.average),
    latencyMsP50: result.latency.p50,
    latencyMsP99: result.latency.p99,
    totalRequests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

async function main() {
  const emulator = await startEmulatorProcess();
  const { origin, startupMs } = emulator;
  const headers = { authorization: `Bearer ${emulator.apiKey}`, "content-type": "application/json" };
  try {
    const created = await fetch(`${origin}/v2/texml_applications`, {
      method: "POST",
      headers,
      body: JSON.stringify({ friendly_name: "bench-app", voice_url: "https://voice.example.com/texml" }),
    }).then((r) => r.json());
    const id = created.data.id;

    console.log(`GET /texml_applications/${id}: ${connections} connections, ${seconds} s ...`);
    const get = await autocannon({ url: `${origin}/v2/texml_applications/${id}`, headers, connections, duration: seconds });

    console.log(`POST + DELETE /texml_applications cycles: ${connections} connections, ${seconds} s ...`);
    let counter = 0;
    const cycle = await autocannon({
      url: origin,
      connections,
      duration: seconds,
      requests: [
        {
          method: "POST",
          path: "/v2/texml_applications",
          headers,
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({ friendly_name: `cycle-${counter++}`, voice_url: "https://voice.example.com/texml" }),
          }),
          onResponse: (status, body, context) => {
            if (status === 201) context.id = JSON.parse(body).data.id;
          },
        },
        {
          method: "DELETE",
          headers,
          setupRequest: (req, context) => ({ ...req, path: `/v2/texml_applications/${context.id}` }),
        },
      ],
    });

    const remaining = await fetch(`${origin}/v2/texml_applications?page[size]=250`, { headers }).then((r) => r.json());
    const figures = {
      setup: `emulator in its own process; autocannon in this one; ${connections} connections; ${seconds} s per run`,
      startupMs: Math.round(startupMs),
      getApplication: summarize(get),
      postDeleteCycle: { ...summarize(cycle), cyclesPerSecond: Math.round(cycle.requests.average / 2) },
      applicationsLeftAfterCycles: remaining.meta.total_results,
      goal: { getRequestsPerSecond: 2000, met: get.requests.average >= 2000 },
    };
    writeResult("emulator", figures);
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await emulator.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
