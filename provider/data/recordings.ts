import type { CamelKeys } from "../schemas/records";
import { recordingWireSchema, type RecordingWire } from "../schemas/recordings";
import { accountPath, collect, getRecord, iterateTexmlRecords, outputForm, query, segment, type AccountArgs, type ListArgs } from "./common";

/** A TeXML recording, dates in ISO 8601. */
export type Recording = CamelKeys<RecordingWire>;

export interface GetRecordingArgs extends AccountArgs {
  recordingSid: string;
}

/** Filters of the account-wide `Recordings.json` listing. */
export interface GetRecordingsArgs extends AccountArgs, ListArgs {
  /** `DateCreated`: an ISO 8601 date or date-time, optionally with an operator (`>=2023-05-22`). */
  dateCreated?: string;
}

export interface GetCallRecordingsArgs extends AccountArgs, ListArgs {
  callSid: string;
}

export interface GetConferenceRecordingsArgs extends AccountArgs, ListArgs {
  conferenceSid: string;
}

/** One recording by sid. */
export function getRecording(args: GetRecordingArgs): Promise<Recording> {
  return getRecord(recordingWireSchema, `${accountPath(args)}/Recordings/${segment(args.recordingSid)}.json`);
}

/** Streams the account's recordings, newest first. */
export function iterateRecordings(args: GetRecordingsArgs = {}): AsyncGenerator<Recording> {
  return iterateTexmlRecords(recordingWireSchema, `${accountPath(args)}/Recordings.json`, "recordings", query({ DateCreated: args.dateCreated }), args);
}

/** Streams one call's recordings. */
export function iterateCallRecordings(args: GetCallRecordingsArgs): AsyncGenerator<Recording> {
  return iterateTexmlRecords(recordingWireSchema, `${accountPath(args)}/Calls/${segment(args.callSid)}/Recordings.json`, "recordings", {}, args);
}

/** Streams one conference's recordings (the `.json` listing, ISO 8601 dates on the wire). */
export function iterateConferenceRecordings(args: GetConferenceRecordingsArgs): AsyncGenerator<Recording> {
  return iterateTexmlRecords(recordingWireSchema, `${accountPath(args)}/Conferences/${segment(args.conferenceSid)}/Recordings.json`, "recordings", {}, args);
}

/** The account's recordings (up to `limit`). */
export async function getRecordings(args: GetRecordingsArgs = {}): Promise<{ recordings: Recording[] }> {
  return { recordings: await collect(iterateRecordings(args)) };
}

/** One call's recordings (up to `limit`). */
export async function getCallRecordings(args: GetCallRecordingsArgs): Promise<{ recordings: Recording[] }> {
  return { recordings: await collect(iterateCallRecordings(args)) };
}

/** One conference's recordings (up to `limit`). */
export async function getConferenceRecordings(args: GetConferenceRecordingsArgs): Promise<{ recordings: Recording[] }> {
  return { recordings: await collect(iterateConferenceRecordings(args)) };
}

export const getRecordingOutput = outputForm(getRecording);
export const getRecordingsOutput = outputForm(getRecordings);
export const getCallRecordingsOutput = outputForm(getCallRecordings);
export const getConferenceRecordingsOutput = outputForm(getConferenceRecordings);
