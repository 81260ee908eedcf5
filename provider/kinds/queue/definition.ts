import * as z from "zod";
import { defineResource, documented, telnyxDefault } from "../definition";
import { integerAtLeast, nonEmptyString } from "../validation";

/** Inputs of a TeXML queue (`FriendlyName`, `MaxSize`, and the account it lives in). */
export const queueInputsSchema = z.strictObject({
  /** `FriendlyName`: the queue's name, unique in the account. Telnyx does not return it, and changing it replaces the queue. */
  name: documented(
    nonEmptyString().refine((n) => n.trim() === n, { error: "must not start or end with white space" }),
    {
      notes: [
        "Unique in the account; must not be empty or start or end with white space. Telnyx does not return it, and changing it replaces the queue (the old one is deleted first)",
      ],
    },
  ),
  /**
   * `MaxSize`: the most calls the queue holds (1 to 5000, Twilio's documented range; the spec names none).
   * A removed `maxSize` goes back to 100: the spec gives no default; 100 is Twilio's documented
   * one, which Telnyx's Twilio-compatible API is assumed to share.
   */
  maxSize: documented(telnyxDefault(integerAtLeast(1).max(5000, { error: "must be at most 5000" }).optional(), 100), {
    notes: ["Updates in place; a removed `maxSize` goes back to 100 (Twilio's documented default; the spec names none)"],
  }),
  /** The TeXML account; defaults to `telnyx:accountSid` / `TELNYX_ACCOUNT_SID`. Changing it replaces the queue. */
  accountSid: documented(nonEmptyString().optional(), {
    notes: [
      "Defaults to the `telnyx:accountSid` stack config, else `TELNYX_ACCOUNT_SID`; compared without letter case. Changing it replaces the queue",
    ],
  }),
});

/** Validated queue inputs. */
export type QueueInputs = z.infer<typeof queueInputsSchema>;

/** An output field with its doc comment on the generated class. */
const out = <S extends z.ZodType>(schema: S, description: string): S => documented(schema, { description });

const DATE_NOTE = "An ISO 8601 UTC instant (`2023-06-15T09:56:45.000Z`), whatever form the endpoint sends";

/** Outputs of a TeXML queue: the spec's `QueueResource` in camelCase, dates in ISO 8601, plus the declared name. */
export const queueOutputsSchema = z.object({
  name: out(z.string(), "The queue's name (`FriendlyName`) as declared; Telnyx does not return it."),
  sid: out(z.string(), "The unique identifier of the queue, the id create returned (often the name, but not always)."),
  accountSid: out(z.string(), "The id of the TeXML account the queue belongs to."),
  maxSize: out(z.number(), "The maximum size of the queue (`MaxSize`) as settled."),
  currentSize: out(z.number(), "The number of calls waiting at the last read (live; never causes a diff)."),
  averageWaitTime: out(z.number(), "The average wait time in seconds at the last read (live; never causes a diff)."),
  dateCreated: out(z.string(), "When the queue was created, ISO 8601."),
  dateUpdated: out(z.string(), "When the queue was last updated, ISO 8601."),
  uri: out(z.string(), "The relative URI of the queue."),
});

/** Account SIDs are UUIDs: letter case carries no meaning, so it never causes a diff. */
function canonicalQueueProps(props: Record<string, unknown>): Record<string, unknown> {
  return typeof props.accountSid === "string" ? { ...props, accountSid: props.accountSid.toLowerCase() } : props;
}

/**
 * `texml.Queue`: `maxSize` updates in place; a new name or account needs a new queue.
 * Queue names are assumed unique in an account (Twilio's rule; the spec is silent), so
 * the class defaults `deleteBeforeReplace` to true: the engine takes `--replace` without
 * asking the provider's diff, so only the resource option can make it delete first (a
 * replacement keeping the name could not be created beside the old queue); an explicit
 * `deleteBeforeReplace: false` is kept.
 */
