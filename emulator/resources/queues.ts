import { rfc2822 } from "../dates";
import { Fields } from "../fields";
import { invalid, texmlNotFound, type ApiRequest } from "../http";
import { texmlPage } from "../paging";
import { requireAccount, route, type RouteContext } from "../router";
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

/** Twilio caps queues at 5000 members; Telnyx documents the same range. */
const MAX_SIZE = { min: 1, max: 5000 };

/** `/texml/Accounts/{account_sid}/Queues`: form bodies, the queue's name is its sid. */
export const queueRoutes = [
  route("GET", "/texml/Accounts/{account_sid}/Queues", "GetTexmlQueues", (req, ctx) => {
    const account = requireAccount(req, ctx);
    const created = dateFilter(req, "DateCreated");
    const updated = dateFilter(req, "DateUpdated");
    const items = [...ctx.store.queues.values()].filter((q) => q.accountSid === account && created(q.createdMs) && updated(q.updatedMs));
    return { status: 200, body: texmlPage(req, ctx.origin, "queues", items.map(renderQueue)) };
  }),
  route("POST", "/texml/Accounts/{account_sid}/Queues", "CreateTexmlQueue", (req, ctx) => {
    const account = requireAccount(req, ctx);
    const f = new Fields(req.body);
    const name = f.string("FriendlyName", { required: true })!;
    if (name.length > 64) throw invalid("/FriendlyName", "value", "The 'FriendlyName' parameter must be at most 64 characters long");
    const maxSize = f.int("MaxSize", MAX_SIZE) ?? 100;
    const key = queueKey(account, name);
    if (ctx.store.queues.has(key)) throw invalid("/FriendlyName", "value", `A queue named '${name}' already exists`);
    const now = ctx.now();
    const queue: QueueRecord = { sid: name, accountSid: account, friendlyName: name, maxSize, currentSize: 0, averageWaitTime: 0, createdMs: now, updatedMs: now };
    ctx.store.queues.set(key, queue);
    ctx.store.touch();
    return { status: 200, body: renderQueue(queue) };
  }),
  route("GET", "/texml/Accounts/{account_sid}/Queues/{queue_sid}", "GetTexmlQueue", (req, ctx) => ({ status: 200, body: renderQueue(find(req, ctx)) })),
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
