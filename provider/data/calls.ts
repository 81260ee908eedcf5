import type * as pulumi from "@pulumi/pulumi";
import { callWireSchema } from "../base/schemas/calls";
import { accountPath, collect, dayFilter, getRecord, iterateTexmlRecords, outputForm, query, segment } from "./common";
import type { CallInfo, GetCallArgs, GetCallOutputArgs, GetCallsArgs, GetCallsOutputArgs, GetCallsResult } from "./types";

export type { CallInfo, GetCallArgs, GetCallOutputArgs, GetCallsArgs, GetCallsOutputArgs, GetCallsResult } from "./types";

/** @deprecated The same type as {@link CallInfo}, kept for existing programs. */
export type Call = CallInfo;

/** One call by sid; a 404 throws the API's error. */
export function getCall(args: GetCallArgs): Promise<CallInfo> {
  return getRecord(callWireSchema, `${accountPath(args)}/Calls/${segment(args.callSid)}`);
}

/** Streams the matching calls, newest first, page by page. */
export function iterateCalls(args: GetCallsArgs = {}): AsyncGenerator<CallInfo> {
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
export async function getCalls(args: GetCallsArgs = {}): Promise<GetCallsResult> {
  return { calls: await collect(iterateCalls(args)) };
}

/** {@link getCall} taking `Input`s and returning an `Output`; `opts.dependsOn` makes it wait for those resources. */
export function getCallOutput(args: GetCallOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<CallInfo> {
  return outputForm(getCall, args, opts);
}

/** {@link getCalls} taking `Input`s and returning an `Output`; `opts.dependsOn` makes it wait for those resources. */
export function getCallsOutput(args?: GetCallsOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetCallsResult> {
  return outputForm(getCalls, args, opts);
}
