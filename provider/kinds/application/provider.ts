/**
 * `texml.Application`'s provider: its REST calls (`api.ts`) run by the generic lifecycle
 * (`../lifecycle.ts`), with what is particular to applications declared below.
 */
import type * as z from "zod";
import { TelnyxImportError } from "../../base/errors";
import { lifecycleProvider } from "../lifecycle";
import { applicationApi } from "./api";
import { applicationResource } from "./definition";

export { applicationOutputs, applicationRequestBody } from "./api";

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
