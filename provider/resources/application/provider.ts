import { clientFor } from "../../client/factory";
import { TelnyxApiError } from "../../client/errors";
import { TelnyxImportError } from "../../errors";
import { NUMBERED_MAX_PAGE_SIZE } from "../../client/paging";
import { parseResponse } from "../../schemas/parse";
import { texmlApplicationEnvelopeSchema, texmlApplicationListSchema, type TexmlApplicationWire } from "../../schemas/texml-applications";
import { toCamelKeys, toSnakeKeys } from "../../wire";
import { changedProperties } from "../diff";
import { declaredFromServer, withDeclared } from "../declared";
import { clockFrom, settleAmbiguousCreate, type Candidate, type Lookup, type ServerClock } from "../ambiguous";
import { dynamicProvider, pickOutputs, type ResourceApi } from "../dynamic-provider";
import { userProperties } from "../validation";
import { warn } from "../warnings";
import { applicationResource, type ApplicationInputs } from "./definition";

const COLLECTION = "/texml_applications";

/** Ids of the applications this provider process (this deployment) created: never another resource's candidate. */
const createdThisDeployment = new Set<string>();
const itemPath = (id: string) => `${COLLECTION}/${encodeURIComponent(id)}`;

/** Outputs: the application as Telnyx settled it, in camelCase, without `id` (the resource id). */
export type ApplicationState = Record<string, unknown>;

/** Wire application -> outputs: camelCase, nulls dropped, only the outputs the definition declares. */
export function applicationOutputs(app: TexmlApplicationWire): ApplicationState {
  return pickOutputs(applicationResource, dropNulls(toCamelKeys(app)));
}

/** Outputs of an imported application -> inputs: only what differs from Telnyx's defaults. */
export function importedInputs(outs: ApplicationState): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const key of Object.keys(applicationResource.inputs.shape) as (keyof ApplicationInputs)[]) {
    const value = outs[key];
    if (value === undefined) continue;
    if (key === "inbound" || key === "outbound") {
      const nested = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).filter(([sub, v]) => !sameAsDefault(`${key}.${sub}`, v)),
      );
      if (Object.keys(nested).length) inputs[key] = nested;
      continue;
    }
    if (!sameAsDefault(key, value)) inputs[key] = value;
  }
  return inputs;
}

function sameAsDefault(path: string, value: unknown): boolean {
  const { defaults } = applicationResource;
  return value === undefined || (path in defaults && JSON.stringify(defaults[path]) === JSON.stringify(value ?? null));
}

function dropNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(dropNulls) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = dropNulls(v);
    return out as T;
  }
  return value;
}

/** The JSON body for create and update: declared inputs in snake_case. */
export function applicationRequestBody(inputs: Record<string, unknown>): Record<string, unknown> {
  return toSnakeKeys(userProperties(inputs));
}

/** The application an `import` option names; an error saying so when there is none. */
async function fetchForImport(id: string): Promise<TexmlApplicationWire> {
  try {
    const response = await clientFor().request({ method: "GET", path: itemPath(id) });
    return parseResponse(texmlApplicationEnvelopeSchema, response.body, { method: "GET", path: itemPath(id) }).data;
  } catch (error) {
    if (error instanceof TelnyxApiError && error.isNotFound)
      throw new TelnyxImportError(`cannot import application ${id}: Telnyx has no TeXML application with that id`, error);
    throw error;
  }
}

/**
 * Why an application read back under an id is not the one the state records: its creation
 * time differs, so the id was issued again after ours was deleted. Telnyx is not known to
 * re-use ids, but nothing promises it either, and the check costs nothing. Undefined when it is ours.
 */
function reusedId(outs: ApplicationState, previous: Record<string, unknown>): string | undefined {
  const recorded = previous.createdAt;
  const live = outs.createdAt;
  if (typeof recorded !== "string" || typeof live !== "string" || Date.parse(live) === Date.parse(recorded)) return undefined;
  return `id re-used by an application created at ${live}, state recorded ${recorded}`;
}

