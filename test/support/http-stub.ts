import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type AddressInfo } from "node:net";

/** A request the stub received. */
export interface StubRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** What the stub answers: status, JSON body (or raw text) and headers; `destroy` drops the socket. */
export interface StubReply {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
  destroy?: boolean;
  delayMs?: number;
}

/**
 * A loopback HTTP server that answers from a script of replies, for testing the
 * client's wire behaviour (retries, errors, timeouts) in isolation.
 */
export async function startStub(replies: StubReply[] | ((req: StubRequest) => StubReply)) {
  const received: StubRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString() };
      received.push(request);
      const reply =
        typeof replies === "function"
          ? replies(request)
          : (replies.shift() ?? { status: 500, json: { errors: [{ detail: "stub ran out of replies" }] } });
      const send = () => {
        if (reply.destroy) return req.socket.destroy();
        const payload = reply.text ?? (reply.json === undefined ? "" : JSON.stringify(reply.json));
        res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
        res.end(payload);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v2`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on: bound, then released (a connection to it is refused). */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
