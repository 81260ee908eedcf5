import * as pulumi from "@pulumi/pulumi";
import { TelnyxValidationError } from "../../errors";
import { dynamicResourceArgs, lightDebugStacks } from "../dynamic-resource";
import { secretResource } from "./definition";
import type { SecretArgs } from "./args";

export type { SecretArgs } from "./args";

/**
 * A TeXML secret (`POST /texml/secrets`): a value TeXML documents reference by name
 * as a Mustache dynamic parameter, so that it never has to be pasted into TeXML.
 *
 * - `value` is a Pulumi secret everywhere: inputs, outputs, state, previews and logs.
 * - A new value updates in place; a new name creates the new secret before the old one goes.
 * - Telnyx cannot read, list or delete secrets. Refresh keeps the state as it is, and
 *   `import` is refused at preview.
 * - Deleting this resource (removing it, renaming it, destroying the stack) leaves the value
 *   in Telnyx, with a warning that says so. With `retireOnDelete: true` the value is
 *   overwritten with random bytes instead, unless another resource of the stack declared
 *   the name in the same deployment; `protect` (also inherited from a parent) keeps the
 *   engine from deleting it at all.
 * - Two `Secret`s of one Telnyx name in a program are refused, also when the names are
 *   `Output`s that resolve to the same one.
 */
export class Secret extends pulumi.CustomResource {
  /** The name TeXML uses to reference the secret. */
  declare readonly name: pulumi.Output<string>;
  /** The value (a secret output). */
  declare readonly value: pulumi.Output<string>;
  /** Whether deleting the resource overwrites the value with random bytes. */
  declare readonly retireOnDelete: pulumi.Output<boolean>;

  constructor(name: string, args: SecretArgs, opts?: pulumi.CustomResourceOptions) {
    const telnyxName = claimSecretName(name, args.name);
    const [type, props, options] = dynamicResourceArgs(
      secretResource,
      { ...args, name: telnyxName, value: pulumi.secret(args.value) },
      opts,
    );
    const restore = lightDebugStacks();
    try {
      super(type, name, props, options);
    } finally {
      restore();
    }
  }
}

/**
 * Telnyx names declared by the `Secret`s of the program being run, with the resource declaring
 * each. One record per run, keyed by the run's stack resource: an Automation API process runs
 * inline programs again and again, and each run declares its names anew. Kept on `globalThis`
 * so that two copies of this package in one program share it.
 */
function declaredNames(): Map<string, string> {
  const key = Symbol.for("pulumi-telnyx-texml.secretNames");
  const global = globalThis as { [key]?: WeakMap<object, Map<string, string>> };
  global[key] ??= new WeakMap();
  const byRun = global[key];
  // Without a stack resource (unit tests with mocks) the process is the run.
  const run: object = pulumi.runtime.getStackResource() ?? globalThis;
  let names = byRun.get(run);
  if (!names) {
    names = new Map();
    byRun.set(run, names);
  }
  return names;
}

/**
 * The `name` input of `Secret` `resource`: `name` once it resolves, after recording that the
 * resource declares it. A second declaration of one Telnyx name in the program is refused:
 * two `Secret`s of one name would overwrite each other's value, and the delete of one could
 * retire the value the other still uses. The refusal fails the second resource's registration,
 * so it is never created (also when the name resolves only during `pulumi up`), and the engine
 * shows it once, without a stack trace.
 */
function claimSecretName(resource: string, name: SecretArgs["name"]): pulumi.Output<string> {
  const declared = declaredNames();
  return pulumi.output(name).apply((telnyxName) => {
    const holder = declared.get(telnyxName);
    if (holder !== undefined) {
      const error = new TelnyxValidationError(
        "name",
        `name: texml.Secret "${resource}" declares the secret name "${telnyxName}", which texml.Secret "${holder}" of this program already declares. ` +
          "Two Secrets of one name would overwrite each other's value in Telnyx; declare each name once.",
      );
      // Shown as its message alone: the SDK reads every TelnyxTexmlError as a `pulumi.RunError` (see errors.ts).
      throw error;
    }
    declared.set(telnyxName, resource);
    return telnyxName;
  });
}
