import * as z from "zod";
import { texmlApplicationWireSchema } from "../../base/schemas/texml-applications";
import { defineResource, documented, telnyxDefault } from "../definition";
import { bool, httpUrl, integerAtLeast, nonEmptyString, oneOf } from "../validation";

/** Application fields the spec leaves undescribed. */
const APP_TEXT = {
  inbound: "Settings for inbound calls to the application's phone numbers and SIP subdomain",
  outbound: "Settings for outbound calls made through the application",
};

const FRIENDLY_NAME_NOTE =
  "Must not be empty. Friendly names are not unique in Telnyx; an ambiguous create adopts an application only with proof that this request made it";

const RESETTABLE_URL = "Must be an absolute http(s) URL; `null` or leaving a declared value out resets it";

/**
 * Inputs of a TeXML application: every field of the spec's
 * `CreateTexmlApplicationRequest`, in camelCase. Fields left out are not managed:
 * Telnyx applies its defaults (marked on each field), and they never show as a diff.
 */
export const applicationInputsSchema = z.strictObject({
  /** `friendly_name`: a user-assigned name. */
  friendlyName: documented(nonEmptyString(), { notes: [FRIENDLY_NAME_NOTE] }),
  /** `voice_url`: where Telnyx fetches TeXML for a call. */
  voiceUrl: documented(httpUrl(), { notes: ["Must be an absolute http(s) URL"] }),
  /** `voice_fallback_url`: used when `voiceUrl` answers with an error. */
  voiceFallbackUrl: documented(telnyxDefault(httpUrl().nullable().optional(), null), { notes: [RESETTABLE_URL] }),
  /** `voice_method`: HTTP method for `voiceUrl` (Telnyx default `post`). */
  voiceMethod: telnyxDefault(oneOf(["get", "post"]).optional(), "post"),
  /** `status_callback`: where call progress events go. */
  statusCallback: documented(telnyxDefault(httpUrl().nullable().optional(), null), { notes: [RESETTABLE_URL] }),
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
  firstCommandTimeoutSecs: documented(telnyxDefault(integerAtLeast(1).optional(), 30), { notes: ["Unit: seconds"] }),
  /** `call_cost_in_webhooks` (Telnyx default false). */
  callCostInWebhooks: telnyxDefault(bool().optional(), false),
  /** `tags`. */
  tags: documented(telnyxDefault(z.array(nonEmptyString(), { error: "must be a list of strings" }).optional(), []), {
    notes: ["Each tag must be a non-empty string"],
  }),
  /** `inbound` call settings. */
  inbound: documented(
    z
      .strictObject(
        {
          channelLimit: documented(telnyxDefault(integerAtLeast(1).nullable().optional(), null), { notes: ["`null` removes the limit"] }),
          shakenStirEnabled: telnyxDefault(bool().optional(), false),
          sipSubdomain: documented(telnyxDefault(nonEmptyString().nullable().optional(), null), {
            notes: ["`null` removes the subdomain"],
          }),
          sipSubdomainReceiveSettings: telnyxDefault(oneOf(["only_my_connections", "from_anyone"]).optional(), "from_anyone"),
        },
        { error: "must be an object" },
      )
      .optional(),
    { description: APP_TEXT.inbound },
  ),
  /** `outbound` call settings. */
  outbound: documented(
    z
      .strictObject(
        {
          channelLimit: documented(telnyxDefault(integerAtLeast(1).nullable().optional(), null), { notes: ["`null` removes the limit"] }),
          outboundVoiceProfileId: documented(
            telnyxDefault(
              z.string({ error: "must be a string" }).regex(/^\d+$/, { error: "must be a numeric id" }).nullable().optional(),
              null,
            ),
            { notes: ["A numeric id; `null` removes the association"] },
          ),
        },
        { error: "must be an object" },
      )
      .optional(),
    { description: APP_TEXT.outbound },
  ),
});

/** Validated application inputs. */
export type ApplicationInputs = z.infer<typeof applicationInputsSchema>;

/** An output field with its doc comment on the generated class. */
const out = <S extends z.ZodType>(schema: S, description: string): S => documented(schema, { description });

