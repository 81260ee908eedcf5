import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequestHandler, type WebhookEvent, type WebhookFailureReason } from "./core";
import { DEFAULT_MAX_BODY_BYTES, verifyWebhook, type VerifyWebhookOptions } from "./verify";

/** What the handlers do with a request, verified or not. */
export interface WebhookHandlerOptions extends VerifyWebhookOptions {
  /** Called with each verified event; its Response (or 204 when it returns nothing) is the answer. */
  onEvent?: (event: WebhookEvent, request: Request) => Response | void | Promise<Response | void>;
  /** Forward verified requests here (method, headers and the raw body unchanged) and relay the answer. */
  forwardTo?: string;
  /** Told about every verdict, for logging; never given the body. */
  onVerdict?: (verdict: { accepted: boolean; reason?: WebhookFailureReason; status: number }) => void;
  /** The fetch used to forward (defaults to the global one). */
  fetch?: typeof fetch;
}

/**
 * A Web-standard handler (Workers, Deno, Bun, Node >= 22): verifies each POST and
 * answers 401 `{"error":"<reason>"}` when the check fails; a verified event goes to
 * `onEvent` or is forwarded to `forwardTo`.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): (request: Request) => Promise<Response> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return createRequestHandler((body, headers) => verifyWebhook(body, headers, { ...options, maxBodyBytes }), { ...options, maxBodyBytes });
}

/** The same handler as a Node `http` listener. */
export function createNodeWebhookListener(options: WebhookHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = createWebhookHandler(options);
  return (req, res) => {
    const url = `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const body = hasBody
      ? new ReadableStream<Uint8Array>({
          start(controller) {
            req.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
            req.on("end", () => controller.close());
            req.on("error", (error) => controller.error(error));
          },
          cancel() {
            req.pause();
          },
        })
      : undefined;
    const request = new Request(url, { method: req.method, headers, body, duplex: "half" } as RequestInit);
    handle(request)
      .then(async (response) => {
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => (headers[name] = value));
        res.writeHead(response.status, headers);
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: error instanceof Error ? error.message : "internal_error" }));
      });
  };
}
