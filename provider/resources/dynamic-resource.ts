import * as pulumi from "@pulumi/pulumi";
import { IMPORT_KEY } from "./adopt";
import { providerModuleText } from "./serialized";

/**
 * Base class of this package's resources: a Pulumi dynamic resource (type token
 * `pulumi-nodejs:dynamic/texml:<Kind>`, served by `@pulumi/pulumi`'s dynamic
 * provider), whose stored provider is the small text from {@link providerModuleText}
 * instead of a serialized closure.
 */
export abstract class TelnyxDynamicResource extends pulumi.CustomResource {
  /**
   * @param kind the resource kind `dispatch` knows (`Application`, `Queue`, `Secret`)
   * @param outputNames output properties to expose, so the engine fills them in
   */
  protected constructor(kind: string, name: string, args: object, outputNames: readonly string[], opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = Object.fromEntries(outputNames.map((k) => [k, undefined]));
    Object.assign(props, args, { __provider: providerModuleText(kind) });
    // The engine's import calls `read` without the stored provider, which dynamic providers
    // cannot serve (pulumi/pulumi#16175); the provider adopts the object itself instead (see adopt.ts).
    const { import: importId, ...rest } = opts ?? {};
    if (importId !== undefined) props[IMPORT_KEY] = importId;
    super(`pulumi-nodejs:dynamic/texml:${kind}`, name, props, importId === undefined ? opts : rest);
  }
}
