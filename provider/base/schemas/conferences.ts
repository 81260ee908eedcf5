import * as z from "zod";
import { wireDate } from "./records";

/** `ConferenceResource` from the spec, on the wire. */
export const conferenceWireSchema = z.looseObject({
  sid: z.string(),
  account_sid: z.string(),
  friendly_name: z.string(),
  status: z.enum(["init", "in-progress", "completed"]),
  region: z.string().optional(),
  api_version: z.string().optional(),
  reason_conference_ended: z.string().optional(),
  call_sid_ending_conference: z.string().optional(),
  date_created: wireDate.optional(),
  date_updated: wireDate.optional(),
  subresource_uris: z.record(z.string(), z.string()).optional(),
  uri: z.string().optional(),
});

export type ConferenceWire = z.infer<typeof conferenceWireSchema>;
