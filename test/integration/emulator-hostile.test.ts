// The emulator against hostile input: requests without a key, broken paths, dot
// segments aimed at the admin API, bodies too large or of the wrong type, webhook
// targets beyond loopback, and its command line around real credentials. All traffic
// stays on loopback.
//
// The load and memory tests run the emulator in a child process (forked with
// --expose-gc) and read that process's RSS: the figure then holds the emulator alone,
// not the test runner, the client's own buffers or other test files' emulators, and a
// collection can be forced before each reading. The child runs the emulator's sources,
// transpiled once into a temporary folder (no type check: tsc does that separately),
// so the suite does not depend on a fresh `npm run build`.
import { fork, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { isLoopbackHost, resolveAdminToken } from "../../emulator/admin";
import { RequestLog } from "../../emulator/request-log";

const root = path.resolve(__dirname, "..", "..");
const MiB = 1024 * 1024;

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 16 });
afterAll(() => keepAlive.destroy());

/** One request with the path exactly as given: fetch would normalise `..` away before sending it. */
function raw(
  origin: string,
  method: string,
  target: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: hostname,
        port,
        method,
        path: target,
        headers: {
          ...options.headers,
          ...(options.body !== undefined ? { "content-length": String(Buffer.byteLength(options.body)) } : {}),
        },
        agent: keepAlive,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

describe("emulator: hostile requests to the public API", () => {
  let emulator: EmulatorHandle;
  beforeAll(async () => {
    emulator = await startEmulator({ webhookDispatch: false });
  });
  afterAll(() => emulator?.close());

  it("authenticates before it reads a body: a request without a valid key is answered 401 and logged without its body", async () => {
    await emulator.clearRequests();
    const body = JSON.stringify({ friendly_name: "MARKER-not-for-the-log", voice_url: "https://example.com" });
    for (const authorization of ["Bearer KEY_wrong", "Basic dXNlcjpwYXNz", ""]) {
      const answer = await raw(emulator.origin, "POST", "/v2/texml_applications", {
        headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
        body,
      });
      expect(answer.status).toBe(401);
    }
    const log = await emulator.requests();
    expect(log).toHaveLength(3);
    for (const entry of log) expect(entry).toMatchObject({ method: "POST", path: "/texml_applications", status: 401, body: "" });
    expect(JSON.stringify(log)).not.toContain("MARKER");
    expect((await emulator.state()).applications).toEqual([]);
  });

  it("answers malformed percent-escapes in the path with 400, or 401 first without a key, never 500", async () => {
    const A = `/v2/texml/Accounts/${emulator.accountSid}`;
    for (const target of [
      `${A}/Queues/%E0%A4%A`,
      `${A}/Queues/%`,
      "/v2/texml_applications/%zz",
      `/v2/texml/Accounts/%C0%AF/Queues`,
      `${A}/Calls/v3%3Aabc%FF`,
      `${A}/Conferences/%ED%A0%80/Participants`,
    ]) {
      const anonymous = await raw(emulator.origin, "GET", target);
      expect(anonymous.status, target).toBe(401);
      const answer = await raw(emulator.origin, "GET", target, { headers: bearer(emulator.apiKey) });
      expect(answer.status, target).toBe(400);
      expect(JSON.parse(answer.text)).toMatchObject({ errors: [{ code: "10015", title: "Bad Request" }] });
    }
    const admin = await raw(emulator.origin, "GET", "/__emulator/state%");
    expect(admin.status).toBe(400);
    expect((await raw(emulator.origin, "GET", "/__emulator/health")).status).toBe(200);
  });

  it("never lets a /v2 path reach the admin API through `..` or `%2e%2e` segments", async () => {
    await emulator.reset();
    await emulator.seed({ queues: [{ name: "survives" }] });
    const attempts: Array<[string, string]> = [
      ["GET", "/v2/../__emulator/state"],
      ["GET", "/v2/%2e%2e/__emulator/state"],
      ["GET", "/v2/%2E%2E/__emulator/state"],
      ["GET", "/v2/.%2e/__emulator/state"],
      ["GET", "/v2/texml_applications/../../__emulator/state"],
      ["GET", "/v2/texml/./../../__emulator/requests"],
      ["POST", "/v2/texml_applications/../../__emulator/reset"],
      ["POST", "/v2/texml_applications/%2e%2e/%2e%2e/__emulator/reset"],
      ["DELETE", "/v2/texml/%2e%2e/%2e%2e/__emulator/requests"],
    ];
    for (const [method, target] of attempts) {
      const anonymous = await raw(emulator.origin, method, target);
      expect(anonymous.status, `${method} ${target}`).toBe(401);
      const answer = await raw(emulator.origin, method, target, { headers: bearer(emulator.apiKey) });
      expect(answer.status, `${method} ${target}`).toBe(400);
      expect(answer.text).not.toContain("idCursor");
    }
    for (const target of ["/v2\\..\\__emulator/state", "/v2/..\\__emulator\\state"]) {
      const answer = await raw(emulator.origin, "GET", target, { headers: bearer(emulator.apiKey) });
      expect([400, 404], target).toContain(answer.status);
      expect(answer.text).not.toContain("idCursor");
    }
    expect((await emulator.state()).queues.map((q) => q.sid)).toEqual(["survives"]);
    expect((await emulator.requests()).length).toBeGreaterThan(0);
  });

  it("answers 413 to an oversized body from a known key and 401 to one without, and keeps serving", async () => {
    const big = Buffer.alloc(MiB + 1, 0x61);
    expect(
      (
        await raw(emulator.origin, "POST", "/v2/texml/secrets", {
          headers: { "content-type": "application/json", ...bearer(emulator.apiKey) },
          body: big,
        })
      ).status,
    ).toBe(413);
    expect(
      (await raw(emulator.origin, "POST", "/v2/texml/secrets", { headers: { "content-type": "application/json" }, body: big })).status,
    ).toBe(401);
    expect((await raw(emulator.origin, "GET", "/v2/texml_applications", { headers: bearer(emulator.apiKey) })).status).toBe(200);
  });
});

describe("emulator: the request log is bounded", () => {
  it("caps the log by total bytes, dropping the oldest entries, and frees it on clear", async () => {
    const emulator = await startEmulator({ webhookDispatch: false, requestLogMaxBytes: 256 * 1024 });
    try {
      const padding = "p".repeat(40 * 1024);
      for (let i = 0; i < 12; i++) {
        const answer = await raw(emulator.origin, "POST", "/v2/texml_applications", {
          headers: { "content-type": "application/json", ...bearer(emulator.apiKey) },
          body: JSON.stringify({ friendly_name: `app-${i}`, voice_url: "https://example.com", padding }),
        });
        expect(answer.status).toBe(201);
      }
      const log = await emulator.requests();
      const bytes = log.reduce((sum, e) => sum + Buffer.byteLength(e.body) + Buffer.byteLength(e.path) + Buffer.byteLength(e.query), 0);
      expect(bytes).toBeLessThanOrEqual(256 * 1024);
      expect(log.length).toBeGreaterThan(0);
      expect(log.length).toBeLessThan(12);
      expect(log.at(-1)!.seq).toBe(12);
      expect(log.at(-1)!.body).toContain("app-11");
      await emulator.clearRequests();
      expect(await emulator.requests()).toEqual([]);
    } finally {
      await emulator.close();
    }
  });

  it("counts bytes per entry and resets the count when cleared", () => {
    const log = new RequestLog({ maxBytes: 10_000 });
    for (let i = 0; i < 50; i++) {
      const entry = log.record({ method: "POST", path: "/x", query: "", status: 0, at: "now", body: "" });
      log.setBody(entry, "b".repeat(1000));
    }
    expect(log.bytes).toBeLessThanOrEqual(10_000);
    expect(log.all().length).toBeLessThan(50);
    log.clear();
    expect(log.bytes).toBe(0);
    expect(log.all()).toEqual([]);
  });
});

describe("emulator: the admin API beyond loopback", () => {
  it("requires a token when one is set, answering 401 without it", async () => {
    const emulator = await startEmulator({ webhookDispatch: false, adminToken: "adm-token-for-test" });
    try {
      for (const headers of [{}, bearer("wrong"), bearer(emulator.apiKey)]) {
        expect((await raw(emulator.origin, "GET", "/__emulator/state", { headers })).status).toBe(401);
        expect((await raw(emulator.origin, "POST", "/__emulator/reset", { headers })).status).toBe(401);
      }
      expect((await raw(emulator.origin, "GET", "/__emulator/state", { headers: bearer("adm-token-for-test") })).status).toBe(200);
      expect(
        (await raw(emulator.origin, "GET", "/__emulator/health", { headers: { authorization: "bearer adm-token-for-test" } })).status,
      ).toBe(200);
      expect((await raw(emulator.origin, "GET", "/v2/texml_applications", { headers: bearer(emulator.apiKey) })).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it("generates a token whenever it listens beyond loopback, and needs none on loopback", () => {
    for (const host of [undefined, "127.0.0.1", "127.0.0.2", "::1", "localhost"]) expect(isLoopbackHost(host), String(host)).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.com", "::ffff:0.0.0.0"])
      expect(isLoopbackHost(host), host).toBe(false);
    expect(resolveAdminToken("127.0.0.1", undefined)).toBeUndefined();
    expect(resolveAdminToken("127.0.0.1", "given")).toBe("given");
    expect(resolveAdminToken("0.0.0.0", "given")).toBe("given");
    const generated = resolveAdminToken("0.0.0.0", undefined);
    expect(generated).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(resolveAdminToken("::", undefined)).not.toBe(generated);
  });
});

describe("emulator: the admin API refuses what a web page could send", () => {
  // A page of any site can POST to 127.0.0.1 without asking first when the body is a form or text/plain.
  const notJson = { error: "the admin API takes Content-Type: application/json on every POST and every request with a body" };
  const plant = JSON.stringify({ queues: [{ name: "planted-by-a-web-page" }] });
  let emulator: EmulatorHandle;
  beforeAll(async () => {
    emulator = await startEmulator({ webhookDispatch: false });
  });
  afterAll(() => emulator?.close());
  const answerOf = async (method: string, target: string, headers: Record<string, string>, body?: string) => {
    const answer = await raw(emulator.origin, method, target, { headers, body });
    return [answer.status, answer.text === "" ? "" : JSON.parse(answer.text)];
  };

  it("answers 415 to a POST, or a body, that is not JSON, and seeds, signs and resets nothing", async () => {
    await emulator.seed({ queues: [{ name: "support" }] });
    const before = await emulator.state();
    const cases: Array<[string, string, Record<string, string>, string | undefined]> = [
      ["POST", "/__emulator/seed", { "content-type": "text/plain" }, plant],
      ["POST", "/__emulator/seed", { "content-type": "text/plain;charset=UTF-8" }, plant],
      ["POST", "/__emulator/seed", { "content-type": "application/x-www-form-urlencoded" }, plant],
      ["POST", "/__emulator/seed", { "content-type": "multipart/form-data; boundary=x" }, plant],
      ["POST", "/__emulator/seed", {}, plant],
      ["POST", "/__emulator/webhooks/sign", { "content-type": "text/plain" }, JSON.stringify({ body: "CallStatus=completed" })],
      ["POST", "/__emulator/reset", {}, undefined],
      ["POST", "/__emulator/reset", { "content-type": "text/plain" }, ""],
      ["DELETE", "/__emulator/requests", { "content-type": "text/plain" }, "{}"],
    ];
    for (const [method, target, headers, body] of cases)
      expect(await answerOf(method, target, headers, body), `${method} ${target} ${JSON.stringify(headers)}`).toEqual([415, notJson]);
    expect(await emulator.state()).toEqual(before);
    // JSON (with parameters) is served; so is a DELETE without a body (curl -X DELETE), which a page cannot send unasked.
    expect(
      await answerOf(
        "POST",
        "/__emulator/webhooks/sign",
        { "content-type": "application/json; charset=utf-8" },
        JSON.stringify({ body: "x", timestamp: 1764000000 }),
      ),
    ).toEqual([200, emulator.signWebhook("x", 1764000000)]);
    expect(await answerOf("DELETE", "/__emulator/faults", {})).toEqual([204, ""]);
    expect(await answerOf("POST", "/__emulator/reset", { "content-type": "application/json" })).toEqual([204, ""]);
    expect((await emulator.state()).queues).toEqual([]);
  });

  it("answers 403 to a request whose Origin is not the emulator's own, JSON or not, and serves its own origin", async () => {
    await emulator.seed({ queues: [{ name: "support" }] });
    const before = await emulator.state();
    const foreign = {
      error: `the admin API refuses requests from web pages: the Origin header is not the emulator's own (${emulator.origin})`,
    };
    const json = { "content-type": "application/json" };
    const port = new URL(emulator.origin).port;
    for (const origin of [
      "https://evil.example",
      "null",
      `http://localhost:${port}`,
      `http://127.0.0.1:${Number(port) + 1}`,
      `${emulator.origin}/`,
    ]) {
      expect(await answerOf("POST", "/__emulator/seed", { ...json, origin }, plant), origin).toEqual([403, foreign]);
      expect(await answerOf("POST", "/__emulator/reset", { ...json, origin }), origin).toEqual([403, foreign]);
      expect(await answerOf("GET", "/__emulator/state", { origin }), origin).toEqual([403, foreign]);
    }
    expect(await emulator.state()).toEqual(before);
    expect(await answerOf("POST", "/__emulator/seed", { ...json, origin: emulator.origin }, plant)).toEqual([
      200,
      expect.objectContaining({ queues: ["planted-by-a-web-page"] }),
    ]);
    expect((await emulator.state()).queues.map((q) => q.sid).sort()).toEqual(["planted-by-a-web-page", "support"]);
    await emulator.reset();
  });
});

describe("emulator: webhooks go to loopback only", () => {
  const hits: string[] = [];
  let receiver: http.Server;
  let port = 0;
  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      hits.push(req.url ?? "");
      req.resume();
      req.on("end", () => {
        if (req.url === "/redirect") res.writeHead(302, { location: `http://127.0.0.1:${port}/landed` }).end();
        else res.end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    port = (receiver.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  const send = (emulator: EmulatorHandle, url: string) =>
    raw(emulator.origin, "POST", "/__emulator/webhooks", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url, body: { hello: "world" } }),
    });

  it("refuses a URL that is not a loopback address unless started with the allow option, and never follows redirects", async () => {
    const emulator = await startEmulator({ webhookDispatch: true });
    try {
      hits.length = 0;
      for (const url of [`http://0.0.0.0:${port}/hook`, `http://[::]:${port}/hook`, "file:///etc/passwd", "not a url"]) {
        const answer = await send(emulator, url);
        expect(answer.status, url).toBe(400);
        expect(JSON.parse(answer.text).error).toMatch(/loopback|url/i);
      }
      expect(hits).toEqual([]);
      const delivered = await send(emulator, `http://127.0.0.1:${port}/hook`);
      expect(delivered.status).toBe(200);
      expect(JSON.parse(delivered.text)).toMatchObject({ outcome: 200 });
      const redirected = await send(emulator, `http://127.0.0.1:${port}/redirect`);
      expect(JSON.parse(redirected.text)).toMatchObject({ outcome: 302 });
      expect(hits).toEqual(["/hook", "/redirect"]);

      // Status callbacks follow the same rule: recorded, not sent.
      const app = await raw(emulator.origin, "POST", "/v2/texml_applications", {
        headers: { "content-type": "application/json", ...bearer(emulator.apiKey) },
        body: JSON.stringify({ friendly_name: "cb", voice_url: "https://example.com" }),
      });
      const call = await raw(emulator.origin, "POST", `/v2/texml/Accounts/${emulator.accountSid}/Calls`, {
        headers: { "content-type": "application/json", ...bearer(emulator.apiKey) },
        body: JSON.stringify({
          To: "+13125550100",
          From: "+13125550199",
          ApplicationSid: JSON.parse(app.text).data.id,
          StatusCallback: `http://0.0.0.0:${port}/status`,
        }),
      });
      expect(call.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(hits).toEqual(["/hook", "/redirect"]);
      const refused = emulator.webhookDeliveries().filter((d) => d.url.endsWith("/status"));
      expect(refused.length).toBeGreaterThan(0);
      for (const d of refused) expect(String(d.outcome)).toMatch(/^refused/);
    } finally {
      await emulator.close();
    }
  });

  it("sends beyond loopback when started with allowExternalWebhooks", async () => {
    const emulator = await startEmulator({ webhookDispatch: true, allowExternalWebhooks: true });
    try {
      hits.length = 0;
      const answer = await send(emulator, `http://0.0.0.0:${port}/allowed`);
      expect(answer.status).toBe(200);
      expect(hits).toEqual(["/allowed"]);
    } finally {
      await emulator.close();
    }
  });
});

// ---------------------------------------------------------------------------
// The emulator in a child process: command line, load, memory.

let built: string;

/** Transpiles emulator/**\/*.ts to CommonJS in a temporary folder; the child finds zod and tweetnacl through NODE_PATH. */
function buildEmulator(): string {
  const out = mkdtempSync(path.join(os.tmpdir(), "texml-emulator-build-"));
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) =>
      statSync(path.join(dir, name)).isDirectory() ? walk(path.join(dir, name)) : name.endsWith(".ts") ? [path.join(dir, name)] : [],
    );
  for (const file of walk(path.join(root, "emulator"))) {
    const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    });
    const target = path.join(out, path.relative(root, file)).replace(/\.ts$/, ".js");
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  writeFileSync(
    path.join(out, "child.js"),
    `const { startEmulator } = require("./emulator/index.js");
const emulator = startEmulator(JSON.parse(process.argv[2]));
process.on("message", (m) => {
  if (m.type === "memory") {
    if (m.gc) { global.gc(); global.gc(); }
    const { rss, heapUsed } = process.memoryUsage();
    process.send({ id: m.id, rss, heapUsed });
  }
  if (m.type === "stop") emulator.then((e) => e.close()).then(() => process.exit(0));
});
emulator.then((e) => process.send({ id: 0, origin: e.origin, apiKey: e.apiKey, accountSid: e.accountSid }), (error) => { console.error(error); process.exit(1); });
`,
  );
  // As `telnyx-texml emulator ...` does: the first argument names the command.
  writeFileSync(
    path.join(out, "cli.js"),
    `require("./emulator/cli.js").main(process.argv.slice(3)).catch((e) => { console.error(e.message); process.exit(1); });\n`,
  );
  return out;
}

const childEnv = (extra: Record<string, string> = {}) => {
  const env: Record<string, string> = { NODE_PATH: path.join(root, "node_modules") };
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !name.startsWith("TELNYX_")) env[name] = value;
  return { ...env, ...extra };
};

beforeAll(() => {
  built = buildEmulator();
});
afterAll(() => rmSync(built, { recursive: true, force: true }));

interface ChildEmulator {
  child: ChildProcess;
  origin: string;
  apiKey: string;
  accountSid: string;
  /** The child's RSS and heap; after two forced collections when `gc` is set. */
  memory(gc: boolean): Promise<{ rss: number; heapUsed: number }>;
  stop(): Promise<void>;
}

async function forkEmulator(options: Record<string, unknown>): Promise<ChildEmulator> {
  const child = fork(path.join(built, "child.js"), [JSON.stringify(options)], {
    execArgv: ["--expose-gc"],
    env: childEnv(),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, (m: any) => void>();
  let nextId = 1;
  child.on("message", (m: any) => {
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  const started = await new Promise<{ origin: string; apiKey: string; accountSid: string }>((resolve, reject) => {
    pending.set(0, resolve);
    child.once("exit", (code) => reject(new Error(`emulator child exited with ${code}`)));
  });
  return {
    child,
    origin: started.origin,
    apiKey: started.apiKey,
    accountSid: started.accountSid,
    memory: (gc) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        child.send({ type: "memory", id, gc });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.send({ type: "stop" });
      }),
  };
}

describe("emulator process: bounded hostile load on loopback", () => {
  it("stays under 100 MiB of growth for 150 unauthenticated 1 MiB requests", async () => {
    const emulator = await forkEmulator({ webhookDispatch: false });
    try {
      const body = Buffer.alloc(MiB, 0x7b);
      const post = () =>
        raw(emulator.origin, "POST", "/v2/texml_applications", {
          headers: { "content-type": "application/json", ...bearer("KEY_not_the_emulators") },
          body,
        });
      for (let i = 0; i < 5; i++) expect((await post()).status).toBe(401); // warm up sockets and code paths
      const before = await emulator.memory(true);
      let peak = before.rss;
      const sampler = setInterval(() => void emulator.memory(false).then((m) => (peak = Math.max(peak, m.rss))), 20);
      const statuses = await pool(Array.from({ length: 150 }), 10, async () => (await post()).status);
      clearInterval(sampler);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const after = await emulator.memory(true);
      peak = Math.max(peak, after.rss);
      const mib = (n: number) => Math.round((n / MiB) * 10) / 10;
      console.log(
        `memory: rss before ${mib(before.rss)} MiB, peak ${mib(peak)} MiB (+${mib(peak - before.rss)}), after ${mib(after.rss)} MiB (+${mib(after.rss - before.rss)}); heap ${mib(before.heapUsed)} -> ${mib(after.heapUsed)} MiB`,
      );
      expect(statuses.every((s) => s === 401)).toBe(true);
      expect(emulator.child.exitCode).toBeNull();
      expect(peak - before.rss).toBeLessThan(100 * MiB);
      expect(after.rss - before.rss).toBeLessThan(100 * MiB);
      const health = await raw(emulator.origin, "GET", "/__emulator/health");
      expect(health.status).toBe(200);
      const log = JSON.parse((await raw(emulator.origin, "GET", "/__emulator/requests")).text) as Array<{ status: number; body: string }>;
      expect(log).toHaveLength(155);
      expect(log.every((e) => e.status === 401 && e.body === "")).toBe(true);
    } finally {
      await emulator.stop();
    }
  });

  it("answers a mixed hostile load with the right status codes, stays up, and keeps its state consistent", async () => {
    const emulator = await forkEmulator({ webhookDispatch: false });
    try {
      const A = `/v2/texml/Accounts/${emulator.accountSid}`;
      const key = bearer(emulator.apiKey);
      const form = { "content-type": "application/x-www-form-urlencoded", ...key };
      const json = { "content-type": "application/json", ...key };
      type Case = { expect: number; method: string; target: string; headers?: Record<string, string>; body?: string | Buffer };
      const cases: Case[] = [];
      for (let i = 0; i < 100; i++)
        cases.push({
          expect: 200,
          method: "POST",
          target: `${A}/Queues`,
          headers: form,
          body: `FriendlyName=load-${i}&MaxSize=${1 + (i % 50)}`,
        });
      for (let i = 0; i < 40; i++)
        cases.push({
          expect: 201,
          method: "POST",
          target: "/v2/texml_applications",
          headers: json,
          body: JSON.stringify({ friendly_name: `load-app-${i}`, voice_url: "https://example.com/texml" }),
        });
      for (let i = 0; i < 40; i++) cases.push({ expect: 400, method: "GET", target: `${A}/Queues/bad%G${i}`, headers: key });
      for (let i = 0; i < 40; i++)
        cases.push({
          expect: 400,
          method: i % 2 ? "POST" : "GET",
          target: i % 2 ? "/v2/texml_applications/../../__emulator/reset" : "/v2/%2e%2e/__emulator/state",
          headers: key,
        });
      for (let i = 0; i < 40; i++)
        cases.push({
          expect: 415,
          method: "POST",
          target: `${A}/Queues`,
          headers: json,
          body: JSON.stringify({ FriendlyName: `json-${i}` }),
        });
      for (let i = 0; i < 30; i++)
        cases.push({
          expect: 400,
          method: "POST",
          target: "/v2/texml_applications",
          headers: json,
          body: `{"friendly_name": "broken ${i}"`,
        });
      for (let i = 0; i < 10; i++)
        cases.push({
          expect: 413,
          method: "POST",
          target: "/v2/texml_applications",
          headers: json,
          body: Buffer.alloc(MiB + 512 * 1024, 0x20),
        });
      for (let i = 0; i < 40; i++)
        cases.push({
          expect: 401,
          method: "POST",
          target: `${A}/Queues`,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            authorization: ["Bearer", "Bearer  ", "Token x", `Bearer ${emulator.apiKey}x`][i % 4]!,
          },
          body: `FriendlyName=intruder-${i}`,
        });
      for (let i = 0; i < 30; i++)
        cases.push({
          expect: 400,
          method: "POST",
          target: "/__emulator/faults",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(i % 2 ? { path: "x" } : { path: "x", action: { type: "explode" } }),
        });
      for (let i = 0; i < 20; i++)
        cases.push({
          expect: 400,
          method: "POST",
          target: "/__emulator/seed",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ calls: [{ sid: `CA${i}`, from: "+13125550100", to: "+13125550101" }] }),
        });
      // Shuffle deterministically so the kinds interleave.
      let seed = 7;
      const order = cases
        .map((c) => {
          seed = (seed * 16807) % 2147483647;
          return { c, k: seed };
        })
        .sort((a, b) => a.k - b.k)
        .map((x) => x.c);

      const answers = await pool(order, 16, async (c) => ({
        c,
        status: (await raw(emulator.origin, c.method, c.target, { headers: c.headers, body: c.body })).status,
      }));
      const wrong = answers
        .filter((a) => a.status !== a.c.expect)
        .map((a) => `${a.c.method} ${a.c.target.slice(0, 60)}: ${a.status} (expected ${a.c.expect})`);
      expect(wrong).toEqual([]);
      expect(emulator.child.exitCode).toBeNull();
      expect((await raw(emulator.origin, "GET", "/__emulator/health")).status).toBe(200);

      const state = JSON.parse((await raw(emulator.origin, "GET", "/__emulator/state")).text) as {
        queues: Array<{ sid: string; maxSize: number }>;
        applications: unknown[];
        calls: unknown[];
      };
      expect(state.queues.map((q) => q.sid).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `load-${i}`).sort());
      expect(state.applications).toHaveLength(40);
      expect(state.calls).toEqual([]);
      const listed = JSON.parse((await raw(emulator.origin, "GET", `${A}/Queues?PageSize=1000`, { headers: key })).text) as {
        queues: Array<{ sid: string; max_size: number }>;
      };
      expect(listed.queues.map((q) => `${q.sid}/${q.max_size}`).sort()).toEqual(state.queues.map((q) => `${q.sid}/${q.maxSize}`).sort());
      const faults = JSON.parse((await raw(emulator.origin, "GET", "/__emulator/faults")).text);
      expect(faults).toEqual([]);
      const log = JSON.parse((await raw(emulator.origin, "GET", "/__emulator/requests")).text) as Array<{ status: number }>;
      const publicCases = order.filter((c) => c.target.startsWith("/v2"));
      expect(log).toHaveLength(publicCases.length + 1);
    } finally {
      await emulator.stop();
    }
  });
});

