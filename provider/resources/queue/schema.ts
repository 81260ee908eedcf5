import { z } from "zod";
import { integerAtLeast, nonEmptyString } from "../validation";

/** Inputs of a TeXML queue (`FriendlyName`, `MaxSize`, and the account it lives in). */
export const queueInputsSchema = z.strictObject({
  /** `FriendlyName`; Telnyx uses it as the queue's sid, so changing it replaces the queue. */
  name: nonEmptyString().refine((n) => n.trim() === n, { error: "must not start or end with white space" }),
  /** `MaxSize`: the most calls the queue holds. */
  maxSize: integerAtLeast(1).optional(),
  /** The TeXML account; defaults to `telnyx:accountSid` / `TELNYX_ACCOUNT_SID`. Changing it replaces the queue. */
  accountSid: nonEmptyString().optional(),
});

/** Validated queue inputs. */
export type QueueInputs = z.infer<typeof queueInputsSchema>;

/** Inputs whose change needs a new queue. */
export const QUEUE_REPLACE_ON: readonly (keyof QueueInputs)[] = ["name", "accountSid"];
