import type * as pulumi from "@pulumi/pulumi";
import { recordingWireSchema } from "../base/schemas/recordings";
import { accountPath, collect, getRecord, iterateTexmlRecords, outputForm, query, segment } from "./common";
import type {
  GetCallRecordingsArgs,
  GetCallRecordingsOutputArgs,
  GetConferenceRecordingsArgs,
  GetConferenceRecordingsOutputArgs,
  GetRecordingArgs,
  GetRecordingOutputArgs,
  GetRecordingsArgs,
  GetRecordingsOutputArgs,
  GetRecordingsResult,
  RecordingInfo,
} from "./types";

export type {
  GetCallRecordingsArgs,
  GetCallRecordingsOutputArgs,
  GetConferenceRecordingsArgs,
  GetConferenceRecordingsOutputArgs,
  GetRecordingArgs,
  GetRecordingOutputArgs,
  GetRecordingsArgs,
  GetRecordingsOutputArgs,
  GetRecordingsResult,
  RecordingInfo,
  RecordingInfoSubresourcesUris,
} from "./types";

/** @deprecated The same type as {@link RecordingInfo}, kept for existing programs. */
export type Recording = RecordingInfo;

/** One recording by sid; a 404 throws the API's error. */
export function getRecording(args: GetRecordingArgs): Promise<RecordingInfo> {
  return getRecord(recordingWireSchema, `${accountPath(args)}/Recordings/${segment(args.recordingSid)}.json`);
}

/** Streams the account's recordings, newest first. */
export function iterateRecordings(args: GetRecordingsArgs = {}): AsyncGenerator<RecordingInfo> {
  return iterateTexmlRecords(
    recordingWireSchema,
    `${accountPath(args)}/Recordings.json`,
    "recordings",
    query({ DateCreated: args.dateCreated }),
    args,
  );
}

/** Streams one call's recordings. */
export function iterateCallRecordings(args: GetCallRecordingsArgs): AsyncGenerator<RecordingInfo> {
  return iterateTexmlRecords(
    recordingWireSchema,
    `${accountPath(args)}/Calls/${segment(args.callSid)}/Recordings.json`,
    "recordings",
    {},
    args,
  );
}

/** Streams one conference's recordings (the `.json` listing, ISO 8601 dates on the wire). */
export function iterateConferenceRecordings(args: GetConferenceRecordingsArgs): AsyncGenerator<RecordingInfo> {
  return iterateTexmlRecords(
    recordingWireSchema,
    `${accountPath(args)}/Conferences/${segment(args.conferenceSid)}/Recordings.json`,
    "recordings",
    {},
    args,
  );
}

/** The account's recordings (up to `limit`). */
export async function getRecordings(args: GetRecordingsArgs = {}): Promise<GetRecordingsResult> {
  return { recordings: await collect(iterateRecordings(args)) };
}

/** One call's recordings (up to `limit`). */
export async function getCallRecordings(args: GetCallRecordingsArgs): Promise<GetRecordingsResult> {
  return { recordings: await collect(iterateCallRecordings(args)) };
}

/** One conference's recordings (up to `limit`). */
export async function getConferenceRecordings(args: GetConferenceRecordingsArgs): Promise<GetRecordingsResult> {
  return { recordings: await collect(iterateConferenceRecordings(args)) };
}

/** {@link getRecording} taking `Input`s and returning an `Output`; `opts.dependsOn` makes it wait for those resources. */
export function getRecordingOutput(args: GetRecordingOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<RecordingInfo> {
  return outputForm(getRecording, args, opts);
}

/** {@link getRecordings} taking `Input`s and returning an `Output`; `opts.dependsOn` makes it wait for those resources. */
export function getRecordingsOutput(args?: GetRecordingsOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetRecordingsResult> {
  return outputForm(getRecordings, args, opts);
}

/** {@link getCallRecordings} taking `Input`s and returning an `Output`; `opts.dependsOn` makes it wait for those resources. */
export function getCallRecordingsOutput(
  args: GetCallRecordingsOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetRecordingsResult> {
  return outputForm(getCallRecordings, args, opts);
}

/** {@link getConferenceRecordings} taking `Input`s and returning an `Output`; `opts.dependsOn` makes it wait for those resources. */
export function getConferenceRecordingsOutput(
  args: GetConferenceRecordingsOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetRecordingsResult> {
  return outputForm(getConferenceRecordings, args, opts);
}
