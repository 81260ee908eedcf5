/**
 * The resource kinds the plugin serves: those of the kinds registry that programs declare,
 * by type token (`telnyx-texml:index:Application`), each with its own provider.
 */
import type * as pulumi from "@pulumi/pulumi";
import { kindNamed, kinds, type Kind } from "../resources/registry";
import { secretResource, secretNameResource } from "../resources/secret/definition";
import { tokenOf } from "./tokens";

/**
 * A `Secret` on the plugin face. The dynamic face registers a name claim beside each secret
 * and retires the value when the claim goes; a provider plugin cannot register resources, so
 * here deleting the secret does the claim's job, with the same rule: a value this deployment
 * has just set again (a rename, a replacement) is not retired.
 */
function withClaimOnDelete(kind: Kind): Kind {
  const claim = kindNamed(secretNameResource.kind);
  if (!claim?.provider.delete) throw new Error(`pulumi-telnyx-texml: the kinds registry has no ${secretNameResource.kind}`);
  const retire = claim.provider.delete.bind(claim.provider);
  const provider: pulumi.dynamic.ResourceProvider = { ...kind.provider, delete: (id, props) => retire(id, props) };
  return { ...kind, provider };
}

/** The plugin's kinds by type token. */
export const pluginKinds: ReadonlyMap<string, Kind> = new Map(
  kinds.filter((kind) => kind.declaredByPrograms).map((kind) => [tokenOf(kind.definition.kind), kind.definition.kind === secretResource.kind ? withClaimOnDelete(kind) : kind]),
);
