import { conferenceWireSchema, type ConferenceWire } from "../schemas/conferences";
import type { CamelKeys } from "../schemas/records";
import { accountPath, collect, getRecord, iterateTexmlRecords, outputForm, query, segment, type AccountArgs, type ListArgs } from "./common";

/** A TeXML conference, dates in ISO 8601. */
export type Conference = CamelKeys<ConferenceWire>;

export interface GetConferenceArgs extends AccountArgs {
  conferenceSid: string;
}

/** Filters of `GET /texml/Accounts/{account_sid}/Conferences`. */
export interface GetConferencesArgs extends AccountArgs, ListArgs {
  friendlyName?: string;
  status?: "init" | "in-progress" | "completed";
  /** `DateCreated`: a day (`2023-05-22`) or with an operator (`>=2023-05-22`). */
  dateCreated?: string;
  /** `DateUpdated`, same forms. */
  dateUpdated?: string;
}

/** One conference by sid. */
export function getConference(args: GetConferenceArgs): Promise<Conference> {
  return getRecord(conferenceWireSchema, `${accountPath(args)}/Conferences/${segment(args.conferenceSid)}`);
}

/** Streams the matching conferences, newest first. */
export function iterateConferences(args: GetConferencesArgs = {}): AsyncGenerator<Conference> {
  const filters = query({ FriendlyName: args.friendlyName, Status: args.status, DateCreated: args.dateCreated, DateUpdated: args.dateUpdated });
  return iterateTexmlRecords(conferenceWireSchema, `${accountPath(args)}/Conferences`, "conferences", filters, args);
}

/** All matching conferences (up to `limit`). */
export async function getConferences(args: GetConferencesArgs = {}): Promise<{ conferences: Conference[] }> {
  return { conferences: await collect(iterateConferences(args)) };
}

export const getConferenceOutput = outputForm(getConference);
export const getConferencesOutput = outputForm(getConferences);
