/**
 * What the doctor found, in the shape both outputs (table and `--json`) are made from.
 * The shape is versioned (`format`) so a bug report attached today can be read later.
 */

/**
 * - `agrees`: the API answered as the package expects.
 * - `contradicted`: the API answered otherwise where the package depends on the answer (exit 1).
 * - `noted`: an answer the package handles either way, recorded because it decides a guess.
 * - `undecided`: the check could not tell (not enough data, or a step before it failed).
 * - `error`: the check's request failed; `seen` says how.
 */
export type Verdict = "agrees" | "contradicted" | "noted" | "undecided" | "error";

/** One line of the report. */
export interface CheckResult {
  /** Stable identifier, e.g. `write.queue-sid`; the README's table of guesses links to these. */
  id: string;
  /** What was checked, in words. */
  check: string;
  expected: string;
  seen: string;
  verdict: Verdict;
}

/** An object the write cycle created (or may have created) and what became of it. */
export interface CreatedObject {
  kind: "application" | "queue";
  /** Application id or queue sid. */
  id: string;
  /** The friendly name it was created with (always starting with this run's prefix). */
  name: string;
  /** True once a DELETE succeeded or a GET answered 404. */
  deleted: boolean;
}

/** Something the run may have left in the account, and why it was not removed. */
export interface LeftBehind {
  kind: "application" | "queue";
  /** The id, when known; absent when a create's outcome stayed unknown and nothing could be tied to it. */
  id?: string;
  name: string;
  reason: string;
}

export interface DoctorReport {
  /** Version of this shape. */
  format: 1;
  package: { name: string; version: string };
  mode: "read-only" | "write";
  /** `scheme://host/path` of the base URL (never user info, never the key). */
  baseUrl: string;
  /** This run's prefix for every object it creates; absent in read-only mode. */
  prefix?: string;
  /** True when Ctrl-C stopped the run (it still cleaned up). */
  interrupted: boolean;
  checks: CheckResult[];
  created: CreatedObject[];
  leftBehind: LeftBehind[];
  /** The process's exit code: see {@link exitCodeOf}. */
  exitCode: number;
}

/** Exit codes: 0 all fine, 1 a guess contradicted, a check failed or something was left behind, 2 usage or configuration, 130 interrupted. */
export const EXIT = { ok: 0, findings: 1, usage: 2, interrupted: 130 } as const;

/** 1 when anything needs a person's attention: a contradicted guess, a failed check, an object left behind. */
export function exitCodeOf(report: Pick<DoctorReport, "checks" | "leftBehind" | "interrupted">): number {
  if (report.interrupted) return EXIT.interrupted;
  const attention = report.checks.some((c) => c.verdict === "contradicted" || c.verdict === "error") || report.leftBehind.length > 0;
  return attention ? EXIT.findings : EXIT.ok;
}
