import { iso } from "../dates";
import { Fields } from "../fields";
import { ApiError, applicationNotFound, badRequest, type ApiRequest } from "../http";
import { numberedPage } from "../paging";
import { listed, route, unlistedUntil, type RouteContext } from "../router";
import type { ApplicationRecord } from "../state";

const ANCHORSITES = [
  "Latency",
  "Chicago, IL",
  "Ashburn, VA",
  "San Jose, CA",
  "Sydney, Australia",
  "Amsterdam, Netherlands",
  "London, UK",
  "Toronto, Canada",
  "Vancouver, Canada",
  "Frankfurt, Germany",
] as const;
const DTMF_TYPES = ["RFC 2833", "Inband", "SIP INFO"] as const;
const METHODS = ["get", "post"] as const;
const RECEIVE_SETTINGS = ["only_my_connections", "from_anyone"] as const;
const SORTS = ["created_at", "friendly_name", "active"] as const;

/** What a new application holds before the request's fields are applied: the spec's defaults. */
function defaults(): Record<string, unknown> {
  return {
    record_type: "texml_application",
    active: true,
    anchorsite_override: "Latency",
    dtmf_type: "RFC 2833",
    first_command_timeout: false,
    first_command_timeout_secs: 30,
    call_cost_in_webhooks: false,
    voice_fallback_url: null,
    voice_method: "post",
    status_callback: null,
    status_callback_method: "post",
    tags: [],
    inbound: { channel_limit: null, shaken_stir_enabled: false, sip_subdomain: null, sip_subdomain_receive_settings: "from_anyone" },
    outbound: { channel_limit: null, outbound_voice_profile_id: null },
  };
}

/** The request body fields of create and update (the spec's `CreateTexmlApplicationRequest`). */
export const APPLICATION_FIELDS: readonly string[] = [
  "friendly_name",
  "voice_url",
  "active",
  "anchorsite_override",
  "dtmf_type",
  "first_command_timeout",
  "first_command_timeout_secs",
  "call_cost_in_webhooks",
  "voice_fallback_url",
  "voice_method",
  "status_callback",
  "status_callback_method",
  "tags",
  "inbound",
  "outbound",
];

/**
 * Checks a create or update body against the spec and returns the fields it sets
 * (a 422 naming the field otherwise). Both operations require `friendly_name` and
 * `voice_url`. Seeded applications go through the same check.
 */
export function applicationSettings(body: Record<string, unknown>, outboundVoiceProfiles?: ReadonlySet<string>): Record<string, unknown> {
  const f = new Fields(body);
  const set: Record<string, unknown> = {
    friendly_name: f.string("friendly_name", { required: true }),
    voice_url: f.url("voice_url", { required: true }),
  };
  const optional = {
    active: () => f.bool("active"),
    anchorsite_override: () => f.enum("anchorsite_override", ANCHORSITES),
    dtmf_type: () => f.enum("dtmf_type", DTMF_TYPES),
    first_command_timeout: () => f.bool("first_command_timeout"),
    first_command_timeout_secs: () => f.int("first_command_timeout_secs", { min: 1, max: 120 }),
    call_cost_in_webhooks: () => f.bool("call_cost_in_webhooks"),
    voice_fallback_url: () => f.url("voice_fallback_url"),
    voice_method: () => f.enum("voice_method", METHODS),
    status_callback: () => f.url("status_callback"),
    status_callback_method: () => f.enum("status_callback_method", METHODS),
    tags: () => f.stringArray("tags"),
  };
  for (const [name, read] of Object.entries(optional)) {
    if (!(name in body)) continue;
    // An explicit null clears a nullable field, as the spec's `default: null` allows.
    set[name] = body[name] === null ? null : read();
  }
  const inbound = f.object("inbound");
  if (inbound) {
    const nested = nullable(body.inbound);
    set.inbound = pick({
      channel_limit: nested("channel_limit", () => inbound.int("channel_limit", { min: 1 })),
      shaken_stir_enabled: inbound.bool("shaken_stir_enabled"),
      sip_subdomain: nested("sip_subdomain", () => inbound.string("sip_subdomain")),
      sip_subdomain_receive_settings: inbound.enum("sip_subdomain_receive_settings", RECEIVE_SETTINGS),
    });
  }
  const outbound = f.object("outbound");
  if (outbound) {
    const profile =
      (body.outbound as Record<string, unknown>).outbound_voice_profile_id === null
        ? undefined
        : outbound.intId("outbound_voice_profile_id");
    if (profile !== undefined && outboundVoiceProfiles && !outboundVoiceProfiles.has(profile)) {
      throw new ApiError(404, [
        {
          code: "10005",
          title: "Resource not found",
          detail: `Outbound voice profile ${profile} does not exist.`,
          source: { pointer: "/outbound/outbound_voice_profile_id" },
        },
      ]);
    }
    const nested = nullable(body.outbound);
    set.outbound = pick({
      channel_limit: nested("channel_limit", () => outbound.int("channel_limit", { min: 1 })),
      outbound_voice_profile_id: nested("outbound_voice_profile_id", () => profile),
    });
  }
  return set;
}

