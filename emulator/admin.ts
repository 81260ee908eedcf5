import type { IncomingMessage, ServerResponse } from "node:http";
import { ZodError } from "zod";
import type { EmulatorHandle } from "./index";
import { readBody } from "./server";

/**
 * `/__emulator/...`: control of the emulator for tests, benchmarks and users
 * (reset, seed, request log, faults, state, signed webhooks). Not part of Telnyx's API.
 */
export async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL, emulator: EmulatorHandle): Promise<void> {
  const route = `${req.method} ${url.pathname.slice("/__emulator".length)}`;
  const raw = (await readBody(req))?.toString("utf8") ?? "";
  const reply = (status: number, body?: unknown) => {
    if (body === undefined) {
      res.writeHead(status);
      res.end();
      return;
    }
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  let input: Record<string, unknown> = {};
  try {
    input = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } catch {
    return reply(400, { error: "the admin API takes JSON bodies" });
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
        const { count, ...options } = input as { count?: unknown };
        if (!Number.isInteger(count) || (count as number) < 0) return reply(400, { error: "count must be a non-negative integer" });
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
        const { url: target, body, contentType } = input as { url?: unknown; body?: unknown; contentType?: unknown };
        if (typeof target !== "string") return reply(400, { error: "url is required" });
        const text = typeof body === "string" ? body : JSON.stringify(body ?? {});
        return reply(200, await emulator.sendWebhook(target, text, typeof contentType === "string" ? contentType : typeof body === "string" ? "application/x-www-form-urlencoded" : "application/json"));
      }
      case "POST /webhooks/sign": {
        const body = typeof input.body === "string" ? input.body : JSON.stringify(input.body ?? {});
        return reply(200, emulator.signWebhook(body, typeof input.timestamp === "number" ? input.timestamp : undefined));
      }
      default:
        return reply(404, { error: `no admin route ${route}` });
    }
  } catch (error) {
    if (error instanceof ZodError) return reply(400, { error: "invalid fixture", issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) });
    return reply(400, { error: error instanceof Error ? error.message : String(error) });
  }
}
