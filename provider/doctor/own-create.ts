import { outcomeUnknown, settleAmbiguousCreate, type Lookup, type ServerClock } from "../kinds/ambiguous";
import type { Ledger } from "./ledger";
import type { CreatedObject } from "./report";

/** One create of the doctor's, and how to find its object if the answer is lost. */
export interface OwnCreate<T> {
  kind: CreatedObject["kind"];
  /** The prefixed name it is created with. */
  name: string;
  send: () => Promise<T>;
  idOf: (object: T) => string;
  pathOf: (id: string) => string;
  /** Objects that could be this create's, as `settleAmbiguousCreate` wants them. */
  lookup: (notBefore: (clock: ServerClock | undefined) => number | undefined) => Promise<Lookup<T>>;
}

/**
 * Sends one of the doctor's creates and enters the result in the ledger. A timeout, a
 * dropped connection or a 5xx is settled exactly as the provider settles its own:
 * adopted only with proof (this run's unique name, every input, Telnyx's clock), sent
 * again only when provably nothing was made. When neither can be proven, the ledger
 * says an object may be left behind, and nothing is deleted on a guess.
 */
export async function createOwned<T>(ledger: Ledger, how: OwnCreate<T>): Promise<T> {
  const sentAt = Date.now();
  let object: T;
  try {
    object = await how.send();
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    let maybeMade = false;
    try {
      object = await settleAmbiguousCreate(error, {
        what: `the doctor's ${how.kind} "${how.name}"`,
        sentAt,
        lookup: async (notBefore) => {
          try {
            const found = await how.lookup(notBefore);
            maybeMade = found.candidates.some((c) => c.identity !== "other");
            return found;
          } catch (lookupError) {
            maybeMade = true;
            throw lookupError;
          }
        },
        retry: how.send,
      });
    } catch (settleError) {
      // Only the last look counts: one that found nothing let the create be sent again.
      if (maybeMade) {
        ledger.unsettledCreate(
          how.kind,
          how.name,
          `its create's answer was lost and it could not be proven whether Telnyx made it: ${settleError instanceof Error ? settleError.message : String(settleError)}`,
        );
      }
      throw settleError;
    }
  }
  const id = how.idOf(object);
  ledger.add(how.kind, id, how.name, how.pathOf(id));
  return object;
}
