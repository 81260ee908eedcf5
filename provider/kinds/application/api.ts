/**
 * The REST calls behind `texml.Application`, on `/texml_applications`: one request each. What
 * to do when one fails (an ambiguous create, a 404) is the lifecycle's (`../lifecycle.ts`).
 */
import type * as z from "zod";
import { clientFor } from "../../base/client/factory";
import { NUMBERED_MAX_PAGE_SIZE } from "../../base/client/paging";
import { parseResponse } from "../../base/schemas/parse";
import {
  texmlApplicationEnvelopeSchema,
  texmlApplicationListSchema,
  type TexmlApplicationWire,
} from "../../base/schemas/texml-applications";
import { toCamelKeys, toSnakeKeys } from "../../base/wire";
import { typedOutputs } from "../operations";
import type { ResourceApi } from "../lifecycle";
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
