import { randomBytes } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { clientFor } from "../../client/factory";
import { TelnyxImportError } from "../../errors";
import { parseResponse } from "../../schemas/parse";
import { secretEnvelopeSchema } from "../../schemas/secrets";
import { importIdOf } from "../adopt";
import { changedProperties } from "../diff";
import { checkInputs, userProperties } from "../validation";
import { warn } from "../warnings";
import { secretInputsSchema, secretNameInputsSchema } from "./schema";

const PATH = "/texml/secrets";

/**
 * Secret names written (or claimed) by this provider process, that is, by this
 * deployment. A retirement in the same deployment skips them: the stack has just set
 * the value under a new resource (a rename, a move, a replacement).
 */
const setThisDeployment = new Set<string>();

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

/**
 * CRUD for `texml.Secret` over `POST /texml/secrets`, the only secret endpoint Telnyx has.
 * It writes the value; it never overwrites it on delete. Retiring a value is the job of
 * the name's claim ({@link secretNameProvider}), which goes only when no resource of the
 * stack declares the name any more.
 */
export const secretProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    const inputs = userProperties(news);
    if (importIdOf(news) !== undefined) {
      throw new TelnyxImportError(
        `texml.Secret "${String(inputs.name)}" cannot be imported: Telnyx has no endpoint to read a secret, so there is nothing to adopt or verify. ` +
          "Remove the `import` option and declare the secret with its value: `pulumi up` then sets it (an existing name has its value replaced).",
      );
    }
    return { inputs, failures: checkInputs(secretInputsSchema, inputs) };
  },

  async diff(_id, olds, news) {
    const changed = changedProperties(olds, userProperties(news));
    return { changes: changed.length > 0, replaces: changed.filter((k) => k === "name"), deleteBeforeReplace: false };
  },

  async create(inputs) {
    const name = String(inputs.name);
    await upsert(name, String(inputs.value));
    setThisDeployment.add(name);
    return { id: name, outs: { name, value: inputs.value } };
  },

  async read(id, props) {
    // Telnyx cannot show a secret's value (there is no read endpoint), so the state is kept as it is.
    return { id, props };
  },

  async update(_id, _olds, news) {
    await upsert(String(news.name), String(news.value));
    setThisDeployment.add(String(news.name));
    return { outs: { name: news.name, value: news.value } };
  },

  async delete() {
    // Nothing to do in Telnyx: another resource of the stack may hold the same name now
    // (a rename, a move under a component, a replacement). The claim retires the value.
  },
};

/**
 * CRUD for the claim on a secret name (`texml:SecretName`), registered by every
 * `texml.Secret` with the Telnyx name as its resource name. Its URN depends on the name
 * alone, so renaming or moving the `Secret` leaves it in place; it is deleted only when
 * no `Secret` of the stack declares the name, and only then is the value retired.
 */
export const secretNameProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    const inputs = userProperties(news);
    return { inputs, failures: checkInputs(secretNameInputsSchema, inputs) };
  },

  async diff(_id, olds, news) {
    const changed = changedProperties(olds, userProperties(news));
    return { changes: changed.length > 0, replaces: changed, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const name = String(inputs.name);
    setThisDeployment.add(name);
    return { id: name, outs: { name } };
  },

  async read(id, props) {
    return { id, props };
  },

  async delete(id, props) {
    const name = String(props.name ?? id);
    if (setThisDeployment.has(name)) {
      await warn(`texml.Secret "${name}": not retired, because this deployment has just set it again under another resource of the stack.`);
      return;
    }
    // There is no delete endpoint: overwrite the value with random bytes so the old one stops working in TeXML.
    await upsert(name, randomBytes(32).toString("base64url"));
    await warn(`texml.Secret "${name}": Telnyx has no way to delete a secret, so its value was overwritten with random bytes; the name itself remains in the Telnyx account.`);
  },
};
