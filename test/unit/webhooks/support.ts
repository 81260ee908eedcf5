// Helpers shared by the webhook tests: a recording loopback upstream and raw HTTP requests.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Upstream {
  /** Origin, e.g. http://127.0.0.1:1234 (no trailing slash). */
  origin: string;
  received: Received[];
  /** How the next requests are answered; default 200 with a TeXML document. */
  respond: (req: IncomingMessage, res: ServerResponse, body: string) => void;
  close(): Promise<void>;
}

export const texmlAnswer = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { "content-type": "application/xml" });
  res.end("<Response><Say>hi</Say></Response>");
};

/** A loopback upstream that records every request it gets. */
export async function startUpstream(): Promise<Upstream> {
  const upstream: Upstream = { origin: "", received: [], respond: texmlAnswer, close: async () => {} };
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c));
    req.on("end", () => {
      upstream.received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: text });
      upstream.respond(req, res, text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  upstream.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return upstream;
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One request with method, target and headers exactly as given (fetch would refuse or normalise them). */
export function rawRequest(
  origin: string,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname.replace(/^\[(.*)\]$/, "$1"),
        port,
        method,
        path: target,
        headers,
        setHost: !Object.keys(headers).some((h) => h.toLowerCase() === "host"),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Bytes over a fresh TCP connection, half-closed after writing; resolves with what came
 * back by the time the server closed (or `waitMs` passed).
 */
export function rawBytes(origin: string, bytes: Buffer | string, waitMs = 3000): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname.replace(/^\[(.*)\]$/, "$1"), port: Number(port) });
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString("latin1"));
    };
    const timer = setTimeout(done, waitMs);
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", done);
    socket.on("close", done);
    socket.on("connect", () => socket.end(bytes));
  });
}

/** What the deployable bundle exports. */
export interface BundleModule {
  default: { fetch(request: Request): Promise<Response> };
  handler(event: unknown): Promise<{ statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded: boolean }>;
  verify(body: Uint8Array, headers: Headers): Promise<unknown>;
  ed25519Verify(message: Uint8Array, signature: Uint8Array, publicKey?: Uint8Array): Promise<boolean>;
  verifierEngine(): Promise<"webcrypto" | "tweetnacl">;
}

/** Imports bundle code as an ES module from a temporary file (a fresh module each time). */
export async function importBundle(code: string): Promise<BundleModule> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "verifier-bundle-"));
  try {
    const file = path.join(dir, "index.mjs");
    writeFileSync(file, code);
    return (await import(pathToFileURL(file).href)) as BundleModule;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
