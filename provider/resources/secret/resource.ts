import * as pulumi from "@pulumi/pulumi";
import { dynamicResourceArgs, lightDebugStacks } from "../dynamic-resource";
import { secretNameResource, secretResource } from "./definition";
import type { SecretArgs, SecretNameArgs } from "./args";

export type { SecretArgs, SecretNameArgs } from "./args";

/**
 * A TeXML secret (`POST /texml/secrets`): a value TeXML documents reference by name
 * as a Mustache dynamic parameter, so that it never has to be pasted into TeXML.
 *
 * - `value` is a Pulumi secret everywhere: inputs, outputs, state, previews and logs.
 * - A new value updates in place; a new name creates the new secret before the old one goes.
 * - Telnyx cannot read, list or delete secrets. Refresh keeps the state as it is, and
 *   `import` is refused at preview.
 * - Deleting this resource never touches the value: another resource of the stack may
 *   hold the same name (after a rename without an alias, a move under a component,
 *   `--replace`). The value is retired (overwritten with random bytes, with a warning
 *   that the name remains) when the name's claim, a {@link SecretName} registered
 *   alongside, is deleted: when no `Secret` of the stack declares the name any more.
 */
export class Secret extends pulumi.CustomResource {
  /** The name TeXML uses to reference the secret. */
  declare readonly name: pulumi.Output<string>;
  /** The value (a secret output). */
  declare readonly value: pulumi.Output<string>;

  constructor(name: string, args: SecretArgs, opts?: pulumi.CustomResourceOptions) {
    const [type, props, options] = dynamicResourceArgs(secretResource, { ...args, value: pulumi.secret(args.value) }, opts);
    const restore = lightDebugStacks();
    try {
      super(type, name, props, options);
    } finally {
      restore();
    }
    // The claim's resource name is the Telnyx name, so its URN survives renames and moves of
    // this resource. A name only known after deployment gets a claim named after this resource.
    const telnyxName = args.name;
    new SecretName(typeof telnyxName === "string" ? telnyxName : `${name}-name`, { name: telnyxName }, {
      protect: opts?.protect,
      retainOnDelete: opts?.retainOnDelete,
    });
  }
}

/**
 * The stack's claim on a TeXML secret name, registered by every {@link Secret}. It
 * writes nothing when created; when deleted (no `Secret` of the stack declares the
 * name any more) it retires the value, since Telnyx cannot delete a secret. Not meant
 * to be declared by hand.
 */
export class SecretName extends pulumi.CustomResource {
  /** The TeXML secret name claimed. */
  declare readonly name: pulumi.Output<string>;

  constructor(name: string, args: SecretNameArgs, opts?: pulumi.CustomResourceOptions) {
    const [type, props, options] = dynamicResourceArgs(secretNameResource, args, opts);
    const restore = lightDebugStacks();
    try {
      super(type, name, props, options);
    } finally {
      restore();
    }
  }
}
