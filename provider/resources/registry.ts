/**
 * The one list of resource kinds: each kind's definition and its provider. The dynamic
 * provider's `dispatch` routes by it, and the provider plugin serves (and derives its
 * schema from) the kinds a program declares.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceDefinition } from "./definition";
import { applicationResource } from "./application/definition";
import { applicationProvider } from "./application/provider";
import { queueResource } from "./queue/definition";
import { queueProvider } from "./queue/provider";
import { secretNameResource, secretResource } from "./secret/definition";
import { refuseSecretImport, secretNameProvider, secretProvider } from "./secret/provider";

/** A resource kind: what it is and who serves it. */
export interface Kind {
  readonly definition: ResourceDefinition;
  readonly provider: pulumi.dynamic.ResourceProvider;
  /** False for a kind that only another kind registers (the secret name claim), never a program. */
  readonly declaredByPrograms: boolean;
  /** Why an existing object of this kind cannot be adopted, for kinds that cannot be imported. */
  readonly refuseImport?: (declared: Record<string, unknown>) => string;
}

/** Every kind, in the order documentation lists them. Never remove or rename one: old state refers to them. */
export const kinds: readonly Kind[] = [
  { definition: applicationResource, provider: applicationProvider, declaredByPrograms: true },
  { definition: queueResource, provider: queueProvider, declaredByPrograms: true },
  { definition: secretResource, provider: secretProvider, declaredByPrograms: true, refuseImport: refuseSecretImport },
  { definition: secretNameResource, provider: secretNameProvider, declaredByPrograms: false },
];

/** The kind named `name` (a definition's `kind`), if there is one. */
export function kindNamed(name: string): Kind | undefined {
  return kinds.find((kind) => kind.definition.kind === name);
}
