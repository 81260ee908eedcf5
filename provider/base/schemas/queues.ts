import * as z from "zod";

/** `QueueResource` from the spec, on the wire (snake_case, RFC 2822 dates). */
export const queueWireSchema = z.looseObject({
  sid: z.string(),
  account_sid: z.string().optional(),
  average_wait_time: z.number().int().optional(),
  current_size: z.number().int().optional(),
  max_size: z.number().int().optional(),
  date_created: z.string().optional(),
  date_updated: z.string().optional(),
  subresource_uris: z.record(z.string(), z.unknown()).optional(),
  uri: z.string().optional(),
});

/** A TeXML queue on the wire. */
export type QueueWire = z.infer<typeof queueWireSchema>;

/** `QueueResourceIndex`: one page of queues with TeXML paging fields. */
export const queueListSchema = z.looseObject({
  queues: z.array(queueWireSchema),
  page: z.number().int().optional(),
  page_size: z.number().int().optional(),
  start: z.number().int().optional(),
  end: z.number().int().optional(),
  uri: z.string().optional(),
  first_page_uri: z.string().nullable().optional(),
  next_page_uri: z.string().nullable().optional(),
  previous_page_uri: z.string().nullable().optional(),
});
