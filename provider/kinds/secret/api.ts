/**
 * How `texml.Secret` is served. Telnyx has one secret endpoint, `POST /texml/secrets`, which
 * upserts (an existing name has its value replaced), and none to read, list or delete a secret.
 * So a secret has no `ResourceApi` and does not go through the lifecycle of readable kinds
 * (`../lifecycle.ts`): it runs on the generic provider (`../operations.ts`) with the rules
 * below, which exist only because of that: refresh keeps the state, `import` is refused, a
 * create cannot be ambiguous (the upsert is safe to repeat, so the client retries it), and a
 * delete writes nothing unless `retireOnDelete` is set and no other resource declares the name.
 */
import { randomBytes } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { clientFor } from "../../base/client/factory";
import { parseResponse } from "../../base/schemas/parse";
import { secretEnvelopeSchema } from "../../base/schemas/secrets";
import { dynamicProvider } from "../operations";
import { warn } from "../warnings";
import { secretNameResource, secretResource } from "./definition";

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

/**
 * Secret names that a resource of this deployment declared (its inputs were checked) or
 * wrote. The engine runs one provider process per deployment and checks every resource the
 * program declares before it deletes the ones the program dropped, so a delete that finds
 * its name here is one of a rename without an alias, a move under a component, or a
 * `--replace`: the name is the stack's again under another resource, and its value stays.
 */
const declaredThisDeployment = new Set<string>();

/** Why a secret cannot be imported: Telnyx cannot show it. */
export function refuseSecretImport(declared: Record<string, unknown>): string {
  const name = declared.name === undefined ? "" : ` "${String(declared.name)}"`;
  return (
    `texml.Secret${name} cannot be imported: Telnyx has no endpoint to read a secret, so there is nothing to adopt or verify. ` +
    "Remove the `import` option and declare the secret with its value: `pulumi up` then sets it (an existing name has its value replaced)."
  );
}

/** The outputs kept in state: `retireOnDelete` as the delete will read it, `false` when not set. */
function outputs(props: Record<string, unknown>): Record<string, unknown> {
  return { name: props.name, value: props.value, retireOnDelete: props.retireOnDelete === true };
}

/** What a delete says when it leaves the value, and how to neutralise it. */
export function valueRemainsWarning(name: string): string {
  return (
    `texml.Secret "${name}": its value remains in the Telnyx account. Telnyx cannot delete a secret, and without \`retireOnDelete: true\` the stack never overwrites one. ` +
    `To neutralise the value, set a new one for "${name}" outside the stack, or declare the secret with \`retireOnDelete: true\`, run \`pulumi up\`, then remove it.`
  );
}

/** What a delete says when it retired the value. */
export function retiredWarning(name: string): string {
  return `texml.Secret "${name}": retireOnDelete is set, so its value was overwritten with 32 random bytes (Telnyx cannot delete a secret); the name itself remains in the Telnyx account.`;
}

/** What a delete says when retirement was asked for but another resource of the stack holds the name. */
export function heldElsewhereWarning(name: string): string {
  return (
    `texml.Secret "${name}": not retired although retireOnDelete is set, because another resource of this stack declared the name in this deployment ` +
    "(a rename without an alias, a move or a replacement); its value remains in the Telnyx account."
  );
}

/**
 * The REST calls behind `texml.Secret`: `POST /texml/secrets`, the only secret endpoint
 * Telnyx has. Create and update write the value; an update that changes only
 * `retireOnDelete` sends nothing.
 *
 * Delete writes nothing unless `retireOnDelete` is set: the stack cannot read a secret, so
 * it can never prove that the live value is still its own. With the option it overwrites
 * the value with random bytes, and only when
 * - the resource is in state, that is its last create or update succeeded (a failed first
 *   `pulumi up` leaves nothing to delete);
 * - no other resource of this deployment declared the name ({@link declaredThisDeployment});
 *   two `Secret`s of one name in a program are refused where the program declares them;
 * - no `protect` applies: the engine never deletes a protected resource, and a `Secret`
 *   inherits `protect` from its parent (a protected component, `fromFile(…, { protect: true })`).
 */
const secretApi = dynamicProvider(secretResource, {
  refuseImport: refuseSecretImport,

  async create(declared) {
    const name = String(declared.name);
    declaredThisDeployment.add(name);
    await upsertSecret(name, String(declared.value));
    return { id: name, outs: outputs(declared) };
  },

  async read(id, previous) {
    // Telnyx cannot show a secret's value (there is no read endpoint), so the state is kept as it is.
    return { id, props: previous };
  },

  async update(_id, wanted, olds) {
    const name = String(wanted.name);
    declaredThisDeployment.add(name);
    // A new name is a replacement, never an update: only the value or `retireOnDelete` can differ here.
    if (wanted.value !== olds.value) await upsertSecret(name, String(wanted.value));
    return outputs(wanted);
  },

  async delete(id, props) {
    const name = String(props.name ?? id);
    if (props.retireOnDelete !== true) return warn(valueRemainsWarning(name));
    if (declaredThisDeployment.has(name)) return warn(heldElsewhereWarning(name));
    // There is no delete endpoint: overwrite the value with random bytes so the old one stops working in TeXML.
    await upsertSecret(name, randomBytes(32).toString("base64url"));
    await warn(retiredWarning(name));
  },
});

/** {@link secretApi} plus the record of the names this deployment's resources declare. */
export const secretProvider: pulumi.dynamic.ResourceProvider = {
  ...secretApi,
  async check(olds, news) {
    const result = await secretApi.check!(olds, news);
    const inputs: Record<string, unknown> | undefined = result.inputs;
    const name = inputs?.name;
    // Recorded even when the inputs fail validation: the program still declares the name.
    if (typeof name === "string") declaredThisDeployment.add(name);
    return result;
  },
};

/**
 * The claim on a secret name (`texml:SecretName`) that earlier versions registered beside
 * every `Secret`, kept so that the stored providers of such claims still run. Programs no
 * longer register it, so the next `pulumi up` (or `destroy`) deletes each claim left in
 * state, and that delete writes nothing: whether a value is retired is the `Secret`'s own
 * delete's to decide.
 */
export const secretNameProvider = dynamicProvider(secretNameResource, {
  async create() {
    throw new Error("texml:SecretName is no longer created: a texml.Secret needs no claim on its name");
  },

  async read(id, previous) {
    return { id, props: previous };
  },

  async update() {
    throw new Error("texml:SecretName has nothing to update: it is only kept to delete claims earlier versions left in state");
  },

  async delete() {
    // Nothing to write: see above.
  },
});
