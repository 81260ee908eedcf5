import { z } from "zod";
import { integerAtLeast, nonEmptyString } from "../validation";

/** Inputs of a TeXML queue (`FriendlyName`, `MaxSize`, and the account it lives in). */
export const queueInputsSchema = z.strictObject({
  /** `FriendlyName`: the queue's name, unique in the account. Telnyx does not return it, and changing it replaces the queue. */
  name: nonEmptyString().refine((n) => n.trim() === n, { error: "must not start or end with white space" }),
  /** `MaxSize`: the most calls the queue holds (1 to 5000, Twilio's documented range; the spec names none). */
  maxSize: integerAtLeast(1).max(5000, { error: "must be at most 5000" }).optional(),
  /** The TeXML account; defaults to `telnyx:accountSid` / `TELNYX_ACCOUNT_SID`. Changing it replaces the queue. */
  accountSid: nonEmptyString().optional(),
});

/** Validated queue inputs. */
export type QueueInputs = z.infer<typeof queueInputsSchema>;

/** Inputs whose change needs a new queue. */
export const QUEUE_REPLACE_ON: readonly (keyof QueueInputs)[] = ["name", "accountSid"];

/**
 * What a removed `maxSize` goes back to. The spec gives no default; 100 is Twilio's
 * documented one, which Telnyx's Twilio-compatible API is assumed to share.
 */
export const queueDefaults: Readonly<Record<string, unknown>> = { maxSize: 100 };

/** Account SIDs are UUIDs: letter case carries no meaning, so it never causes a diff. */
export function normalizeQueueProps(props: Record<string, unknown>): Record<string, unknown> {
  return typeof props.accountSid === "string" ? { ...props, accountSid: props.accountSid.toLowerCase() } : props;
}
