import type { CamelKeys } from "../schemas/records";
import { texmlApplicationEnvelopeSchema, texmlApplicationListSchema, texmlApplicationWireSchema, type TexmlApplicationWire } from "../schemas/texml-applications";
import { clientFor } from "../client/factory";
import { parseResponse } from "../schemas/parse";
import { toResult } from "../schemas/records";
import { collect, iterateNumberedRecords, outputForm, query, segment, type ListArgs } from "./common";

/** A TeXML application as Telnyx has it, dates in ISO 8601. */
export type ApplicationInfo = CamelKeys<TexmlApplicationWire>;

export interface GetApplicationArgs {
  id: string;
}

export interface GetApplicationsArgs extends ListArgs {
  /** Applications whose name contains this (case-insensitive, at least 3 characters). */
  friendlyName?: string;
  outboundVoiceProfileId?: string;
  /** `created_at`, `friendly_name` or `active`, `-` first for descending; newest first by default. */
  sort?: "created_at" | "-created_at" | "friendly_name" | "-friendly_name" | "active" | "-active";
}

/** One application by id. */
export async function getApplication(args: GetApplicationArgs): Promise<ApplicationInfo> {
  const path = `/texml_applications/${segment(args.id)}`;
  const { body } = await clientFor().request({ method: "GET", path });
  return toResult(parseResponse(texmlApplicationEnvelopeSchema, body, { method: "GET", path }).data);
}

/** Streams the matching applications, 250 per request. */
export function iterateApplications(args: GetApplicationsArgs = {}): AsyncGenerator<ApplicationInfo> {
  if (args.friendlyName !== undefined && args.friendlyName.length < 3) throw new Error("friendlyName: the filter needs at least 3 characters");
  const filters = query({ "filter[friendly_name]": args.friendlyName, "filter[outbound_voice_profile_id]": args.outboundVoiceProfileId, sort: args.sort });
  return iterateNumberedRecords<typeof texmlApplicationWireSchema>(texmlApplicationListSchema, "/texml_applications", filters, args);
}

/** All matching applications (up to `limit`). */
export async function getApplications(args: GetApplicationsArgs = {}): Promise<{ applications: ApplicationInfo[] }> {
  return { applications: await collect(iterateApplications(args)) };
}

export const getApplicationOutput = outputForm(getApplication);
export const getApplicationsOutput = outputForm(getApplications);
