import { clientFor } from "../../client/factory";
import { TelnyxApiError, TelnyxConfigError } from "../../client/errors";
import { TelnyxImportError } from "../../errors";
import { TEXML_MAX_PAGE_SIZE, relativeToBase } from "../../client/paging";
import { resolveSettings, settingKey } from "../../config";
import { toIsoDate } from "../../dates";
import { parseResponse } from "../../schemas/parse";
import { queueListSchema, queueWireSchema, type QueueWire } from "../../schemas/queues";
import type * as z from "zod";
import { toPascalForm } from "../../wire";
import { clockFrom, settleAmbiguousCreate, type Candidate, type Lookup, type ServerClock } from "../ambiguous";
import { declaredFromServer, withDeclared } from "../declared";
import { dynamicProvider, pickOutputs, type ResourceApi } from "../dynamic-provider";
import { warn } from "../warnings";
import { queueResource } from "./definition";

type QueueList = z.infer<typeof queueListSchema>;

const collectionPath = (accountSid: string) => `/texml/Accounts/${encodeURIComponent(accountSid)}/Queues`;
const queuePath = (accountSid: string, sid: string) => `${collectionPath(accountSid)}/${encodeURIComponent(sid)}`;

/** Sids of the queues this provider process (this deployment) created: never another resource's candidate. */
const createdThisDeployment = new Set<string>();
/**
 * Names this provider process (this deployment) sent a create for, answered or not. A queue
 * whose sid is one of them, and not the name being settled, is that other resource's: where
 * sids are names it can be no other queue, and a generated sid would have to equal the name
 * of another of this stack's queues.
 */
const requestedThisDeployment = new Set<string>();

/**
 * Queue outputs. The live counters are outputs only: they are never inputs, so
 * they cannot cause a diff. `name` is the declared one: Telnyx does not return it.
 */
