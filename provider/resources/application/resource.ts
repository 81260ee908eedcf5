import * as pulumi from "@pulumi/pulumi";
import type { ArgsOf } from "../inputs";
import { TelnyxDynamicResource } from "../dynamic-resource";
import type { ApplicationInputs } from "./schema";

/** Arguments of {@link Application}: the spec's `CreateTexmlApplicationRequest` in camelCase. */
export type ApplicationArgs = ArgsOf<ApplicationInputs>;

/** Inbound settings as Telnyx settled them. */
export interface ApplicationInbound {
  channelLimit?: number;
  shakenStirEnabled?: boolean;
  sipSubdomain?: string;
  sipSubdomainReceiveSettings?: string;
}

/** Outbound settings as Telnyx settled them. */
export interface ApplicationOutbound {
  channelLimit?: number;
  outboundVoiceProfileId?: string;
}

const outputNames = [
  "friendlyName",
  "voiceUrl",
  "voiceFallbackUrl",
  "voiceMethod",
  "statusCallback",
  "statusCallbackMethod",
  "active",
  "anchorsiteOverride",
  "dtmfType",
  "firstCommandTimeout",
  "firstCommandTimeoutSecs",
  "callCostInWebhooks",
  "tags",
  "inbound",
  "outbound",
  "createdAt",
  "updatedAt",
] as const;

/**
 * A TeXML application (`/texml_applications`): the voice URL Telnyx fetches TeXML
 * from, and how calls reach it. Every field updates in place; nothing replaces.
 *
 * Fields you leave out are Telnyx's to default and never show as a diff; to reset
 * one, declare its default value explicitly.
 */
export class Application extends TelnyxDynamicResource {
  /** `friendly_name`. */
  declare readonly friendlyName: pulumi.Output<string>;
  /** `voice_url`. */
  declare readonly voiceUrl: pulumi.Output<string>;
  /** `voice_fallback_url`, if set. */
  declare readonly voiceFallbackUrl: pulumi.Output<string | undefined>;
  /** `voice_method` as settled (`get` or `post`). */
  declare readonly voiceMethod: pulumi.Output<string>;
  /** `status_callback`, if set. */
  declare readonly statusCallback: pulumi.Output<string | undefined>;
  /** `status_callback_method` as settled. */
  declare readonly statusCallbackMethod: pulumi.Output<string>;
  /** `active` as settled. */
  declare readonly active: pulumi.Output<boolean>;
  /** `anchorsite_override` as settled. */
  declare readonly anchorsiteOverride: pulumi.Output<string>;
  /** `dtmf_type` as settled. */
  declare readonly dtmfType: pulumi.Output<string>;
  /** `first_command_timeout` as settled. */
  declare readonly firstCommandTimeout: pulumi.Output<boolean>;
  /** `first_command_timeout_secs` as settled. */
  declare readonly firstCommandTimeoutSecs: pulumi.Output<number>;
  /** `call_cost_in_webhooks` as settled. */
  declare readonly callCostInWebhooks: pulumi.Output<boolean>;
  /** `tags`. */
  declare readonly tags: pulumi.Output<string[] | undefined>;
  /** `inbound` settings as settled. */
  declare readonly inbound: pulumi.Output<ApplicationInbound | undefined>;
  /** `outbound` settings as settled. */
  declare readonly outbound: pulumi.Output<ApplicationOutbound | undefined>;
  /** When Telnyx created the application (ISO 8601). */
  declare readonly createdAt: pulumi.Output<string>;
  /** When Telnyx last changed the application (ISO 8601). */
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: ApplicationArgs, opts?: pulumi.CustomResourceOptions) {
    super("Application", name, args, outputNames, opts);
  }
}
