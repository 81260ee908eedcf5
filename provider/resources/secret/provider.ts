import { randomBytes } from "node:crypto";
import { clientFor } from "../../client/factory";
import { parseResponse } from "../../schemas/parse";
import { secretEnvelopeSchema } from "../../schemas/secrets";
import { dynamicProvider } from "../dynamic-provider";
import { warn } from "../warnings";
import { secretNameResource, secretResource } from "./definition";

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

/** Why a secret cannot be imported: Telnyx cannot show it. */
export function refuseSecretImport(declared: Record<string, unknown>): string {
  const name = declared.name === undefined ? "" : ` "${String(declared.name)}"`;
  return (
    `texml.Secret${name} cannot be imported: Telnyx has no endpoint to read a secret, so there is nothing to adopt or verify. ` +
    "Remove the `import` option and declare the secret with its value: `pulumi up` then sets it (an existing name has its value replaced)."
  );
}

/**
 * The REST calls behind `texml.Secret`: `POST /texml/secrets`, the only secret endpoint
 * Telnyx has. It writes the value; it never overwrites it on delete. Retiring a value is
 * the job of the name's claim ({@link secretNameProvider}), which goes only when no
 * resource of the stack declares the name any more.
 */
export const secretProvider = dynamicProvider(secretResource, {
  refuseImport: refuseSecretImport,

  async create(declared) {
    const name = String(declared.name);
    await upsert(name, String(declared.value));
    setThisDeployment.add(name);
    return { id: name, outs: { name, value: declared.value } };
  },

  async read(id, previous) {
    // Telnyx cannot show a secret's value (there is no read endpoint), so the state is kept as it is.
    return { id, props: previous };
  },

  async update(_id, wanted) {
    await upsert(String(wanted.name), String(wanted.value));
    setThisDeployment.add(String(wanted.name));
    return { name: wanted.name, value: wanted.value };
  },

  async delete() {
    // Nothing to do in Telnyx: another resource of the stack may hold the same name now
    // (a rename, a move under a component, a replacement). The claim retires the value.
  },
});

/**
 * The claim on a secret name (`texml:SecretName`), registered by every `texml.Secret`
 * with the Telnyx name as its resource name. Its URN depends on the name alone, so
 * renaming or moving the `Secret` leaves it in place; it is deleted only when no
 * `Secret` of the stack declares the name, and only then is the value retired.
 */
export const secretNameProvider = dynamicProvider(secretNameResource, {
  async create(declared) {
    const name = String(declared.name);
    setThisDeployment.add(name);
    return { id: name, outs: { name } };
  },

  async read(id, previous) {
    return { id, props: previous };
  },

  async update() {
    throw new Error("texml:SecretName has nothing to update: a new name is a new claim");
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
});