/** Reads a nested field whose spec default is null: an explicit null clears it. */
const nullable = (object: unknown) => (name: string, read: () => unknown) =>
  (object as Record<string, unknown>)[name] === null ? null : read();

const pick = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** A new application with the spec's defaults and then `set` applied, as create makes it. */
export function newApplicationRecord(id: string, set: Record<string, unknown>, now: number): ApplicationRecord {
  const record: ApplicationRecord = { wire: { id, friendly_name: "", ...defaults() }, createdMs: now, updatedMs: now };
  apply(record, set, now);
  return record;
}

function apply(record: ApplicationRecord, set: Record<string, unknown>, now: number) {
  for (const [name, value] of Object.entries(set)) {
    if (name === "inbound" || name === "outbound") record.wire[name] = { ...(record.wire[name] as object), ...(value as object) };
    else record.wire[name] = value;
  }
  record.updatedMs = now;
}

/** The wire form: nulls are left out because the spec's response schema types those fields as plain strings. */
export function renderApplication(record: ApplicationRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record.wire)) {
    if (value === null) continue;
    if (name === "inbound" || name === "outbound")
      out[name] = Object.fromEntries(Object.entries(value as object).filter(([, v]) => v !== null));
    else out[name] = value;
  }
  out.created_at = iso(record.createdMs);
  out.updated_at = iso(record.updatedMs);
  return out;
}

function find(ctx: RouteContext, id: string): ApplicationRecord {
  if (!/^\d+$/.test(id))
    throw new ApiError(400, [
      { code: "10015", title: "Bad Request", detail: "The id must be a numeric string.", source: { pointer: "/id" } },
    ]);
  const record = ctx.store.applications.get(id);
  if (!record) throw applicationNotFound();
  return record;
}

function list(req: ApiRequest, ctx: RouteContext) {
  const now = ctx.now();
  let items = [...ctx.store.applications.values()].filter((a) => listed(a, now));
  const name = req.query.get("filter[friendly_name]");
  if (name !== null && name !== "") {
    if (name.length < 3)
      throw new ApiError(400, [
        {
          code: "10015",
          title: "Bad Request",
          detail: "filter[friendly_name] must be at least 3 characters long.",
          source: { pointer: "/filter/friendly_name" },
        },
      ]);
    const needle = name.toLowerCase();
    items = items.filter((a) => a.wire.friendly_name.toLowerCase().includes(needle));
  }
  const profile = req.query.get("filter[outbound_voice_profile_id]");
  if (profile)
    items = items.filter(
      (a) => (a.wire.outbound as { outbound_voice_profile_id?: string } | undefined)?.outbound_voice_profile_id === profile,
    );
  const sort = req.query.get("sort") ?? "-created_at";
  const field = sort.replace(/^-/, "");
  if (!(SORTS as readonly string[]).includes(field))
    throw badRequest(`sort must be one of ${SORTS.join(", ")}, optionally prefixed with '-'.`);
  const key = (a: ApplicationRecord) =>
    field === "created_at" ? a.createdMs : field === "active" ? Number(a.wire.active) : a.wire.friendly_name.toLowerCase();
  // Ties fall back to creation order so pages are stable.
  items.sort((a, b) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.createdMs - b.createdMs || Number(BigInt(a.wire.id) - BigInt(b.wire.id)),
  );
  if (sort.startsWith("-")) items.reverse();
  const page = numberedPage(req, items);
  return { data: page.data.map(renderApplication), meta: page.meta };
}

/** `/texml_applications`: JSON bodies, `{ data }` envelopes, ISO 8601 timestamps. */
export const applicationRoutes = [
  route("GET", "/texml_applications", "FindTexmlApplications", (req, ctx) => ({ status: 200, body: list(req, ctx) })),
  route("POST", "/texml_applications", "CreateTexmlApplication", (req, ctx) => {
    const set = applicationSettings(req.body, ctx.outboundVoiceProfiles);
    const now = ctx.now();
    const record: ApplicationRecord = { ...newApplicationRecord(ctx.store.ids.intId(), set, now), ...unlistedUntil(ctx, now) };
    ctx.store.applications.set(record.wire.id, record);
    ctx.store.touch();
    return { status: 201, body: { data: renderApplication(record) } };
  }),
  route("GET", "/texml_applications/{id}", "GetTexmlApplication", (req, ctx) => ({
    status: 200,
    body: { data: renderApplication(find(ctx, req.params.id!)) },
  })),
  route("PATCH", "/texml_applications/{id}", "UpdateTexmlApplication", (req, ctx) => {
    const record = find(ctx, req.params.id!);
    apply(record, applicationSettings(req.body, ctx.outboundVoiceProfiles), ctx.now());
    ctx.store.touch();
    return { status: 200, body: { data: renderApplication(record) } };
  }),
  route("DELETE", "/texml_applications/{id}", "DeleteTexmlApplication", (req, ctx) => {
    const record = find(ctx, req.params.id!);
    ctx.store.applications.delete(record.wire.id);
    ctx.store.touch();
    return { status: 200, body: { data: renderApplication(record) } };
  }),
];
