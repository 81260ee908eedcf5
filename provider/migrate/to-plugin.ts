/**
 * Moves a stack's state from the dynamic resources to the provider plugin, as a rewrite of a
 * `pulumi stack export` document: nothing is sent to Telnyx. Each `texml.Application`, `Queue`
 * and `Secret` keeps its id, inputs and outputs (a secret's value included, still encrypted) and
 * becomes the plugin's type, served by the plugin's default provider, which is added with the
 * stack's plain `telnyx:*` settings as its inputs. A Secret cannot be imported (Telnyx never returns a secret's value),
 * which is why this is state surgery and not `pulumi import`.
 */
import { randomUUID } from "node:crypto";
import { declaredDefinitions } from "../kinds/definitions";

type Props = Record<string, unknown>;

/** One resource of a `pulumi stack export` document (the fields this rewrite reads or writes; others pass through). */
export interface StateResource {
  urn: string;
  type: string;
  custom?: boolean;
  id?: string;
  inputs?: Props;
  outputs?: Props;
  parent?: string;
  provider?: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  deletedWith?: string;
  aliases?: string[];
  [field: string]: unknown;
}

export interface StackExport {
  version: number;
  deployment: { resources?: StateResource[]; [field: string]: unknown };
}

/** The plain settings of the new default provider (the API key is left to the engine, see {@link providerInputs}). */
export interface PluginSettings {
  accountSid?: string;
  baseUrl?: string;
}

export interface MigrationResult {
  exported: StackExport;
  /** What moved, as `old type name -> new type`. */
  moved: string[];
  /** What was dropped from the state (Telnyx is not told): the name claims earlier versions kept, and the unused dynamic provider. */
  dropped: string[];
}

const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/texml:";
/** The kinds programs declare (the registry's), each of which the plugin serves under the same name. */
const MIGRATED_KINDS = declaredDefinitions.map((definition) => definition.kind);
/** Resources of earlier versions that only claimed a secret name in the state; the plugin refuses duplicate names itself. */
const NAME_CLAIM = `${DYNAMIC_PREFIX}SecretName`;
const DYNAMIC_PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";
export const PLUGIN_PROVIDER_TYPE = "pulumi:providers:telnyx-texml";
/** The dynamic provider's serialized module, which the plugin has no use for. */
const PROVIDER_TEXT_KEY = "__provider";

const pluginType = (kind: string) => `telnyx-texml:index:${kind}`;

function withoutProviderText(props: Props | undefined): Props | undefined {
  if (props === undefined) return undefined;
  const { [PROVIDER_TEXT_KEY]: _dropped, ...rest } = props;
  return rest;
}

/** The plugin's type for a dynamic type this migration moves, or undefined. */
function movedType(type: string): string | undefined {
  const kind = MIGRATED_KINDS.find((k) => type === DYNAMIC_PREFIX + k);
  return kind === undefined ? undefined : pluginType(kind);
}

/**
 * The URN with each moved type in its qualified type (`parent$child`) replaced: the resource's
 * own, and a moved parent's in the URN of its children, as the engine would compute them.
 */
function movedUrn(urn: string): string {
  const parts = urn.split("::");
  if (parts.length < 4) throw new Error(`migrate: "${urn}" is not a resource URN`);
  parts[2] = parts[2]!
    .split("$")
    .map((type) => movedType(type) ?? type)
    .join("$");
  return parts.join("::");
}

/** `urn:pulumi:<stack>::<project>::` of the stack's URNs. */
function urnPrefix(urn: string): string {
  const [prefix, project] = urn.split("::");
  return `${prefix}::${project}::`;
}

/**
 * The new provider's inputs: the plain settings only. The API key cannot be carried over: the
 * state's secrets are encrypted JSON and the config's are encrypted text, and this command never
 * decrypts either; so the first \`pulumi up\` records it (an update of the provider, nothing sent to Telnyx).
 */
function providerInputs(settings: PluginSettings): Props {
  const inputs: Props = {};
  if (settings.accountSid !== undefined) inputs.accountSid = settings.accountSid;
  if (settings.baseUrl !== undefined) inputs.baseUrl = settings.baseUrl;
  return inputs;
}