/** The REST calls behind `texml.Application`, on `/texml_applications`. */
const applicationApi: ResourceApi = {
  async fetchForImport(id) {
    return { id, outs: applicationOutputs(await fetchForImport(id)) };
  },

  async create(declared) {
    const client = clientFor();
    const body = applicationRequestBody(declared);
    const send = async () => {
      const response = await client.request({ method: "POST", path: COLLECTION, json: body });
      return parseResponse(texmlApplicationEnvelopeSchema, response.body, { method: "POST", path: COLLECTION }).data;
    };
    // Friendly names are not unique: an ambiguous create looks for its identity among the newest.
    const identity = String(declared[applicationResource.identity]);
    const sentAt = Date.now();
    let app: TexmlApplicationWire;
    try {
      app = await send();
    } catch (error) {
      app = await settleAmbiguousCreate(error, {
        what: `TeXML ${applicationResource.noun} "${identity}"`,
        sentAt,
        lookup: (notBefore) => lookupApplications(identity, declared, notBefore),
        retry: send,
      });
    }
    createdThisDeployment.add(app.id);
    return { id: app.id, outs: applicationOutputs(app) };
  },

  async read(id, previous) {
    const client = clientFor();
    let app: TexmlApplicationWire;
    try {
      const response = await client.request({ method: "GET", path: itemPath(id) });
      app = parseResponse(texmlApplicationEnvelopeSchema, response.body, { method: "GET", path: itemPath(id) }).data;
    } catch (error) {
      if (error instanceof TelnyxApiError && error.isNotFound) {
        // A refresh of an object that was deleted drops it from the state; reading one the state
        // never held (`Application.get`) is an error, not an empty resource.
        if (previous.friendlyName === undefined)
          throw new TelnyxImportError(`TeXML application ${id} does not exist: Telnyx has no application with that id`, error);
        return { id: undefined, props: {} };
      }
      throw error;
    }
    const outs = applicationOutputs(app);
    const reused = reusedId(outs, previous);
    if (reused !== undefined) {
      await warn(
        `texml.Application "${String(previous.friendlyName)}": the application this stack created is gone (${reused}); it leaves the stack, and the application now holding id ${id} is not adopted and will not be changed or deleted.`,
      );
      return { id: undefined, props: {} };
    }
    const importing = previous.friendlyName === undefined;
    const inputs = importing ? importedInputs(outs) : declaredFromServer(outs, previous);
    return { id: app.id, props: withDeclared(outs, inputs ?? importedInputs(outs)), inputs };
  },

  async update(id, wanted) {
    const response = await clientFor().request({ method: "PATCH", path: itemPath(id), json: applicationRequestBody(wanted) });
    return applicationOutputs(parseResponse(texmlApplicationEnvelopeSchema, response.body, { method: "PATCH", path: itemPath(id) }).data);
  },

  async delete(id) {
    try {
      await clientFor().request({ method: "DELETE", path: itemPath(id) });
    } catch (error) {
      if (error instanceof TelnyxApiError && error.isNotFound) return;
      throw error;
    }
  },
};

/** The dynamic provider of `texml.Application`. */
export const applicationProvider = dynamicProvider(applicationResource, applicationApi);

/**
 * Applications that could be the one an ambiguous create made: those with the friendly
 * name asked for, newest first, down to `notBefore` on Telnyx's clock. Friendly names
 * are not unique, so `settleAmbiguousCreate` decides with creation times and inputs.
 */
async function lookupApplications(
  friendlyName: string,
  declared: Record<string, unknown>,
  notBefore: (clock: ServerClock | undefined) => number | undefined,
): Promise<Lookup<TexmlApplicationWire>> {
  const client = clientFor();
  // The filter needs at least 3 characters (and matches "contains"); shorter names are matched from the unfiltered list.
  const filter = friendlyName.length >= 3 ? { "filter[friendly_name]": friendlyName } : {};
  const candidates: Candidate<TexmlApplicationWire>[] = [];
  let clock: ServerClock | undefined;
  for (let page = 1; ; page++) {
    const query = { ...filter, sort: "-created_at", "page[number]": page, "page[size]": NUMBERED_MAX_PAGE_SIZE };
    const response = await client.request({ method: "GET", path: COLLECTION, query });
    if (page === 1) clock = clockFrom(response);
    const list = parseResponse(texmlApplicationListSchema, response.body, { method: "GET", path: COLLECTION });
    const stopAt = notBefore(clock);
    let older = false;
    for (const app of list.data) {
      const created = createdInstant(app.created_at);
      if (stopAt !== undefined && created && created.at + created.precisionMs < stopAt) older = true;
      if (app.friendly_name !== friendlyName || !created) continue;
      const outs = applicationOutputs(app);
      const identity = createdThisDeployment.has(app.id) ? "other" : "same";
      candidates.push({
        object: app,
        id: app.id,
        createdAt: created.at,
        precisionMs: created.precisionMs,
        identity,
        matchesInputs: changedProperties(outs, declared).length === 0,
      });
    }
    const totalPages = list.meta?.total_pages ?? page;
    if (older || page >= totalPages || list.data.length === 0) return { candidates, clock };
  }
}

/** An ISO 8601 creation time and how coarse it is (whole seconds unless it has a fraction). */
function createdInstant(text: string | undefined): { at: number; precisionMs: number } | undefined {
  if (!text) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  const fraction = /\.(\d+)/.exec(text)?.[1];
  return { at, precisionMs: fraction ? Math.max(1, 10 ** (3 - Math.min(3, fraction.length))) : 1000 };
}