export const queueResource = defineResource({
  kind: "Queue",
  noun: "queue",
  inputs: queueInputsSchema,
  outputs: queueOutputsSchema,
  identity: "name",
  replaceOn: ["name", "accountSid"],
  creationTime: "dateCreated",
  canonical: canonicalQueueProps,
  surface: {
    className: "Queue",
    fileKey: "queues",
    fileEntry: {
      listDoc: "Call queues by entry name.",
      doc: ["An entry of `queues` in a declarative TeXML file: the arguments of a {@link Queue}, as plain values."],
      notes: {
        name: ["Defaults to the entry's key. Unique in the account; changing it replaces the queue"],
        maxSize: [],
        accountSid: ["Defaults to the `telnyx:accountSid` stack config, else `TELNYX_ACCOUNT_SID`"],
      },
    },
    docsPage: "queue",
    classDoc: [
      "A TeXML call queue (`/texml/Accounts/{account_sid}/Queues`), for `<Enqueue>`.",
      "`maxSize` updates in place; a new `name` or `accountSid` replaces the queue.",
      "A replacement deletes the old queue before it creates the new one (`deleteBeforeReplace`",
      "defaults to true): queue names are unique in an account, so a replacement that keeps the",
      "name (`pulumi up --replace`) could not be created beside the old queue.",
      "The live counters are outputs only and never cause a diff.",
      "",
      "Read an existing queue into a program without managing it with {@link Queue.get}.",
    ].join("\n"),
    getDoc: [
      "Reads an existing queue into the program without managing it: the engine reads it on",
      "every `pulumi up`, never changes it, and `pulumi destroy` leaves it in Telnyx.",
      "Telnyx does not return a queue's name, so `name` is the sid.",
      "",
      "```ts",
      'const overflow = texml.Queue.get("overflow", "overflow");',
      "export const waiting = overflow.currentSize;",
      "```",
      "",
      "@param name the resource name in this program",
      "@param id `<queue sid>` (in the `telnyx:accountSid` account) or `<account sid>/<queue sid>`",
      "@param opts resource options (`parent`, `dependsOn`, ...)",
    ].join("\n"),
    constructorDoc: [
      "@param name the resource name in this program",
      "@param args the queue's settings",
      '@param opts resource options; `import: "<sid>"` or `"<account sid>/<sid>"` adopts an existing queue',
    ].join("\n"),
    defaultOptions: { deleteBeforeReplace: true },
    args: {
      doc: ["Arguments of {@link Queue}: the spec's `CreateQueueRequest`, plus the account the queue lives in."],
      specSchemas: [],
      specFor: {
        name: "schema:call-scripting_CreateQueueRequest#FriendlyName",
        maxSize: "schema:call-scripting_CreateQueueRequest#MaxSize",
        accountSid: "param:GetTexmlQueues#account_sid",
      },
    },
    outputs: {
      specSchemas: ["QueueResource"],
      specFor: { name: "schema:call-scripting_CreateQueueRequest#FriendlyName" },
      notes: {
        name: ["As declared: Telnyx does not return it"],
        averageWaitTime: ["Unit: seconds"],
        dateCreated: [DATE_NOTE],
        dateUpdated: [DATE_NOTE],
      },
    },
    page: {
      example: [
        'import * as texml from "pulumi-telnyx-texml";',
        "",
        'const queue = new texml.Queue("support", { name: "support", maxSize: 25 });',
        "",
        "export const queueSid = queue.sid;",
        "export const waiting = queue.currentSize;",
      ].join("\n"),
      id: "The queue's sid, the id create returned (often the name, but nothing here assumes it).",
      importing: [
        "Adopt a queue that already exists with the `import` resource option: `<queue sid>` (in the `telnyx:accountSid` account) or `<account sid>/<queue sid>`:",
        '```ts\nnew texml.Queue("support", { name: "support", maxSize: 25 }, { import: "support" });\n```',
        "Telnyx does not return a queue's name, so an import checks `maxSize` and the account and takes the declared `name` as given.",
        'To read a queue without managing it, use `texml.Queue.get(name, "<sid>" | "<account sid>/<sid>")`.',
      ],
      refresh:
        "Reads the queue (`GET /texml/Accounts/{account_sid}/Queues/{queue_sid}`): `maxSize` and the live counters `currentSize` and `averageWaitTime` are updated (the counters never cause a diff). A queue deleted outside the stack leaves the state.",
    },
  },
});
