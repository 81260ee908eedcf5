/**
 * The one list of resource kinds: each kind's definition and its provider. Everything else
 * reads it: the dynamic provider's `dispatch` routes by it; the provider plugin serves (and
 * derives its schema from) the kinds a program declares; scripts/generate-types.mjs writes
 * each kind's class, public types and the package root's exports (`index.ts`) from it, and
 * scripts/generate-docs.mjs its reference page. Adding a kind is one line here.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceDefinition } from "./definition";
import { applicationResource } from "./application/definition";
import { applicationProvider } from "./application/api";
import { queueResource } from "./queue/definition";
import { queueProvider } from "./queue/api";
import { secretNameResource, secretResource } from "./secret/definition";
import { refuseSecretImport, secretNameProvider, secretProvider } from "./secret/api";

/** A resource kind: what it is and who serves it. */
export interface Kind {
  readonly definition: ResourceDefinition;
  readonly provider: pulumi.dynamic.ResourceProvider;
  /** False for a kind that only another kind registers (the secret name claim), never a program: its definition has no `surface`. */
  readonly declaredByPrograms: boolean;
  /** Why an existing object of this kind cannot be adopted, for kinds that cannot be imported. */
  readonly refuseImport?: (declared: Record<string, unknown>) => string;
}

/** Every kind, in the order documentation lists them. Never remove or rename one: old state refers to them. */
export const kinds: readonly Kind[] = [
  kind(applicationResource, applicationProvider),
  kind(queueResource, queueProvider),
  kind(secretResource, secretProvider, { refuseImport: refuseSecretImport }),
  kind(secretNameResource, secretNameProvider),
];

/** A registry entry: programs declare the kinds whose definition says what they see of it (`surface`). */
function kind(definition: ResourceDefinition, provider: pulumi.dynamic.ResourceProvider, extra?: Pick<Kind, "refuseImport">): Kind {
  return { definition, provider, declaredByPrograms: definition.surface !== undefined, ...extra };
}

/** The kind named `name` (a definition's `kind`), if there is one. */
export function kindNamed(name: string): Kind | undefined {
  return kinds.find((kind) => kind.definition.kind === name);
}
