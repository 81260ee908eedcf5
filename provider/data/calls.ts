import { callWireSchema, type CallWire } from "../schemas/calls";
import type { CamelKeys } from "../schemas/records";
import { accountPath, collect, dayFilter, getRecord, iterateTexmlRecords, outputForm, query, segment, type AccountArgs, type ListArgs } from "./common";

/** A TeXML call (`/texml/Accounts/{account_sid}/Calls/{call_sid}`), dates in ISO 8601. */
export type Call = CamelKeys<CallWire>;

export interface GetCallArgs extends AccountArgs {
  callSid: string;
}

/** Filters of `GET /texml/Accounts/{account_sid}/Calls`; days as `YYYY-MM-DD` or a Date (UTC). */
export interface GetCallsArgs extends AccountArgs, ListArgs {
  to?: string;
  from?: string;
  status?: "canceled" | "completed" | "failed" | "busy" | "no-answer";
  /** Calls that started on this day (`StartTime`). */
  startTime?: string | Date;
  /** ...after this day (`StartTime_gt`). */
  startTimeAfter?: string | Date;
  /** ...before this day (`StartTime_lt`). */
  startTimeBefore?: string | Date;
  /** Calls that ended on this day (`EndTime`). */
  endTime?: string | Date;
  endTimeAfter?: string | Date;
  endTimeBefore?: string | Date;
}

/** One call by sid. */
export function getCall(args: GetCallArgs): Promise<Call> {
  return getRecord(callWireSchema, `${accountPath(args)}/Calls/${segment(args.callSid)}`);
}

/** Streams the matching calls, newest first, page by page. */
export function iterateCalls(args: GetCallsArgs = {}): AsyncGenerator<Call> {
  const filters = query({
    To: args.to,
    From: args.from,
    Status: args.status,
    StartTime: dayFilter("startTime", args.startTime),
    StartTime_gt: dayFilter("startTimeAfter", args.startTimeAfter),
    StartTime_lt: dayFilter("startTimeBefore", args.startTimeBefore),
    EndTime: dayFilter("endTime", args.endTime),
    EndTime_gt: dayFilter("endTimeAfter", args.endTimeAfter),
    EndTime_lt: dayFilter("endTimeBefore", args.endTimeBefore),
  });
  return iterateTexmlRecords(callWireSchema, `${accountPath(args)}/Calls`, "calls", filters, args);
}

/** All matching calls (up to `limit`). */
export async function getCalls(args: GetCallsArgs = {}): Promise<{ calls: Call[] }> {
  return { calls: await collect(iterateCalls(args)) };
}

export const getCallOutput = outputForm(getCall);
export const getCallsOutput = outputForm(getCalls);
