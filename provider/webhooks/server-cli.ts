import { parseArgs } from "node:util";
import { DEFAULT_FORWARD_TIMEOUT_MS } from "./request-handler";
import { startWebhookVerifierServer } from "./server";
import { checkPublicKey } from "./verify";

const HELP = `usage: telnyx-texml webhook-verifier --public-key <base64> [options]

Verifies Telnyx webhook signatures (Ed25519 over "<telnyx-timestamp>|<raw body>") and
forwards verified requests, unchanged, to an upstream. Failed checks answer 401 with the reason.

options:
  --public-key <b64>        the account's Ed25519 public key (or TELNYX_PUBLIC_KEY); must decode to 32 bytes
  --forward-to <url>        upstream for verified webhooks; the request's path and query are appended
                            (without it, verified requests get 204)
  --forward-timeout <ms>    bound on one upstream exchange (default ${DEFAULT_FORWARD_TIMEOUT_MS}); 504 beyond it, 502 when unreachable
  --port <n>                port (default 8080; 0 picks a free one)
  --host <addr>             interface (default 127.0.0.1, loopback only; 0.0.0.0 or :: to accept from elsewhere)
  --tolerance <s>           accepted clock difference in seconds (default 300)
  --max-body <bytes>        body size limit (default 1048576)
  --replay-protection       refuse (409 replayed) a signature already accepted within the tolerance
                            window; in memory, this process only
  --replay-max-entries <n>  signatures remembered at most (default 100000; oldest dropped first)

Only POST is verified; other methods get 405 (Telnyx signs only POST bodies: set the
application's status_callback_method to POST). GET /healthz answers 200. One JSON log
line per request on stdout (verdict, reason, upstream status or error; never the body).`;

/** `telnyx-texml webhook-verifier`: runs until SIGINT or SIGTERM. */
export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      "public-key": { type: "string" },
      "forward-to": { type: "string" },
      "forward-timeout": { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      tolerance: { type: "string" },
      "max-body": { type: "string" },
      "replay-protection": { type: "boolean" },
      "replay-max-entries": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const publicKey = values["public-key"] ?? process.env.TELNYX_PUBLIC_KEY;
  if (!publicKey) throw new Error("--public-key (or TELNYX_PUBLIC_KEY) is required: the Ed25519 public key from the Telnyx portal, base64");
  checkPublicKey(publicKey, values["public-key"] !== undefined ? "--public-key" : "TELNYX_PUBLIC_KEY");
  const number = (name: string, value: string | undefined, positive = false) => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || (positive && Number(value) === 0))
      throw new Error(`--${name}: expected a ${positive ? "positive" : "whole"} number, got "${value}"`);
    return Number(value);
  };
  const port = number("port", values.port) ?? 8080;
  if (port > 65535) throw new Error(`--port: expected 0..65535, got ${port}`);
  const maxEntries = number("replay-max-entries", values["replay-max-entries"], true);
  const server = await startWebhookVerifierServer({
    publicKey,
    forwardTo: values["forward-to"],
    forwardTimeoutMs: number("forward-timeout", values["forward-timeout"], true),
    port,
    host: values.host,
    toleranceSeconds: number("tolerance", values.tolerance),
    maxBodyBytes: number("max-body", values["max-body"]),
    replayProtection: values["replay-protection"] ? (maxEntries ? { maxEntries } : true) : false,
  });
  const extras = [
    values["forward-to"] ? `forwarding to ${values["forward-to"]}` : "",
    values["replay-protection"] ? "replay protection on" : "",
  ].filter(Boolean);
  console.error(`webhook verifier listening on ${server.url}${extras.length ? `, ${extras.join(", ")}` : ""}`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await server.close();
}
