import type * as pulumi from "@pulumi/pulumi";
import { TelnyxDynamicResource } from "../dynamic-resource";
import type { ArgsOf } from "../inputs";
import type { QueueInputs } from "./schema";

/** Arguments of {@link Queue}. */
export type QueueArgs = ArgsOf<QueueInputs>;

/**
 * A TeXML call queue (`/texml/Accounts/{account_sid}/Queues`), for `<Enqueue>`.
 * `maxSize` updates in place; a new `name` or `accountSid` replaces the queue.
 * The live counters are outputs only and never cause a diff.
 */
export class Queue extends TelnyxDynamicResource {
  /** The queue's name (`FriendlyName`). */
  declare readonly name: pulumi.Output<string>;
  /** The queue's sid (Telnyx uses the name). */
  declare readonly sid: pulumi.Output<string>;
  /** The TeXML account the queue lives in. */
  declare readonly accountSid: pulumi.Output<string>;
  /** `MaxSize` as settled. */
  declare readonly maxSize: pulumi.Output<number>;
  /** Calls waiting at the last read (live; never diffs). */
  declare readonly currentSize: pulumi.Output<number>;
  /** Average wait in seconds at the last read (live; never diffs). */
  declare readonly averageWaitTime: pulumi.Output<number>;
  /** Creation time, ISO 8601. */
  declare readonly dateCreated: pulumi.Output<string>;
  /** Last change, ISO 8601. */
  declare readonly dateUpdated: pulumi.Output<string>;
  /** The queue's URI below the API. */
  declare readonly uri: pulumi.Output<string>;

  constructor(name: string, args: QueueArgs, opts?: pulumi.CustomResourceOptions) {
    super("Queue", name, args, ["name", "sid", "accountSid", "maxSize", "currentSize", "averageWaitTime", "dateCreated", "dateUpdated", "uri"], opts);
  }
}
