import { closeSharedPool } from "../base/client/http";
import { formatJson, formatTable, withoutKey } from "./output";
import { EXIT } from "./report";
import { runDoctor } from "./run";
import { doctorSettings } from "./settings";

const HELP = `usage: telnyx-texml doctor [--write] [--json]

Checks this package's guesses about the Telnyx API against your account, before your
first pulumi up. Settings are the provider's: TELNYX_API_KEY, TELNYX_ACCOUNT_SID and
TELNYX_BASE_URL (or telnyx:* stack config inside a Pulumi program).

By default it only reads: authentication, the account SID, one page of each listing the
package uses (parsed with its schemas; unknown fields reported), paging, Date headers
and the clock offset.

options:
  --write   also create, update and delete a temporary application and queue named
            telnyx-texml-doctor-<random>, deciding the guesses that need a write; it
            touches nothing else, creates no secret, cleans up on failure and Ctrl-C,
            and says exactly what, if anything, it left behind
  --json    print the report as JSON, to attach to a bug report (never the API key)

exit codes: 0 nothing to report; 1 a guess is contradicted, a check failed or an object
was left behind; 2 usage or configuration error; 130 interrupted (after cleaning up)`;

/** `telnyx-texml doctor`: see {@link HELP}. */
export async function main(args: string[]): Promise<void> {
  const flags = new Set<string>();
  for (const arg of args) {
    if (arg === "--help" || arg === "-h") {
      console.log(HELP);
      return;
    }
    if (arg !== "--write" && arg !== "--json") {
      console.error(`telnyx-texml doctor: unknown option ${arg}\n\n${HELP}`);
      process.exitCode = EXIT.usage;
      return;
    }
    flags.add(arg);
  }
  let apiKey: string | undefined;
  const interrupt = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write("\ninterrupted: cleaning up what this run created (Ctrl-C again to stop at once)\n");
      interrupt.abort();
      return;
    }
    process.stderr.write("stopped before cleanup finished: objects named telnyx-texml-doctor-* of this run may remain\n");
    process.exit(EXIT.interrupted);
  };
  process.on("SIGINT", onSigint);
  try {
    const settings = doctorSettings();
    apiKey = settings.apiKey;
    const report = await runDoctor(settings, { write: flags.has("--write"), interrupt: interrupt.signal });
    process.stdout.write(withoutKey(flags.has("--json") ? formatJson(report) : formatTable(report), apiKey));
    process.exitCode = report.exitCode;
  } catch (error) {
    const message = withoutKey(error instanceof Error ? error.message : String(error), apiKey ?? process.env.TELNYX_API_KEY);
    const config = error instanceof Error && (error as { family?: unknown }).family === "config";
    if (flags.has("--json"))
      process.stdout.write(`${JSON.stringify({ format: 1, error: message, exitCode: config ? EXIT.usage : EXIT.findings }, null, 2)}\n`);
    console.error(`telnyx-texml doctor: ${message}`);
    process.exitCode = config ? EXIT.usage : EXIT.findings;
  } finally {
    process.off("SIGINT", onSigint);
    await closeSharedPool();
  }
}
