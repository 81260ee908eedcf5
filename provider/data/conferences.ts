import type * as pulumi from "@pulumi/pulumi";
import { conferenceWireSchema } from "../base/schemas/conferences";
import { accountPath, collect, getRecord, iterateTexmlRecords, outputForm, query, segment } from "./common";
import type {
  ConferenceInfo,
  GetConferenceArgs,
  GetConferenceOutputArgs,
  GetConferencesArgs,
  GetConferencesOutputArgs,
  GetConferencesResult,
} from "./types";

export type {
  ConferenceInfo,
  GetConferenceArgs,
  GetConferenceOutputArgs,
  GetConferencesArgs,
  GetConferencesOutputArgs,
  GetConferencesResult,
} from "./types";

/** @deprecated The same type as {@link ConferenceInfo}, kept for existing programs. */
export type Conference = ConferenceInfo;

/** One conference by sid; a 404 throws the API's error. */
export function getConference(args: GetConferenceArgs): Promise<ConferenceInfo> {
  return getRecord(conferenceWireSchema, `${accountPath(args)}/Conferences/${segment(args.conferenceSid)}`);
}

/** Streams the matching conferences, newest first. */
export function iterateConferences(args: GetConferencesArgs = {}): AsyncGenerator<ConferenceInfo> {
  const filters = query({
    FriendlyName: args.friendlyName,
    Status: args.status,
    DateCreated: args.dateCreated,
    DateUpdated: args.dateUpdated,
  });
  return iterateTexmlRecords(conferenceWireSchema, `${accountPath(args)}/Conferences`, "conferences", filters, args);
}

/** All matching conferences (up to `limit`). */
export async function getConferences(args: GetConferencesArgs = {}): Promise<GetConferencesResult> {
  return { conferences: await collect(iterateConferences(args)) };
}

/** {@link getConference} taking `Input`s and returning an `Output`; `opts.dependsOn` makes it wait for those resources. */
export function getConferenceOutput(args: GetConferenceOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<ConferenceInfo> {
  return outputForm(getConference, args, opts);
}

/** {@link getConferences} taking `Input`s and returning an `Output`; `opts.dependsOn` makes it wait for those resources. */
export function getConferencesOutput(
  args?: GetConferencesOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetConferencesResult> {
  return outputForm(getConferences, args, opts);
}