/** An ISO 8601 date, whatever form the endpoint sends. */
const DATE_NOTE = "An ISO 8601 UTC instant (`2023-06-15T09:56:45.000Z`), whatever form the endpoint sends";

/**
 * Outputs of a TeXML application: the spec's `TexmlApplication` in camelCase, as Telnyx
 * settled it, nulls dropped, without `id` (the resource id) and `record_type`.
 */
export const applicationOutputsSchema = z.object({
  friendlyName: out(z.string(), "A user-assigned name to help manage the application (`friendly_name`)."),
  voiceUrl: out(z.string(), "URL to which Telnyx delivers its XML Translator webhooks: where it fetches TeXML for a call (`voice_url`)."),
  voiceFallbackUrl: out(z.string().optional(), "URL Telnyx uses when `voiceUrl` answers with an error (`voice_fallback_url`), if set."),
  voiceMethod: out(z.string(), "HTTP method Telnyx uses for `voiceUrl` (`voice_method`): `get` or `post`."),
  statusCallback: out(z.string().optional(), "URL for Telnyx to send call progress events to (`status_callback`), if set."),
  statusCallbackMethod: out(z.string(), "HTTP method Telnyx uses for `statusCallback` (`status_callback_method`): `get` or `post`."),
  active: out(z.boolean(), "Whether the application can be used (`active`)."),
  anchorsiteOverride: out(
    z.string(),
    "The site media is routed through (`anchorsite_override`); `Latency` picks the one with the lowest round-trip time.",
  ),
  dtmfType: out(z.string(), "How DTMF digits are sent from Telnyx to the application (`dtmf_type`): `RFC 2833`, `Inband` or `SIP INFO`."),
  firstCommandTimeout: out(z.boolean(), "Whether calls hang up after the first command times out (`first_command_timeout`)."),
  firstCommandTimeoutSecs: out(z.number(), "Seconds to wait before timing out a dial command (`first_command_timeout_secs`)."),
  callCostInWebhooks: out(z.boolean(), "Whether call cost webhooks are sent for the application (`call_cost_in_webhooks`)."),
  tags: out(z.array(z.string()).optional(), "Tags associated with the application (`tags`)."),
  inbound: out(
    z
      .object({
        channelLimit: z.number().optional(),
        shakenStirEnabled: z.boolean().optional(),
        sipSubdomain: z.string().optional(),
        sipSubdomainReceiveSettings: z.string().optional(),
      })
      .optional(),
    "Inbound call settings as Telnyx settled them (`inbound`).",
  ),
  outbound: out(
    z
      .object({
        channelLimit: z.number().optional(),
        outboundVoiceProfileId: z.string().optional(),
      })
      .optional(),
    "Outbound call settings as Telnyx settled them (`outbound`).",
  ),
  createdAt: out(z.string(), "When Telnyx created the application (ISO 8601)."),
  updatedAt: out(z.string(), "When Telnyx last changed the application (ISO 8601)."),
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
  surface: {
    className: "Application",
    fileKey: "applications",
    fileEntry: {
      listDoc: "TeXML applications by entry name.",
      doc: ["An entry of `applications` in a declarative TeXML file: the arguments of an {@link Application}, as plain values."],
      specFor: { allowDuplicateFriendlyName: null },
      text: { allowDuplicateFriendlyName: "Friendly names must be unique in a file; `true` on every entry sharing one allows it" },
      notes: { friendlyName: ["Defaults to the entry's key", FRIENDLY_NAME_NOTE] },
      nested: {
        inbound: { name: "TexmlApplicationInboundEntry", doc: ["Inbound call settings of an application entry (`inbound`)."] },
        outbound: { name: "TexmlApplicationOutboundEntry", doc: ["Outbound call settings of an application entry (`outbound`)."] },
      },
    },
    docsPage: "application",
    classDoc: [
      "A TeXML application (`/texml_applications`): the voice URL Telnyx fetches TeXML",
      "from, and how calls reach it. Every field updates in place; nothing replaces.",
      "",
      "Fields you leave out are Telnyx's to default and never show as a diff; a field you",
      "declared and then remove goes back to Telnyx's default on the next `pulumi up`.",
      "",
      "Read an existing application into a program without managing it with {@link Application.get}.",
    ].join("\n"),
    getDoc: [
      "Reads an existing application (by its id) into the program without managing it: the",
      "engine reads it on every `pulumi up`, never changes it, and `pulumi destroy` leaves it",
      "in Telnyx. Its outputs are the application as Telnyx has it.",
      "",
      "```ts",
      'const legacy = texml.Application.get("legacy", "1293384261075731499");',
      "export const legacyVoiceUrl = legacy.voiceUrl;",
      "```",
      "",
      "@param name the resource name in this program",
      "@param id the application's id",
      "@param opts resource options (`parent`, `dependsOn`, ...)",
    ].join("\n"),
    constructorDoc: [
      "@param name the resource name in this program",
      "@param args the application's settings",
      '@param opts resource options; `import: "<id>"` adopts an existing application (see the README)',
    ].join("\n"),
    args: {
      doc: [
        "Arguments of {@link Application}: the spec's `CreateTexmlApplicationRequest` in camelCase.",
        "Fields left out are Telnyx's to default and never show as a diff; a field declared once and then removed goes back to Telnyx's default on the next `pulumi up`. Every field updates in place.",
      ],
      specSchemas: ["CreateTexmlApplicationRequest", "TexmlApplication"],
      nested: {
        inbound: { name: "ApplicationInboundArgs", doc: ["Inbound call settings of an {@link Application} (`inbound`)."] },
        outbound: { name: "ApplicationOutboundArgs", doc: ["Outbound call settings of an {@link Application} (`outbound`)."] },
      },
    },
    outputs: {
      specSchemas: ["TexmlApplication"],
      text: APP_TEXT,
      notes: { createdAt: [DATE_NOTE], updatedAt: [DATE_NOTE] },
      nested: {
        inbound: { name: "ApplicationInbound", doc: ["Inbound call settings of an Application as Telnyx settled them (`inbound`)."] },
        outbound: { name: "ApplicationOutbound", doc: ["Outbound call settings of an Application as Telnyx settled them (`outbound`)."] },
      },
    },
    settled: {
      wire: texmlApplicationWireSchema,
      specSchemas: ["TexmlApplication"],
      sections: {
        inbound: {
          name: "ApplicationInbound",
          doc: ["Inbound call settings of an {@link Application} as Telnyx settled them (`inbound`)."],
        },
        outbound: {
          name: "ApplicationOutbound",
          doc: ["Outbound call settings of an {@link Application} as Telnyx settled them (`outbound`)."],
        },
      },
    },
    page: {
      example: [
        'import * as texml from "pulumi-telnyx-texml";',
        "",
        'const app = new texml.Application("support-line", {',
        '  friendlyName: "support-line",',
        '  voiceUrl: "https://voice.example.com/texml",',
        '  statusCallback: "https://voice.example.com/status",',
        "  inbound: { channelLimit: 10 },",
        "});",
        "",
        "export const applicationId = app.id;",
      ].join("\n"),
      id: "The application's id, as Telnyx assigned it (a numeric string such as `1293384261075731499`).",
      importing: [
        "Adopt an application that already exists with the `import` resource option and its id; only the fields that differ from Telnyx's defaults need declaring:",
        '```ts\nnew texml.Application("legacy", { friendlyName: "legacy", voiceUrl: "https://old.example.com/texml" }, { import: "1293384261075731499" });\n```',
        "`pulumi preview` reads it and checks that it matches every declared input (a mismatch fails with the property, both values and what to do); `pulumi up` records it without writing to Telnyx. Remove the option once adopted. `pulumi import` on the command line does not work for dynamic resources; adopt through the program as above.",
        "To read an application without managing it, use `texml.Application.get(name, id)`: it is read on every `pulumi up` and left in Telnyx by `pulumi destroy`.",
      ],
      refresh:
        "Reads the application by id (`GET /texml_applications/{id}`) and takes Telnyx's values, so changes made in the portal show up; the next `pulumi up` puts the declared values back. An application deleted outside the stack leaves the state.",
    },
  },
  creationTime: "createdAt",
});
