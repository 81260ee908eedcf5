import { queueWireSchema, type QueueWire } from "../schemas/queues";
import type { CamelKeys } from "../schemas/records";
import { accountPath, collect, getRecord, iterateTexmlRecords, outputForm, query, segment, type AccountArgs, type ListArgs } from "./common";

/** A TeXML queue with its live counters, dates in ISO 8601. */
export type QueueInfo = CamelKeys<QueueWire>;

export interface GetQueueArgs extends AccountArgs {
  /** The queue's sid (its name). */
  queueSid: string;
}

export interface GetQueuesArgs extends AccountArgs, ListArgs {
  dateCreated?: string;
  dateUpdated?: string;
}

/** One queue by sid. */
export function getQueue(args: GetQueueArgs): Promise<QueueInfo> {
  return getRecord(queueWireSchema, `${accountPath(args)}/Queues/${segment(args.queueSid)}`);
}

/** Streams the account's queues. */
export function iterateQueues(args: GetQueuesArgs = {}): AsyncGenerator<QueueInfo> {
  return iterateTexmlRecords(queueWireSchema, `${accountPath(args)}/Queues`, "queues", query({ DateCreated: args.dateCreated, DateUpdated: args.dateUpdated }), args);
}

/** The account's queues (up to `limit`). */
export async function getQueues(args: GetQueuesArgs = {}): Promise<{ queues: QueueInfo[] }> {
  return { queues: await collect(iterateQueues(args)) };
}

export const getQueueOutput = outputForm(getQueue);
export const getQueuesOutput = outputForm(getQueues);
