import { randomBytes } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { clientFor } from "../../client/factory";
import { parseResponse } from "../../schemas/parse";
import { secretEnvelopeSchema } from "../../schemas/secrets";
import { changedProperties } from "../diff";
import { checkInputs, userProperties } from "../validation";
import { warn } from "../warnings";
import { secretInputsSchema } from "./schema";

const PATH = "/texml/secrets";

/** Upserts a secret. The endpoint replaces an existing name's value, so repeating it is harmless. */
async function upsert(name: string, value: string): Promise<void> {
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

/** CRUD for `texml.Secret` over `POST /texml/secrets`, the only secret endpoint Telnyx has. */
export const secretProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    const inputs = userProperties(news);
    return { inputs, failures: checkInputs(secretInputsSchema, inputs) };
  },

  async diff(_id, olds, news) {
    const changed = changedProperties(olds, userProperties(news));
    return { changes: changed.length > 0, replaces: changed.filter((k) => k === "name"), deleteBeforeReplace: false };
  },

  async create(inputs) {
    const name = String(inputs.name);
    await upsert(name, String(inputs.value));
    return { id: name, outs: { name, value: inputs.value } };
  },

  async read(id, props) {
    // Telnyx cannot show a secret's value (there is no read endpoint), so the state is kept as it is.
    if (props?.name === undefined) {
      throw new Error(
        `Secret "${id}" cannot be imported: Telnyx has no endpoint to read a secret. Declare it with its value instead; ` +
          "`pulumi up` then sets the value (an existing name has its value replaced).",
      );
    }
    return { id, props };
  },

  async update(_id, _olds, news) {
    await upsert(String(news.name), String(news.value));
    return { outs: { name: news.name, value: news.value } };
  },

  async delete(id, props) {
    // There is no delete endpoint: overwrite the value with random bytes so the old one stops working in TeXML.
    const name = String(props.name ?? id);
    await upsert(name, randomBytes(32).toString("base64url"));
    await warn(`texml.Secret "${name}": Telnyx has no way to delete a secret, so its value was overwritten with random bytes; the name itself remains in the Telnyx account.`);
  },
};
