import type * as pulumi from "@pulumi/pulumi";
import {
  texmlApplicationEnvelopeSchema,
  texmlApplicationListSchema,
  type texmlApplicationWireSchema,
} from "../base/schemas/texml-applications";
import { clientFor } from "../base/client/factory";
import { parseResponse } from "../base/schemas/parse";
import { toResult } from "../base/schemas/records";
import { TelnyxValidationError } from "../base/errors";
import { collect, iterateNumberedRecords, outputForm, query, segment } from "./common";
import type {
  ApplicationInfo,
  GetApplicationArgs,
  GetApplicationOutputArgs,
  GetApplicationsArgs,
  GetApplicationsOutputArgs,
  GetApplicationsResult,
} from "./types";

export type {
  ApplicationInfo,
  ApplicationInfoInbound,
  ApplicationInfoOutbound,
  GetApplicationArgs,
  GetApplicationOutputArgs,
  GetApplicationsArgs,
  GetApplicationsOutputArgs,
  GetApplicationsResult,
} from "./types";

/** One TeXML application by id (`GET /texml_applications/{id}`); a 404 throws the API's error. */
export async function getApplication(args: GetApplicationArgs): Promise<ApplicationInfo> {
  const path = `/texml_applications/${segment(args.id)}`;
  const { body } = await clientFor().request({ method: "GET", path });
  return toResult(parseResponse(texmlApplicationEnvelopeSchema, body, { method: "GET", path }).data);
}

/** Streams the matching applications, 250 per request. */
export function iterateApplications(args: GetApplicationsArgs = {}): AsyncGenerator<ApplicationInfo> {
  if (args.friendlyName !== undefined && args.friendlyName.length < 3)
    throw new TelnyxValidationError("friendlyName", "friendlyName: the filter needs at least 3 characters");
  const filters = query({
    "filter[friendly_name]": args.friendlyName,
    "filter[outbound_voice_profile_id]": args.outboundVoiceProfileId,
    sort: args.sort,
  });
  return iterateNumberedRecords<typeof texmlApplicationWireSchema>(texmlApplicationListSchema, "/texml_applications", filters, args);
}

/** All matching applications (up to `limit`). */
export async function getApplications(args: GetApplicationsArgs = {}): Promise<GetApplicationsResult> {
  return { applications: await collect(iterateApplications(args)) };
}

/** {@link getApplication} taking `Input`s and returning an `Output`; `opts.dependsOn` makes it wait for those resources. */
export function getApplicationOutput(args: GetApplicationOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<ApplicationInfo> {
  return outputForm(getApplication, args, opts);
}

/** {@link getApplications} taking `Input`s and returning an `Output`; `opts.dependsOn` makes it wait for those resources. */
export function getApplicationsOutput(
  args?: GetApplicationsOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetApplicationsResult> {
  return outputForm(getApplications, args, opts);
}
