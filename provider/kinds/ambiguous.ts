import { TelnyxApiError, TelnyxConfigError } from "../base/client/errors";
import { TelnyxImportError } from "../base/errors";
import type { TelnyxResponse } from "../base/client/http";
import { neverReachedServer } from "../base/client/retry";

/**
 * Settling a create whose outcome is unknown, without ever taking over an object the
 * stack did not make.
 *
 * The rule: after an ambiguous failure the provider lists the objects that could be the
 * one it asked for, and adopts one only with proof that this request made it:
 * - it has the identity asked for (an application's friendly name, a queue's sid
 *   being its name), and every declared input;
 * - Telnyx's own clock says it was created while one of this create's attempts was in
 *   flight: not before the attempt was sent, and not after its failed answer arrived.
 *   The offset between our clock and Telnyx's is not assumed: it is bounded from the
 *   `Date` header of the lookup's response (whole seconds) and the lookup's round trip,
 *   whatever the skew. An object made before the first attempt is not a candidate; one
 *   made after an answer is never adopted (someone else may have made it while the
 *   provider waited for listings to settle), yet it may be a late application of a timed
 *   out request, so it still stops the create from being sent again;
 * - it is the only object that might be ours.
 * Anything less is not proof: the create fails with a message naming every candidate
 * and what to do. Only when no candidate exists, even after waiting for listings to
 * catch up, is the create sent again.
 */

/** True when a failed create may still have been applied: dropped after sending, timed out, unreadable, or a 5xx. */
export function outcomeUnknown(error: unknown): boolean {
  if (!(error instanceof TelnyxApiError)) return false;
  switch (error.kind) {
    case "network":
      return !neverReachedServer(error.cause);
    case "timeout":
    case "invalid_response":
      return true;
    case "http":
      return (error.status ?? 0) >= 500;
  }
}

/** Bounds on Telnyx's clock minus ours (ms), and Telnyx's latest possible time at the lookup. */
export interface ServerClock {
  /** Smallest possible offset (server − local). */
  minOffset: number;
  /** Largest possible offset (server − local). */
  maxOffset: number;
}

/**
 * What one response says about Telnyx's clock. The `Date` header has whole seconds and
 * was written at some instant between sending and receiving, so the offset lies in
 * `[date − receivedAt, date + 1 s − sentAt]`. Undefined without a readable header.
 */
export function clockFrom(response: Pick<TelnyxResponse, "serverDate" | "sentAt" | "receivedAt">): ServerClock | undefined {
  if (response.serverDate === undefined) return undefined;
  return { minOffset: response.serverDate - response.receivedAt, maxOffset: response.serverDate + 1000 - response.sentAt };
}

/**
 * The offset bounds that hold for both: the clocks' offset is the same at every lookup,
 * so each lookup's bounds narrow it further. Should they not overlap (a clock was set in
 * between), only the latest is kept.
 */
export function narrowed(known: ServerClock | undefined, latest: ServerClock | undefined): ServerClock | undefined {
  if (!known || !latest) return latest ?? known;
  const both = { minOffset: Math.max(known.minOffset, latest.minOffset), maxOffset: Math.min(known.maxOffset, latest.maxOffset) };
  return both.minOffset <= both.maxOffset ? both : latest;
}

/** An object that might be the one an ambiguous create made. */
export interface Candidate<T> {
  object: T;
  /** Its id, for messages and `import`. */
  id: string;
  /** Creation time on Telnyx's clock (ms), as listed. */
  createdAt: number;
  /** How coarse `createdAt` is: 1000 for RFC 2822 seconds, 1 for ISO 8601 with milliseconds. */
  precisionMs: number;
  /**
   * Whether it has the identity asked for: `same` (the name asked for), `other` (provably
   * another object, e.g. one this deployment made for another resource), or `unknown`
   * (Telnyx does not show it: a queue whose sid is not its name).
   */
  identity: "same" | "other" | "unknown";
  /** True when it has every declared input. */
  matchesInputs: boolean;
}

