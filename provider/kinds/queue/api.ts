/**
 * How `texml.Queue` is served: its REST calls on `/texml/Accounts/{account_sid}/Queues`, one
 * request each ({@link queueApi}, typed from the definition's schemas), and what is particular
 * to queues, declared for the generic lifecycle (`../lifecycle.ts`), which decides what to do
 * when a call fails (an ambiguous create, a 404): the account comes from config when not
 * declared, a queue is named by account and sid, and Telnyx lists no queue names, so a listed
 * queue's identity shows only where its sid is the name.
 */
import type * as z from "zod";
import { TelnyxApiError, TelnyxConfigError } from "../../base/client/errors";
import { clientFor } from "../../base/client/factory";
import { TEXML_MAX_PAGE_SIZE, relativeToBase } from "../../base/client/paging";
import { resolveSettings, settingKey } from "../../base/config";
import { toIsoDate } from "../../base/dates";
import { TelnyxImportError } from "../../base/errors";
import { parseResponse } from "../../base/schemas/parse";
import { queueListSchema, queueWireSchema, type QueueWire } from "../../base/schemas/queues";
import { toPascalForm } from "../../base/wire";
import { lifecycleProvider, type ResourceApi } from "../lifecycle";
import { typedOutputs } from "../operations";
import { queueResource } from "./definition";

type QueueInputs = z.infer<typeof queueResource.inputs>;
type QueueOutputs = z.infer<typeof queueResource.outputs>;

/**
 * How a request names one queue: its account and sid. `name` is the name the outputs carry, the
 * declared one (Telnyx does not return a queue's name); without it, the sid.
 */
export interface QueueRef {
  accountSid: string;
  sid: string;
  name?: string;
}

const collectionPath = (accountSid: string) => `/texml/Accounts/${encodeURIComponent(accountSid)}/Queues`;
const queuePath = (ref: QueueRef) => `${collectionPath(ref.accountSid)}/${encodeURIComponent(ref.sid)}`;

/**
 * Queue outputs. The live counters are outputs only: they are never inputs, so
 * they cannot cause a diff. `name` is the declared one: Telnyx does not return it.
 */
export function queueOutputs(queue: QueueWire, name: string, accountSid: string): QueueOutputs {
  return typedOutputs(queueResource, {
    name,
    sid: queue.sid,
    accountSid: queue.account_sid ?? accountSid,
    maxSize: queue.max_size,
    currentSize: queue.current_size,
    averageWaitTime: queue.average_wait_time,
    dateCreated: toIsoDate(queue.date_created),
    dateUpdated: toIsoDate(queue.date_updated),
    uri: queue.uri,
  });
}

/** Form body of create (`FriendlyName`, `MaxSize`). */
export function queueCreateForm(inputs: QueueInputs) {
  return toPascalForm({ friendlyName: inputs.name, maxSize: inputs.maxSize });
}

/**
 * A 422 on `FriendlyName` means the name is taken: say what to do about it. It never advises
 * `import`: the queue may be another resource's or another stack's (or, with
 * `deleteBeforeReplace: false`, this resource's own old queue during a replacement), and an
 * imported queue is deleted when the resource that imported it is.
 */
function explainTakenName(error: unknown, name: string): unknown {
  if (error instanceof TelnyxApiError && error.status === 422 && error.pointer === "/FriendlyName") {
    error.message +=
      `. A queue named "${name}" already exists in the account, and queue names are unique in an account: declare another name. ` +
      "It was not adopted or changed; it may belong to another resource or stack.";
  }
  return error;
}

/** The account a queue's inputs name: `complete` (below) filled it in from config when not declared. */
const accountOf = (inputs: QueueInputs) => String(inputs.accountSid);

/** The queue's REST calls; a page of the listing is named by its path (`next_page_uri`). */
export const queueApi: ResourceApi<QueueInputs, QueueOutputs, QueueRef, string> = {
  async create(inputs) {
    const path = collectionPath(accountOf(inputs));
    try {
      const { body } = await clientFor().request({ method: "POST", path, form: queueCreateForm(inputs) });
      const queue = parseResponse(queueWireSchema, body, { method: "POST", path });
      return { id: queue.sid, outs: queueOutputs(queue, inputs.name, accountOf(inputs)) };
    } catch (error) {
      throw explainTakenName(error, inputs.name);
    }
  },

  async get(ref) {
    const path = queuePath(ref);
    const { body } = await clientFor().request({ method: "GET", path });
    const queue = parseResponse(queueWireSchema, body, { method: "GET", path });
    return { id: queue.sid, outs: queueOutputs(queue, ref.name ?? queue.sid, ref.accountSid) };
  },

  async update(ref, wanted) {
    const path = queuePath(ref);
    // Setting MaxSize again is harmless, so a dropped response may be retried.
    const { body } = await clientFor().request({ method: "POST", path, form: toPascalForm({ maxSize: wanted.maxSize }), idempotent: true });
    return queueOutputs(parseResponse(queueWireSchema, body, { method: "POST", path }), wanted.name, ref.accountSid);
  },

  async delete(ref) {
    await clientFor().request({ method: "DELETE", path: queuePath(ref) });
  },

  /**
   * One page of the account's queues (Telnyx lists no names, so every queue is listed), each with
   * the outputs a create of `inputs` would have answered.
   */
  async listCandidates(inputs, page) {
    const client = clientFor();
    const path = page ?? collectionPath(accountOf(inputs));
    const query = page === undefined ? { PageSize: TEXML_MAX_PAGE_SIZE } : undefined;
    const response = await client.request({ method: "GET", path, query });
    const list = parseResponse(queueListSchema, response.body, { method: "GET", path });
    const items = list.queues.map((queue) => ({ id: queue.sid, outs: queueOutputs(queue, inputs.name, accountOf(inputs)) }));
    const next = list.next_page_uri && list.queues.length > 0 ? relativeToBase(client.baseUrl, list.next_page_uri) : undefined;
    return { items, response, next };
  },
};

