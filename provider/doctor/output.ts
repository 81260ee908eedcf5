import { redactor } from "../base/client/errors";
import type { DoctorReport } from "./report";

const VERDICT_MARK: Record<string, string> = {
  agrees: "ok",
  contradicted: "CONTRADICTED",
  noted: "noted",
  undecided: "undecided",
  error: "ERROR",
};

/** The report as a table a person reads: check, expected, seen, verdict; then what was created and left behind. */
export function formatTable(report: DoctorReport): string {
  const rows = report.checks.map((c) => [c.id, c.expected, c.seen, VERDICT_MARK[c.verdict] ?? c.verdict]);
  const header = ["check", "expected", "seen", "verdict"];
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const out = [
    `telnyx-texml doctor (${report.package.name} ${report.package.version}), ${report.mode}, against ${report.baseUrl}${report.prefix ? `, objects named ${report.prefix}` : ""}`,
    "",
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
  ];
  if (report.mode === "write") {
    out.push(
      report.created.length
        ? `created: ${report.created.map((o) => `${o.kind} ${o.id} (${o.deleted ? "deleted" : "NOT deleted"})`).join(", ")}`
        : "created: nothing",
    );
    out.push(
      report.leftBehind.length
        ? `LEFT BEHIND:\n${report.leftBehind.map((l) => `  ${l.kind} ${l.id ?? `"${l.name}"`}: ${l.reason}`).join("\n")}`
        : "left behind: nothing",
    );
  }
  if (report.interrupted) out.push("interrupted (Ctrl-C): the run stopped early and cleaned up");
  const contradicted = report.checks.filter((c) => c.verdict === "contradicted").map((c) => c.id);
  if (contradicted.length) out.push(`contradicted guesses: ${contradicted.join(", ")}`);
  out.push("Send `telnyx-texml doctor --json` output with a bug report; it never contains the API key.");
  return `${out.join("\n")}\n`;
}

/** The report as JSON (stable field order, two-space indent). */
export function formatJson(report: DoctorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Removes the key from any text about to be printed: the last line of defence, whatever a server echoed. */
export function withoutKey(text: string, apiKey: string | undefined): string {
  return redactor(apiKey ? [apiKey] : [])(text);
}
