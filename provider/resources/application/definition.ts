import * as z from "zod";
import { defineResource, telnyxDefault } from "../definition";
import { bool, httpUrl, integerAtLeast, nonEmptyString, oneOf } from "../validation";

/**
 * Inputs of a TeXML application: every field of the spec's
 * `CreateTexmlApplicationRequest`, in camelCase. Fields left out are not managed:
 * Telnyx applies its defaults (marked on each field), and they never show as a diff.
 */
export const applicationInputsSchema = z.strictObject({
  /** `friendly_name`: a user-assigned name. */
  friendlyName: nonEmptyString(),
  /** `voice_url`: where Telnyx fetches TeXML for a call. */
  voiceUrl: httpUrl(),
  /** `voice_fallback_url`: used when `voiceUrl` answers with an error. */
  voiceFallbackUrl: telnyxDefault(httpUrl().nullable().optional(), null),
  /** `voice_method`: HTTP method for `voiceUrl` (Telnyx default `post`). */
  voiceMethod: telnyxDefault(oneOf(["get", "post"]).optional(), "post"),
  /** `status_callback`: where call progress events go. */
  statusCallback: telnyxDefault(httpUrl().nullable().optional(), null),
  /** `status_callback_method` (Telnyx default `post`). */
  statusCallbackMethod: telnyxDefault(oneOf(["get", "post"]).optional(), "post"),
  /** `active`: whether the application can be used (Telnyx default true). */
  active: telnyxDefault(bool().optional(), true),
  /** `anchorsite_override`: media routing site (Telnyx default `Latency`). */
  anchorsiteOverride: telnyxDefault(
    oneOf([
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
    ]).optional(),
    "Latency",
  ),
  /** `dtmf_type` (Telnyx default `RFC 2833`). */
  dtmfType: telnyxDefault(oneOf(["RFC 2833", "Inband", "SIP INFO"]).optional(), "RFC 2833"),
  /** `first_command_timeout`: hang up when the first command times out. */
  firstCommandTimeout: telnyxDefault(bool().optional(), false),
  /** `first_command_timeout_secs` (Telnyx default 30). */
  firstCommandTimeoutSecs: telnyxDefault(integerAtLeast(1).optional(), 30),
  /** `call_cost_in_webhooks` (Telnyx default false). */
  callCostInWebhooks: telnyxDefault(bool().optional(), false),
  /** `tags`. */
  tags: telnyxDefault(z.array(nonEmptyString(), { error: "must be a list of strings" }).optional(), []),
  /** `inbound` call settings. */
  inbound: z
    .strictObject(
      {
        channelLimit: telnyxDefault(integerAtLeast(1).nullable().optional(), null),
        shakenStirEnabled: telnyxDefault(bool().optional(), false),
        sipSubdomain: telnyxDefault(nonEmptyString().nullable().optional(), null),
        sipSubdomainReceiveSettings: telnyxDefault(oneOf(["only_my_connections", "from_anyone"]).optional(), "from_anyone"),
      },
      { error: "must be an object" },
    )
    .optional(),
  /** `outbound` call settings. */
  outbound: z
    .strictObject(
      {
        channelLimit: telnyxDefault(integerAtLeast(1).nullable().optional(), null),
        outboundVoiceProfileId: telnyxDefault(
          z.string({ error: "must be a string" }).regex(/^\d+$/, { error: "must be a numeric id" }).nullable().optional(),
          null,
        ),
      },
      { error: "must be an object" },
    )
    .optional(),
});

/** Validated application inputs. */
export type ApplicationInputs = z.infer<typeof applicationInputsSchema>;

/**
 * Outputs of a TeXML application: the spec's `TexmlApplication` in camelCase, as Telnyx
 * settled it, nulls dropped, without `id` (the resource id) and `record_type`.
 */
export const applicationOutputsSchema = z.object({
  friendlyName: z.string(),
  voiceUrl: z.string(),
  voiceFallbackUrl: z.string().optional(),
  voiceMethod: z.string(),
  statusCallback: z.string().optional(),
  statusCallbackMethod: z.string(),
  active: z.boolean(),
  anchorsiteOverride: z.string(),
  dtmfType: z.string(),
  firstCommandTimeout: z.boolean(),
  firstCommandTimeoutSecs: z.number(),
  callCostInWebhooks: z.boolean(),
  tags: z.array(z.string()).optional(),
  inbound: z
    .object({
      channelLimit: z.number().optional(),
      shakenStirEnabled: z.boolean().optional(),
      sipSubdomain: z.string().optional(),
      sipSubdomainReceiveSettings: z.string().optional(),
    })
    .optional(),
  outbound: z
    .object({
      channelLimit: z.number().optional(),
      outboundVoiceProfileId: z.string().optional(),
    })
    .optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/**
 * `texml.Application`: every field updates in place. Friendly names are not unique in
 * Telnyx, so an ambiguous create adopts an application only with proof (see `ambiguous.ts`).
 */
export const applicationResource = defineResource({
  kind: "Application",
  noun: "application",
  inputs: applicationInputsSchema,
  outputs: applicationOutputsSchema,
  identity: "friendlyName",
  replaceOn: [],
  creationTime: "createdAt",
});