/** The result of one lookup: candidates and the clock of the response that listed them. */
export interface Lookup<T> {
  candidates: Candidate<T>[];
  clock?: ServerClock;
}

/** How to settle one kind of create. */
export interface AmbiguousCreate<T> {
  /** Names the object in messages, e.g. `TeXML application "support"`. */
  what: string;
  /** Local clock (ms) just before the first create attempt was sent. */
  sentAt: number;
  /**
   * Objects that could be the one asked for (where Telnyx cannot show identity, every
   * object), newest first; it may stop listing once past `notBefore` (server clock).
   */
  lookup: (notBefore: (clock: ServerClock | undefined) => number | undefined) => Promise<Lookup<T>>;
  /** Sends the create again; only called when nothing this request could have made exists. */
  retry: () => Promise<T>;
  /** Creates to send again at most (default 2). */
  maxRetries?: number;
  /** How long to keep looking for a missing object before sending the create again (default 8 s): listings may lag. */
  settleMs?: number;
  /** Waits between looks; replaceable in tests. */
  sleep?: (ms: number) => Promise<void>;
  /** The local clock (ms) that times answers; replaceable in tests. */
  now?: () => number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The settle time from `TELNYX_CREATE_SETTLE_MS`, else 8 s. */
export function settleMsFromEnv(): number {
  const raw = process.env.TELNYX_CREATE_SETTLE_MS;
  if (raw === undefined || raw === "") return 8_000;
  if (!/^\d+$/.test(raw) || Number(raw) > 600_000)
    throw new TelnyxConfigError(
      "TELNYX_CREATE_SETTLE_MS",
      `TELNYX_CREATE_SETTLE_MS must be a whole number of milliseconds up to 600000, not "${raw}"`,
    );
  return Number(raw);
}

/** One create request that failed without a clear outcome, on our clock (ms). */
export interface Attempt {
  /** Just before it was sent. */
  sentAt: number;
  /** When its failure (the answer, or the lack of one) arrived. */
  answeredAt: number;
}

/** Why an object cannot be counted as this request's, or that it can. */
type Verdict = "outside" | "other" | "mine" | "unprovable";

/**
 * Whether Telnyx may have made `candidate` while `attempt` was in flight. The listed time is
 * truncated to `precisionMs`, so the creation lies in `[createdAt, createdAt + precisionMs − 1]`;
 * the attempt was in flight, on Telnyx's clock, within `[sentAt + minOffset, answeredAt + maxOffset]`.
 */
function duringAttempt<T>(candidate: Candidate<T>, attempt: Attempt, clock: ServerClock): boolean {
  const latest = candidate.createdAt + candidate.precisionMs - 1;
  return latest >= attempt.sentAt + clock.minOffset && candidate.createdAt <= attempt.answeredAt + clock.maxOffset;
}

function judge<T>(candidate: Candidate<T>, attempts: readonly Attempt[], clock: ServerClock | undefined): Verdict {
  if (candidate.identity === "other") return "other";
  if (!clock) return "unprovable";
  // Made (at the latest) before the first attempt could have reached Telnyx: it existed already.
  if (candidate.createdAt + candidate.precisionMs - 1 < attempts[0]!.sentAt + clock.minOffset) return "outside";
  // Adopted only when made while an attempt was in flight: one made after every answer may be
  // someone else's, or a late application of an attempt; either way it is not proof.
  const inFlight = attempts.some((attempt) => duringAttempt(candidate, attempt, clock));
  return inFlight && candidate.identity === "same" && candidate.matchesInputs ? "mine" : "unprovable";
}

/**
 * Settles an ambiguous create: adopts the object it made when that is provable, sends
 * the create again when provably nothing was made, and otherwise fails with the
 * candidates named. Any error that is not ambiguous is rethrown as it is.
 */
export async function settleAmbiguousCreate<T>(firstError: unknown, how: AmbiguousCreate<T>): Promise<T> {
  const maxRetries = how.maxRetries ?? 2;
  const settleMs = how.settleMs ?? settleMsFromEnv();
  const sleep = how.sleep ?? wait;
  const now = how.now ?? Date.now;
  let error = firstError;
  // The first attempt's answer has just arrived: this function is called from its `catch`.
  const attempts: Attempt[] = [{ sentAt: how.sentAt, answeredAt: now() }];
  // What every lookup so far says of Telnyx's clock: the quickest round trip bounds it best,
  // and an object listed by a later lookup is judged with it.
  let clock: ServerClock | undefined;
  for (let attempt = 0; ; attempt++) {
    if (!outcomeUnknown(error)) throw error;
    let waited = 0;
    for (let look = 0; ; look++) {
      let found: Lookup<T>;
      try {
        // Listing can stop a minute before the window: older objects only matter for the message.
        found = await how.lookup((clock) => (clock ? how.sentAt + clock.minOffset - 60_000 : undefined));
      } catch (lookupError) {
        // A lookup is a read: while the settle time lasts, look again rather than give up
        // (giving up leaves an object this request may have made for the user to find).
        if (waited < settleMs) {
          const pause = Math.min(settleMs - waited, 500 * 2 ** look);
          await sleep(pause);
          waited += pause;
          continue;
        }
        throw new TelnyxImportError(
          `${how.what}: the create request failed (${messageOf(error)}) and checking whether Telnyx applied it failed as well (${messageOf(lookupError)}). ` +
            `Nothing was adopted. Look for ${how.what} in your Telnyx account: if this stack made it, adopt it with the \`import\` resource option; if not, run \`pulumi up\` again.`,
          lookupError,
        );
      }
      clock = narrowed(clock, found.clock);
      const judged = found.candidates.map((candidate) => ({ candidate, verdict: judge(candidate, attempts, clock) }));
      const mine = judged.filter((j) => j.verdict === "mine");
      const unprovable = judged.filter((j) => j.verdict === "unprovable");
      if (mine.length === 1 && unprovable.length === 0) return mine[0]!.candidate.object;
      if (mine.length + unprovable.length > 0) {
        throw new TelnyxImportError(
          `${how.what}: the create request failed (${messageOf(error)}), and it cannot be proven whether Telnyx applied it. ` +
            `${describeCandidates(
              [...mine, ...unprovable].map((j) => j.candidate),
              clock,
              attempts,
            )} ` +
            "Nothing was adopted. If one of them is the object this stack asked for, adopt it with the `import` resource option (`import: <id>`); " +
            "if none is, remove or rename the ones that should not exist, then run `pulumi up` again.",
          error,
        );
      }
      if (waited >= settleMs) break;
      const pause = Math.min(settleMs - waited, 500 * 2 ** look);
      await sleep(pause);
      waited += pause;
    }
    if (attempt >= maxRetries) {
      throw new TelnyxImportError(
        `${how.what}: the create request failed ${attempt + 1} times (last: ${messageOf(error)}); Telnyx shows no such object, so nothing was left behind. Run \`pulumi up\` again later.`,
        error,
      );
    }
    const retrySentAt = now();
    try {
      return await how.retry();
    } catch (retryError) {
      error = retryError;
      attempts.push({ sentAt: retrySentAt, answeredAt: now() });
    }
  }
}

function describeCandidates<T>(candidates: Candidate<T>[], clock: ServerClock | undefined, attempts: readonly Attempt[]): string {
  const late = (c: Candidate<T>) => clock !== undefined && !attempts.some((attempt) => duringAttempt(c, attempt, clock));
  const list = candidates
    .map(
      (c) =>
        `${c.id} (created ${new Date(c.createdAt).toISOString()}${late(c) ? ", after the request's answer arrived" : ""}` +
        `${c.identity === "unknown" ? ", Telnyx does not show its name" : ""}${c.matchesInputs ? "" : ", differs from the declared inputs"})`,
    )
    .join(", ");
  const why = clock ? "created since the request was sent" : "found, and Telnyx's clock could not be read to tell when they were made";
  return `Candidates ${why}: ${list}.`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
