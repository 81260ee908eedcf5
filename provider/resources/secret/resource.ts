import * as pulumi from "@pulumi/pulumi";
import { TelnyxDynamicResource } from "../dynamic-resource";
import type { ArgsOf } from "../inputs";
import type { SecretInputs } from "./schema";

/** Arguments of {@link Secret}. */
export type SecretArgs = ArgsOf<SecretInputs>;

/**
 * A TeXML secret (`POST /texml/secrets`): a value TeXML documents reference by name
 * as a Mustache dynamic parameter, so that it never has to be pasted into TeXML.
 *
 * - `value` is a Pulumi secret everywhere: inputs, outputs, state, previews and logs.
 * - A new value updates in place; a new name creates the new secret before the old one goes.
 * - Telnyx cannot read, list or delete secrets. Refresh keeps the state as it is, import
 *   is refused, and destroy overwrites the value with random bytes and warns that the
 *   name remains in the account.
 */
export class Secret extends TelnyxDynamicResource {
  /** The name TeXML uses to reference the secret. */
  declare readonly name: pulumi.Output<string>;
  /** The value (a secret output). */
  declare readonly value: pulumi.Output<string>;

  constructor(name: string, args: SecretArgs, opts?: pulumi.CustomResourceOptions) {
    const secretArgs = { ...args, value: pulumi.secret(args.value) };
    const options = pulumi.mergeOptions(opts, { additionalSecretOutputs: ["value"] });
    super("Secret", name, secretArgs, ["name", "value"], options);
  }
}
