/**
 * The hand-written part of the generated `Secret` class (resource.ts): the check that no
 * two `Secret`s of a program declare one Telnyx name, which no definition can express.
 */
import * as pulumi from "@pulumi/pulumi";
import { TelnyxValidationError } from "../../../base/errors";
import type { SecretArgs } from "./args";

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
 * The arguments of `Secret` `resource` with `name` resolving only after recording that the
 * resource declares it (the `beforeRegister` hook of `secretResource`, run by the generated class). A second declaration of one Telnyx name in the program is refused:
 * two `Secret`s of one name would overwrite each other's value, and the delete of one could
 * retire the value the other still uses. The refusal fails the second resource's registration,
 * so it is never created (also when the name resolves only during `pulumi up`), and the engine
 * shows it once, without a stack trace.
 */
export function claimSecretName(resource: string, args: SecretArgs): SecretArgs {
  const declared = declaredNames();
  const name = pulumi.output(args.name).apply((telnyxName) => {
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
  return { ...args, name };
}