describe("emulator command: never a real credential", () => {
  const REAL = "KEY_FROM_THE_ENVIRONMENT_0123456789";
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "texml-emulator-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Starts the command, waits for its banner, and returns it with a stop function (SIGTERM, which saves the data file). */
  async function runCli(args: string[], env: Record<string, string> = {}) {
    const child = spawn(process.execPath, [path.join(built, "cli.js"), "emulator", "--port", "0", "--no-webhooks", ...args], {
      env: childEnv(env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (c: Buffer) => (out += c));
    child.stderr!.on("data", (c: Buffer) => (out += c));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (/admin API: /.test(out)) {
          clearInterval(timer);
          resolve();
        }
        if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`emulator command exited: ${out}`));
        }
      }, 10);
    });
    const origin = /listening on (http:\/\/\S+)/.exec(out)![1]!;
    const accountSid = /TELNYX_ACCOUNT_SID=(\S+)/.exec(out)![1]!;
    const printedKey = /TELNYX_API_KEY=(\S+)/.exec(out)?.[1];
    const stop = () =>
      new Promise<string>((resolve) => {
        child.once("exit", () => resolve(out));
        child.kill("SIGTERM");
      });
    return { child, origin, accountSid, printedKey, banner: () => out, stop };
  }

  const status = async (origin: string, key: string) =>
    (await raw(origin, "GET", "/v2/texml_applications", { headers: bearer(key) })).status;

  it("ignores TELNYX_* variables, prints only its own generated key, and keeps that key in the data file", async () => {
    const dataFile = path.join(dir, ".texml-emulator.json");
    const env = { TELNYX_API_KEY: REAL, TELNYX_ACCOUNT_SID: "acct-from-env" };
    const first = await runCli(["--data", dataFile], env);
    expect(first.printedKey).toMatch(/^KEY[0-9A-F]{32}_emulator$/);
    expect(first.banner()).not.toContain(REAL);
    expect(first.accountSid).not.toBe("acct-from-env");
    expect(await status(first.origin, REAL)).toBe(401);
    expect(await status(first.origin, first.printedKey!)).toBe(200);
    const output = await first.stop();
    expect(output).not.toContain(REAL);
    const saved = readFileSync(dataFile, "utf8");
    expect(saved).not.toContain(REAL);
    expect(saved).toContain(first.printedKey);
    expect(statSync(dataFile).mode & 0o077).toBe(0);

    const second = await runCli(["--data", dataFile], env);
    expect(second.printedKey).toBe(first.printedKey);
    expect(second.accountSid).toBe(first.accountSid);
    await second.stop();
  });

  it("uses a key given with --api-key but neither prints it nor writes it to the data file", async () => {
    const dataFile = path.join(dir, "given.json");
    const given = "KEY_given_on_the_command_line_42";
    const run = await runCli(["--data", dataFile, "--api-key", given, "--admin-token", "admin-token-given-42"]);
    expect(run.banner()).not.toContain(given);
    expect(run.banner()).not.toContain("admin-token-given-42");
    expect(await status(run.origin, given)).toBe(200);
    expect((await raw(run.origin, "GET", "/__emulator/state")).status).toBe(401);
    expect((await raw(run.origin, "GET", "/__emulator/state", { headers: bearer("admin-token-given-42") })).status).toBe(200);
    await run.stop();
    expect(readFileSync(dataFile, "utf8")).not.toContain(given);
    expect(readFileSync(dataFile, "utf8")).not.toContain("admin-token-given-42");
  });

  it("does not trust a key in a data file that it did not generate itself", async () => {
    const dataFile = path.join(dir, "old.json");
    writeFileSync(
      dataFile,
      JSON.stringify({
        format: 1,
        apiKey: REAL,
        accountSid: randomUUID(),
        signingSeed: Buffer.alloc(32, 1).toString("base64"),
        state: {
          idCursor: "1293384261075731499",
          applications: [],
          calls: [],
          conferences: [],
          participants: [],
          recordings: [],
          transcriptions: [],
          queues: [],
          secrets: [],
          streams: [],
          siprec: [],
        },
      }),
    );
    const run = await runCli(["--data", dataFile]);
    expect(run.printedKey).toMatch(/^KEY[0-9A-F]{32}_emulator$/);
    expect(await status(run.origin, REAL)).toBe(401);
    await run.stop();
    expect(readFileSync(dataFile, "utf8")).not.toContain(REAL);
  });

  it("keeps the default data file out of git", () => {
    for (const name of [".texml-emulator.json", ".texml-emulator.json.tmp-1234", "sub/.texml-emulator.json"]) {
      const check = spawnSync("git", ["check-ignore", "-q", "--no-index", name], { cwd: root });
      expect(check.status, name).toBe(0);
    }
  });
});
