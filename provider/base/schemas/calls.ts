import * as z from "zod";
import { wireDate } from "./records";

/** `TexmlGetCallResponseBody` from the spec, on the wire. */
export const callWireSchema = z.looseObject({
  sid: z.string(),
  account_sid: z.string(),
  status: z.enum(["queued", "ringing", "in-progress", "canceled", "completed", "failed", "busy", "no-answer"]),
  direction: z.enum(["inbound", "outbound"]).optional(),
  from: z.string(),
  to: z.string(),
  from_formatted: z.string().optional(),
  to_formatted: z.string().optional(),
  caller_name: z.string().optional(),
  answered_by: z.enum(["human", "machine", "not_sure"]).optional(),
  duration: z.string().optional(),
  price: z.string().optional(),
  price_unit: z.string().optional(),
  date_created: wireDate.optional(),
  date_updated: wireDate.optional(),
  start_time: wireDate.optional(),
  end_time: wireDate.optional(),
  uri: z.string().optional(),
});

export type CallWire = z.infer<typeof callWireSchema>;
