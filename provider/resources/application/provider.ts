import type * as pulumi from "@pulumi/pulumi";
import { clientFor } from "../../client/factory";
import { TelnyxApiError } from "../../client/errors";
import { paginateNumbered } from "../../client/paging";
import { parseResponse } from "../../schemas/parse";
import { texmlApplicationEnvelopeSchema, texmlApplicationWireSchema, type TexmlApplicationWire } from "../../schemas/texml-applications";
import { toCamelKeys, toSnakeKeys } from "../../wire";
import { changedProperties } from "../diff";
import { declaredFromServer, withDeclared } from "../declared";
import { adoptAfterAmbiguousCreate } from "../ambiguous";
import { importError, importIdOf, importMismatches, importPending, keepImportId, rememberImport, takeImport } from "../adopt";
import { checkInputs, userProperties } from "../validation";
import { applicationDefaults, applicationInputsSchema, type ApplicationInputs } from "./schema";

const COLLECTION = "/texml_applications";
const itemPath = (id: string) => `${COLLECTION}/${encodeURIComponent(id)}`;

/** Outputs: the application as Telnyx settled it, in camelCase, without `id` (the resource id). */
export type ApplicationState = Record<string, unknown>;

/** Wire application -> outputs: camelCase, nulls dropped, bookkeeping fields left out. */
export function applicationOutputs(app: TexmlApplicationWire): ApplicationState {
  const { id: _id, record_type: _recordType, ...rest } = app;
  return dropNulls(toCamelKeys(rest));
}

/** Outputs of an imported application -> inputs: only what differs from Telnyx's defaults. */
export function importedInputs(outs: ApplicationState): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const key of Object.keys(applicationInputsSchema.shape) as (keyof ApplicationInputs)[]) {
    const value = outs[key];
    if (value === undefined || value === applicationDefaults[key]) continue;
    if (key === "inbound" || key === "outbound") {
      const nested = pruneNestedDefaults(key, value as Record<string, unknown>);
      if (Object.keys(nested).length) inputs[key] = nested;
      continue;
    }
    if (key === "tags" && Array.isArray(value) && value.length === 0) continue;
    inputs[key] = value;
  }
  return inputs;
}

const nestedDefaults: Record<string, Record<string, unknown>> = {
  inbound: { shakenStirEnabled: false, sipSubdomainReceiveSettings: "from_anyone" },
  outbound: {},
};

function pruneNestedDefaults(key: string, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== nestedDefaults[key]?.[k]) out[k] = v;
  return out;
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
    if (error instanceof TelnyxApiError && error.isNotFound) throw new Error(`cannot import application ${id}: Telnyx has no TeXML application with that id`);
    throw error;
  }
}

/** CRUD for `texml.Application`, mapped onto `/texml_applications`. */
export const applicationProvider: pulumi.dynamic.ResourceProvider = {
  async check(olds, news) {
    const inputs = userProperties(news);
    const failures = checkInputs(applicationInputsSchema, inputs);
    const importId = importIdOf(news);
    if (importId && failures.length === 0 && importPending(olds, news)) {
      const outs = applicationOutputs(await fetchForImport(importId));
      rememberImport(`application/${importId}`, outs);
      failures.push(...importMismatches("application", outs, inputs));
    }
    return { inputs: keepImportId(inputs, news), failures };
  },

  async diff(_id, olds, news) {
    const changed = changedProperties(olds, userProperties(news));
    return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false };
  },

  async create(inputs) {
    const importId = importIdOf(inputs);
    if (importId) {
      const outs = (takeImport(`application/${importId}`) as ApplicationState | undefined) ?? applicationOutputs(await fetchForImport(importId));
      const failures = importMismatches("application", outs, userProperties(inputs));
      if (failures.length) throw importError(`application ${importId}`, failures);
      return { id: importId, outs: withDeclared(outs, userProperties(inputs)) };
    }
    const client = clientFor();
    const body = applicationRequestBody(inputs);
    const startedAt = Date.now();
    try {
      const response = await client.request({ method: "POST", path: COLLECTION, json: body });
      const app = parseResponse(texmlApplicationEnvelopeSchema, response.body, { method: "POST", path: COLLECTION }).data;
      return { id: app.id, outs: withDeclared(applicationOutputs(app), userProperties(inputs)) };
    } catch (error) {
      const adopted = await adoptAfterAmbiguousCreate(error, {
        what: `TeXML application "${String(inputs.friendlyName)}"`,
        startedAt,
        find: () => findRecentlyCreated(String(inputs.friendlyName), startedAt),
        retry: async () => {
          const response = await client.request({ method: "POST", path: COLLECTION, json: body });
          return parseResponse(texmlApplicationEnvelopeSchema, response.body, { method: "POST", path: COLLECTION }).data;
        },
      });
      return { id: adopted.id, outs: withDeclared(applicationOutputs(adopted), userProperties(inputs)) };
    }
  },

  async read(id, props) {
    const client = clientFor();
    let app: TexmlApplicationWire;
    try {
      const response = await client.request({ method: "GET", path: itemPath(id) });
      app = parseResponse(texmlApplicationEnvelopeSchema, response.body, { method: "GET", path: itemPath(id) }).data;
    } catch (error) {
      if (error instanceof TelnyxApiError && error.isNotFound) return { id: undefined, props: {} };
      throw error;
    }
    const outs = applicationOutputs(app);
    const previous = props ?? {};
    const importing = previous.friendlyName === undefined;
    const inputs = importing ? importedInputs(outs) : declaredFromServer(outs, previous);
    const declaredSource = inputs ?? importedInputs(outs);
    return { id: app.id, props: withDeclared(outs, declaredSource), inputs };
  },

  async update(id, _olds, news) {
    const client = clientFor();
    const response = await client.request({ method: "PATCH", path: itemPath(id), json: applicationRequestBody(news) });
    const app = parseResponse(texmlApplicationEnvelopeSchema, response.body, { method: "PATCH", path: itemPath(id) }).data;
    return { outs: withDeclared(applicationOutputs(app), userProperties(news)) };
  },

  async delete(id) {
    const client = clientFor();
    try {
      await client.request({ method: "DELETE", path: itemPath(id) });
    } catch (error) {
      if (error instanceof TelnyxApiError && error.isNotFound) return;
      throw error;
    }
  },
};

/**
 * The application this create made, if the server applied it although the client
 * never heard back: same friendly name, created since the request began. Friendly
 * names are not unique, so only one created in that window counts.
 */
async function findRecentlyCreated(friendlyName: string, startedAt: number): Promise<TexmlApplicationWire[]> {
  const client = clientFor();
  // The filter needs at least 3 characters; shorter names are matched from the unfiltered, newest-first list.
  const query = friendlyName.length >= 3 ? { "filter[friendly_name]": friendlyName, sort: "-created_at" } : { sort: "-created_at" };
  const found: TexmlApplicationWire[] = [];
  const since = startedAt - CLOCK_SKEW_MS;
  for await (const raw of paginateNumbered(client, COLLECTION, query)) {
    const app = parseResponse(texmlApplicationWireSchema, raw, { method: "GET", path: COLLECTION });
    const created = app.created_at ? Date.parse(app.created_at) : NaN;
    if (!Number.isNaN(created) && created < since) break;
    if (app.friendly_name === friendlyName) found.push(app);
  }
  return found;
}

/** Tolerated difference between our clock and Telnyx's when matching creation times. */
const CLOCK_SKEW_MS = 60_000;
