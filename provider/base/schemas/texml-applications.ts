import * as z from "zod";

/**
 * `TexmlApplication` from the spec, as it travels on the wire (snake_case). Lenient
 * where the spec is (every field optional but `id`, unknown fields kept), strict on types.
 */
export const texmlApplicationWireSchema = z.looseObject({
  id: z.string(),
  record_type: z.string().optional(),
  friendly_name: z.string().optional(),
  active: z.boolean().optional(),
  anchorsite_override: z.string().optional(),
  dtmf_type: z.string().optional(),
  first_command_timeout: z.boolean().optional(),
  first_command_timeout_secs: z.number().int().optional(),
  call_cost_in_webhooks: z.boolean().optional(),
  voice_url: z.string().optional(),
  voice_fallback_url: z.string().nullable().optional(),
  voice_method: z.string().optional(),
  status_callback: z.string().nullable().optional(),
  status_callback_method: z.string().optional(),
  tags: z.array(z.string()).optional(),
  inbound: z
    .looseObject({
      channel_limit: z.number().int().nullable().optional(),
      shaken_stir_enabled: z.boolean().optional(),
      sip_subdomain: z.string().nullable().optional(),
      sip_subdomain_receive_settings: z.string().optional(),
    })
    .optional(),
  outbound: z
    .looseObject({
      channel_limit: z.number().int().nullable().optional(),
      outbound_voice_profile_id: z.string().nullable().optional(),
    })
    .optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});

/** A TeXML application on the wire. */
export type TexmlApplicationWire = z.infer<typeof texmlApplicationWireSchema>;

/** `{ data: TexmlApplication }`: the body of create, get, update and delete. */
export const texmlApplicationEnvelopeSchema = z.looseObject({ data: texmlApplicationWireSchema });

/** `{ data: TexmlApplication[], meta }`: the body of the list endpoint. */
export const texmlApplicationListSchema = z.looseObject({
  data: z.array(texmlApplicationWireSchema),
  meta: z
    .looseObject({
      page_number: z.number().int(),
      page_size: z.number().int(),
      total_pages: z.number().int(),
      total_results: z.number().int(),
    })
    .optional(),
});
