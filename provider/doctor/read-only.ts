import * as z from "zod";
import { TelnyxApiError, TelnyxConfigError } from "../base/client/errors";
import { relativeToBase } from "../base/client/paging";
import { callWireSchema } from "../base/schemas/calls";
import { conferenceWireSchema } from "../base/schemas/conferences";
import { participantWireSchema } from "../base/schemas/participants";
import { queueWireSchema } from "../base/schemas/queues";
import { recordingWireSchema } from "../base/schemas/recordings";
import { texmlPageSchema } from "../base/schemas/records";
import { texmlApplicationListSchema } from "../base/schemas/texml-applications";
import { transcriptionWireSchema } from "../base/schemas/transcriptions";
import { READ_CHECKS, type CheckDefinition } from "./catalogue";
import { describeError, type DoctorSession } from "./session";
import { unknownFields } from "./unknown-fields";

const accountPath = (session: DoctorSession) => `/texml/Accounts/${encodeURIComponent(session.accountSid)}`;

/** A TeXML listing the package reads (data functions, the queue lookup, export). */
interface TexmlListing {
  definition: CheckDefinition;
  path: string;
  listKey: string;
  record: z.ZodType;
}

interface FirstPage {
  listing: TexmlListing;
  body?: Record<string, unknown>;
  items: Record<string, unknown>[];
}

/**
 * The read-only pass: authentication, the account, one page of each listing parsed with
 * the package's schemas (unknown fields reported), paging, filters, order, `Date`
 * headers and the clock offset. Only GETs. A refused key or an unknown account is a
 * configuration error ({@link TelnyxConfigError}, exit 2): nothing else can be checked.
 */
export async function runReadOnlyChecks(session: DoctorSession): Promise<void> {
  const applications = await checkAuthentication(session);
  await checkAccount(session);
  const pages: FirstPage[] = [];
  for (const listing of texmlListings(session)) pages.push(await checkTexmlListing(session, listing));
  const conference = pages.find((p) => p.listing.listKey === "conferences")?.items[0]?.sid;
  if (typeof conference === "string") {
    const listing = {
      definition: READ_CHECKS["read.list-participants"],
      path: `${accountPath(session)}/Conferences/${encodeURIComponent(conference)}/Participants`,
      listKey: "participants",
      record: participantWireSchema,
    };
    pages.push(await checkTexmlListing(session, listing));
  } else {
    session.record(
      READ_CHECKS["read.list-participants"],
      "not checked: the account has no conference to list participants of",
      "undecided",
    );
  }
  await checkPageSize(session, pages);
  checkPageUris(session, pages);
  await checkNextPage(session, pages);
  checkListingOrder(session, applications, pages);
  await checkShortFilter(session);
}

/** Records the clock checks from every answer seen so far; called last, after the write cycle too. */
export function recordClockChecks(session: DoctorSession): void {
  const { answers, withDate, bounds } = session.clock;
  session.record(
    READ_CHECKS["read.date-header"],
    `${withDate} of ${answers} answers had one`,
    answers === 0 ? "undecided" : withDate === answers ? "agrees" : "contradicted",
  );
  if (!bounds) {
    session.record(
      READ_CHECKS["read.clock-offset"],
      "no Date header to read it from: an ambiguous create cannot be proven and is never adopted",
      answers === 0 ? "undecided" : "contradicted",
    );
    return;
  }
  const seconds = (ms: number) => `${ms >= 0 ? "+" : ""}${(ms / 1000).toFixed(1)} s`;
  if (bounds.minOffset > bounds.maxOffset) {
    session.record(
      READ_CHECKS["read.clock-offset"],
      `the Date headers disagree with each other (bounds ${seconds(bounds.minOffset)} > ${seconds(bounds.maxOffset)})`,
      "contradicted",
    );
    return;
  }
  session.record(
    READ_CHECKS["read.clock-offset"],
    `Telnyx's clock is ${seconds(bounds.minOffset)} to ${seconds(bounds.maxOffset)} from this machine's`,
    "agrees",
  );
}

function texmlListings(session: DoctorSession): TexmlListing[] {
  const account = accountPath(session);
  return [
    { definition: READ_CHECKS["read.list-queues"], path: `${account}/Queues`, listKey: "queues", record: queueWireSchema },
    { definition: READ_CHECKS["read.list-calls"], path: `${account}/Calls`, listKey: "calls", record: callWireSchema },
    {
      definition: READ_CHECKS["read.list-conferences"],
      path: `${account}/Conferences`,
      listKey: "conferences",
      record: conferenceWireSchema,
    },
    {
      definition: READ_CHECKS["read.list-recordings"],
      path: `${account}/Recordings.json`,
      listKey: "recordings",
      record: recordingWireSchema,
    },
    {
      definition: READ_CHECKS["read.list-transcriptions"],
      path: `${account}/Transcriptions.json`,
      listKey: "transcriptions",
      record: transcriptionWireSchema,
    },
  ];
}

