import * as path from "node:path";
import { DEFAULT_BASE_URL } from "../../../base/config";
import { exportAccount, type ExportReport } from "./export";

const HELP = `usage: telnyx-texml export [--out <dir>] [--account-sid <sid>] [--force]

Onboards an existing Telnyx account: reads every TeXML application and queue and writes
<dir>/texml.yaml (default: the current directory), in the form texml.fromFile reads. Each
entry adopts its object with import: <id> and keeps it on pulumi destroy (retainOnDelete:
true), and declares only what differs from Telnyx's defaults. Secrets cannot be listed; the
file holds a commented template for them.

Into an empty (or missing) directory it also writes a complete Pulumi project: Pulumi.yaml,
index.ts, package.json, tsconfig.json, .gitignore and the pull-request workflow
.github/workflows/texml.yml. An existing file is never overwritten unless --force; the
command names the files it skipped, and exits 1 when texml.yaml was one of them (nothing
was exported), 2 on a usage error.

Credentials come from the environment and are never written: TELNYX_API_KEY, TELNYX_BASE_URL
(default ${DEFAULT_BASE_URL}) and TELNYX_ACCOUNT_SID (or --account-sid).

options:
  --out <dir>           where to write (created when missing)
  --account-sid <sid>   the TeXML account whose queues to read (default TELNYX_ACCOUNT_SID)
  --force               overwrite files that exist`;

interface Args {
  out: string;
  accountSid?: string;
  force: boolean;
  help: boolean;
}

/** Parses the command's arguments; throws a usage error naming the problem. */
export function parseExportArgs(args: readonly string[]): Args {
  const parsed: Args = { out: ".", force: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === "" || (inline === undefined && v.startsWith("--"))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--out":
        parsed.out = value();
        break;
      case "--account-sid":
        parsed.accountSid = value();
        break;
      case "--force":
        if (inline !== undefined) throw new UsageError("--force takes no value");
        parsed.force = true;
        break;
      case "--help":
      case "-h":
        parsed.help = true;
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  return parsed;
}

class UsageError extends Error {}

/** `telnyx-texml export`: writes an account's applications and queues as texml.yaml (and a project around it). */
export async function main(args: string[]): Promise<void> {
  let parsed: Args;
  try {
    parsed = parseExportArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    console.log(HELP);
    return;
  }
  const report = await exportAccount({ out: parsed.out, accountSid: parsed.accountSid, force: parsed.force });
  console.log(summary(report));
  // texml.yaml left as it was: nothing was exported, so `export && pulumi preview` must stop here.
  if (report.skipped.includes("texml.yaml")) process.exitCode = 1;
}

/** What the command prints: what was read, written and skipped, and what to run next. */
export function summary(report: ExportReport): string {
  const dir = report.out;
  const lines = [
    `Exported ${report.applications} applications and ${report.queues} queues of TeXML account ${report.accountSid} (${report.baseUrl}).`,
  ];
  if (report.written.length > 0) lines.push(`Wrote in ${dir}: ${report.written.join(", ")}`);
  if (report.skipped.length > 0) lines.push(`Skipped, because they exist (--force overwrites them): ${report.skipped.join(", ")}`);
  if (!report.project)
    lines.push(
      `${dir} is not empty, so only texml.yaml was written: project files go only into an empty directory. Hand it to Pulumi with texml.fromFile("texml.yaml").`,
    );
  if (report.leftOut.length > 0) {
    lines.push("Left out (Telnyx keeps them; texml.yaml does not manage them; each is a comment in the file):");
    for (const l of report.leftOut)
      lines.push(`  ${l.entry}${l.field ? `.${l.field}` : ""} ${JSON.stringify(l.value ?? null)}: ${l.reason}`);
  }
  lines.push("", "Next:");
  if (path.resolve(dir) !== process.cwd()) lines.push(`  cd ${dir}`);
  if (report.project) lines.push("  npm install", "  pulumi stack init production");
  lines.push("  pulumi config set --secret telnyx:apiKey <your API key>", `  pulumi config set telnyx:accountSid ${report.accountSid}`);
  if (report.baseUrl !== DEFAULT_BASE_URL) lines.push(`  pulumi config set telnyx:baseUrl ${report.baseUrl}`);
  lines.push("  pulumi preview   # adopting: creates only, nothing is written to Telnyx", "  pulumi up");
  return lines.join("\n");
}
