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
 * `check` reads the object to verify it at preview; `create` reads it again and verifies
 * it again, since it may have changed in between (by hand, or by another stack), and what
 * is adopted into the state must be what Telnyx holds at that moment. An import costs two GETs.
 */
import { TelnyxImportError } from "../base/errors";
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
