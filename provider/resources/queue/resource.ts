import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceArgs, isResourceOfKind, lightDebugStacks } from "../dynamic-resource";
import { queueResource } from "./definition";
import type { QueueArgs } from "./args";

export type { QueueArgs } from "./args";

/**
 * A TeXML call queue (`/texml/Accounts/{account_sid}/Queues`), for `<Enqueue>`.
 * `maxSize` updates in place; a new `name` or `accountSid` replaces the queue.
 * A replacement deletes the old queue before it creates the new one (`deleteBeforeReplace`
 * defaults to true): queue names are unique in an account, so a replacement that keeps the
 * name (`pulumi up --replace`) could not be created beside the old queue.
 * The live counters are outputs only and never cause a diff.
 *
 * Read an existing queue into a program without managing it with {@link Queue.get}.
 */
export class Queue extends pulumi.CustomResource {
  /**
   * Reads an existing queue into the program without managing it: the engine reads it on
   * every `pulumi up`, never changes it, and `pulumi destroy` leaves it in Telnyx.
   * Telnyx does not return a queue's name, so `name` is the sid.
   *
   * ```ts
   * const overflow = texml.Queue.get("overflow", "overflow");
   * export const waiting = overflow.currentSize;
   * ```
   *
   * @param name the resource name in this program
   * @param id `<queue sid>` (in the `telnyx:accountSid` account) or `<account sid>/<queue sid>`
   * @param opts resource options (`parent`, `dependsOn`, ...)
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Queue {
    return new Queue(name, {} as QueueArgs, { ...opts, id });
  }

  /** True when `obj` is a {@link Queue}, also one made by another copy of this package. */
  static override isInstance(obj: unknown): obj is Queue {
    return isResourceOfKind(queueResource, obj);
  }

  /** The queue's name (`FriendlyName`) as declared; Telnyx does not return it. */
  declare readonly name: pulumi.Output<string>;
  /** The unique identifier of the queue, the id create returned (often the name, but not always). */
  declare readonly sid: pulumi.Output<string>;
  /** The id of the TeXML account the queue belongs to. */
  declare readonly accountSid: pulumi.Output<string>;
  /** The maximum size of the queue (`MaxSize`) as settled. */
  declare readonly maxSize: pulumi.Output<number>;
  /** The number of calls waiting at the last read (live; never causes a diff). */
  declare readonly currentSize: pulumi.Output<number>;
  /** The average wait time in seconds at the last read (live; never causes a diff). */
  declare readonly averageWaitTime: pulumi.Output<number>;
  /** When the queue was created, ISO 8601. */
  declare readonly dateCreated: pulumi.Output<string>;
  /** When the queue was last updated, ISO 8601. */
  declare readonly dateUpdated: pulumi.Output<string>;
  /** The relative URI of the queue. */
  declare readonly uri: pulumi.Output<string>;

  /**
   * @param name the resource name in this program
   * @param args the queue's settings
   * @param opts resource options; `import: "<sid>"` or `"<account sid>/<sid>"` adopts an existing queue
   */
  constructor(name: string, args: QueueArgs, opts?: pulumi.CustomResourceOptions) {
    // The engine takes `--replace` without asking the provider's diff, so only the resource
    // option can make it delete first; an explicit `deleteBeforeReplace: false` is kept.
    const replaceOrder = opts?.id === undefined ? { deleteBeforeReplace: opts?.deleteBeforeReplace ?? true } : {};
    const [type, props, options] = dynamicResourceArgs(queueResource, args, { ...opts, ...replaceOrder });
    const restore = lightDebugStacks();
    try {
      super(type, name, props, options);
    } finally {
      restore();
    }
  }
}
