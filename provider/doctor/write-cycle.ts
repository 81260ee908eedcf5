import type * as z from "zod";
import { randomBytes } from "node:crypto";
import { TelnyxApiError } from "../base/client/errors";
import { TEXML_MAX_PAGE_SIZE, relativeToBase } from "../base/client/paging";
import { clockFrom, type Candidate, type Lookup, type ServerClock } from "../kinds/ambiguous";
import { parseResponse } from "../base/schemas/parse";
import { queueListSchema, queueWireSchema, type QueueWire } from "../base/schemas/queues";
import { texmlApplicationEnvelopeSchema, texmlApplicationListSchema, type TexmlApplicationWire } from "../base/schemas/texml-applications";
import { WRITE_CHECKS, type CheckDefinition } from "./catalogue";
import type { Ledger } from "./ledger";
import { createOwned } from "./own-create";
import { Interrupted, describeError, type DoctorSession } from "./session";

/** The start of every name the doctor creates; the rest is random per run. */
export const DOCTOR_PREFIX = "telnyx-texml-doctor-";

/** A fresh run prefix, `telnyx-texml-doctor-<8 hex>`. */
export function newRunName(): string {
  return `${DOCTOR_PREFIX}${randomBytes(4).toString("hex")}`;
}

/** Thrown when a step the rest depends on failed; the cycle stops and cleans up. */
class StepFailed extends Error {}

const APPLICATIONS = "/texml_applications";
const applicationPath = (id: string) => `${APPLICATIONS}/${encodeURIComponent(id)}`;

/**
 * The `--write` cycle: a temporary application (create, list, read, update, delete) and a
 * temporary queue (create, list, duplicate, update, delete), both named `name`, deciding
 * the guesses they can. Every object it makes goes into `ledger` at once; the caller
 * cleans up whatever is left, however this ends. A failed step stops the cycle.
 */
export async function runWriteCycle(session: DoctorSession, ledger: Ledger, name: string): Promise<void> {
  try {
    await applicationCycle(session, ledger, name);
    await queueCycle(session, ledger, name);
  } catch (error) {
    if (error instanceof StepFailed || error instanceof Interrupted) return;
    throw error;
  }
}

/** Runs one step: on an unexpected failure records it on `definition` and stops the cycle. */
async function step<T>(session: DoctorSession, definition: CheckDefinition, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Interrupted) throw error;
    session.record(definition, describeError(error), "error");
    throw new StepFailed(definition.id);
  }
}

