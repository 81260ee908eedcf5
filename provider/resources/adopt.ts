/**
 * Adopting existing Telnyx objects through the `import` resource option.
 *
 * The engine cannot import into a dynamic provider: for an import it calls the
 * provider's `read` without the stored `__provider`, which fails inside
 * `@pulumi/pulumi` (pulumi/pulumi#16175, #3550). So our resource classes turn the
 * `import` option into the input `__importId`, and `check` and `create` adopt the
 * object instead of creating one, with the engine's import rules: the object must
 * exist and match every declared input, and nothing is written.
 *
 * `check` reads the object to verify it at preview; `create`, called right after it in
 * the same provider process during an update, uses that read instead of a second one
 * (see `rememberImport`), so an import costs one GET, as with the engine's own import.
 */
import { TelnyxImportError } from "../errors";
import { changedProperties } from "./diff";
import type { CheckFailure } from "./validation";

/** The hidden input that carries the `import` option's id. */
export const IMPORT_KEY = "__importId";

/** The id to adopt, when the resource was declared with the `import` option. */
export function importIdOf(inputs: Record<string, unknown>): string | undefined {
  const id = inputs[IMPORT_KEY];
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** Keeps the import id in the inputs `check` returns, so `create` sees it. */
export function keepImportId(inputs: Record<string, unknown>, news: Record<string, unknown>): Record<string, unknown> {
  const id = importIdOf(news);
  return id === undefined ? inputs : { ...inputs, [IMPORT_KEY]: id };
}

/** True when this `check` should verify an import: a new import id, not one already adopted. */
export function importPending(olds: Record<string, unknown>, news: Record<string, unknown>): boolean {
  const id = importIdOf(news);
  return id !== undefined && importIdOf(olds) !== id && Object.keys(olds).length === 0;
}

/**
 * Why the existing object cannot be adopted with these inputs, as `check` failures:
 * one per declared property whose value differs from the object's.
 */
export function importMismatches(what: string, outs: Record<string, unknown>, declared: Record<string, unknown>): CheckFailure[] {
  return changedProperties(outs, declared).map((property) => ({
    property,
    reason: `does not match the ${what} being imported (${JSON.stringify(declared[property])} declared, ${JSON.stringify(outs[property])} in Telnyx); declare what Telnyx has, import, then change it in a later update`,
  }));
}

/** The error `create` raises when an import no longer holds. */
export function importError(what: string, failures: CheckFailure[]): TelnyxImportError {
  return new TelnyxImportError(`cannot import ${what}: ${failures.map((f) => `${f.property} ${f.reason}`).join("; ")}`);
}

/** How long `check`'s read of an imported object stands in for `create`'s. */
const IMPORT_READ_FRESH_MS = 60_000;
const importReads = new Map<string, { at: number; outs: Record<string, unknown> }>();

/** Keeps what `check` read of the object to import, for the `create` that follows. */
export function rememberImport(key: string, outs: Record<string, unknown>): void {
  importReads.set(key, { at: Date.now(), outs });
}

/**
 * What `check` read of this object, if it was moments ago in this process; used once.
 * Otherwise (a preview and an update in separate processes, a slow deployment) `create`
 * reads it again.
 */
export function takeImport(key: string): Record<string, unknown> | undefined {
  const read = importReads.get(key);
  importReads.delete(key);
  return read && Date.now() - read.at <= IMPORT_READ_FRESH_MS ? read.outs : undefined;
}
