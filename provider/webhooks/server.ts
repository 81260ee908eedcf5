import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeWebhookListener } from "./handlers";
import type { VerifyWebhookOptions } from "./verify";

/** One line per request: what was decided and why, never the body or headers. */
export interface VerifierLogLine {
  time: string;
  method: string;
  path: string;
  verdict: "accepted" | "rejected";
  reason?: string;
  status: number;
  ms: number;
}

export interface WebhookVerifierServerOptions extends VerifyWebhookOptions {
  /** Upstream that receives verified webhooks unchanged. */
  forwardTo?: string;
  port?: number;
  host?: string;
  /** Where log lines go (default: JSON on stdout). */
  log?: (line: VerifierLogLine) => void;
}

/** Runs the verifier in front of `forwardTo`: `POST /<any path>` is checked, `GET /healthz` answers 200. */
export async function startWebhookVerifierServer(options: WebhookVerifierServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const log = options.log ?? ((line: VerifierLogLine) => process.stdout.write(`${JSON.stringify(line)}\n`));
  const server = createServer((req, res) => {
    const started = performance.now();
    const path = (req.url ?? "/").split("?")[0]!;
    if (req.method === "GET" && path === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"status":"ok"}');
      return;
    }
    const listener = createNodeWebhookListener({
      ...options,
      onVerdict: ({ accepted, reason, status }) =>
        log({ time: new Date().toISOString(), method: req.method ?? "", path, verdict: accepted ? "accepted" : "rejected", ...(reason ? { reason } : {}), status, ms: Math.round((performance.now() - started) * 100) / 100 }),
    });
    listener(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, options.host ?? "0.0.0.0", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeIdleConnections();
        server.close(() => resolve());
      }),
  };
}
