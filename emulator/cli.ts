import { parseArgs } from "node:util";
import { startEmulator } from "./index";

const HELP = `usage: telnyx-texml emulator [options]

Runs a local Telnyx TeXML API (every endpoint of the TeXML OpenAPI spec) on loopback.

options:
  --port <n>          port to listen on (default 4010; 0 picks a free one)
  --host <addr>       interface to listen on (default 127.0.0.1); beyond loopback the
                      admin API needs a token (--admin-token, else one is generated and printed)
  --data <file>       load state from this JSON file and save it there (default: in memory;
                      .texml-emulator.json is the conventional name, git-ignored)
  --api-key <key>     Bearer key clients must send (default: the data file's generated key,
                      else a fresh one). A key given here is neither printed nor saved.
  --account-sid <id>  TeXML account SID to serve (default: the data file's, else a fresh UUID)
  --admin-token <t>   require "Authorization: Bearer <t>" on the admin API (/__emulator)
  --no-webhooks       record status callbacks instead of sending them
  --allow-external-webhooks
                      send webhooks to addresses beyond loopback too (default: loopback only)
  --queue-sids <how>  "name" (default): a queue's sid is its name; "generated": a QU… sid,
                      as in the spec's example (the spec leaves it open)
  -h, --help          show this help

TELNYX_* environment variables are ignored: the emulator never picks up a real key.
Point the provider at it with TELNYX_BASE_URL, TELNYX_API_KEY and TELNYX_ACCOUNT_SID
(or telnyx:baseUrl, telnyx:apiKey, telnyx:accountSid), using the values printed at start.`;

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
      "admin-token": { type: "string" },
      "no-webhooks": { type: "boolean" },
      "allow-external-webhooks": { type: "boolean" },
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
  if (queueSids !== "name" && queueSids !== "generated")
    throw new Error(`--queue-sids: expected "name" or "generated", got "${queueSids}"`);
  const givenKey = values["api-key"];
  const givenToken = values["admin-token"];
  if (givenKey === "") throw new Error("--api-key: expected a key");
  if (givenToken === "") throw new Error("--admin-token: expected a token");
  // Deliberately no fallback to TELNYX_API_KEY / TELNYX_ACCOUNT_SID: those usually hold a
  // real account's values, which the emulator must neither use, print nor save.
  const emulator = await startEmulator({
    queueSids,
    port,
    host: values.host,
    dataFile: values.data,
    apiKey: givenKey,
    accountSid: values["account-sid"],
    adminToken: givenToken,
    webhookDispatch: !values["no-webhooks"],
    allowExternalWebhooks: values["allow-external-webhooks"] ?? false,
  });
  // Only what the emulator made up itself is printed; a given key or token is the user's to know.
  const lines = [
    `Telnyx TeXML emulator listening on ${emulator.origin}`,
    `  TELNYX_BASE_URL=${emulator.baseUrl}`,
    givenKey === undefined ? `  TELNYX_API_KEY=${emulator.apiKey}` : "  TELNYX_API_KEY: the key given with --api-key",
    `  TELNYX_ACCOUNT_SID=${emulator.accountSid}`,
    `  webhook public key: ${emulator.publicKey}`,
  ];
  if (values.data) lines.push(`  data file: ${values.data}`);
  if (emulator.adminToken !== undefined)
    lines.push(
      givenToken === undefined
        ? `  admin token: ${emulator.adminToken} (send it as "Authorization: Bearer <token>")`
        : "  admin token: the one given with --admin-token",
    );
  if (values["allow-external-webhooks"]) lines.push("  webhooks: sent beyond loopback too (--allow-external-webhooks)");
  lines.push(`  admin API: ${emulator.adminUrl}`);
  console.log(lines.join("\n"));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await emulator.close();
  console.log("emulator stopped");
}
