/**
 * A kind's provider operations (check, diff, create, read, update, delete), built from its
 * definition and its calls to Telnyx. Both faces serve these same objects: the dynamic
 * resources through `dispatch` (../faces/dynamic/runtime.ts), the plugin through its gRPC
 * service (../faces/plugin/resources.ts). They keep the shape of `pulumi.dynamic.ResourceProvider`.
 *
 * What is the same for every kind lives here, driven by the definition: validation at
 * preview, adoption through the `import` option, diffs of declared inputs only, resets of
 * removed fields to Telnyx's defaults, and the `__declared` record kept in state. The
 * operations come from `lifecycle.ts` for kinds Telnyx can read, list and delete (built from
 * the kind's typed REST calls in its `api.ts`), or from the kind itself (secrets, which
 * Telnyx can only write).
 */
import type * as pulumi from "@pulumi/pulumi";
import { withStateKeyAdvice } from "../base/client/errors";
import { TelnyxImportError } from "../base/errors";
import { importError, importIdOf, importMismatches, importPending, keepImportId } from "./adopt";
import { withDeclared } from "./declared";
import type * as z from "zod";
import type { ResourceDefinition } from "./definition";
import { changedProperties, clearedPaths, withResets } from "./diff";
import { checkInputs, userProperties, type CheckFailure } from "./validation";

/** Property bags as the engine hands them over and the state keeps them. */
type Props = Record<string, unknown>;

/** A kind's operations on Telnyx. Inputs arrive validated, without the engine's bookkeeping keys. */
export interface KindOperations {
  /**
   * Fills in inputs the program may leave out (e.g. the account from stack config), so
   * that they are recorded in state; returns failures for what is still missing.
   */
  complete?(inputs: Props): CheckFailure[];
  /**
   * The object an `import` option names: its resource id and outputs. Throws when there is
   * none. Without this method the kind cannot be imported and {@link refuseImport} says why.
   */
  fetchForImport?(id: string, declared: Props): Promise<{ id: string; outs: Props }>;
  /** Why the kind cannot be imported (when it has no {@link fetchForImport}). */
  refuseImport?(declared: Props): string;
  /** Creates the object; returns its id and outputs. */
  create(declared: Props): Promise<{ id: string; outs: Props }>;
  /** Reads the object for refresh and `get` (see `pulumi.dynamic.ResourceProvider.read`). */
  read(id: string, previous: Props): Promise<pulumi.dynamic.ReadResult>;
  /** Applies `wanted` (the declared inputs plus resets of removed fields) in place; returns the outputs. */
  update(id: string, wanted: Props, olds: Props, declared: Props): Promise<Props>;
  /** Deletes the object; one already gone is not an error. */
  delete(id: string, props: Props): Promise<void>;
}

/** The `pulumi.dynamic.ResourceProvider` of a kind. */
export function dynamicProvider(definition: ResourceDefinition, api: KindOperations): pulumi.dynamic.ResourceProvider {
  const { canonical, defaults, noun, replaceOn } = definition;
  // Kinds with defaults record which inputs were declared, to reset removed ones and to report drift
  // on declared fields only; the others (secrets, claims) keep their outputs as they are.
  const recordDeclared = Object.keys(defaults).length > 0;
  const settled = (outs: Props, declared: Props) => (recordDeclared ? withDeclared(outs, declared) : outs);

  /** Why the object to adopt does not match the declared inputs: one failure per differing property. */
  const mismatches = (outs: Props, declared: Props) => importMismatches(noun, canonical(outs), canonical(declared));

  return {
    async check(olds, news) {
      const inputs = userProperties(news);
      const failures = api.complete?.(inputs) ?? [];
      failures.unshift(...checkInputs(definition.inputs, inputs));
      const importId = importIdOf(news);
      if (importId !== undefined && !api.fetchForImport)
        throw new TelnyxImportError(api.refuseImport?.(inputs) ?? `${noun} cannot be imported`);
      if (importId !== undefined && api.fetchForImport && failures.length === 0 && importPending(olds, news)) {
        const found = await api.fetchForImport(importId, inputs);
        failures.push(...mismatches(found.outs, inputs));
      }
      return { inputs: keepImportId(inputs, news), failures };
    },

    async diff(_id, olds, news) {
      const declared = userProperties(news);
      const changed = changedProperties(canonical(olds), canonical(declared));
      const cleared = clearedPaths(olds, declared, defaults);
      return {
        changes: changed.length + cleared.length > 0,
        replaces: changed.filter((key) => replaceOn.includes(key)),
        deleteBeforeReplace: false,
      };
    },

    async create(inputs) {
      const declared = userProperties(inputs);
      const importId = importIdOf(inputs);
      if (importId !== undefined && api.fetchForImport) {
        // Read again, not `check`'s read: the object may have changed since, and what is adopted
        // into the state must be what Telnyx holds when the adoption happens.
        const found = await api.fetchForImport(importId, declared);
        const failures = mismatches(found.outs, declared);
        if (failures.length) throw importError(`${noun} ${importId}`, failures);
        return { id: found.id, outs: settled(found.outs, declared) };
      }
      const { id, outs } = await api.create(declared);
      return { id, outs: settled(outs, declared) };
    },

    // A refresh (a read with the state's outputs; a `get` has only the engine's `__provider`) and a
    // delete run with the key the state recorded at the last `pulumi up`: a 401 says so (see withStateKeyAdvice).
    read: (id, props) =>
      api.read(id, props ?? {}).catch((error: unknown) => {
        throw Object.keys(props ?? {}).some((key) => !key.startsWith("__")) ? withStateKeyAdvice(error) : error;
      }),

    async update(id, olds, news) {
      const declared = userProperties(news);
      const wanted = withResets(declared, clearedPaths(olds, declared, defaults), defaults);
      return { outs: settled(await api.update(id, wanted, olds, declared), declared) };
    },

    delete: (id, props) =>
      api.delete(id, props).catch((error: unknown) => {
        throw withStateKeyAdvice(error);
      }),
  };
}

/** Only the outputs the definition declares, without undefined values. */
export function pickOutputs(definition: ResourceDefinition, values: Props): Props {
  const outs: Props = {};
  for (const name of definition.outputNames) if (values[name] !== undefined) outs[name] = values[name];
  return outs;
}

/**
 * {@link pickOutputs} as the definition's output type, for a kind's `api.ts`. Asserted, not parsed:
 * the values come from a response its zod schema has validated, and an output Telnyx leaves out
 * stays missing as it always has (parsing would turn that into an error). The one assertion, for every kind.
 */
export function typedOutputs<I extends z.ZodObject, O extends z.ZodObject>(
  definition: ResourceDefinition<I, O>,
  values: unknown,
): z.infer<O> {
  const record = values && typeof values === "object" && !Array.isArray(values) ? Object.fromEntries(Object.entries(values)) : {};
  return pickOutputs(definition, record) as z.infer<O>;
}
