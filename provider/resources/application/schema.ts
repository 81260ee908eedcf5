import { z } from "zod";
import { bool, httpUrl, integerAtLeast, nonEmptyString, oneOf } from "../validation";

/**
 * Inputs of a TeXML application: every field of the spec's
 * `CreateTexmlApplicationRequest`, in camelCase. Fields left out are not managed:
 * Telnyx applies its defaults, and they never show as a diff.
 */
export const applicationInputsSchema = z.strictObject({
  /** `friendly_name`: a user-assigned name. */
  friendlyName: nonEmptyString(),
  /** `voice_url`: where Telnyx fetches TeXML for a call. */
  voiceUrl: httpUrl(),
  /** `voice_fallback_url`: used when `voiceUrl` answers with an error. */
  voiceFallbackUrl: httpUrl().nullable().optional(),
  /** `voice_method`: HTTP method for `voiceUrl` (Telnyx default `post`). */
  voiceMethod: oneOf(["get", "post"]).optional(),
  /** `status_callback`: where call progress events go. */
  statusCallback: httpUrl().nullable().optional(),
  /** `status_callback_method` (Telnyx default `post`). */
  statusCallbackMethod: oneOf(["get", "post"]).optional(),
  /** `active`: whether the application can be used (Telnyx default true). */
  active: bool().optional(),
  /** `anchorsite_override`: media routing site (Telnyx default `Latency`). */
  anchorsiteOverride: oneOf([
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
  /** `dtmf_type` (Telnyx default `RFC 2833`). */
  dtmfType: oneOf(["RFC 2833", "Inband", "SIP INFO"]).optional(),
  /** `first_command_timeout`: hang up when the first command times out. */
  firstCommandTimeout: bool().optional(),
  /** `first_command_timeout_secs` (Telnyx default 30). */
  firstCommandTimeoutSecs: integerAtLeast(1).optional(),
  /** `call_cost_in_webhooks` (Telnyx default false). */
  callCostInWebhooks: bool().optional(),
  /** `tags`. */
  tags: z.array(nonEmptyString(), { error: "must be a list of strings" }).optional(),
  /** `inbound` call settings. */
  inbound: z
    .strictObject({
      channelLimit: integerAtLeast(1).nullable().optional(),
      shakenStirEnabled: bool().optional(),
      sipSubdomain: nonEmptyString().nullable().optional(),
      sipSubdomainReceiveSettings: oneOf(["only_my_connections", "from_anyone"]).optional(),
    }, { error: "must be an object" })
    .optional(),
  /** `outbound` call settings. */
  outbound: z
    .strictObject({
      channelLimit: integerAtLeast(1).nullable().optional(),
      outboundVoiceProfileId: z.string({ error: "must be a string" }).regex(/^\d+$/, { error: "must be a numeric id" }).nullable().optional(),
    }, { error: "must be an object" })
    .optional(),
});

/** Validated application inputs. */
export type ApplicationInputs = z.infer<typeof applicationInputsSchema>;

/**
 * Telnyx's documented default for every optional field, by path (`null`: unset, the
 * spec's `default: null`). A field removed from the program is sent back to this value;
 * an imported application gets as inputs only the fields that differ from it.
 */
export const applicationDefaults: Readonly<Record<string, unknown>> = {
  voiceFallbackUrl: null,
  voiceMethod: "post",
  statusCallback: null,
  statusCallbackMethod: "post",
  active: true,
  anchorsiteOverride: "Latency",
  dtmfType: "RFC 2833",
  firstCommandTimeout: false,
  firstCommandTimeoutSecs: 30,
  callCostInWebhooks: false,
  tags: [],
  "inbound.channelLimit": null,
  "inbound.shakenStirEnabled": false,
  "inbound.sipSubdomain": null,
  "inbound.sipSubdomainReceiveSettings": "from_anyone",
  "outbound.channelLimit": null,
  "outbound.outboundVoiceProfileId": null,
};
