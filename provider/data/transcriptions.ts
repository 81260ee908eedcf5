import type * as pulumi from "@pulumi/pulumi";
import { transcriptionWireSchema } from "../base/schemas/transcriptions";
import { accountPath, collect, getRecord, iterateTexmlRecords, outputForm, segment } from "./common";
import type {
  GetTranscriptionArgs,
  GetTranscriptionOutputArgs,
  GetTranscriptionsArgs,
  GetTranscriptionsOutputArgs,
  GetTranscriptionsResult,
  TranscriptionInfo,
} from "./types";

export type {
  GetTranscriptionArgs,
  GetTranscriptionOutputArgs,
  GetTranscriptionsArgs,
  GetTranscriptionsOutputArgs,
  GetTranscriptionsResult,
  TranscriptionInfo,
} from "./types";

/** @deprecated The same type as {@link TranscriptionInfo}, kept for existing programs. */
export type Transcription = TranscriptionInfo;

/** One transcription by sid; a 404 throws the API's error. */
export function getTranscription(args: GetTranscriptionArgs): Promise<TranscriptionInfo> {
  return getRecord(transcriptionWireSchema, `${accountPath(args)}/Transcriptions/${segment(args.transcriptionSid)}.json`);
}

/** Streams the account's transcriptions, newest first. */
export function iterateTranscriptions(args: GetTranscriptionsArgs = {}): AsyncGenerator<TranscriptionInfo> {
  return iterateTexmlRecords(transcriptionWireSchema, `${accountPath(args)}/Transcriptions.json`, "transcriptions", {}, args);
}

/** The account's transcriptions (up to `limit`). */
export async function getTranscriptions(args: GetTranscriptionsArgs = {}): Promise<GetTranscriptionsResult> {
  return { transcriptions: await collect(iterateTranscriptions(args)) };
}

/** {@link getTranscription} taking `Input`s and returning an `Output`; `opts.dependsOn` makes it wait for those resources. */
export function getTranscriptionOutput(
  args: GetTranscriptionOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<TranscriptionInfo> {
  return outputForm(getTranscription, args, opts);
}

/** {@link getTranscriptions} taking `Input`s and returning an `Output`; `opts.dependsOn` makes it wait for those resources. */
export function getTranscriptionsOutput(
  args?: GetTranscriptionsOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetTranscriptionsResult> {
  return outputForm(getTranscriptions, args, opts);
}