async function applicationCycle(session: DoctorSession, ledger: Ledger, name: string): Promise<void> {
  // A path with upper case, a query in non-sorted order and an escape: a server that normalises URLs changes one of them.
  const voiceUrl = `https://example.com/${name}/TeXML?b=2&a=%20x`;
  const statusCallback = `https://example.com/${name}/Status`;
  const body = { friendly_name: name, voice_url: voiceUrl, status_callback: statusCallback };
  const send = async () => {
    const response = await session.request({ method: "POST", path: APPLICATIONS, json: body });
    return parseResponse(texmlApplicationEnvelopeSchema, response.body, { method: "POST", path: APPLICATIONS }).data;
  };
  const created = await step(session, WRITE_CHECKS["write.app-create"], () =>
    createOwned(ledger, {
      kind: "application",
      name,
      send,
      idOf: (app) => app.id,
      pathOf: applicationPath,
      lookup: () => lookupApplications(session, name, voiceUrl, ledger),
    }),
  );
  session.record(WRITE_CHECKS["write.app-create"], `id ${created.id}`, "agrees");
  const id = created.id;
  const nulls =
    created.voice_fallback_url === undefined
      ? "voice_fallback_url absent"
      : `voice_fallback_url ${JSON.stringify(created.voice_fallback_url)}`;
  session.record(
    WRITE_CHECKS["write.app-nulls"],
    nulls,
    created.voice_fallback_url === undefined ? "agrees" : created.voice_fallback_url === null ? "noted" : "contradicted",
  );

  const listed = await step(session, WRITE_CHECKS["write.app-listed"], () => applicationListed(session, name, id));
  session.record(
    WRITE_CHECKS["write.app-listed"],
    listed ? "listed" : "not listed yet (adoption after a lost create waits TELNYX_CREATE_SETTLE_MS for it)",
    listed ? "agrees" : "noted",
  );
  if (listed) {
    // The middle of the name in upper case: matches only if the filter is case-insensitive and a substring match.
    const part = name.slice(4).toUpperCase();
    const found = await step(session, WRITE_CHECKS["write.filter-match"], () => applicationListed(session, part, id));
    session.record(
      WRITE_CHECKS["write.filter-match"],
      found ? `"${part}" lists it` : `"${part}" does not list it`,
      found ? "agrees" : "contradicted",
    );
  } else {
    session.record(WRITE_CHECKS["write.filter-match"], "not decided: the application was not listed yet", "undecided");
  }

  const read = await step(session, WRITE_CHECKS["write.app-read"], async () => {
    const response = await session.request({ method: "GET", path: applicationPath(id) });
    return parseResponse(texmlApplicationEnvelopeSchema, response.body, { method: "GET", path: applicationPath(id) }).data;
  });
  session.record(
    WRITE_CHECKS["write.app-read"],
    read.friendly_name === name ? "as created" : `friendly_name ${JSON.stringify(read.friendly_name)}`,
    read.friendly_name === name ? "agrees" : "contradicted",
  );
  const echoes = [
    ["create voice_url", created.voice_url, voiceUrl],
    ["create status_callback", created.status_callback, statusCallback],
    ["GET voice_url", read.voice_url, voiceUrl],
    ["GET status_callback", read.status_callback, statusCallback],
  ] as const;
  const changed = echoes
    .filter(([, seen, sent]) => seen !== sent)
    .map(([where, seen, sent]) => `${where}: sent ${JSON.stringify(sent)}, got ${JSON.stringify(seen)}`);
  session.record(
    WRITE_CHECKS["write.url-echo"],
    changed.length ? changed.join("; ") : "unchanged",
    changed.length ? "contradicted" : "agrees",
  );

  const newVoiceUrl = `https://example.com/${name}/TeXML2`;
  const updated = await step(session, WRITE_CHECKS["write.app-update"], async () => {
    const response = await session.request({
      method: "PATCH",
      path: applicationPath(id),
      json: { friendly_name: name, voice_url: newVoiceUrl },
    });
    return parseResponse(texmlApplicationEnvelopeSchema, response.body, { method: "PATCH", path: applicationPath(id) }).data;
  });
  session.record(
    WRITE_CHECKS["write.app-update"],
    `voice_url ${JSON.stringify(updated.voice_url)}`,
    updated.voice_url === newVoiceUrl ? "agrees" : "contradicted",
  );
  const kept = updated.status_callback === statusCallback;
  session.record(
    WRITE_CHECKS["write.patch-merge"],
    kept ? "merges: status_callback kept" : `replaces: status_callback ${JSON.stringify(updated.status_callback ?? null)}`,
    kept ? "agrees" : "noted",
  );

  await expectRefusal(
    session,
    WRITE_CHECKS["write.channel-limit-zero"],
    { method: "PATCH", path: applicationPath(id), json: { friendly_name: name, voice_url: newVoiceUrl, inbound: { channel_limit: 0 } } },
    (e) => e.status === 422,
  );

  const deleted = await step(session, WRITE_CHECKS["write.app-delete"], () =>
    session.request({ method: "DELETE", path: applicationPath(id) }),
  );
  ledger.markDeleted("application", id);
  session.record(WRITE_CHECKS["write.app-delete"], String(deleted.status), "agrees");
  await expectRefusal(
    session,
    WRITE_CHECKS["write.app-deleted-get"],
    { method: "GET", path: applicationPath(id) },
    (e) => e.status === 404,
    true,
  );
  await expectRefusal(
    session,
    WRITE_CHECKS["write.app-second-delete"],
    { method: "DELETE", path: applicationPath(id) },
    (e) => e.status === 404,
    true,
  );
}

