import { rfc2822 } from "../dates";
import { Fields } from "../fields";
import { invalid, texmlNotFound, type ApiRequest } from "../http";
import { texmlPage } from "../paging";
import { randomBytes } from "node:crypto";
import { listed, requireAccount, route, unlistedUntil, type RouteContext } from "../router";
import { queueKey, type QueueRecord } from "../state";
import { dateFilter } from "./filters";

/** The spec's examples give queue URIs without the `/v2/texml` prefix; so does the emulator. */
export function renderQueue(q: QueueRecord) {
  const uri = `/Accounts/${q.accountSid}/Queues/${encodeURIComponent(q.sid)}`;
  return {
    account_sid: q.accountSid,
    average_wait_time: q.averageWaitTime,
    current_size: q.currentSize,
    date_created: rfc2822(q.createdMs),
    date_updated: rfc2822(q.updatedMs),
    max_size: q.maxSize,
    sid: q.sid,
    subresource_uris: { members: `${uri}/Members` },
    uri,
  };
}

function find(req: ApiRequest, ctx: RouteContext): QueueRecord {
  const account = requireAccount(req, ctx);
  const queue = ctx.store.queues.get(queueKey(account, req.params.queue_sid!));
  if (!queue) throw texmlNotFound();
  return queue;
}

/** A new queue's sid, per `EmulatorOptions.queueSids`. */
export const newQueueSid = (how: "name" | "generated", name: string) => (how === "name" ? name : `QU${randomBytes(16).toString("hex")}`);

/** Twilio caps queues at 5000 members; Telnyx documents the same range. */
const MAX_SIZE = { min: 1, max: 5000 };

/**
 * `/texml/Accounts/{account_sid}/Queues`: form bodies. A new queue's sid is its name
 * (the spec's paths and Twilio's habit) or a generated `QU…` sid (the spec's own example
 * has `FriendlyName: "Support Queue"` with sid `my-queue`), per `EmulatorOptions.queueSids`.
 * Names are unique per account either way.
 */
export const queueRoutes = [
  route("GET", "/texml/Accounts/{account_sid}/Queues", "GetTexmlQueues", (req, ctx) => {
    const account = requireAccount(req, ctx);
    const created = dateFilter(req, "DateCreated");
    const updated = dateFilter(req, "DateUpdated");
    const now = ctx.now();
    const items = [...ctx.store.queues.values()].filter(
      (q) => q.accountSid === account && listed(q, now) && created(q.createdMs) && updated(q.updatedMs),
    );
    return { status: 200, body: texmlPage(req, "queues", items.map(renderQueue)) };
  }),
  route("POST", "/texml/Accounts/{account_sid}/Queues", "CreateTexmlQueue", (req, ctx) => {
    const account = requireAccount(req, ctx);
    const f = new Fields(req.body);
    const name = f.string("FriendlyName", { required: true })!;
    if (name.length > 64) throw invalid("/FriendlyName", "value", "The 'FriendlyName' parameter must be at most 64 characters long");
    const maxSize = f.int("MaxSize", MAX_SIZE) ?? ctx.queueDefaultMaxSize;
    for (const other of ctx.store.queues.values()) {
      if (other.accountSid === account && other.friendlyName === name)
        throw invalid("/FriendlyName", "value", `A queue named '${name}' already exists`);
    }
    const sid = newQueueSid(ctx.queueSids, name);
    const now = ctx.now();
    const queue: QueueRecord = {
      sid,
      accountSid: account,
      friendlyName: name,
      maxSize,
      currentSize: 0,
      averageWaitTime: 0,
      createdMs: now,
      updatedMs: now,
      ...unlistedUntil(ctx, now),
    };
    ctx.store.queues.set(queueKey(account, sid), queue);
    ctx.store.touch();
    return { status: 200, body: renderQueue(queue) };
  }),
  route("GET", "/texml/Accounts/{account_sid}/Queues/{queue_sid}", "GetTexmlQueue", (req, ctx) => ({
    status: 200,
    body: renderQueue(find(req, ctx)),
  })),
  route("POST", "/texml/Accounts/{account_sid}/Queues/{queue_sid}", "UpdateTexmlQueue", (req, ctx) => {
    const queue = find(req, ctx);
    const maxSize = new Fields(req.body).int("MaxSize", MAX_SIZE);
    if (maxSize !== undefined) queue.maxSize = maxSize;
    queue.updatedMs = ctx.now();
    ctx.store.touch();
    return { status: 200, body: renderQueue(queue) };
  }),
  route("DELETE", "/texml/Accounts/{account_sid}/Queues/{queue_sid}", "DeleteTexmlQueue", (req, ctx) => {
    const queue = find(req, ctx);
    ctx.store.queues.delete(queueKey(queue.accountSid, queue.sid));
    ctx.store.touch();
    return { status: 204 };
  }),
];
