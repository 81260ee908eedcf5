/**
 * The REST calls behind `texml.Queue`, on `/texml/Accounts/{account_sid}/Queues`: one request
 * each. What to do when one fails (an ambiguous create, a 404) is the lifecycle's (`../lifecycle.ts`).
 */
import type * as z from "zod";
import { TelnyxApiError } from "../../base/client/errors";
import { clientFor } from "../../base/client/factory";
import { TEXML_MAX_PAGE_SIZE, relativeToBase } from "../../base/client/paging";
import { toIsoDate } from "../../base/dates";
import { parseResponse } from "../../base/schemas/parse";
import { queueListSchema, queueWireSchema, type QueueWire } from "../../base/schemas/queues";
import { toPascalForm } from "../../base/wire";
import { typedOutputs } from "../operations";
import type { ResourceApi } from "../lifecycle";
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

/** The account a queue's inputs name: `complete` (in `provider.ts`) filled it in from config when not declared. */
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