async function queueCycle(session: DoctorSession, ledger: Ledger, name: string): Promise<void> {
  const collection = `/texml/Accounts/${encodeURIComponent(session.accountSid)}/Queues`;
  const queuePath = (sid: string) => `${collection}/${encodeURIComponent(sid)}`;
  const send = async () => {
    const response = await session.request({ method: "POST", path: collection, form: { FriendlyName: name } });
    return parseResponse(queueWireSchema, response.body, { method: "POST", path: collection });
  };
  const createQueue = () =>
    createOwned(ledger, {
      kind: "queue",
      name,
      send,
      idOf: (queue) => queue.sid,
      pathOf: queuePath,
      lookup: (notBefore) => lookupQueues(session, collection, name, ledger, notBefore),
    });
  const queue = await step(session, WRITE_CHECKS["write.queue-create"], createQueue);
  session.record(WRITE_CHECKS["write.queue-create"], `sid ${queue.sid}`, "agrees");
  session.record(
    WRITE_CHECKS["write.queue-sid"],
    queue.sid === name ? "the name" : `${queue.sid} (not the name)`,
    queue.sid === name ? "agrees" : "noted",
  );
  session.record(
    WRITE_CHECKS["write.queue-default-max-size"],
    `max_size ${String(queue.max_size)}`,
    queue.max_size === 100 ? "agrees" : "contradicted",
  );

  const all = await step(session, WRITE_CHECKS["write.queue-listed"], async () => (await listQueues(session, collection)).queues);
  const listed = all.some((q) => q.sid === queue.sid);
  session.record(
    WRITE_CHECKS["write.queue-listed"],
    listed ? "listed" : "not listed yet (adoption after a lost create waits TELNYX_CREATE_SETTLE_MS for it)",
    listed ? "agrees" : "noted",
  );

  const duplicate = WRITE_CHECKS["write.queue-duplicate-name"];
  try {
    const second = await createQueue();
    session.record(duplicate, `accepted: a second queue, sid ${second.sid}`, "contradicted");
  } catch (error) {
    if (error instanceof Interrupted) throw error;
    if (error instanceof TelnyxApiError && error.kind === "http" && error.status! < 500) {
      session.record(
        duplicate,
        describeError(error),
        error.status === 422 && error.pointer === "/FriendlyName" ? "agrees" : "contradicted",
      );
    } else {
      session.record(duplicate, describeError(error), "error");
    }
  }

  await expectRefusal(
    session,
    WRITE_CHECKS["write.queue-max-size-bound"],
    { method: "POST", path: queuePath(queue.sid), form: { MaxSize: 5001 }, idempotent: true },
    (e) => e.status === 422,
  );

  const updated = await step(session, WRITE_CHECKS["write.queue-update"], async () => {
    const response = await session.request({ method: "POST", path: queuePath(queue.sid), form: { MaxSize: 7 }, idempotent: true });
    return parseResponse(queueWireSchema, response.body, { method: "POST", path: queuePath(queue.sid) });
  });
  session.record(
    WRITE_CHECKS["write.queue-update"],
    `max_size ${String(updated.max_size)}`,
    updated.max_size === 7 ? "agrees" : "contradicted",
  );

  const deleted = await step(session, WRITE_CHECKS["write.queue-delete"], () =>
    session.request({ method: "DELETE", path: queuePath(queue.sid) }),
  );
  ledger.markDeleted("queue", queue.sid);
  session.record(WRITE_CHECKS["write.queue-delete"], String(deleted.status), deleted.status === 204 ? "agrees" : "noted");
  await expectRefusal(
    session,
    WRITE_CHECKS["write.queue-deleted-get"],
    { method: "GET", path: queuePath(queue.sid) },
    (e) => e.status === 404,
    true,
  );
}

/**
 * A request that should be refused. A refusal `expected` judges agrees or contradicted; an
 * acceptance is a contradiction. With `stopOnSurprise`, a contradiction stops the cycle
 * (a deleted object that still answers must not be used further).
 */
async function expectRefusal(
  session: DoctorSession,
  definition: CheckDefinition,
  req: Parameters<DoctorSession["request"]>[0],
  expected: (error: TelnyxApiError) => boolean,
  stopOnSurprise = false,
): Promise<void> {
  const outcome = await step(session, definition, () => session.requestExpectingError(req));
  if ("response" in outcome) {
    session.record(definition, `${outcome.response.status}: accepted`, "contradicted");
  } else {
    const agrees = expected(outcome.error);
    session.record(definition, describeError(outcome.error), agrees ? "agrees" : "contradicted");
    if (agrees) return;
  }
  if (stopOnSurprise) throw new StepFailed(definition.id);
}

