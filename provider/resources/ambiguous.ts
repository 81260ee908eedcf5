import { TelnyxApiError } from "../client/errors";
import { neverReachedServer } from "../client/retry";

/**
 * True when a failed create may still have been applied by the server: the
 * connection dropped after sending, the response timed out or was unreadable, or
 * the server failed with a 5xx. A 4xx, or a connection that was never made, proves it was not.
 */
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

/** How to settle a create whose outcome is unknown. */
export interface AmbiguousCreate<T> {
  /** Names the object in messages, e.g. `TeXML application "support"`. */
  what: string;
  /** When the first create request was sent (ms since epoch). */
  startedAt: number;
  /** Objects matching the create that the server made since `startedAt`. */
  find: () => Promise<T[]>;
  /** Sends the create again; only called after `find` proved nothing was made. */
  retry: () => Promise<T>;
  /** Creates to send again at most. */
  maxRetries?: number;
  /** Waits between attempts. */
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Never blindly repeats a create: after an ambiguous failure it asks the server
 * whether the object exists and adopts it; only when it provably does not is the
 * create sent again. Anything else fails with a message saying what to check.
 */
export async function adoptAfterAmbiguousCreate<T>(firstError: unknown, how: AmbiguousCreate<T>): Promise<T> {
  const maxRetries = how.maxRetries ?? 3;
  const sleep = how.sleep ?? wait;
  let error = firstError;
  for (let attempt = 0; ; attempt++) {
    if (!outcomeUnknown(error)) throw error;
    let found: T[];
    try {
      found = await how.find();
    } catch (lookupError) {
      throw new Error(
        `${how.what}: the create request failed (${messageOf(error)}) and checking whether Telnyx applied it failed as well (${messageOf(lookupError)}). ` +
          `Look for ${how.what} in your Telnyx account: if it exists, adopt it with the \`import\` resource option; if not, run \`pulumi up\` again.`,
      );
    }
    if (found.length === 1) return found[0] as T;
    if (found.length > 1) {
      throw new Error(
        `${how.what}: the create request failed (${messageOf(error)}) and ${found.length} matching objects were created since it began. ` +
          `Keep one (adopt it with the \`import\` resource option) and delete the others in your Telnyx account.`,
      );
    }
    if (attempt >= maxRetries) {
      throw new Error(`${how.what}: the create request failed ${attempt + 1} times (last: ${messageOf(error)}); Telnyx has no such object, so nothing was left behind. Run \`pulumi up\` again later.`);
    }
    await sleep(Math.min(5_000, 200 * 2 ** attempt));
    try {
      return await how.retry();
    } catch (retryError) {
      error = retryError;
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
