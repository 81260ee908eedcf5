import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { WebhookFailureReason } from "./core";
import { METHOD_NOT_ALLOWED_DETAIL, type RequestRefusal, type UpstreamError } from "./request-handler";
import { hostHeaderProblem, nodeListener, type WebhookHandlerOptions } from "./handlers";

/** One line per request: what was decided and why, never the body, the query or the headers. */
export interface VerifierLogLine {
  time: string;
  method: string;
  path: string;
  /** `accepted`: the signature checked out (see `upstreamError` for a delivery that failed); `rejected`: refused. */
  verdict: "accepted" | "rejected";
  /** Why it was rejected. */
  reason?: WebhookFailureReason | RequestRefusal;
  status: number;
  /** The upstream's status, when it answered. */
  upstreamStatus?: number;
  /** Accepted but not delivered: the upstream could not be reached (502) or was too slow (504). */
  upstreamError?: UpstreamError;
  ms: number;
}

export interface WebhookVerifierServerOptions extends Omit<WebhookHandlerOptions, "onEvent" | "onVerdict"> {
  /** Upstream that receives verified webhooks unchanged (path and query appended). */
  forwardTo?: string;
  /** Port, default 8080; 0 picks a free one. */
  port?: number;
  /** Interface to listen on: 127.0.0.1 (loopback) by default; `0.0.0.0` or `::` to accept from elsewhere. */
  host?: string;
  /** Where log lines go (default: JSON on stdout). */
  log?: (line: VerifierLogLine) => void;
}

/** The running server: `url` is the address it is bound to. */
export interface WebhookVerifierServer {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

const MAX_LOGGED_PATH = 256;

/** The path part of a request target, bounded for the log. */
function logPath(req: IncomingMessage): string {
  const target = req.url ?? "/";
  const path = target.split("?")[0]!;
  return path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path;
}

/**
 * Runs the verifier in front of `forwardTo`: `POST /<any path>` is checked, `GET
 * /healthz` answers 200. Throws before listening when the public key, `forwardTo` or
 * the timeout cannot work.
 */
export async function startWebhookVerifierServer(options: WebhookVerifierServerOptions): Promise<WebhookVerifierServer> {
  const log = options.log ?? ((line: VerifierLogLine) => process.stdout.write(`${JSON.stringify(line)}\n`));
  const started = new WeakMap<IncomingMessage, number>();
  const write = (req: IncomingMessage | undefined, fields: Omit<VerifierLogLine, "time" | "method" | "path" | "ms">) => {
    const since = req ? started.get(req) : undefined;
    try {
      log({
        time: new Date().toISOString(),
        method: req?.method ?? "",
        path: req ? logPath(req) : "",
        ...fields,
        ms: since === undefined ? 0 : Math.round((performance.now() - since) * 100) / 100,
      });
    } catch {
      // A failing log sink must not take the server down.
    }
  };
  const listener = nodeListener(options, (verdict, req) =>
    write(req, {
      verdict: verdict.accepted ? "accepted" : "rejected",
      ...(verdict.reason ? { reason: verdict.reason } : {}),
      status: verdict.status,
      ...(verdict.upstreamStatus !== undefined ? { upstreamStatus: verdict.upstreamStatus } : {}),
      ...(verdict.upstreamError ? { upstreamError: verdict.upstreamError } : {}),
    }),
  );
  // requireHostHeader off: Node would answer a missing Host itself, unlogged and with no body; the listener answers it instead.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    started.set(req, performance.now());
    const path = (req.url ?? "/").split("?")[0];
    // A health check with a missing or repeated Host goes to the listener, which refuses it (400, logged).
    if ((req.method === "GET" || req.method === "HEAD") && path === "/healthz" && hostHeaderProblem(req) === undefined) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(req.method === "HEAD" ? undefined : '{"status":"ok"}');
      return;
    }
    listener(req, res);
  });
  // An Expect other than 100-continue: Node would answer 417 on its own, unlogged.
  server.on("checkExpectation", (req: IncomingMessage, res) => {
    started.set(req, performance.now());
    write(req, { verdict: "rejected", reason: "invalid_request", status: 417 });
    res.writeHead(417, { "content-type": "application/json", connection: "close" });
    res.end(JSON.stringify({ error: "invalid_request", detail: "only Expect: 100-continue is supported" }));
  });
  // CONNECT never reaches the request listener; without this, Node drops the connection unanswered.
  server.on("connect", (req: IncomingMessage, socket) => {
    started.set(req, performance.now());
    write(req, { verdict: "rejected", reason: "method_not_allowed", status: 405 });
    const body = JSON.stringify({ error: "method_not_allowed", detail: METHOD_NOT_ALLOWED_DETAIL });
    socket.on("error", () => socket.destroy());
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\nallow: POST\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
  // Requests Node's parser refuses (a bad method token, a malformed header line): 400 and close, logged.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, text] =
      error.code === "HPE_HEADER_OVERFLOW"
        ? [431, "Request Header Fields Too Large"]
        : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? [408, "Request Timeout"]
          : [400, "Bad Request"];
    write(undefined, { verdict: "rejected", reason: "invalid_request", status });
    const body = '{"error":"invalid_request"}';
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    host: address.address,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeIdleConnections();
        server.close(() => resolve());
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      }),
  };
}
