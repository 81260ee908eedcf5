// `telnyx-texml webhook-verifier` as a real process, as users run it: its start-up
// checks, then a bounded fuzz run of malformed methods, request targets, Host headers,
// header lines, framings and bodies over raw TCP on loopback. After every case the
// process must still be running and answer GET /healthz; every answer it gave must be
// one of the documented statuses (never a 500), and every log line valid JSON.
//
// The child runs this repository's sources (scripts/cli.ts and provider/webhooks),
// transpiled into a temporary folder (no type check: tsc does that separately), so the
// suite does not depend on a fresh `npm run build`.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import nacl from "tweetnacl";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhook } from "../../provider/webhooks";
import { rawBytes, startUpstream, type Upstream } from "../unit/webhooks/support";

const root = path.resolve(__dirname, "..", "..");
const keys = nacl.sign.keyPair();
const publicKey = Buffer.from(keys.publicKey).toString("base64");
const FUZZ_CASES = Number(process.env.WEBHOOK_FUZZ_CASES ?? 400);

let built: string;
let upstream: Upstream;

/** scripts/cli.ts and the webhook sources, transpiled to CommonJS in a temporary folder. */
function buildCli(): string {
  const out = mkdtempSync(path.join(os.tmpdir(), "verifier-cli-"));
  const files = [
    "scripts/cli.ts",
    "provider/node-version.ts",
    "provider/base/errors.ts",
    ...["core", "request-handler", "verification", "verify", "handlers", "server", "server-cli"].map((f) => `provider/webhooks/${f}.ts`),
  ];
  for (const file of files) {
    const source = readFileSync(path.join(root, file), "utf8");
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
    writeFileSync(path.join(out, file.replace(/\.ts$/, ".js")), js);
  }
  return out;
}

const childEnv = () => {
  const env: Record<string, string> = { NODE_PATH: path.join(root, "node_modules") };
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !name.startsWith("TELNYX_")) env[name] = value;
  return env;
};

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function runCli(args: string[]): Run {
  const child = spawn(process.execPath, [path.join(built, "scripts", "cli.js"), "webhook-verifier", ...args], {
    env: childEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c));
  child.stderr!.on("data", (c: Buffer) => (stderr += c));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

/** Starts the CLI and waits for its "listening on" line. */
async function startCli(args: string[]): Promise<Run & { url: string }> {
  const run = runCli(args);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const match = /listening on (http:\/\/\S+?)(,|\s|$)/.exec(run.stderr());
    if (match) return { ...run, url: match[1]! };
    if (run.child.exitCode !== null) throw new Error(`the verifier exited with ${run.child.exitCode}: ${run.stderr()}`);
    if (Date.now() > deadline) throw new Error(`the verifier did not start: ${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stop(run: Run): Promise<void> {
  if (run.child.exitCode !== null) return;
  run.child.kill("SIGTERM");
  await run.exit;
}

beforeAll(async () => {
  built = buildCli();
  upstream = await startUpstream();
});
afterAll(async () => {
  await upstream?.close();
  if (built) rmSync(built, { recursive: true, force: true });
});

describe("webhook-verifier command: start-up", () => {
  it("refuses to start with a public key that does not decode to 32 bytes, exit code 1 and a clear message", async () => {
    const expected = "must be the account's Ed25519 public key from the Telnyx portal: base64 that decodes to 32 bytes";
    for (const [key, got] of [
      ["abc", "3 characters that are not standard padded base64"],
      [Buffer.alloc(31).toString("base64"), "base64 of 31 bytes"],
      [Buffer.alloc(32).toString("base64url").replace(/A/g, "_"), "43 characters that are not standard padded base64"],
    ] as const) {
      const run = runCli(["--public-key", key, "--port", "0"]);
      expect(await run.exit).toBe(1);
      expect(run.stderr().trim()).toBe(`--public-key: ${expected} (got ${got})`);
      expect(run.stderr()).not.toContain("listening");
    }
    const missing = runCli(["--port", "0"]);
    expect(await missing.exit).toBe(1);
    expect(missing.stderr()).toContain("--public-key (or TELNYX_PUBLIC_KEY) is required");
  });

  it("binds 127.0.0.1 by default and reports that address; --host widens it and is reported as bound", async () => {
    const loopback = await startCli(["--public-key", publicKey, "--port", "0"]);
    try {
      expect(loopback.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${loopback.url}/healthz`)).status).toBe(200);
    } finally {
      await stop(loopback);
    }
    const wide = await startCli(["--public-key", publicKey, "--port", "0", "--host", "0.0.0.0"]);
    try {
      expect(wide.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
      expect((await fetch(`http://127.0.0.1:${new URL(wide.url).port}/healthz`)).status).toBe(200);
    } finally {
      await stop(wide);
    }
  });
});

