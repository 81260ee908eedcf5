import * as z from "zod";
import { wireDate } from "./records";

/** `TexmlRecordingTranscription` from the spec, on the wire. */
export const transcriptionWireSchema = z.looseObject({
  sid: z.string(),
  account_sid: z.string(),
  call_sid: z.string(),
  recording_sid: z.string(),
  status: z.enum(["in-progress", "completed"]),
  transcription_text: z.string().optional(),
  duration: z.string().nullable().optional(),
  api_version: z.string().optional(),
  date_created: wireDate.optional(),
  date_updated: wireDate.optional(),
  uri: z.string().optional(),
});

export type TranscriptionWire = z.infer<typeof transcriptionWireSchema>;
