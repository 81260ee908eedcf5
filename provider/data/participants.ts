import type * as pulumi from "@pulumi/pulumi";
import { participantWireSchema } from "../base/schemas/participants";
import { accountPath, collect, getRecord, iterateTexmlRecords, outputForm, segment } from "./common";
import type {
  AccountArgs,
  ConferenceParticipantInfo,
  GetConferenceParticipantArgs,
  GetConferenceParticipantOutputArgs,
  GetConferenceParticipantsArgs,
  GetConferenceParticipantsOutputArgs,
  GetConferenceParticipantsResult,
} from "./types";

export type {
  ConferenceParticipantInfo,
  GetConferenceParticipantArgs,
  GetConferenceParticipantOutputArgs,
  GetConferenceParticipantsArgs,
  GetConferenceParticipantsOutputArgs,
  GetConferenceParticipantsResult,
} from "./types";

/** @deprecated The same type as {@link ConferenceParticipantInfo}, kept for existing programs. */
export type ConferenceParticipant = ConferenceParticipantInfo;

const participantsPath = (args: AccountArgs & { conferenceSid: string }) =>
  `${accountPath(args)}/Conferences/${segment(args.conferenceSid)}/Participants`;

/** One participant by call sid or label; a 404 throws the API's error. */
export function getConferenceParticipant(args: GetConferenceParticipantArgs): Promise<ConferenceParticipantInfo> {
  return getRecord(participantWireSchema, `${participantsPath(args)}/${segment(args.participant)}`);
}

/** Streams a conference's participants. */
export function iterateConferenceParticipants(args: GetConferenceParticipantsArgs): AsyncGenerator<ConferenceParticipantInfo> {
  return iterateTexmlRecords(participantWireSchema, participantsPath(args), "participants", {}, args);
}

/** All participants of a conference (up to `limit`). */
export async function getConferenceParticipants(args: GetConferenceParticipantsArgs): Promise<GetConferenceParticipantsResult> {
  return { participants: await collect(iterateConferenceParticipants(args)) };
}

/** {@link getConferenceParticipant} taking `Input`s and returning an `Output`; `opts.dependsOn` makes it wait for those resources. */
export function getConferenceParticipantOutput(
  args: GetConferenceParticipantOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<ConferenceParticipantInfo> {
  return outputForm(getConferenceParticipant, args, opts);
}

/** {@link getConferenceParticipants} taking `Input`s and returning an `Output`; `opts.dependsOn` makes it wait for those resources. */
export function getConferenceParticipantsOutput(
  args: GetConferenceParticipantsOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetConferenceParticipantsResult> {
  return outputForm(getConferenceParticipants, args, opts);
}
