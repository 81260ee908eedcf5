import * as pulumi from "@pulumi/pulumi";
import { IMPORT_KEY } from "../../kinds/adopt";
import { providerModuleText } from "./serialized";

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

/**
 * The `pulumi.CustomResource` constructor arguments of a resource of `definition`'s kind:
 * a Pulumi dynamic resource (type token `pulumi-nodejs:dynamic/texml:<Kind>`, served by
 * `@pulumi/pulumi`'s dynamic provider) whose stored provider is the small text from
 * {@link providerModuleText} instead of a serialized closure, with the kind's outputs and
 * secret outputs.
 *
 * Each resource class extends `pulumi.CustomResource` itself and passes these to `super`,
 * rather than sharing a base class: the engine records as a resource's source position the
 * frame a fixed number of levels above `Resource` (the class the program instantiates, then
 * its caller), so one more class level would make every resource point at this package's
 * own constructor instead of the program line that created it.
 */
export function dynamicResourceArgs(
  definition: ResourceClassDefinition,
  args: object,
  opts: pulumi.CustomResourceOptions | undefined,
): [type: string, props: Record<string, unknown>, opts: pulumi.CustomResourceOptions | undefined] {
  const props: Record<string, unknown> = Object.fromEntries(definition.outputNames.map((k) => [k, undefined]));
  Object.assign(props, args, { __provider: providerModuleText(definition.kind) });
  // The engine's import calls `read` without the stored provider, which dynamic providers
  // cannot serve (pulumi/pulumi#16175); the provider adopts the object itself instead (see adopt.ts).
  const { import: importId, ...rest } = opts ?? {};
  if (importId !== undefined) props[IMPORT_KEY] = importId;
  let options = importId === undefined ? opts : rest;
  if (definition.secretOutputs?.length) options = pulumi.mergeOptions(options, { additionalSecretOutputs: [...definition.secretOutputs] });
  return [definition.type, props, options];
}

/** True when `obj` is a resource of `definition`'s kind, also one made by another copy of this package. */
export function isResourceOfKind(definition: ResourceClassDefinition, obj: unknown): boolean {
  return typeof obj === "object" && obj !== null && (obj as { __pulumiType?: unknown }).__pulumiType === definition.type;
}

/**
 * Makes the debug stacks `@pulumi/pulumi` records while a resource registers cheap; call
 * it just before `super(...)` and the function it returns right after (in a `finally`).
 *
 * The SDK wraps each of the four promises of every output property in `debuggablePromise`,
 * which reads `new Error().stack` for its leaked-promise report. Under `pulumi` that read
 * goes through the program's source-map support (`Error.prepareStackTrace`), so its cost
 * grows with the number of properties: in a CPU profile of the program of a 200-Application
 * `pulumi up` (18 properties each), 2.7 s of its 8.1 s of CPU time were under
 * `debuggablePromise`, against 0.9 s for a no-op resource with 3 properties. While the
 * constructor runs, those captures get only their first line (the report still names the
 * resource and property); every other stack (the source position the engine records,
 * errors thrown to the program) is formatted as before, and the hook is restored after.
 */
export function lightDebugStacks(): () => void {
  const original = Error.prepareStackTrace;
  if (typeof original !== "function") return () => {};
  const replacement = (error: Error, frames: NodeJS.CallSite[]): unknown =>
    frames[0]?.getFunctionName() === "debuggablePromise"
      ? `${String(error)}\n    (stack not kept by pulumi-telnyx-texml)`
      : original(error, frames);
  Error.prepareStackTrace = replacement;
  return () => {
    if (Error.prepareStackTrace === replacement) Error.prepareStackTrace = original;
  };
}