/** An import id is `<queue sid>` (account from config) or `<account sid>/<queue sid>`. */
export function parseQueueId(id: string, fallbackAccount: string | undefined): { accountSid: string | undefined; sid: string } {
  const slash = id.indexOf("/");
  return slash === -1 ? { accountSid: fallbackAccount, sid: id } : { accountSid: id.slice(0, slash), sid: id.slice(slash + 1) };
}

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/** The queue an `import` option names (`<sid>` or `<account sid>/<sid>`), with the declared name. */
function importRef(id: string, declared: Record<string, unknown>): QueueRef {
  const { accountSid, sid } = parseQueueId(id, text(declared.accountSid));
  if (!accountSid)
    throw new TelnyxImportError(
      `cannot import queue ${id}: no TeXML account SID; import it as "<account sid>/<queue sid>" or set ${settingKey("accountSid")}`,
    );
  return { accountSid, sid, name: declared.name === undefined ? undefined : String(declared.name) };
}

/** The queue a resource in state is; its account from the state, or (to read a queue the state never held) from config. */
function stateRef(id: string, props: Record<string, unknown>, operation: "read" | "update" | "delete"): QueueRef {
  const name = text(props.name);
  if (operation === "read") {
    const { accountSid, sid } = parseQueueId(id, text(props.accountSid) ?? resolveSettings().accountSid);
    if (!accountSid)
      throw new TelnyxConfigError(
        `accountSid / ${settingKey("accountSid")} / TELNYX_ACCOUNT_SID`,
        `accountSid: cannot read queue "${sid}" without a TeXML account SID; import it as "<account sid>/<queue sid>" or set ${settingKey("accountSid")}`,
      );
    return { accountSid, sid, name };
  }
  if (operation === "update") {
    const accountSid = String(props.accountSid);
    return { accountSid, sid: String(props.sid ?? parseQueueId(id, accountSid).sid), name };
  }
  const { accountSid, sid } = parseQueueId(id, text(props.accountSid));
  if (!accountSid)
    throw new TelnyxConfigError("accountSid", `accountSid: cannot delete queue "${sid}": the state records no TeXML account SID`);
  return { accountSid, sid: String(props.sid ?? sid), name };
}

/**
 * Names this provider process (this deployment) sent a create for, answered or not, are in
 * `requested`. A queue whose sid is one of them, and not the name being settled, is that other
 * resource's: where sids are names it can be no other queue, and a generated sid would have to
 * equal the name of another of this stack's queues. Every other queue is `unknown`: a sid equal
 * to the name proves nothing about the rest, since an account that generates sids may hold a
 * foreign queue whose sid happens to be this name (the spec's own example has sid `my-queue`
 * for `FriendlyName` "Support Queue").
 */
function candidateIdentity(listed: { id: string }, inputs: { name: string }, requested: ReadonlySet<string>) {
  if (listed.id === inputs.name) return "same";
  return requested.has(listed.id) ? "other" : "unknown";
}

/** The dynamic provider of `texml.Queue`. */
export const queueProvider = lifecycleProvider(queueResource, queueApi, {
  complete(inputs) {
    // The account is resolved here, from config when not declared, so that it is part of the
    // recorded inputs: moving a stack to another account then shows as a replacement.
    if (inputs.accountSid === undefined) {
      const fromConfig = resolveSettings().accountSid;
      if (fromConfig) inputs.accountSid = fromConfig;
    }
    if (inputs.accountSid !== undefined) return [];
    return [
      {
        property: "accountSid",
        reason: `is required: pass it, or set \`pulumi config set ${settingKey("accountSid")} <sid>\` or TELNYX_ACCOUNT_SID`,
      },
    ];
  },
  className: "texml.Queue",
  idWord: "sid",
  describeId: (sid) => `sid "${sid}"`,
  importRef,
  stateRef,
  idOf: (ref) => ref.sid,
  importNotFound: (id, ref) => new TelnyxImportError(`cannot import queue ${id}: account ${ref.accountSid} has no queue "${ref.sid}"`),
  readNotFound: (_id, ref) => new TelnyxImportError(`TeXML queue "${ref.sid}" does not exist in account ${ref.accountSid}`),
  // Telnyx does not return a queue's name, so the inputs of a queue read without a record are its name (or sid) and account.
  importedInputs: (outs, ref) => ({
    name: outs.name,
    accountSid: ref.accountSid,
    ...(outs.maxSize === undefined ? {} : { maxSize: outs.maxSize }),
  }),
  reportInputsWithoutRecord: true,
  untimedIsReused: true,
  // A sid is freed when its queue is deleted and may be issued again (where sids are names, to
  // anyone who creates a queue of that name): only the creation time tells the queues apart.
  confirmBeforeDelete: true,
  // Telnyx lists queues' `date_created` in whole seconds (RFC 2822), though outputs carry ISO 8601 with `.000`.
  creationTimeResolutionMs: 1000,
  candidateIdentity,
  // The listing shows neither names nor, beyond the path, the account: only `maxSize` can be compared.
  unlistedInputs: ["name", "accountSid"],
});
