/**
 * `texml.Queue`'s provider: its REST calls (`api.ts`) run by the generic lifecycle
 * (`../lifecycle.ts`), with what is particular to queues declared below: the account comes
 * from config when not declared, a queue is named by account and sid, and Telnyx lists no
 * queue names, so a listed queue's identity shows only where its sid is the name.
 */
import { TelnyxConfigError } from "../../base/client/errors";
import { resolveSettings, settingKey } from "../../base/config";
import { TelnyxImportError } from "../../base/errors";
import { lifecycleProvider } from "../lifecycle";
import { queueApi, type QueueRef } from "./api";
import { queueResource } from "./definition";

export { queueCreateForm, queueOutputs, type QueueRef } from "./api";

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