async function applicationListed(session: DoctorSession, filter: string, id: string): Promise<boolean> {
  const response = await session.request({
    method: "GET",
    path: APPLICATIONS,
    query: { "filter[friendly_name]": filter, "page[size]": 250 },
  });
  return parseResponse(texmlApplicationListSchema, response.body, { method: "GET", path: APPLICATIONS }).data.some((app) => app.id === id);
}

/** Every queue of the account (all pages), and the clock of the first answer. */
async function listQueues(
  session: DoctorSession,
  collection: string,
  options: { evenIfInterrupted?: boolean } = {},
): Promise<{ queues: QueueWire[]; clock?: ServerClock }> {
  const queues: QueueWire[] = [];
  let clock: ServerClock | undefined;
  let path: string | undefined = collection;
  let query: Record<string, number> | undefined = { PageSize: TEXML_MAX_PAGE_SIZE };
  while (path) {
    const response = await session.request({ method: "GET", path, query }, options);
    clock ??= clockFrom(response);
    const page: z.infer<typeof queueListSchema> = parseResponse(queueListSchema, response.body, { method: "GET", path });
    queues.push(...page.queues);
    path = page.next_page_uri && page.queues.length > 0 ? relativeToBase(session.client.baseUrl, page.next_page_uri) : undefined;
    query = undefined;
  }
  return { queues, clock };
}

/** Applications that could be this run's lost create: only those with this run's exact name (one page: the name is this run's alone). */
async function lookupApplications(
  session: DoctorSession,
  name: string,
  voiceUrl: string,
  ledger: Ledger,
): Promise<Lookup<TexmlApplicationWire>> {
  const query = { "filter[friendly_name]": name, sort: "-created_at", "page[size]": 250 };
  const response = await session.request({ method: "GET", path: APPLICATIONS, query }, { evenIfInterrupted: true });
  const clock = clockFrom(response);
  const mine = ledger.ids("application");
  const candidates: Candidate<TexmlApplicationWire>[] = [];
  for (const app of parseResponse(texmlApplicationListSchema, response.body, { method: "GET", path: APPLICATIONS }).data) {
    const created = app.created_at ? Date.parse(app.created_at) : NaN;
    if (app.friendly_name !== name || Number.isNaN(created)) continue;
    const precisionMs = /\.\d{3}/.test(app.created_at!) ? 1 : 1000;
    candidates.push({
      object: app,
      id: app.id,
      createdAt: created,
      precisionMs,
      identity: mine.has(app.id) ? "other" : "same",
      matchesInputs: app.voice_url === voiceUrl,
    });
  }
  return { candidates, clock };
}

/**
 * Queues that could be this run's lost create. Telnyx lists no queue names: a queue is
 * this run's only where its sid is this run's name; where sids are generated, every new
 * queue is `unknown` and the create cannot be settled (the ledger then says so).
 */
async function lookupQueues(
  session: DoctorSession,
  collection: string,
  name: string,
  ledger: Ledger,
  notBefore: (clock: ServerClock | undefined) => number | undefined,
): Promise<Lookup<QueueWire>> {
  const { queues, clock } = await listQueues(session, collection, { evenIfInterrupted: true });
  const stopAt = notBefore(clock);
  const mine = ledger.ids("queue");
  const named = queues.some((q) => q.sid === name && !mine.has(q.sid));
  const candidates: Candidate<QueueWire>[] = [];
  for (const queue of queues) {
    const created = queue.date_created ? Date.parse(queue.date_created) : NaN;
    if (Number.isNaN(created) || (stopAt !== undefined && created + 1000 < stopAt)) continue;
    const identity = mine.has(queue.sid) ? "other" : queue.sid === name ? "same" : named ? "other" : "unknown";
    candidates.push({ object: queue, id: queue.sid, createdAt: created, precisionMs: 1000, identity, matchesInputs: true });
  }
  return { candidates, clock };
}