/** The first page of applications (which also proves the key), checked against the schema. */
async function checkAuthentication(session: DoctorSession): Promise<Record<string, unknown>[]> {
  let body: unknown;
  try {
    ({ body } = await session.request({ method: "GET", path: "/texml_applications" }));
  } catch (error) {
    if (error instanceof TelnyxApiError && (error.status === 401 || error.status === 403)) {
      session.record(READ_CHECKS["read.authentication"], describeError(error), "error");
      throw new TelnyxConfigError(
        "telnyx:apiKey / TELNYX_API_KEY",
        `TELNYX_API_KEY: Telnyx refused the API key (${error.status} on GET /texml_applications)`,
      );
    }
    throw error;
  }
  session.record(READ_CHECKS["read.authentication"], "200", "agrees");
  recordParse(session, READ_CHECKS["read.list-applications"], texmlApplicationListSchema, body);
  const data = (body as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) ? (data as Record<string, unknown>[]) : [];
}

async function checkAccount(session: DoctorSession): Promise<void> {
  const path = `${accountPath(session)}/Queues`;
  try {
    await session.request({ method: "GET", path, query: { PageSize: 1 } });
  } catch (error) {
    if (error instanceof TelnyxApiError && (error.status === 401 || error.status === 403 || error.status === 404)) {
      session.record(READ_CHECKS["read.account-sid"], describeError(error), "error");
      throw new TelnyxConfigError(
        "telnyx:accountSid / TELNYX_ACCOUNT_SID",
        `TELNYX_ACCOUNT_SID: Telnyx answered ${error.status} for account ${session.accountSid} (GET ${path}); check the TeXML account SID`,
      );
    }
    throw error;
  }
  session.record(READ_CHECKS["read.account-sid"], "200", "agrees");
}

async function checkTexmlListing(session: DoctorSession, listing: TexmlListing): Promise<FirstPage> {
  let body: unknown;
  try {
    ({ body } = await session.request({ method: "GET", path: listing.path }));
  } catch (error) {
    session.record(listing.definition, describeError(error), "error");
    return { listing, items: [] };
  }
  const schema = texmlPageSchema(listing.listKey, listing.record);
  // The Twilio paging fields the package reads no further are no news: read.page-uris checks them.
  const known = schema.extend({
    start: z.unknown(),
    end: z.unknown(),
    uri: z.unknown(),
    first_page_uri: z.unknown(),
    previous_page_uri: z.unknown(),
  });
  const parsed = recordParse(session, listing.definition, schema, body, known);
  const items = parsed ? ((body as Record<string, unknown>)[listing.listKey] as Record<string, unknown>[]) : [];
  return { listing, body: body as Record<string, unknown>, items };
}

