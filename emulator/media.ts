import { ApiError } from "./http";

export type RequestMediaType = "application/json" | "application/x-www-form-urlencoded";

const JSON_BODY = "application/json";
const FORM_BODY = "application/x-www-form-urlencoded";

/**
 * The request media type of each operation, as `requestBody.content` of
 * spec/texml-openapi.json gives it (each gives exactly one). Operations missing here
 * take no request body. `test/integration/conformance.test.ts` checks this table
 * against the spec, so it cannot drift from it.
 */
export const REQUEST_MEDIA_TYPES: Readonly<Record<string, RequestMediaType>> = {
  CreateTexmlApplication: JSON_BODY,
  UpdateTexmlApplication: JSON_BODY,
  CreateTexmlSecret: JSON_BODY,
  InitiateTexmlCall: JSON_BODY,
  InitiateTexmlAICall: JSON_BODY,
  UpdateTexmlCall: FORM_BODY,
  StartTeXMLCallRecording: FORM_BODY,
  UpdateTeXMLCallRecording: FORM_BODY,
  StartTeXMLSiprecSession: FORM_BODY,
  UpdateTeXMLSiprecSession: FORM_BODY,
  StartTeXMLCallStreaming: FORM_BODY,
  UpdateTeXMLCallStreaming: FORM_BODY,
  UpdateTexmlConference: FORM_BODY,
  DialTexmlConferenceParticipant: FORM_BODY,
  UpdateTexmlConferenceParticipant: FORM_BODY,
  CreateTexmlQueue: FORM_BODY,
  UpdateTexmlQueue: FORM_BODY,
};

const unsupported = (detail: string) =>
  new ApiError(415, [{ code: "10015", title: "Unsupported Media Type", detail, source: { pointer: "/" } }]);

/** An operation, as a route declares it (`Route` in emulator/router.ts). */
interface Operation {
  operationId: string;
  requestMediaType?: RequestMediaType;
}

/** The request media type of a route's operation: its own (a newer route module's), else the table's. */
export const requestMediaType = (operation: Operation): RequestMediaType | undefined =>
  operation.requestMediaType ?? REQUEST_MEDIA_TYPES[operation.operationId];

/**
 * Checks a request's media type against its operation's; `contentType` is the
 * lower-cased type without parameters. A body-less request needs no type; a body
 * needs the operation's one; an operation without a request body takes no body.
 */
export function checkMediaType(operation: Operation, contentType: string | undefined, bodyBytes: number): RequestMediaType | undefined {
  const { operationId } = operation;
  const expected = requestMediaType(operation);
  if (expected === undefined) {
    if (bodyBytes > 0) throw unsupported(`${operationId} takes no request body.`);
    return undefined;
  }
  if (contentType === undefined ? bodyBytes > 0 : contentType !== expected) {
    throw unsupported(`Content-Type '${contentType ?? "none"}' is not supported here; ${operationId} takes ${expected}.`);
  }
  return expected;
}
