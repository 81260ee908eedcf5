/**
 * The data lookups the plugin serves as functions (`Invoke`), by name: the same functions,
 * names and arguments as `pulumi-telnyx-texml/data`. The schema's `functions` list the same
 * names (a unit test holds them equal).
 */
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
} from "../data";

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
