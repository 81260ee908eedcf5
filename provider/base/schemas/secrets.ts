import * as z from "zod";

/** `CreateTeXMLSecretResult` wrapped in `data`: Telnyx never returns a value, only `REDACTED`. */
export const secretEnvelopeSchema = z.looseObject({
  data: z.looseObject({ name: z.string(), value: z.literal("REDACTED") }),
});
