import type * as pulumi from "@pulumi/pulumi";
import { clientFor } from "../../client/factory";
import { TelnyxApiError } from "../../client/errors";
import { resolveSettings } from "../../config";
import { toIsoDate } from "../../dates";
import { parseResponse } from "../../schemas/parse";
import { queueWireSchema, type QueueWire } from "../../schemas/queues";
import { toPascalForm } from "../../wire";
import { adoptAfterAmbiguousCreate } from "../ambiguous";
import { importError, importIdOf, importMismatches, importPending, keepImportId, rememberImport, takeImport } from "../adopt";
import { changedProperties } from "../diff";
import { declaredFromServer, withDeclared } from "../declared";
import { checkInputs, userProperties, type CheckFailure } from "../validation";
import { QUEUE_REPLACE_ON, queueInputsSchema } from "./schema";

const collectionPath = (accountSid: string) => `/texml/Accounts/${encodeURIComponent(accountSid)}/Queues`;
const queuePath = (accountSid: string, sid: string) => `${collectionPath(accountSid)}/${encodeURIComponent(sid)}`;

/**
 * Queue outputs. The live counters are outputs only: they are never inputs, so
 * they cannot cause a diff.
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

/** The queue an `import` option names (`<sid>` or `<account sid>/<sid>`), as outputs; an error when there is none. */
async function outputsForImport(id: string, declared: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { accountSid, sid } = parseQueueId(id, declared.accountSid as string | undefined);
  if (!accountSid) throw new Error(`cannot import queue ${id}: no TeXML account SID; import it as "<account sid>/<queue sid>" or set telnyx:accountSid`);
  const queue = await fetchQueue(accountSid, sid);
  if (!queue) throw new Error(`cannot import queue ${id}: account ${accountSid} has no queue "${sid}"`);
  return queueOutputs(queue, queue.sid, accountSid);
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
      failures.push(...importMismatches("queue", outs, inputs));
    }
    return { inputs: keepImportId(inputs, news), failures };
  },

  async diff(_id, olds, news) {
    const changed = changedProperties(olds, userProperties(news));
    const replaces = changed.filter((k) => (QUEUE_REPLACE_ON as readonly string[]).includes(k));
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const importId = importIdOf(inputs);
    if (importId) {
      const declared = userProperties(inputs);
      const outs = takeImport(`queue/${String(declared.accountSid)}/${importId}`) ?? (await outputsForImport(importId, declared));
      const failures = importMismatches("queue", outs, declared);
      if (failures.length) throw importError(`queue ${importId}`, failures);
      return { id: String(outs.sid), outs: withDeclared(outs, declared) };
    }
    const accountSid = String(inputs.accountSid);
    const name = String(inputs.name);
    const path = collectionPath(accountSid);
    const send = async () => {
      const { body } = await clientFor().request({ method: "POST", path, form: queueCreateForm(inputs) });
      return parseResponse(queueWireSchema, body, { method: "POST", path });
    };
    let queue: QueueWire;
    try {
      queue = await send();
    } catch (error) {
      // The name is the queue's identity: if a queue by that name exists after an ambiguous failure, it is ours.
      queue = await adoptAfterAmbiguousCreate(error, {
        what: `TeXML queue "${name}"`,
        startedAt: Date.now(),
        find: async () => {
          const found = await fetchQueue(accountSid, name);
          return found ? [found] : [];
        },
        retry: send,
      });
    }
    return { id: queue.sid, outs: withDeclared(queueOutputs(queue, name, accountSid), userProperties(inputs)) };
  },

  async read(id, props) {
    const previous = props ?? {};
    const { accountSid, sid } = parseQueueId(id, (previous.accountSid as string | undefined) ?? resolveSettings().accountSid);
    if (!accountSid) throw new Error(`accountSid: cannot read queue "${sid}" without a TeXML account SID; import it as "<account sid>/<queue sid>" or set telnyx:accountSid`);
    const queue = await fetchQueue(accountSid, sid);
    if (!queue) return { id: undefined, props: {} };
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
    // Setting MaxSize again is harmless, so a dropped response may be retried.
    const { body } = await clientFor().request({ method: "POST", path, form: toPascalForm({ maxSize: news.maxSize as number | undefined }), idempotent: true });
    const queue = parseResponse(queueWireSchema, body, { method: "POST", path });
    return { outs: withDeclared(queueOutputs(queue, String(news.name), accountSid), userProperties(news)) };
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
