/**
 * The provider plugin's resource operations (`Check`, `Diff`, `Create`, `Read`, `Update`,
 * `Delete`): each goes to the kind's own provider, the same object the dynamic resources use,
 * so validation, adoption, diffs of declared inputs, resets of removed fields and the safety
 * of ambiguous creates are the same on both faces; this module only translates between the
 * protocol and them. server.ts loads it on the first resource request: the engine also starts
 * the plugin only to read its schema, and that start needs none of the kinds (nor zod).
 */
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { TelnyxImportError } from "../../base/errors";
import { importMismatches } from "../../kinds/adopt";
import { DECLARED_KEY, declaredPaths } from "../../kinds/declared";
import { changedProperties, clearedPaths } from "../../kinds/diff";
import type { Kind } from "../../kinds/registry";
import { secretResource } from "../../kinds/secret/definition";
import { userProperties } from "../../kinds/validation";
import { empty, provider as pb } from "./grpc";
import { pluginKinds } from "./kinds";
import { checkFailures, fromStruct, toStruct } from "./values";

type Props = Record<string, unknown>;

/** The kind of a request's resource, from its type (or, from older engines, its URN). */
function kindOf(request: { getType(): string; getUrn(): string }): Kind {
  const type = request.getType() || request.getUrn().split("::")[2] || "";
  const kind = pluginKinds.get(type);
  if (!kind) throw new Error(`pulumi-telnyx-texml: unknown resource type "${type}"`);
  return kind;
}

/**
 * The detailed diff of a resource: each declared input whose value differs from the
 * state (replacing when the definition says so), and each removed one that goes back to
 * Telnyx's default. Nothing the program leaves to Telnyx appears.
 */
function detailedDiff(kind: Kind, olds: Props, news: Props, replaces: readonly string[]): Map<string, providerPb.PropertyDiff> {
  const { canonical, defaults } = kind.definition;
  const declared = userProperties(news);
  const diffs = new Map<string, providerPb.PropertyDiff>();
  for (const key of changedProperties(canonical(olds), canonical(declared))) {
    const replacing = replaces.includes(key);
    const added = olds[key] === undefined;
    const diffKind = added
      ? replacing
        ? pb.PropertyDiff.Kind.ADD_REPLACE
        : pb.PropertyDiff.Kind.ADD
      : replacing
        ? pb.PropertyDiff.Kind.UPDATE_REPLACE
        : pb.PropertyDiff.Kind.UPDATE;
    diffs.set(key, new pb.PropertyDiff().setKind(diffKind).setInputdiff(true));
  }
  for (const path of clearedPaths(olds, declared, defaults))
    diffs.set(path, new pb.PropertyDiff().setKind(pb.PropertyDiff.Kind.DELETE).setInputdiff(true));
  return diffs;
}

/**
 * Objects this process has just read for an import, by URN, with the outputs read. The engine
 * imports in three calls (`Read`, `Check`, `Diff`); as on the dynamic face, the `import` option
 * adopts an object only when it matches every declared input, and nothing is written: a `Check`
 * failure otherwise, naming the property. Unlike the dynamic face, the engine then records as the
 * resource's inputs what `Read` reported (every setting that differs from Telnyx's defaults, what
 * `pulumi import` prints), so the program must declare those too, or the next update would reset them.
 */
const importsRead = new Map<string, Props>();

/** Why an import cannot adopt the object read: declared values it does not have, and its settings the program leaves out. */
function importFailures(kind: Kind, read: Props, readInputs: Props, declared: Props): { property: string; reason: string }[] {
  const { canonical, noun } = kind.definition;
  const failures = importMismatches(noun, canonical(read), canonical(declared));
  const named = new Set(failures.map((failure) => failure.property));
  for (const property of changedProperties(canonical(declared), canonical(readInputs))) {
    if (named.has(property)) continue;
    failures.push({
      property,
      reason: `is ${JSON.stringify(readInputs[property])} in the ${noun} being imported, which differs from Telnyx's default: declare it as \`pulumi import\` prints it, or the next update would reset it`,
    });
  }
  return failures;
}

/**
 * The old outputs with the record of declared inputs taken from the engine's old inputs. The
 * engine keeps a resource's declared inputs, so on this face they are the record; after an
 * import they are the program's, not every setting the import read.
 */
function declaredFromEngine(olds: Props, oldInputs: Props): Props {
  if (!(DECLARED_KEY in olds) || Object.keys(oldInputs).length === 0) return olds;
  return { ...olds, [DECLARED_KEY]: declaredPaths(oldInputs) };
}

/**
 * Secret names declared in this deployment, with the URN of the resource declaring each. Two
 * `Secret`s of one name would overwrite each other's value, and the delete of one could retire
 * the value the other still uses; the dynamic face refuses them in the program, and this face,
 * which sees no program, in `Check`, where the engine names each resource by URN.
 */