// Mostly well-framed requests with something odd in them (so the verifier's own code is
// exercised, not only Node's parser), and now and then one that is broken throughout.
const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const token = fc.oneof(
  w(6, fc.constant("POST")),
  w(3, fc.constantFrom("GET", "HEAD", "TRACE", "CONNECT", "OPTIONS", "PUT", "DELETE", "PATCH", "M-SEARCH", "PROPFIND", "QUERY")),
  w(1, fc.constantFrom("TRACK", "post", "P@ST", "", " POST", "POST\t", "FOO", "GE T")),
);
const safePathChar = fc.constantFrom(
  "a",
  "b",
  "/",
  "/",
  "?",
  "&",
  "=",
  "%",
  "2",
  "e",
  "E",
  ".",
  ".",
  "\\",
  "{",
  '"',
  "+",
  ":",
  "@",
  "*",
  "~",
  "%00",
  "%ff",
  "\u00e9",
);
const wildPathChar = fc.constantFrom(" ", "\t", "\u0000", "#", "\r", "\n");
const target = fc.oneof(
  w(
    3,
    fc.constantFrom(
      "/status",
      "/status?queue=support",
      "/",
      "*",
      "/a/../b",
      "/%2e%2e/x",
      "/.%2E/x",
      "\\x",
      "//evil.example/x",
      "http://evil.example/x",
      "/healthz",
      "/healthz?x",
      "",
      `/${"a".repeat(9000)}`,
    ),
  ),
  w(
    6,
    fc.string({ unit: safePathChar, maxLength: 40 }).map((s) => `/${s}`),
  ),
  w(1, fc.string({ unit: fc.oneof(safePathChar, wildPathChar), maxLength: 20 })),
);
const hostHeader = fc.oneof(
  w(5, fc.constant(["host: 127.0.0.1"])),
  w(
    3,
    fc.constantFrom<string[]>(
      [],
      ["host: a b"],
      ["host: "],
      ["host: x/y"],
      ["host: [::1"],
      ["host: [::1]:80"],
      ["host: \u00e9.example"],
      [`host: ${"h".repeat(300)}`],
      ["host: user@host"],
      ["host: host:99999"],
      ["host: a", "host: b"],
      ["host: a\tb"],
      ["host: a?b"],
      ["host: a#b"],
      ["host: %41"],
    ),
  ),
);
const headerValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    "",
    " ",
    "\u00ff\u00fe",
    "a\r\n b",
    "x".repeat(10_000),
    "-1",
    "abc",
    "1e3",
    "99999999999999999999",
    "chunked",
    "gzip, chunked",
    "identity",
    "100-continue",
    "upgrade",
    "h2c",
    "websocket",
    "AAAA",
    "1764000000",
  ),
);
const headerName = fc.oneof(
  w(
    6,
    fc.constantFrom(
      "content-length",
      "Content-Length",
      "transfer-encoding",
      "expect",
      "connection",
      "upgrade",
      "telnyx-timestamp",
      "telnyx-signature-ed25519",
      "Telnyx-Timestamp",
      "content-type",
      "x-forwarded-for",
      "cookie",
      "te",
      "trailer",
      "keep-alive",
      "proxy-connection",
    ),
  ),
  w(1, fc.constantFrom("bad name", "colon:name", "", "\u00e9", "x\u0000")),
  w(3, fc.string({ unit: fc.constantFrom("a", "b", "-", "_", "x", "Z"), minLength: 1, maxLength: 10 })),
);
const extraHeaders = fc.array(
  fc.tuple(headerName, headerValue).map(([n, v]) => `${n}: ${v}`),
  { maxLength: 6 },
);
const version = fc.oneof(w(8, fc.constant("HTTP/1.1")), w(2, fc.constantFrom("HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "", "http/1.1")));
const bodyKind = fc.oneof(
  w(4, fc.constant("signed")),
  w(6, fc.constantFrom("none", "random", "signed-empty", "signed-tampered", "chunked", "bad-chunked", "short", "long")),
);

const fuzzCase = fc.record({
  method: token,
  target,
  host: hostHeader,
  headers: extraHeaders,
  version,
  bodyKind,
  bytes: fc.uint8Array({ maxLength: 2048 }),
  many: fc.nat({ max: 9 }),
});

type FuzzCase = typeof fuzzCase extends fc.Arbitrary<infer T> ? T : never;

function render({ method, target, host, headers, version, bodyKind, bytes, many }: FuzzCase): Buffer {
  const lines = [`${method} ${target}${version ? ` ${version}` : ""}`, ...host, ...headers];
  // Now and then, hundreds of header lines.
  if (many === 9) for (let i = 0; i < 300; i++) lines.push(`x-h${i}: ${i}`);
  let body: Buffer = Buffer.alloc(0);
  const payload = Buffer.from(bytes);
  if (bodyKind === "random") {
    lines.push(`content-length: ${payload.length}`);
    body = payload;
  } else if (bodyKind.startsWith("signed")) {
    const text = bodyKind === "signed-empty" ? "" : `CallSid=v3%3Afuzz${payload.length}&CallStatus=completed`;
    const signed = signWebhook(bodyKind === "signed-tampered" ? `${text}x` : text, keys.secretKey);
    lines.push(
      `telnyx-timestamp: ${signed["telnyx-timestamp"]}`,
      `telnyx-signature-ed25519: ${signed["telnyx-signature-ed25519"]}`,
      "content-type: application/x-www-form-urlencoded",
      `content-length: ${Buffer.byteLength(text)}`,
    );
    body = Buffer.from(text);
  } else if (bodyKind === "chunked") {
    lines.push("transfer-encoding: chunked");
    body = Buffer.concat([Buffer.from(`${payload.length.toString(16)}\r\n`), payload, Buffer.from("\r\n0\r\n\r\n")]);
  } else if (bodyKind === "bad-chunked") {
    lines.push("transfer-encoding: chunked");
    body = Buffer.concat([Buffer.from("zz\r\n"), payload]);
  } else if (bodyKind === "short") {
    lines.push(`content-length: ${payload.length + 100}`);
    body = payload;
  } else if (bodyKind === "long") {
    lines.push(`content-length: 2000000`);
    body = payload;
  }
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), body]);
}

