/**
 * The REST call behind `texml.Secret`: `POST /texml/secrets`, the only secret endpoint Telnyx
 * has. It upserts: an existing name has its value replaced. There is no endpoint to read, list
 * or delete a secret, so a secret has no `ResourceApi` (`../lifecycle.ts`).
 */
import { clientFor } from "../../base/client/factory";
import { parseResponse } from "../../base/schemas/parse";
import { secretEnvelopeSchema } from "../../base/schemas/secrets";

const PATH = "/texml/secrets";

/** Upserts a secret. The endpoint replaces an existing name's value, so repeating it is harmless. */
export async function upsertSecret(name: string, value: string): Promise<void> {
  try {
    const { body } = await clientFor().request({ method: "POST", path: PATH, json: { name, value }, idempotent: true });
    parseResponse(secretEnvelopeSchema, body, { method: "POST", path: PATH });
  } catch (error) {
    throw scrub(error, value);
  }
}

/** Makes sure no error text carries the secret value, whatever the server echoed. */
function scrub(error: unknown, value: string): unknown {
  if (error instanceof Error && value && error.message.includes(value)) {
    error.message = error.message.split(value).join("[secret]");
  }
  return error;
}
