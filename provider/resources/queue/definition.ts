import * as z from "zod";
import { defineResource, telnyxDefault } from "../definition";
import { integerAtLeast, nonEmptyString } from "../validation";

/** Inputs of a TeXML queue (`FriendlyName`, `MaxSize`, and the account it lives in). */
export const queueInputsSchema = z.strictObject({
  /** `FriendlyName`: the queue's name, unique in the account. Telnyx does not return it, and changing it replaces the queue. */
  name: nonEmptyString().refine((n) => n.trim() === n, { error: "must not start or end with white space" }),
  /**
   * `MaxSize`: the most calls the queue holds (1 to 5000, Twilio's documented range; the spec names none).
   * A removed `maxSize` goes back to 100: the spec gives no default; 100 is Twilio's documented
   * one, which Telnyx's Twilio-compatible API is assumed to share.
   */
  maxSize: telnyxDefault(integerAtLeast(1).max(5000, { error: "must be at most 5000" }).optional(), 100),
  /** The TeXML account; defaults to `telnyx:accountSid` / `TELNYX_ACCOUNT_SID`. Changing it replaces the queue. */
  accountSid: nonEmptyString().optional(),
});

/** Validated queue inputs. */
export type QueueInputs = z.infer<typeof queueInputsSchema>;

/** Outputs of a TeXML queue: the spec's `QueueResource` in camelCase, dates in ISO 8601, plus the declared name. */
export const queueOutputsSchema = z.object({
  name: z.string(),
  sid: z.string(),
  accountSid: z.string(),
  maxSize: z.number(),
  currentSize: z.number(),
  averageWaitTime: z.number(),
  dateCreated: z.string(),
  dateUpdated: z.string(),
  uri: z.string(),
});

/** Account SIDs are UUIDs: letter case carries no meaning, so it never causes a diff. */
function canonicalQueueProps(props: Record<string, unknown>): Record<string, unknown> {
  return typeof props.accountSid === "string" ? { ...props, accountSid: props.accountSid.toLowerCase() } : props;
}

/**
 * `texml.Queue`: `maxSize` updates in place; a new name or account needs a new queue.
 * Queue names are assumed unique in an account (Twilio's rule; the spec is silent).
 */
export const queueResource = defineResource({
  kind: "Queue",
  noun: "queue",
  inputs: queueInputsSchema,
  outputs: queueOutputsSchema,
  identity: "name",
  replaceOn: ["name", "accountSid"],
  creationTime: "dateCreated",
  canonical: canonicalQueueProps,
});