/** Parses a body with the package's schema and records the verdict; true when it parsed. */
function recordParse(
  session: DoctorSession,
  definition: CheckDefinition,
  schema: z.ZodType,
  body: unknown,
  known: z.ZodType = schema,
): boolean {
  const result = schema.safeParse(body);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`);
    session.record(definition, `does not parse: ${problems.join("; ")}`, "contradicted");
    return false;
  }
  const unknown = unknownFields(known, body);
  const count = countItems(body);
  if (unknown.length > 0) session.record(definition, `${count} item(s); fields the package does not know: ${unknown.join(", ")}`, "noted");
  else session.record(definition, `${count} item(s), every field known`, "agrees");
  return true;
}

function countItems(body: unknown): number {
  for (const value of Object.values((body ?? {}) as Record<string, unknown>)) if (Array.isArray(value)) return value.length;
  return 0;
}

/** Page size: what a listing without PageSize got, and PageSize=1000 (what the package asks for) on Calls. */
async function checkPageSize(session: DoctorSession, pages: FirstPage[]): Promise<void> {
  const defaults = pages.filter((p) => p.body).map((p) => `${p.listing.listKey} ${String(p.body!.page_size)}`);
  const path = `${accountPath(session)}/Calls`;
  let asked: unknown;
  try {
    asked = (await session.request<Record<string, unknown>>({ method: "GET", path, query: { PageSize: 1000 } })).body?.page_size;
  } catch (error) {
    session.record(READ_CHECKS["read.page-size"], `PageSize=1000: ${describeError(error)}`, "error");
    return;
  }
  const defaultsAgree = pages.filter((p) => p.body).every((p) => p.body!.page_size === 20);
  const seen = `default: ${defaults.join(", ") || "none read"}; PageSize=1000: ${String(asked)}`;
  session.record(READ_CHECKS["read.page-size"], seen, asked === 1000 && defaultsAgree ? "agrees" : "contradicted");
}

const URI_FIELDS = ["uri", "first_page_uri", "next_page_uri", "previous_page_uri"] as const;

/** Each page URI must resolve (as the client resolves it) to its own listing; the form is noted. */
function checkPageUris(session: DoctorSession, pages: FirstPage[]): void {
  const elsewhere: string[] = [];
  const unexpectedForm: string[] = [];
  let seen = 0;
  for (const page of pages) {
    if (!page.body) continue;
    const jsonListing = page.listing.path.endsWith(".json");
    for (const field of URI_FIELDS) {
      const uri = page.body[field];
      if (typeof uri !== "string" || uri === "") continue;
      seen++;
      const name = `${page.listing.listKey}.${field}`;
      let resolved: string;
      try {
        resolved = relativeToBase(session.client.baseUrl, uri).split("?")[0]!;
      } catch {
        elsewhere.push(`${name} unreadable`);
        continue;
      }
      // The spec's examples give queue `uri` without `/v2/texml` (the emulator follows them); only paging links must resolve.
      if (field !== "uri" && resolved !== page.listing.path) elsewhere.push(`${name} -> ${resolved}`);
      const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(uri);
      const expectAbsolute = jsonListing && (field === "first_page_uri" || field === "previous_page_uri");
      if (field !== "uri" && absolute !== expectAbsolute) unexpectedForm.push(`${name} ${absolute ? "absolute" : "relative"}`);
    }
  }
  if (seen === 0) session.record(READ_CHECKS["read.page-uris"], "no page URIs in the answers", "undecided");
  else if (elsewhere.length > 0)
    session.record(READ_CHECKS["read.page-uris"], `pointing elsewhere: ${elsewhere.join(", ")}`, "contradicted");
  else if (unexpectedForm.length > 0)
    session.record(
      READ_CHECKS["read.page-uris"],
      `all resolve; other form: ${unexpectedForm.join(", ")} (the client resolves either)`,
      "noted",
    );
  else session.record(READ_CHECKS["read.page-uris"], `${seen} URIs, all as expected`, "agrees");
}

/** Follows `next_page_uri` once from a one-item page of the first listing with two items or more. */
async function checkNextPage(session: DoctorSession, pages: FirstPage[]): Promise<void> {
  const page = pages.find((p) => p.items.length >= 2 && p.listing.listKey !== "participants");
  if (!page) return session.record(READ_CHECKS["read.next-page"], "no TeXML listing has two items", "undecided");
  const { path, listKey } = page.listing;
  try {
    const first = (await session.request<Record<string, unknown>>({ method: "GET", path, query: { PageSize: 1 } })).body ?? {};
    const next = first.next_page_uri;
    if (typeof next !== "string" || next === "")
      return session.record(
        READ_CHECKS["read.next-page"],
        `${listKey}: no next_page_uri on a one-item page of ${page.items.length}+`,
        "contradicted",
      );
    const second =
      (await session.request<Record<string, unknown>>({ method: "GET", path: relativeToBase(session.client.baseUrl, next) })).body ?? {};
    const sidOf = (body: Record<string, unknown>) => ((body[listKey] as Record<string, unknown>[] | undefined) ?? [])[0]?.sid;
    const [a, b] = [sidOf(first), sidOf(second)];
    const verdict = a !== undefined && b !== undefined && a !== b ? "agrees" : "contradicted";
    session.record(READ_CHECKS["read.next-page"], `${listKey}: page 1 ${String(a)}, page 2 ${String(b)}`, verdict);
  } catch (error) {
    session.record(READ_CHECKS["read.next-page"], `${listKey}: ${describeError(error)}`, "error");
  }
}

/** Order on the first pages read: only what the package documents (see the README's table of guesses). */
function checkListingOrder(session: DoctorSession, applications: Record<string, unknown>[], pages: FirstPage[]): void {
  const orders: { name: string; items: Record<string, unknown>[]; field: string; newestFirst: boolean }[] = [
    { name: "applications", items: applications, field: "created_at", newestFirst: true },
    { name: "calls", items: pages.find((p) => p.listing.listKey === "calls")?.items ?? [], field: "start_time", newestFirst: true },
    { name: "queues", items: pages.find((p) => p.listing.listKey === "queues")?.items ?? [], field: "date_created", newestFirst: false },
  ];
  const checked: string[] = [];
  const wrong: string[] = [];
  for (const { name, items, field, newestFirst } of orders) {
    const times = items.map((item) => Date.parse(String(item[field] ?? "")));
    if (times.length < 2 || times.some(Number.isNaN)) continue;
    checked.push(name);
    const sorted = times.every((t, i) => i === 0 || (newestFirst ? times[i - 1]! >= t : times[i - 1]! <= t));
    if (!sorted) wrong.push(`${name} not ${newestFirst ? "newest" : "oldest"} first by ${field}`);
  }
  if (checked.length === 0) session.record(READ_CHECKS["read.listing-order"], "no listing with two dated items", "undecided");
  else if (wrong.length > 0) session.record(READ_CHECKS["read.listing-order"], wrong.join("; "), "contradicted");
  else session.record(READ_CHECKS["read.listing-order"], `as expected for ${checked.join(", ")}`, "agrees");
}

async function checkShortFilter(session: DoctorSession): Promise<void> {
  const definition = READ_CHECKS["read.filter-short"];
  try {
    const outcome = await session.requestExpectingError({
      method: "GET",
      path: "/texml_applications",
      query: { "filter[friendly_name]": "ab" },
    });
    if ("response" in outcome) return session.record(definition, `${outcome.response.status}: accepted`, "contradicted");
    const { error } = outcome;
    session.record(
      definition,
      describeError(error),
      error.status === 400 && error.pointer === "/filter/friendly_name" ? "agrees" : "contradicted",
    );
  } catch (error) {
    session.record(definition, describeError(error), "error");
  }
}