describe("webhook-verifier command: fuzzed requests", () => {
  it(`stays up and healthy through ${FUZZ_CASES} malformed requests, answering only documented statuses`, async () => {
    const verifier = await startCli([
      "--public-key",
      publicKey,
      "--port",
      "0",
      "--forward-to",
      upstream.origin,
      "--forward-timeout",
      "2000",
      "--replay-protection",
      "--max-body",
      "65536",
    ]);
    const statuses = new Map<number, number>();
    let answered = 0;
    let cases = 0;
    let delivered = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fuzzCase, async (c) => {
          const answer = await rawBytes(verifier.url, render(c), 3000);
          // An interim "100 Continue" (for Expect: 100-continue) may come first.
          const status = /^(?:HTTP\/1\.1 100 Continue\r\n\r\n)?HTTP\/1\.[01] (\d{3}) /.exec(answer)?.[1];
          if (status) {
            answered++;
            statuses.set(Number(status), (statuses.get(Number(status)) ?? 0) + 1);
            expect([200, 204, 400, 401, 405, 408, 409, 413, 417, 431]).toContain(Number(status));
          } else expect(answer).toBe(""); // either a response or a closed connection, never garbage
          expect(verifier.child.exitCode).toBeNull();
          const health = await fetch(`${verifier.url}/healthz`);
          expect([health.status, await health.text()]).toEqual([200, '{"status":"ok"}']);
          // Every fifth case, a genuine delivery: it must still be verified and forwarded exactly.
          if (cases++ % 5 === 0) {
            const text = `CallSid=v3%3Agenuine${cases}&CallStatus=completed`;
            const genuine = await fetch(`${verifier.url}/fuzz/${cases}?i=${cases}`, {
              method: "POST",
              headers: { ...signWebhook(text, keys.secretKey), "content-type": "application/x-www-form-urlencoded" },
              body: text,
            });
            expect(genuine.status).toBe(200);
            expect(upstream.received.at(-1)).toMatchObject({ method: "POST", url: `/fuzz/${cases}?i=${cases}`, body: text });
            delivered++;
          }
        }),
        { numRuns: FUZZ_CASES, seed: Number(process.env.WEBHOOK_FUZZ_SEED ?? 20261127), endOnFailure: true },
      );
      expect(verifier.child.exitCode).toBeNull();
      // Most cases get an answer; the rest are connections Node's parser closed on.
      expect(answered).toBeGreaterThan(FUZZ_CASES / 2);
      expect(statuses.get(401) ?? 0).toBeGreaterThan(0); // some fuzzed requests got as far as the signature check
      expect(delivered).toBe(Math.ceil(FUZZ_CASES / 5));
      const lines = verifier
        .stdout()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { verdict: string; status: number; reason?: string });
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(["accepted", "rejected"]).toContain(l.verdict);
      expect(verifier.stdout()).not.toContain("CallSid");
      console.log(
        `fuzz: ${FUZZ_CASES} cases, ${answered} answered, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}, ${lines.length} log lines`,
      );
    } finally {
      await stop(verifier);
    }
  }, 600_000);
});
