import type * as pulumi from "@pulumi/pulumi";
import { queueWireSchema } from "../base/schemas/queues";
import { accountPath, collect, getRecord, iterateTexmlRecords, outputForm, query, segment } from "./common";
import type { GetQueueArgs, GetQueueOutputArgs, GetQueuesArgs, GetQueuesOutputArgs, GetQueuesResult, QueueInfo } from "./types";

export type { GetQueueArgs, GetQueueOutputArgs, GetQueuesArgs, GetQueuesOutputArgs, GetQueuesResult, QueueInfo } from "./types";

/** One queue by sid; a 404 throws the API's error. */
export function getQueue(args: GetQueueArgs): Promise<QueueInfo> {
  return getRecord(queueWireSchema, `${accountPath(args)}/Queues/${segment(args.queueSid)}`);
}

/** Streams the account's queues. */
export function iterateQueues(args: GetQueuesArgs = {}): AsyncGenerator<QueueInfo> {
  return iterateTexmlRecords(
    queueWireSchema,
    `${accountPath(args)}/Queues`,
    "queues",
    query({ DateCreated: args.dateCreated, DateUpdated: args.dateUpdated }),
    args,
  );
}

/** The account's queues (up to `limit`). */
export async function getQueues(args: GetQueuesArgs = {}): Promise<GetQueuesResult> {
  return { queues: await collect(iterateQueues(args)) };
}

/**
 * {@link getQueue} taking `Input`s and returning an `Output`; `opts.dependsOn` makes it wait for those resources.
 *
 * ```ts
 * export const waiting = texml.getQueueOutput({ queueSid: queue.sid }).apply((q) => q.currentSize);
 * ```
 */
export function getQueueOutput(args: GetQueueOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<QueueInfo> {
  return outputForm(getQueue, args, opts);
}

/** {@link getQueues} taking `Input`s and returning an `Output`; `opts.dependsOn` makes it wait for those resources. */
export function getQueuesOutput(args?: GetQueuesOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetQueuesResult> {
  return outputForm(getQueues, args, opts);
}
