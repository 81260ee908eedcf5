import type { TelnyxClient, TelnyxRequest, TelnyxResponse } from "../base/client/http";
import { TelnyxApiError } from "../base/client/errors";
import { clockFrom, type ServerClock } from "../kinds/ambiguous";
import type { CheckDefinition } from "./catalogue";
import type { CheckResult, Verdict } from "./report";

/** Thrown by a request the doctor was about to send after Ctrl-C: the cycle stops and cleans up. */
export class Interrupted extends Error {
  constructor() {
    super("interrupted (Ctrl-C)");
  }
}

/** What every answer said about Telnyx's clock. */
export interface ClockEvidence {
  answers: number;
  withDate: number;
  /** Intersection of every answer's bounds (see `clockFrom`); undefined before the first Date header. */
  bounds?: ServerClock;
}

/**
 * One doctor run: the package's HTTP client (the only one), the account, the results so
 * far and the clock evidence every answer carries. Requests stop being sent once the run
 * is interrupted, except those that clean up or settle this run's own creates.
 */
export class DoctorSession {
  readonly results = new Map<string, CheckResult>();
  readonly clock: ClockEvidence = { answers: 0, withDate: 0 };

  constructor(
    readonly client: TelnyxClient,
    readonly accountSid: string,
    private readonly interrupt: AbortSignal,
  ) {}

  get interrupted(): boolean {
    return this.interrupt.aborted;
  }

  /** Sends a request through the package's client; refuses after Ctrl-C unless `evenIfInterrupted` (cleanup, settling). */
  async request<T = unknown>(req: TelnyxRequest, options: { evenIfInterrupted?: boolean } = {}): Promise<TelnyxResponse<T>> {
    if (this.interrupted && !options.evenIfInterrupted) throw new Interrupted();
    const response = await this.client.request<T>(req);
    this.observe(response);
    return response;
  }

  /** Sends a request expected to fail: resolves with the API's error, or with the success response when it did not fail. */
  async requestExpectingError(req: TelnyxRequest): Promise<{ error: TelnyxApiError } | { response: TelnyxResponse }> {
    try {
      return { response: await this.request(req) };
    } catch (error) {
      if (error instanceof TelnyxApiError && error.kind === "http") return { error };
      throw error;
    }
  }

  /** Records one check's outcome (the last word wins). */
  record(definition: CheckDefinition, seen: string, verdict: Verdict): void {
    this.results.set(definition.id, { id: definition.id, check: definition.check, expected: definition.expected, seen, verdict });
  }

  private observe(response: Pick<TelnyxResponse, "serverDate" | "sentAt" | "receivedAt">): void {
    this.clock.answers++;
    const bounds = clockFrom(response);
    if (!bounds) return;
    this.clock.withDate++;
    const prior = this.clock.bounds;
    this.clock.bounds = prior
      ? { minOffset: Math.max(prior.minOffset, bounds.minOffset), maxOffset: Math.min(prior.maxOffset, bounds.maxOffset) }
      : bounds;
  }
}

/** An error as one line for the `seen` column (the client has already removed the key from it). */
export function describeError(error: unknown): string {
  if (error instanceof TelnyxApiError && error.kind === "http") {
    const pointer = error.pointer ? ` (pointer ${error.pointer})` : "";
    return `${error.status}${pointer}: ${error.detail ?? error.title ?? "no detail"}`;
  }
  return error instanceof Error ? error.message : String(error);
}
