import type { CamelKeys } from "../schemas/records";
import { transcriptionWireSchema, type TranscriptionWire } from "../schemas/transcriptions";
import { accountPath, collect, getRecord, iterateTexmlRecords, outputForm, segment, type AccountArgs, type ListArgs } from "./common";

/** A recording transcription, dates in ISO 8601. */
export type Transcription = CamelKeys<TranscriptionWire>;

export interface GetTranscriptionArgs extends AccountArgs {
  transcriptionSid: string;
}

export type GetTranscriptionsArgs = AccountArgs & ListArgs;

/** One transcription by sid. */
export function getTranscription(args: GetTranscriptionArgs): Promise<Transcription> {
  return getRecord(transcriptionWireSchema, `${accountPath(args)}/Transcriptions/${segment(args.transcriptionSid)}.json`);
}

/** Streams the account's transcriptions, newest first. */
export function iterateTranscriptions(args: GetTranscriptionsArgs = {}): AsyncGenerator<Transcription> {
  return iterateTexmlRecords(transcriptionWireSchema, `${accountPath(args)}/Transcriptions.json`, "transcriptions", {}, args);
}

/** The account's transcriptions (up to `limit`). */
export async function getTranscriptions(args: GetTranscriptionsArgs = {}): Promise<{ transcriptions: Transcription[] }> {
  return { transcriptions: await collect(iterateTranscriptions(args)) };
}

export const getTranscriptionOutput = outputForm(getTranscription);
export const getTranscriptionsOutput = outputForm(getTranscriptions);
