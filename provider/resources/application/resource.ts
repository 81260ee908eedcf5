import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceArgs, isResourceOfKind, lightDebugStacks } from "../dynamic-resource";
import { applicationResource } from "./definition";
import type { ApplicationArgs, ApplicationInbound, ApplicationOutbound } from "./args";

export type { ApplicationArgs, ApplicationInboundArgs, ApplicationInbound, ApplicationOutbound, ApplicationOutboundArgs } from "./args";

/**
 * A TeXML application (`/texml_applications`): the voice URL Telnyx fetches TeXML
 * from, and how calls reach it. Every field updates in place; nothing replaces.
 *
 * Fields you leave out are Telnyx's to default and never show as a diff; a field you
 * declared and then remove goes back to Telnyx's default on the next `pulumi up`.
 *
 * Read an existing application into a program without managing it with {@link Application.get}.
 */
export class Application extends pulumi.CustomResource {
  /**
   * Reads an existing application (by its id) into the program without managing it: the
   * engine reads it on every `pulumi up`, never changes it, and `pulumi destroy` leaves it
   * in Telnyx. Its outputs are the application as Telnyx has it.
   *
   * ```ts
   * const legacy = texml.Application.get("legacy", "1293384261075731499");
   * export const legacyVoiceUrl = legacy.voiceUrl;
   * ```
   *
   * @param name the resource name in this program
   * @param id the application's id
   * @param opts resource options (`parent`, `dependsOn`, ...)
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Application {
    return new Application(name, {} as ApplicationArgs, { ...opts, id });
  }

  /** True when `obj` is an {@link Application}, also one made by another copy of this package. */
  static override isInstance(obj: unknown): obj is Application {
    return isResourceOfKind(applicationResource, obj);
  }

  /** A user-assigned name to help manage the application (`friendly_name`). */
  declare readonly friendlyName: pulumi.Output<string>;
  /** URL to which Telnyx delivers its XML Translator webhooks: where it fetches TeXML for a call (`voice_url`). */
  declare readonly voiceUrl: pulumi.Output<string>;
  /** URL Telnyx uses when `voiceUrl` answers with an error (`voice_fallback_url`), if set. */
  declare readonly voiceFallbackUrl: pulumi.Output<string | undefined>;
  /** HTTP method Telnyx uses for `voiceUrl` (`voice_method`): `get` or `post`. */
  declare readonly voiceMethod: pulumi.Output<string>;
  /** URL for Telnyx to send call progress events to (`status_callback`), if set. */
  declare readonly statusCallback: pulumi.Output<string | undefined>;
  /** HTTP method Telnyx uses for `statusCallback` (`status_callback_method`): `get` or `post`. */
  declare readonly statusCallbackMethod: pulumi.Output<string>;
  /** Whether the application can be used (`active`). */
  declare readonly active: pulumi.Output<boolean>;
  /** The site media is routed through (`anchorsite_override`); `Latency` picks the one with the lowest round-trip time. */
  declare readonly anchorsiteOverride: pulumi.Output<string>;
  /** How DTMF digits are sent from Telnyx to the application (`dtmf_type`): `RFC 2833`, `Inband` or `SIP INFO`. */
  declare readonly dtmfType: pulumi.Output<string>;
  /** Whether calls hang up after the first command times out (`first_command_timeout`). */
  declare readonly firstCommandTimeout: pulumi.Output<boolean>;
  /** Seconds to wait before timing out a dial command (`first_command_timeout_secs`). */
  declare readonly firstCommandTimeoutSecs: pulumi.Output<number>;
  /** Whether call cost webhooks are sent for the application (`call_cost_in_webhooks`). */
  declare readonly callCostInWebhooks: pulumi.Output<boolean>;
  /** Tags associated with the application (`tags`). */
  declare readonly tags: pulumi.Output<string[] | undefined>;
  /** Inbound call settings as Telnyx settled them (`inbound`). */
  declare readonly inbound: pulumi.Output<ApplicationInbound | undefined>;
  /** Outbound call settings as Telnyx settled them (`outbound`). */
  declare readonly outbound: pulumi.Output<ApplicationOutbound | undefined>;
  /** When Telnyx created the application (ISO 8601). */
  declare readonly createdAt: pulumi.Output<string>;
  /** When Telnyx last changed the application (ISO 8601). */
  declare readonly updatedAt: pulumi.Output<string>;

  /**
   * @param name the resource name in this program
   * @param args the application's settings
   * @param opts resource options; `import: "<id>"` adopts an existing application (see the README)
   */
  constructor(name: string, args: ApplicationArgs, opts?: pulumi.CustomResourceOptions) {
    const [type, props, options] = dynamicResourceArgs(applicationResource, args, opts);
    const restore = lightDebugStacks();
    try {
      super(type, name, props, options);
    } finally {
      restore();
    }
  }
}
