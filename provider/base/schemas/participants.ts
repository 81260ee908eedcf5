import * as z from "zod";
import { wireDate } from "./records";

/** `ConferenceParticipantResource` from the spec, on the wire. */
export const participantWireSchema = z.looseObject({
  call_sid: z.string(),
  conference_sid: z.string(),
  account_sid: z.string(),
  status: z.enum(["connecting", "connected", "completed"]),
  label: z.string().optional(),
  coaching: z.boolean().optional(),
  coaching_call_sid: z.string().optional(),
  end_conference_on_exit: z.boolean().optional(),
  hold: z.boolean().optional(),
  muted: z.boolean().optional(),
  date_created: wireDate.optional(),
  date_updated: wireDate.optional(),
  uri: z.string().optional(),
});

export type ParticipantWire = z.infer<typeof participantWireSchema>;
