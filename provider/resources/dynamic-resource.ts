import * as pulumi from "@pulumi/pulumi";
import { IMPORT_KEY } from "./adopt";

/**
 * What a resource class needs of its kind's definition (`definition.ts`), spelled out
 * here so that the published declarations of the classes do not reach zod's.
 */
export interface ResourceClassDefinition {
  /** The kind `dispatch` routes by. */
  readonly kind: string;
  /** The Pulumi type token. */
  readonly type: string;
  /** The output property names. */
  readonly outputNames: readonly string[];
  /** Outputs always kept as Pulumi secrets. */
  readonly secretOutputs?: readonly string[];
}
import { providerModuleText } from "./serialized";

/**
 * Base class of this package's resources: a Pulumi dynamic resource (type token
 * `pulumi-nodejs:dynamic/texml:<Kind>`, served by `@pulumi/pulumi`'s dynamic
 * provider), whose stored provider is the small text from {@link providerModuleText}
 * instead of a serialized closure. Its outputs and secret outputs come from the kind's
 * definition.
 */
export abstract class TelnyxDynamicResource extends pulumi.CustomResource {
  /**
   * @param definition the kind's declaration (`definition.ts`)
   * @param name the resource name in the program
   * @param args the inputs
   */
  protected constructor(definition: ResourceClassDefinition, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = Object.fromEntries(definition.outputNames.map((k) => [k, undefined]));
    Object.assign(props, args, { __provider: providerModuleText(definition.kind) });
    // The engine's import calls `read` without the stored provider, which dynamic providers
    // cannot serve (pulumi/pulumi#16175); the provider adopts the object itself instead (see adopt.ts).
    const { import: importId, ...rest } = opts ?? {};
    if (importId !== undefined) props[IMPORT_KEY] = importId;
    let options = importId === undefined ? opts : rest;
    if (definition.secretOutputs?.length) options = pulumi.mergeOptions(options, { additionalSecretOutputs: [...definition.secretOutputs] });
    super(definition.type, name, props, options);
  }

  /** True when `obj` is a resource of `definition`'s kind, also one made by another copy of this package. */
  protected static isOfKind(definition: ResourceClassDefinition, obj: unknown): boolean {
    return typeof obj === "object" && obj !== null && (obj as { __pulumiType?: unknown }).__pulumiType === definition.type;
  }
}
