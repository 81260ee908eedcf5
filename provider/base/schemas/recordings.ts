import * as z from "zod";
import { wireDate } from "./records";

/** `TexmlGetCallRecordingResponseBody` from the spec (the `.json` recording shape), on the wire. */
export const recordingWireSchema = z.looseObject({
  sid: z.string(),
  account_sid: z.string(),
  call_sid: z.string(),
  conference_sid: z.string().nullable().optional(),
  status: z.enum(["in-progress", "completed", "paused", "stopped"]),
  source: z.string().optional(),
  channels: z.union([z.literal(1), z.literal(2)]).optional(),
  duration: z.string().nullable().optional(),
  error_code: z.string().nullable().optional(),
  media_url: z.string().optional(),
  date_created: wireDate.optional(),
  date_updated: wireDate.optional(),
  start_time: wireDate.optional(),
  subresources_uris: z.looseObject({ transcriptions: z.string().nullable().optional() }).optional(),
  uri: z.string().optional(),
});

export type RecordingWire = z.infer<typeof recordingWireSchema>;
