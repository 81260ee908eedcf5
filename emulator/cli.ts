import { parseArgs } from "node:util";
import { startEmulator } from "./index";

const HELP = `usage: telnyx-texml emulator [options]

Runs a local Telnyx TeXML API (every endpoint of the TeXML OpenAPI spec) on loopback.

options:
  --port <n>          port to listen on (default 4010; 0 picks a free one)
  --host <addr>       interface to listen on (default 127.0.0.1)
  --data <file>       load state from this JSON file and save it there (default: in memory)
  --api-key <key>     Bearer key clients must send (default: a fresh random key)
  --account-sid <id>  TeXML account SID to serve (default: a fresh UUID)
  --no-webhooks       record status callbacks instead of sending them
  --queue-sids <how>  "name" (default): a queue's sid is its name; "generated": a QU… sid,
                      as in the spec's example (the spec leaves it open)
  -h, --help          show this help

Point the provider at it with TELNYX_BASE_URL, TELNYX_API_KEY and TELNYX_ACCOUNT_SID
(or telnyx:baseUrl, telnyx:apiKey, telnyx:accountSid). Admin API: <origin>/__emulator.`;

/** `telnyx-texml emulator`: runs until SIGINT or SIGTERM, then saves the data file. */
export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      data: { type: "string" },
      "api-key": { type: "string" },
      "account-sid": { type: "string" },
      "no-webhooks": { type: "boolean" },
      "queue-sids": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const port = values.port === undefined ? 4010 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: expected a port number, got "${values.port}"`);
  const queueSids = values["queue-sids"] ?? "name";
  if (queueSids !== "name" && queueSids !== "generated") throw new Error(`--queue-sids: expected "name" or "generated", got "${queueSids}"`);
  const emulator = await startEmulator({
    queueSids,
    port,
    host: values.host,
    dataFile: values.data,
    apiKey: values["api-key"] ?? process.env.TELNYX_API_KEY,
    accountSid: values["account-sid"] ?? process.env.TELNYX_ACCOUNT_SID,
    webhookDispatch: !values["no-webhooks"],
  });
  console.log(
    [
      `Telnyx TeXML emulator listening on ${emulator.origin}`,
      `  TELNYX_BASE_URL=${emulator.baseUrl}`,
      `  TELNYX_API_KEY=${emulator.apiKey}`,
      `  TELNYX_ACCOUNT_SID=${emulator.accountSid}`,
      `  webhook public key: ${emulator.publicKey}`,
      `  admin API: ${emulator.adminUrl}${values.data ? `\n  data file: ${values.data}` : ""}`,
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await emulator.close();
  console.log("emulator stopped");
}
