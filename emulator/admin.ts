import type { IncomingMessage, ServerResponse } from "node:http";
import * as z from "zod";
import { bearerToken, sameSecret } from "./auth";
import type { EmulatorHandle } from "./index";
import { consumeBody, MAX_BODY_BYTES } from "./server";
import type { RequestTarget } from "./target";
import { issuesOf, type InputIssue } from "./validation";

export { isLoopbackHost, resolveAdminToken } from "./auth";

/** What the admin API needs besides the emulator. */
export interface AdminDeps {
  /** When set, every admin request must carry `Authorization: Bearer <token>`. */
  adminToken?: string;
  /** Why a webhook to a URL would not be sent (beyond loopback), or undefined. */
  webhookRefusal: (url: string) => string | undefined;
}

const webhookSchema = z.strictObject({
  url: z.string().min(1).max(2_048),
  body: z.unknown().optional(),
  contentType: z.string().min(1).max(200).optional(),
});
const signSchema = z.strictObject({ body: z.unknown().optional(), timestamp: z.number().int().min(0).max(1e11).optional() });

/** The media type of a request's Content-Type, lower case, without parameters. */
const mediaTypeOf = (req: IncomingMessage) => req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase() || undefined;

/** True when a body follows the request's headers. */
const hasBody = (req: IncomingMessage) =>
  req.headers["transfer-encoding"] !== undefined || (req.headers["content-length"] !== undefined && req.headers["content-length"] !== "0");

/**
 * Why a request may come from a web page, which must not drive the admin API (seed,
 * sign, reset) in the user's browser. A page of another origin can POST without asking
 * the server first only as a form or text (`text/plain`, form-urlencoded, multipart), so
 * every POST and every body must be JSON; and a browser names the page's origin in
 * `Origin`, so any origin but the emulator's own is refused. Clients that are not
 * browsers (curl, fetch in Node) send no Origin.
 */
function webPageRefusal(req: IncomingMessage, ownOrigin: string): { status: 403 | 415; error: string } | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== ownOrigin)
    return {
      status: 403,
      error: `the admin API refuses requests from web pages: the Origin header is not the emulator's own (${ownOrigin})`,
    };
  if ((req.method === "POST" || hasBody(req)) && mediaTypeOf(req) !== "application/json")
    return { status: 415, error: "the admin API takes Content-Type: application/json on every POST and every request with a body" };
  return undefined;
}

/**
 * `/__emulator/...`: control of the emulator for tests, benchmarks and users
 * (reset, seed, request log, faults, state, signed webhooks). Not part of Telnyx's API.
 * The token (when there is one) is checked first, then a request a web page could
 * have sent is refused (403, 415), both before the body is read; every body is checked
 * against its documented shape, and a 400 names the offending field.
 */
export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  emulator: EmulatorHandle,
  deps: AdminDeps,
): Promise<void> {
  const route = `${req.method} ${target.path}`;
  const reply = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
    if (body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  };
  const refuse = async (status: number, body: unknown, headers?: Record<string, string>) => {
    const drained = await consumeBody(req, 0);
    reply(status, body, drained.complete ? headers : { ...headers, connection: "close" });
  };
  const invalid = (error: string, issues: InputIssue[]) => reply(400, { error, issues });

  if (deps.adminToken !== undefined && !sameSecret(bearerToken(req.headers.authorization), deps.adminToken)) {
    return refuse(
      401,
      { error: "the admin API needs Authorization: Bearer <admin token> (printed when the emulator started, or given with --admin-token)" },
      { "www-authenticate": 'Bearer realm="texml-emulator-admin"' },
    );
  }
  const fromWebPage = webPageRefusal(req, emulator.origin);
  if (fromWebPage) return refuse(fromWebPage.status, { error: fromWebPage.error });
  if (target.problem) return refuse(400, { error: target.problem });
  const raw = await consumeBody(req, MAX_BODY_BYTES);
  if (raw.data === undefined)
    return reply(413, { error: `the body exceeds ${MAX_BODY_BYTES} bytes` }, raw.complete ? {} : { connection: "close" });
  const text = raw.data.toString("utf8");
  let input: Record<string, unknown> = {};
  if (text.trim() !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return reply(400, { error: "the admin API takes JSON bodies" });
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return reply(400, { error: "the body must be a JSON object" });
    input = parsed as Record<string, unknown>;
  }
  try {
    switch (route) {
      case "GET /health":
        return reply(200, { status: "ok", baseUrl: emulator.baseUrl, accountSid: emulator.accountSid });
      case "POST /reset":
        await emulator.reset();
        return reply(204);
      case "POST /seed":
        return reply(200, await emulator.seed(input));
      case "POST /seed/calls": {
        const { count, ...options } = input;
        return reply(200, await emulator.generateCalls(count as number, options));
      }
      case "GET /requests":
        return reply(200, await emulator.requests());
      case "DELETE /requests":
        await emulator.clearRequests();
        return reply(204);
      case "GET /faults":
        return reply(200, emulator.faults());
      case "POST /faults":
        return reply(201, { id: await emulator.addFault(input as never) });
      case "DELETE /faults":
        await emulator.clearFaults();
        return reply(204);
      case "GET /state":
        return reply(200, await emulator.state());
      case "GET /webhook-public-key":
        return reply(200, { public_key: emulator.publicKey });
      case "GET /webhooks":
        return reply(200, emulator.webhookDeliveries());
      case "POST /webhooks": {
        const { url, body, contentType } = webhookSchema.parse(input);
        const refused = deps.webhookRefusal(url);
        if (refused) return invalid(refused, [{ path: "url", message: refused }]);
        const text = typeof body === "string" ? body : JSON.stringify(body ?? {});
        return reply(
          200,
          await emulator.sendWebhook(
            url,
            text,
            contentType ?? (typeof body === "string" ? "application/x-www-form-urlencoded" : "application/json"),
          ),
        );
      }
      case "POST /webhooks/sign": {
        const { body, timestamp } = signSchema.parse(input);
        return reply(200, emulator.signWebhook(typeof body === "string" ? body : JSON.stringify(body ?? {}), timestamp));
      }
      default:
        return reply(404, { error: `no admin route ${route}` });
    }
  } catch (error) {
    const issues = issuesOf(error);
    if (issues)
      return invalid(route.endsWith("/faults") ? "invalid fault" : route.includes("/seed") ? "invalid fixture" : "invalid request", issues);
    return reply(400, { error: error instanceof Error ? error.message : String(error) });
  }
}
