import { version } from "../version";
import { READ_CHECKS, WRITE_CHECKS } from "./catalogue";
import { Ledger } from "./ledger";
import { recordClockChecks, runReadOnlyChecks } from "./read-only";
import { exitCodeOf, type CheckResult, type DoctorReport } from "./report";
import { Interrupted, DoctorSession, describeError } from "./session";
import type { DoctorSettings } from "./settings";
import { newRunName, runWriteCycle } from "./write-cycle";

export interface DoctorOptions {
  /** Run the write cycle after the read-only checks. */
  write: boolean;
  /** Aborted on Ctrl-C: no new request is sent but cleanup's. */
  interrupt: AbortSignal;
  /** The run's object name; a fresh `telnyx-texml-doctor-<random>` by default. */
  runName?: string;
}

/**
 * One doctor run: the read-only checks, then (with `write`) the write cycle, then
 * cleanup of everything the cycle created, whatever happened. Configuration errors
 * (`TelnyxConfigError`, e.g. a refused key) are thrown for the caller to report with exit 2.
 */
export async function runDoctor(settings: DoctorSettings, options: DoctorOptions): Promise<DoctorReport> {
  const session = new DoctorSession(settings.client, settings.accountSid, options.interrupt);
  const ledger = new Ledger();
  const prefix = options.write ? (options.runName ?? newRunName()) : undefined;
  try {
    await runReadOnlyChecks(session);
    if (prefix) await runWriteCycle(session, ledger, prefix);
  } catch (error) {
    if (!(error instanceof Interrupted) && isConfigError(error)) throw error;
    if (!(error instanceof Interrupted))
      session.record({ id: "doctor.run", check: "the doctor ran to the end", expected: "no failure" }, describeError(error), "error");
  } finally {
    await ledger.cleanup(session);
  }
  recordClockChecks(session);
  const catalogue = [...Object.values(READ_CHECKS), ...(options.write ? Object.values(WRITE_CHECKS) : [])];
  const why = session.interrupted ? "not reached: interrupted (Ctrl-C)" : "not reached: an earlier step failed";
  const checks: CheckResult[] = catalogue.map(
    (d) => session.results.get(d.id) ?? { id: d.id, check: d.check, expected: d.expected, seen: why, verdict: "undecided" },
  );
  const extra = [...session.results.values()].filter((r) => !catalogue.some((d) => d.id === r.id));
  const report: DoctorReport = {
    format: 1,
    package: { name: "pulumi-telnyx-texml", version },
    mode: options.write ? "write" : "read-only",
    baseUrl: settings.baseUrl,
    ...(prefix ? { prefix } : {}),
    interrupted: session.interrupted,
    checks: [...checks, ...extra],
    created: ledger.created(),
    leftBehind: ledger.leftBehind(),
    exitCode: 0,
  };
  report.exitCode = exitCodeOf(report);
  return report;
}

function isConfigError(error: unknown): boolean {
  return error instanceof Error && (error as { family?: unknown }).family === "config";
}
