import type * as pulumi from "@pulumi/pulumi";
import { clientFor } from "../../client/factory";
import { TelnyxApiError, TelnyxConfigError } from "../../client/errors";
import { TelnyxImportError } from "../../errors";
import { TEXML_MAX_PAGE_SIZE, relativeToBase } from "../../client/paging";
import { resolveSettings } from "../../config";
import { toIsoDate } from "../../dates";
import { parseResponse } from "../../schemas/parse";
import { queueListSchema, queueWireSchema, type QueueWire } from "../../schemas/queues";
import type { z } from "zod";

type QueueList = z.infer<typeof queueListSchema>;
import { toPascalForm } from "../../wire";
import { clockFrom, settleAmbiguousCreate, type Candidate, type Lookup, type ServerClock } from "../ambiguous";
import { importError, importIdOf, importMismatches, importPending, keepImportId, rememberImport, takeImport } from "../adopt";
import { changedProperties, clearedPaths, withResets } from "../diff";
import { declaredFromServer, withDeclared } from "../declared";
import { checkInputs, userProperties, type CheckFailure } from "../validation";
import { QUEUE_REPLACE_ON, normalizeQueueProps, queueDefaults, queueInputsSchema } from "./schema";

const collectionPath = (accountSid: string) => `/texml/Accounts/${encodeURIComponent(accountSid)}/Queues`;
const queuePath = (accountSid: string, sid: string) => `${collectionPath(accountSid)}/${encodeURIComponent(sid)}`;

/** Sids of the queues this provider process (this deployment) created: never another resource's candidate. */
const createdThisDeployment = new Set<string>();

/**
 * Queue outputs. The live counters are outputs only: they are never inputs, so
 * they cannot cause a diff. `name` is the declared one: Telnyx does not return it.
 */