/**
 * The export with every dynamic Application, Queue and Secret moved to the plugin. Refuses a
 * stack that already holds plugin resources of these kinds or that is mid-operation (pending
 * operations), naming what it found, so that a second run cannot merge two providers.
 */
export function migrateToPlugin(exported: StackExport, settings: PluginSettings, providerName = "default"): MigrationResult {
  const resources = exported.deployment.resources ?? [];
  if (Array.isArray(exported.deployment.pending_operations) && exported.deployment.pending_operations.length > 0) {
    throw new Error("migrate: the stack has pending operations; finish or cancel them (`pulumi refresh`) before migrating");
  }
  const migrating = resources.filter((r) => movedType(r.type) !== undefined);
  if (migrating.length === 0)
    throw new Error(`migrate: the stack holds no ${MIGRATED_KINDS.map((k) => DYNAMIC_PREFIX + k).join(", ")} resource to move`);
  const existingProvider = resources.find((r) => r.type === PLUGIN_PROVIDER_TYPE && r.urn.endsWith(`::${providerName}`));
  if (existingProvider)
    throw new Error(`migrate: the stack already has the provider ${existingProvider.urn}; migrate a stack before it uses the plugin`);

  const providerUrn = `${urnPrefix(migrating[0]!.urn)}${PLUGIN_PROVIDER_TYPE}::${providerName}`;
  const providerId = randomUUID();
  const dropped = new Set(resources.filter((r) => r.type === NAME_CLAIM).map((r) => r.urn));

  const references = (urns: string[] | undefined) => urns?.filter((urn) => !dropped.has(urn)).map(movedUrn);
  const moved: string[] = [];
  const rewritten: StateResource[] = [];
  for (const resource of resources) {
    if (dropped.has(resource.urn)) continue;
    const entry: StateResource = { ...resource, urn: movedUrn(resource.urn) };
    if (resource.parent !== undefined) entry.parent = movedUrn(resource.parent);
    if (resource.dependencies !== undefined) entry.dependencies = references(resource.dependencies);
    if (resource.deletedWith !== undefined) entry.deletedWith = movedUrn(resource.deletedWith);
    if (resource.propertyDependencies !== undefined) {
      entry.propertyDependencies = Object.fromEntries(
        Object.entries(resource.propertyDependencies).map(([key, urns]) => [key, references(urns) ?? []]),
      );
    }
    const type = movedType(resource.type);
    if (type !== undefined) {
      entry.type = type;
      entry.provider = `${providerUrn}::${providerId}`;
      entry.inputs = withoutProviderText(resource.inputs);
      entry.outputs = withoutProviderText(resource.outputs);
      if (entry.propertyDependencies !== undefined)
        entry.propertyDependencies = withoutProviderText(entry.propertyDependencies) as Record<string, string[]>;
      moved.push(`${resource.type} ${resource.urn.split("::").pop()} -> ${entry.type}`);
    }
    rewritten.push(entry);
  }

  // The plugin's provider goes before the first resource it serves (the state is in dependency order).
  const first = rewritten.findIndex((r) => r.provider?.startsWith(`${providerUrn}::`));
  const provider: StateResource = {
    urn: providerUrn,
    custom: true,
    id: providerId,
    type: PLUGIN_PROVIDER_TYPE,
    inputs: providerInputs(settings),
    outputs: providerInputs(settings),
  };
  rewritten.splice(first, 0, provider);

  // The dynamic provider stays only while something still uses it.
  const dynamicProviders = rewritten.filter((r) => r.type === DYNAMIC_PROVIDER_TYPE);
  const stillUsed = (urn: string) => rewritten.some((r) => r.provider?.startsWith(`${urn}::`));
  const result = rewritten.filter((r) => !(r.type === DYNAMIC_PROVIDER_TYPE && !stillUsed(r.urn)));
  const droppedNames = [...dropped, ...dynamicProviders.filter((r) => !stillUsed(r.urn)).map((r) => r.urn)];

  return { exported: { ...exported, deployment: { ...exported.deployment, resources: result } }, moved, dropped: droppedNames };
}