const secretNames = new Map<string, string>();

/** Why `urn` may not declare the secret name in `inputs`: another resource of the deployment declares it. */
function secretNameTaken(kind: Kind, urn: string, inputs: Props): { property: string; reason: string } | undefined {
  if (kind.definition.kind !== secretResource.kind || typeof inputs.name !== "string") return undefined;
  const holder = secretNames.get(inputs.name);
  if (holder === undefined || holder === urn) {
    secretNames.set(inputs.name, urn);
    return undefined;
  }
  return {
    property: "name",
    reason: `declares the secret name "${inputs.name}", which ${holder.split("::").pop()} of this stack already declares. Two Secrets of one name would overwrite each other's value in Telnyx; declare each name once.`,
  };
}

export async function check(request: providerPb.CheckRequest): Promise<providerPb.CheckResponse> {
  const kind = kindOf(request);
  const result = await kind.provider.check!(fromStruct(request.getOlds()), fromStruct(request.getNews()));
  const failures = [...(result.failures ?? [])];
  const taken = secretNameTaken(kind, request.getUrn(), userProperties(result.inputs ?? {}));
  if (taken) failures.push(taken);
  const imported = importsRead.get(request.getUrn());
  if (imported && failures.length === 0)
    failures.push(...importFailures(kind, imported, userProperties(fromStruct(request.getOlds())), userProperties(result.inputs ?? {})));
  return new pb.CheckResponse().setInputs(toStruct(result.inputs ?? {})).setFailuresList(checkFailures(failures));
}

export async function diff(request: providerPb.DiffRequest): Promise<providerPb.DiffResponse> {
  const kind = kindOf(request);
  const news = fromStruct(request.getNews());
  const importing = importsRead.has(request.getUrn());
  const olds = declaredFromEngine(fromStruct(request.getOlds()), importing ? userProperties(news) : fromStruct(request.getOldInputs()));
  const result = await kind.provider.diff!(request.getId(), olds, news);
  const replaces = result.replaces ?? [];
  const details = detailedDiff(kind, olds, news, replaces);
  const response = new pb.DiffResponse()
    .setChanges(result.changes ? pb.DiffResponse.DiffChanges.DIFF_SOME : pb.DiffResponse.DiffChanges.DIFF_NONE)
    .setReplacesList([...replaces])
    .setDeletebeforereplace(result.deleteBeforeReplace ?? false)
    .setDiffsList([...new Set([...details.keys()].map((path) => path.split(".")[0]!))])
    .setHasdetaileddiff(true);
  for (const [path, propertyDiff] of details) response.getDetaileddiffMap().set(path, propertyDiff);
  return response;
}

export async function create(request: providerPb.CreateRequest): Promise<providerPb.CreateResponse> {
  const kind = kindOf(request);
  const { id, outs } = await kind.provider.create(fromStruct(request.getProperties()));
  return new pb.CreateResponse().setId(id).setProperties(toStruct(outs ?? {}));
}

/**
 * Refresh, and import: an import (`pulumi import`, or the `import` resource option) reads
 * an object the state has never held, so the request has neither properties nor inputs;
 * the inputs returned become the resource's inputs (and the code `pulumi import` prints).
 */
export async function read(request: providerPb.ReadRequest): Promise<providerPb.ReadResponse> {
  const kind = kindOf(request);
  const properties = fromStruct(request.getProperties());
  const inputs = fromStruct(request.getInputs());
  const importing = Object.keys(properties).length === 0 && Object.keys(inputs).length === 0;
  if (importing && kind.refuseImport) throw new TelnyxImportError(kind.refuseImport({}));
  const result = await kind.provider.read!(request.getId(), declaredFromEngine(properties, inputs));
  const response = new pb.ReadResponse();
  // No id: the object is gone, and the engine drops the resource from the state.
  if (result.id === undefined || result.id === "") return response;
  if (importing) importsRead.set(request.getUrn(), result.props ?? {});
  return response
    .setId(result.id)
    .setProperties(toStruct(result.props ?? {}))
    .setInputs(toStruct((result as { inputs?: Props }).inputs ?? inputs));
}

export async function update(request: providerPb.UpdateRequest): Promise<providerPb.UpdateResponse> {
  const kind = kindOf(request);
  const olds = declaredFromEngine(fromStruct(request.getOlds()), fromStruct(request.getOldInputs()));
  const result = await kind.provider.update!(request.getId(), olds, fromStruct(request.getNews()));
  return new pb.UpdateResponse().setProperties(toStruct(result.outs ?? {}));
}

export async function remove(request: providerPb.DeleteRequest): Promise<InstanceType<typeof empty.Empty>> {
  const kind = kindOf(request);
  await kind.provider.delete?.(request.getId(), fromStruct(request.getProperties()));
  return new empty.Empty();
}
