import { participantWireSchema, type ParticipantWire } from "../schemas/participants";
import type { CamelKeys } from "../schemas/records";
import { accountPath, collect, getRecord, iterateTexmlRecords, outputForm, segment, type AccountArgs, type ListArgs } from "./common";

/** A participant of a TeXML conference, dates in ISO 8601. */
export type ConferenceParticipant = CamelKeys<ParticipantWire>;

export interface GetConferenceParticipantArgs extends AccountArgs {
  conferenceSid: string;
  /** The participant's call sid or its label. */
  participant: string;
}

export interface GetConferenceParticipantsArgs extends AccountArgs, ListArgs {
  conferenceSid: string;
}

const participantsPath = (args: AccountArgs & { conferenceSid: string }) => `${accountPath(args)}/Conferences/${segment(args.conferenceSid)}/Participants`;

/** One participant by call sid or label. */
export function getConferenceParticipant(args: GetConferenceParticipantArgs): Promise<ConferenceParticipant> {
  return getRecord(participantWireSchema, `${participantsPath(args)}/${segment(args.participant)}`);
}

/** Streams a conference's participants. */
export function iterateConferenceParticipants(args: GetConferenceParticipantsArgs): AsyncGenerator<ConferenceParticipant> {
  return iterateTexmlRecords(participantWireSchema, participantsPath(args), "participants", {}, args);
}

/** All participants of a conference (up to `limit`). */
export async function getConferenceParticipants(args: GetConferenceParticipantsArgs): Promise<{ participants: ConferenceParticipant[] }> {
  return { participants: await collect(iterateConferenceParticipants(args)) };
}

export const getConferenceParticipantOutput = outputForm(getConferenceParticipant);
export const getConferenceParticipantsOutput = outputForm(getConferenceParticipants);
