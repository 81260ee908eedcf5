import { parseArgs } from "node:util";
import { startWebhookVerifierServer } from "./server";

const HELP = `usage: telnyx-texml webhook-verifier --public-key <base64> [options]

Verifies Telnyx webhook signatures (Ed25519 over "<telnyx-timestamp>|<raw body>") and
forwards verified requests, unchanged, to an upstream. Failed checks answer 401 with the reason.

options:
  --public-key <b64>   the account's Ed25519 public key (or TELNYX_PUBLIC_KEY)
  --forward-to <url>   upstream for verified webhooks (without it, verified requests get 204)
  --port <n>           port (default 8080)
  --host <addr>        interface (default 0.0.0.0)
  --tolerance <s>      accepted clock difference in seconds (default 300)
  --max-body <bytes>   body size limit (default 1048576)

GET /healthz answers 200. One JSON log line per request on stdout (verdict and reason, never the body).`;

/** `telnyx-texml webhook-verifier`: runs until SIGINT or SIGTERM. */
export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      "public-key": { type: "string" },
      "forward-to": { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      tolerance: { type: "string" },
      "max-body": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const publicKey = values["public-key"] ?? process.env.TELNYX_PUBLIC_KEY;
  if (!publicKey) throw new Error("--public-key (or TELNYX_PUBLIC_KEY) is required: the Ed25519 public key from the Telnyx portal, base64");
  const number = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new Error(`--${name}: expected a whole number, got "${value}"`);
    return Number(value);
  };
  const server = await startWebhookVerifierServer({
    publicKey,
    forwardTo: values["forward-to"],
    port: number("port", values.port) ?? 8080,
    host: values.host,
    toleranceSeconds: number("tolerance", values.tolerance),
    maxBodyBytes: number("max-body", values["max-body"]),
  });
  console.error(`webhook verifier listening on ${server.url}${values["forward-to"] ? `, forwarding to ${values["forward-to"]}` : ""}`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await server.close();
}