export function queueOutputs(queue: QueueWire, name: string, accountSid: string): Record<string, unknown> {
  return pickOutputs(queueResource, {
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
export function queueCreateForm(inputs: Record<string, unknown>) {
  return toPascalForm({ friendlyName: inputs.name as string, maxSize: inputs.maxSize as number | undefined });
}

/** An import id is `<queue sid>` (account from config) or `<account sid>/<queue sid>`. */
export function parseQueueId(id: string, fallbackAccount: string | undefined): { accountSid: string | undefined; sid: string } {
  const slash = id.indexOf("/");
  return slash === -1 ? { accountSid: fallbackAccount, sid: id } : { accountSid: id.slice(0, slash), sid: id.slice(slash + 1) };
}

async function fetchQueue(accountSid: string, sid: string): Promise<QueueWire | undefined> {
  const path = queuePath(accountSid, sid);
  try {
    const { body } = await clientFor().request({ method: "GET", path });
    return parseResponse(queueWireSchema, body, { method: "GET", path });
  } catch (error) {
    if (error instanceof TelnyxApiError && error.isNotFound) return undefined;
    throw error;
  }
}

/**
 * The queue an `import` option names (`<sid>` or `<account sid>/<sid>`), as outputs with
 * the declared name (Telnyx does not return a queue's name, so it cannot be checked).
 */
async function fetchForImport(id: string, declared: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> {
  const { accountSid, sid } = parseQueueId(id, declared.accountSid as string | undefined);
  if (!accountSid)
    throw new TelnyxImportError(
      `cannot import queue ${id}: no TeXML account SID; import it as "<account sid>/<queue sid>" or set ${settingKey("accountSid")}`,
    );
  const queue = await fetchQueue(accountSid, sid);
  if (!queue) throw new TelnyxImportError(`cannot import queue ${id}: account ${accountSid} has no queue "${sid}"`);
  return { id: queue.sid, outs: queueOutputs(queue, String(declared.name ?? queue.sid), accountSid) };
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

/**
 * Why a queue read back under a sid is not the one the state records: the sid was freed
 * (the queue deleted outside the stack) and re-used by a newer queue. Undefined when it is ours.
 */
function reusedSid(queue: QueueWire, previous: Record<string, unknown>): string | undefined {
  const recorded = previous.dateCreated;
  const live = toIsoDate(queue.date_created);
  if (typeof recorded !== "string" || live === recorded) return undefined;
  return `sid re-used by a queue created at ${live ?? "an unknown time"}, state recorded ${recorded}`;
}

/** The REST calls behind `texml.Queue`, on `/texml/Accounts/{account_sid}/Queues`. */
const queueApi: ResourceApi = {
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

  fetchForImport,

  async create(declared) {
    const accountSid = String(declared.accountSid);
    const name = String(declared[queueResource.identity]);
    const path = collectionPath(accountSid);
    const send = async () => {
      try {
        const { body } = await clientFor().request({ method: "POST", path, form: queueCreateForm(declared) });
        return parseResponse(queueWireSchema, body, { method: "POST", path });
      } catch (error) {
        throw explainTakenName(error, name);
      }
    };
    requestedThisDeployment.add(name);
    const sentAt = Date.now();
    let queue: QueueWire;
    try {
      queue = await send();
    } catch (error) {
      queue = await settleAmbiguousCreate(error, {
        what: `TeXML ${queueResource.noun} "${name}"`,
        sentAt,
        lookup: (notBefore) => lookupQueues(accountSid, name, declared, notBefore),
        retry: send,
      });
    }
    createdThisDeployment.add(queue.sid);
    return { id: queue.sid, outs: queueOutputs(queue, name, accountSid) };
  },

  async read(id, previous) {
    const { accountSid, sid } = parseQueueId(id, (previous.accountSid as string | undefined) ?? resolveSettings().accountSid);
    if (!accountSid)
      throw new TelnyxConfigError(
        `accountSid / ${settingKey("accountSid")} / TELNYX_ACCOUNT_SID`,
        `accountSid: cannot read queue "${sid}" without a TeXML account SID; import it as "<account sid>/<queue sid>" or set ${settingKey("accountSid")}`,
      );
    const queue = await fetchQueue(accountSid, sid);
    if (!queue) {
      // As for applications: a deleted object leaves the state; one never held (`Queue.get`) is an error.
      if (previous.name === undefined) throw new TelnyxImportError(`TeXML queue "${sid}" does not exist in account ${accountSid}`);
      return { id: undefined, props: {} };
    }
    const reused = reusedSid(queue, previous);
    if (reused !== undefined) {
      // A sid is freed when its queue is deleted and may be issued again (where sids are names, to
      // anyone who creates a queue of that name): only the creation time tells the queues apart.
      await warn(
        `texml.Queue "${String(previous.name)}": the queue this stack created is gone (${reused}); it leaves the stack, and the queue now holding sid "${sid}" is not adopted and will not be changed or deleted.`,
      );
      return { id: undefined, props: {} };
    }
    const name = (previous.name as string | undefined) ?? queue.sid;
    const outs = queueOutputs(queue, name, accountSid);
    const importing = previous.name === undefined;
    const inputs = (!importing && declaredFromServer(outs, previous)) || {
      name,
      accountSid,
      ...(outs.maxSize === undefined ? {} : { maxSize: outs.maxSize }),
    };
    return { id, props: withDeclared(outs, inputs), inputs };
  },

  async update(id, wanted, olds) {
    const accountSid = String(wanted.accountSid ?? olds.accountSid);
    const sid = String(olds.sid ?? parseQueueId(id, accountSid).sid);
    const path = queuePath(accountSid, sid);
    // Setting MaxSize again is harmless, so a dropped response may be retried.
    const { body } = await clientFor().request({
      method: "POST",
      path,
      form: toPascalForm({ maxSize: wanted.maxSize as number | undefined }),
      idempotent: true,
    });
    return queueOutputs(parseResponse(queueWireSchema, body, { method: "POST", path }), String(wanted.name), accountSid);
  },

  async delete(id, props) {
    const { accountSid, sid } = parseQueueId(id, props.accountSid as string | undefined);
    if (!accountSid)
      throw new TelnyxConfigError("accountSid", `accountSid: cannot delete queue "${sid}": the state records no TeXML account SID`);
    // A destroy without a refresh must not delete a queue that merely re-uses the sid: check
    // the creation time first (a queue the state records without one is taken as it is).
    if (typeof props.dateCreated === "string") {
      const live = await fetchQueue(accountSid, String(props.sid ?? sid));
      if (!live) return;
      const reused = reusedSid(live, props);
      if (reused !== undefined) {
        await warn(
          `texml.Queue "${String(props.name)}": not deleted, because the queue this stack created is already gone (${reused}); the queue now holding sid "${live.sid}" is left alone.`,
        );
        return;
      }
    }
    try {
      await clientFor().request({ method: "DELETE", path: queuePath(accountSid, String(props.sid ?? sid)) });
      // Its sid may be issued again (to another resource's queue of the same name, in this deployment).
      createdThisDeployment.delete(String(props.sid ?? sid));
    } catch (error) {
      if (error instanceof TelnyxApiError && error.isNotFound) return;
      throw error;
    }
  },
};

/** The dynamic provider of `texml.Queue`. */
export const queueProvider = dynamicProvider(queueResource, queueApi);

/**
 * Queues that could be the one an ambiguous create made. Telnyx lists no queue names, so a
 * queue's identity shows only where its sid is the name asked for (`same`). Queues this
 * deployment made or asked for under other names are `other`. Every other queue is `unknown`:
 * a sid equal to the name proves nothing about the rest, since an account that generates
 * sids may hold a foreign queue whose sid happens to be this name (the spec's own example
 * has sid `my-queue` for `FriendlyName` "Support Queue").
 */
async function lookupQueues(
  accountSid: string,
  name: string,
  declared: Record<string, unknown>,
  notBefore: (clock: ServerClock | undefined) => number | undefined,
): Promise<Lookup<QueueWire>> {
  const client = clientFor();
  const queues: QueueWire[] = [];
  let clock: ServerClock | undefined;
  let path: string | undefined = collectionPath(accountSid);
  let query: Record<string, number> | undefined = { PageSize: TEXML_MAX_PAGE_SIZE };
  while (path) {
    const response = await client.request({ method: "GET", path, query });
    clock ??= clockFrom(response);
    const page: QueueList = parseResponse(queueListSchema, response.body, { method: "GET", path });
    queues.push(...page.queues);
    path = page.next_page_uri && page.queues.length > 0 ? relativeToBase(client.baseUrl, page.next_page_uri) : undefined;
    query = undefined;
  }
  const stopAt = notBefore(clock);
  const candidates: Candidate<QueueWire>[] = [];
  for (const queue of queues) {
    const created = queue.date_created ? Date.parse(queue.date_created) : NaN;
    if (Number.isNaN(created) || (stopAt !== undefined && created + 1000 < stopAt)) continue;
    const identity = createdThisDeployment.has(queue.sid)
      ? "other"
      : queue.sid === name
        ? "same"
        : requestedThisDeployment.has(queue.sid)
          ? "other"
          : "unknown";
    const matchesInputs = declared.maxSize === undefined || queue.max_size === declared.maxSize;
    candidates.push({ object: queue, id: queue.sid, createdAt: created, precisionMs: 1000, identity, matchesInputs });
  }
  return { candidates, clock };
}
