/**
 * The data lookups the plugin serves as functions (`Invoke`), by name: the same functions,
 * names and arguments as `pulumi-telnyx-texml/data`. The schema's `functions` list the same
 * names (a unit test holds them equal). server.ts loads this module on the first `Invoke`: the
 * lookups' response schemas are needed by no other call.
 */
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import {
  getApplication,
  getApplications,
  getCall,
  getCallRecordings,
  getCalls,
  getConference,
  getConferenceParticipant,
  getConferenceParticipants,
  getConferenceRecordings,
  getConferences,
  getQueue,
  getQueues,
  getRecording,
  getRecordings,
  getTranscription,
  getTranscriptions,
} from "../../data";
import { provider as pb } from "./grpc";
import { memberOf } from "./tokens";
import { fromStruct, toStruct } from "./values";

type Lookup = (args: never) => Promise<unknown>;

export const lookups: Readonly<Record<string, Lookup>> = {
  getApplication,
  getApplications,
  getCall,
  getCalls,
  getConference,
  getConferences,
  getConferenceParticipant,
  getConferenceParticipants,
  getRecording,
  getRecordings,
  getCallRecordings,
  getConferenceRecordings,
  getTranscription,
  getTranscriptions,
  getQueue,
  getQueues,
};

/** `Invoke`: the lookup the token names, with the request's arguments. */
export async function invoke(request: providerPb.InvokeRequest): Promise<providerPb.InvokeResponse> {
  const name = memberOf(request.getTok());
  const lookup = name === undefined ? undefined : lookups[name];
  if (!lookup) throw new Error(`pulumi-telnyx-texml: unknown function "${request.getTok()}"`);
  const result = await lookup(fromStruct(request.getArgs()) as never);
  return new pb.InvokeResponse().setReturn(toStruct(result as Record<string, unknown>));
}
