/**
 * How `texml.Application` is served: its REST calls on `/texml_applications`, one request
 * each ({@link applicationApi}, typed from the definition's schemas), and what is particular to
 * applications, declared for the generic lifecycle (`../lifecycle.ts`), which decides what to do
 * when a call fails (an ambiguous create, a 404).
 */
import type * as z from "zod";
import { clientFor } from "../../base/client/factory";
import { NUMBERED_MAX_PAGE_SIZE } from "../../base/client/paging";
import { TelnyxImportError } from "../../base/errors";
import { parseResponse } from "../../base/schemas/parse";
import {
  texmlApplicationEnvelopeSchema,
  texmlApplicationListSchema,
  type TexmlApplicationWire,
} from "../../base/schemas/texml-applications";
import { toCamelKeys, toSnakeKeys } from "../../base/wire";
import { lifecycleProvider, type ResourceApi } from "../lifecycle";
import { typedOutputs } from "../operations";
import { userProperties } from "../validation";
import { applicationResource } from "./definition";

type ApplicationInputs = z.infer<typeof applicationResource.inputs>;
type ApplicationOutputs = z.infer<typeof applicationResource.outputs>;

const COLLECTION = "/texml_applications";
const itemPath = (id: string) => `${COLLECTION}/${encodeURIComponent(id)}`;

/** Wire application -> outputs: camelCase, nulls dropped, only the outputs the definition declares. */
export function applicationOutputs(app: TexmlApplicationWire): ApplicationOutputs {
  return typedOutputs(applicationResource, dropNulls(toCamelKeys(app)));
}

function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = dropNulls(v);
    return out;
  }
  return value;
}

/** The JSON body for create and update: declared inputs in snake_case. */
export function applicationRequestBody(inputs: Record<string, unknown>): Record<string, unknown> {
  return toSnakeKeys(userProperties(inputs));
}

const fetched = (app: TexmlApplicationWire) => ({ id: app.id, outs: applicationOutputs(app) });

/** The application's REST calls; an application is named by its id. */
export const applicationApi: ResourceApi<ApplicationInputs, ApplicationOutputs, string, number> = {
  async create(inputs) {
    const response = await clientFor().request({ method: "POST", path: COLLECTION, json: applicationRequestBody(inputs) });
    return fetched(parseResponse(texmlApplicationEnvelopeSchema, response.body, { method: "POST", path: COLLECTION }).data);
  },

  async get(id) {
    const response = await clientFor().request({ method: "GET", path: itemPath(id) });
    return fetched(parseResponse(texmlApplicationEnvelopeSchema, response.body, { method: "GET", path: itemPath(id) }).data);
  },

  async update(id, wanted) {
    const response = await clientFor().request({ method: "PATCH", path: itemPath(id), json: applicationRequestBody(wanted) });
    return applicationOutputs(parseResponse(texmlApplicationEnvelopeSchema, response.body, { method: "PATCH", path: itemPath(id) }).data);
  },

  async delete(id) {
    await clientFor().request({ method: "DELETE", path: itemPath(id) });
  },

  /**
   * One page (numbered from 1) of the applications with the friendly name asked for, newest first.
   * The filter needs at least 3 characters (and matches "contains"); shorter names are matched
   * by the lifecycle from the unfiltered list.
   */
  async listCandidates(inputs, page = 1) {
    const friendlyName = inputs.friendlyName;
    const filter = friendlyName.length >= 3 ? { "filter[friendly_name]": friendlyName } : {};
    const query = { ...filter, sort: "-created_at", "page[number]": page, "page[size]": NUMBERED_MAX_PAGE_SIZE };
    const response = await clientFor().request({ method: "GET", path: COLLECTION, query });
    const list = parseResponse(texmlApplicationListSchema, response.body, { method: "GET", path: COLLECTION });
    const last = page >= (list.meta?.total_pages ?? page) || list.data.length === 0;
    return { items: list.data.map(fetched), response, next: last ? undefined : page + 1 };
  },
};

/** Outputs: the application as Telnyx settled it, in camelCase, without `id` (the resource id). */
export type ApplicationState = Record<string, unknown>;

/** Outputs of an imported application -> inputs: only what differs from Telnyx's defaults. */
export function importedInputs(outs: ApplicationState): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const key of Object.keys(applicationResource.inputs.shape)) {
    const value = outs[key];
    if (value === undefined) continue;
    if ((key === "inbound" || key === "outbound") && isRecord(value)) {
      const nested = Object.fromEntries(Object.entries(value).filter(([sub, v]) => !sameAsDefault(`${key}.${sub}`, v)));
      if (Object.keys(nested).length) inputs[key] = nested;
      continue;
    }
    if (!sameAsDefault(key, value)) inputs[key] = value;
  }
  return inputs;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

function sameAsDefault(path: string, value: unknown): boolean {
  const { defaults } = applicationResource;
  return value === undefined || (path in defaults && JSON.stringify(defaults[path]) === JSON.stringify(value ?? null));
}

/**
 * The dynamic provider of `texml.Application`. An application is named by its id alone.
 * Friendly names are not unique: an ambiguous create looks for its identity among the newest
 * applications (the listing is sorted newest first), and decides with creation times and inputs.
 */
export const applicationProvider = lifecycleProvider(applicationResource, applicationApi, {
  className: "texml.Application",
  idWord: "id",
  describeId: (id) => `id ${id}`,
  importRef: (id) => id,
  stateRef: (id) => id,
  idOf: (id) => id,
  importNotFound: (id, _ref, error) =>
    new TelnyxImportError(`cannot import application ${id}: Telnyx has no TeXML application with that id`, error),
  readNotFound: (id, _ref, error) =>
    new TelnyxImportError(`TeXML application ${id} does not exist: Telnyx has no application with that id`, error),
  importedInputs: (outs: z.infer<typeof applicationResource.outputs>) => importedInputs(outs),
  listedNewestFirst: true,
});