export function queueOutputs(queue: QueueWire, name: string, accountSid: string): Record<string, unknown> {
  const outs: Record<string, unknown> = {
    name,
    sid: queue.sid,
    accountSid: queue.account_sid ?? accountSid,
    maxSize: queue.max_size,
    currentSize: queue.current_size,
    averageWaitTime: queue.average_wait_time,
    dateCreated: toIsoDate(queue.date_created),
    dateUpdated: toIsoDate(queue.date_updated),
    uri: queue.uri,
  };
  for (const k of Object.keys(outs)) if (outs[k] === undefined) delete outs[k];
  return outs;
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
async function outputsForImport(id: string, declared: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { accountSid, sid } = parseQueueId(id, declared.accountSid as string | undefined);
  if (!accountSid) throw new TelnyxImportError(`cannot import queue ${id}: no TeXML account SID; import it as "<account sid>/<queue sid>" or set telnyx:accountSid`);
  const queue = await fetchQueue(accountSid, sid);
  if (!queue) throw new TelnyxImportError(`cannot import queue ${id}: account ${accountSid} has no queue "${sid}"`);
  return queueOutputs(queue, String(declared.name ?? queue.sid), accountSid);
}

/** Declared inputs that differ from the state, with account SIDs compared without letter case. */
function queueChanges(state: Record<string, unknown>, declared: Record<string, unknown>): string[] {
  return changedProperties(normalizeQueueProps(state), normalizeQueueProps(declared));
}

/** A 422 on `FriendlyName` means the name is taken: say what to do about it. */
function explainTakenName(error: unknown, name: string): unknown {
  if (error instanceof TelnyxApiError && error.status === 422 && error.pointer === "/FriendlyName") {
    error.message +=
      `. A queue named "${name}" already exists in the account and this stack did not create it: adopt it with \`import: <its sid>\` ` +
      "(the queue's sid is in the Telnyx portal or `getQueues`), or choose another name.";
  }
  return error;
}

/** CRUD for `texml.Queue`, mapped onto `/texml/Accounts/{account_sid}/Queues`. */
export const queueProvider: pulumi.dynamic.ResourceProvider = {
  async check(olds, news) {
    const inputs = userProperties(news);
    // The account is resolved here, from config when not declared, so that it is part of the
    // recorded inputs: moving a stack to another account then shows as a replacement.
    if (inputs.accountSid === undefined) {
      const fromConfig = resolveSettings().accountSid;
      if (fromConfig) inputs.accountSid = fromConfig;
    }
    const failures: CheckFailure[] = checkInputs(queueInputsSchema, inputs);
    if (inputs.accountSid === undefined) {
      failures.push({ property: "accountSid", reason: "is required: pass it, or set `pulumi config set telnyx:accountSid <sid>` or TELNYX_ACCOUNT_SID" });
    }
    const importId = importIdOf(news);
    if (importId && failures.length === 0 && importPending(olds, news)) {
      const outs = await outputsForImport(importId, inputs);
      rememberImport(`queue/${String(inputs.accountSid)}/${importId}`, outs);
      failures.push(...importMismatches("queue", normalizeQueueProps(outs), normalizeQueueProps(inputs)));
    }
    return { inputs: keepImportId(inputs, news), failures };
  },

  async diff(_id, olds, news) {
    const declared = userProperties(news);
    const changed = queueChanges(olds, declared);
    const cleared = clearedPaths(olds, declared, queueDefaults);
    const replaces = changed.filter((k) => (QUEUE_REPLACE_ON as readonly string[]).includes(k));
    return { changes: changed.length + cleared.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const declared = userProperties(inputs);
    const importId = importIdOf(inputs);
    if (importId) {
      const outs = takeImport(`queue/${String(declared.accountSid)}/${importId}`) ?? (await outputsForImport(importId, declared));
      const failures = importMismatches("queue", normalizeQueueProps(outs), normalizeQueueProps(declared));
      if (failures.length) throw importError(`queue ${importId}`, failures);
      return { id: String(outs.sid), outs: withDeclared(outs, declared) };
    }
    const accountSid = String(inputs.accountSid);
    const name = String(inputs.name);
    const path = collectionPath(accountSid);
    const send = async () => {
      try {
        const { body } = await clientFor().request({ method: "POST", path, form: queueCreateForm(inputs) });
        return parseResponse(queueWireSchema, body, { method: "POST", path });
      } catch (error) {
        throw explainTakenName(error, name);
      }
    };
    const sentAt = Date.now();
    let queue: QueueWire;
    try {
      queue = await send();
    } catch (error) {
      queue = await settleAmbiguousCreate(error, {
        what: `TeXML queue "${name}"`,
        sentAt,
        lookup: (notBefore) => lookupQueues(accountSid, name, declared, notBefore),
        retry: send,
      });
    }
    createdThisDeployment.add(queue.sid);
    return { id: queue.sid, outs: withDeclared(queueOutputs(queue, name, accountSid), declared) };
  },

  async read(id, props) {
    const previous = props ?? {};
    const { accountSid, sid } = parseQueueId(id, (previous.accountSid as string | undefined) ?? resolveSettings().accountSid);
    if (!accountSid) throw new TelnyxConfigError("accountSid / telnyx:accountSid / TELNYX_ACCOUNT_SID", `accountSid: cannot read queue "${sid}" without a TeXML account SID; import it as "<account sid>/<queue sid>" or set telnyx:accountSid`);
    const queue = await fetchQueue(accountSid, sid);
    if (!queue) {
      // As for applications: a deleted object leaves the state; one never held (`Queue.get`) is an error.
      if (previous.name === undefined) throw new TelnyxImportError(`TeXML queue "${sid}" does not exist in account ${accountSid}`);
      return { id: undefined, props: {} };
    }
    const name = (previous.name as string | undefined) ?? queue.sid;
    const outs = queueOutputs(queue, name, accountSid);
    const importing = previous.name === undefined;
    const inputs = (!importing && declaredFromServer(outs, previous)) || { name, accountSid, ...(outs.maxSize === undefined ? {} : { maxSize: outs.maxSize }) };
    return { id, props: withDeclared(outs, inputs), inputs };
  },

  async update(id, olds, news) {
    const accountSid = String(news.accountSid ?? olds.accountSid);
    const sid = String(olds.sid ?? parseQueueId(id, accountSid).sid);
    const path = queuePath(accountSid, sid);
    const declared = userProperties(news);
    const wanted = withResets(declared, clearedPaths(olds, declared, queueDefaults), queueDefaults);
    // Setting MaxSize again is harmless, so a dropped response may be retried.
    const { body } = await clientFor().request({ method: "POST", path, form: toPascalForm({ maxSize: wanted.maxSize as number | undefined }), idempotent: true });
    const queue = parseResponse(queueWireSchema, body, { method: "POST", path });
    return { outs: withDeclared(queueOutputs(queue, String(news.name), accountSid), declared) };
  },

  async delete(id, props) {
    const { accountSid, sid } = parseQueueId(id, props.accountSid as string | undefined);
    if (!accountSid) throw new Error(`accountSid: cannot delete queue "${sid}": the state records no TeXML account SID`);
    try {
      await clientFor().request({ method: "DELETE", path: queuePath(accountSid, String(props.sid ?? sid)) });
    } catch (error) {
      if (error instanceof TelnyxApiError && error.isNotFound) return;
      throw error;
    }
  },
};

/**
 * Queues that could be the one an ambiguous create made. Telnyx lists no queue names, so
 * a queue's identity shows only where its sid is the name asked for (`same`). Where one
 * does, Telnyx evidently names sids after queues and every other sid is `other`; so are
 * the queues this deployment made for other resources. The rest are `unknown`.
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
  const named = queues.some((q) => q.sid === name);
  const candidates: Candidate<QueueWire>[] = [];
  for (const queue of queues) {
    const created = queue.date_created ? Date.parse(queue.date_created) : NaN;
    if (Number.isNaN(created) || (stopAt !== undefined && created + 1000 < stopAt)) continue;
    const identity = queue.sid === name ? "same" : named || createdThisDeployment.has(queue.sid) ? "other" : "unknown";
    const matchesInputs = declared.maxSize === undefined || queue.max_size === declared.maxSize;
    candidates.push({ object: queue, id: queue.sid, createdAt: created, precisionMs: 1000, identity, matchesInputs });
  }
  return { candidates, clock };
}
