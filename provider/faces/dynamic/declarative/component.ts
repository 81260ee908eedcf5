import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Application } from "../application/resource";
import { Queue } from "../queue/resource";
import { Secret } from "../secret/resource";
import { TexmlFileError, loadTexmlFile } from "./load";

/**
 * The resources a declarative TeXML file describes, as one component. Created by
 * {@link fromFile}; entry names become the child resources' names.
 */
export class TexmlFile extends pulumi.ComponentResource {
  /** Applications by entry name. */
  readonly applications: Record<string, Application> = {};
  /** Queues by entry name. */
  readonly queues: Record<string, Queue> = {};
  /** Secrets by entry name. */
  readonly secrets: Record<string, Secret> = {};
  /** Application ids by entry name. */
  readonly applicationIds: pulumi.Output<Record<string, string>>;
  /** Queue sids by entry name. */
  readonly queueSids: pulumi.Output<Record<string, string>>;
  /** Secret names by entry name (never values). */
  readonly secretNames: pulumi.Output<Record<string, string>>;

  constructor(name: string, file: string, opts?: pulumi.ComponentResourceOptions) {
    super("pulumi-telnyx-texml:index:TexmlFile", name, {}, opts);
    const doc = loadTexmlFile(file);
    const parent = { parent: this };
    for (const [entry, { import: importId, protect, retainOnDelete, allowDuplicateFriendlyName: _, ...spec }] of Object.entries(
      doc.applications ?? {},
    )) {
      this.applications[entry] = new Application(
        entry,
        { ...spec, friendlyName: spec.friendlyName ?? entry },
        { ...parent, import: importId, protect, retainOnDelete },
      );
    }
    for (const [entry, { import: importId, protect, retainOnDelete, ...spec }] of Object.entries(doc.queues ?? {})) {
      this.queues[entry] = new Queue(
        entry,
        { ...spec, name: spec.name ?? entry },
        { ...parent, import: importId, protect, retainOnDelete },
      );
    }
    const missing: string[] = [];
    for (const [entry, spec] of Object.entries(doc.secrets ?? {})) {
      const value = secretConfig(spec.valueFrom.config);
      if (value === undefined) {
        missing.push(
          `secrets.${entry}.valueFrom.config: config key "${spec.valueFrom.config}" is not set; run \`pulumi config set --secret ${spec.valueFrom.config} <value>\``,
        );
        continue;
      }
      // An unset `protect` inherits the component's (`fromFile(file, { protect: true })`).
      this.secrets[entry] = new Secret(
        entry,
        { name: spec.name ?? entry, value, retireOnDelete: spec.retireOnDelete },
        { ...parent, protect: spec.protect, retainOnDelete: spec.retainOnDelete },
      );
    }
    if (missing.length > 0) throw new TexmlFileError(file, missing);
    const byEntry = <T>(items: Record<string, T>, pick: (item: T) => pulumi.Output<string>) =>
      pulumi.output(Object.fromEntries(Object.entries(items).map(([k, v]) => [k, pick(v)]))) as pulumi.Output<Record<string, string>>;
    this.applicationIds = byEntry(this.applications, (a) => a.id);
    this.queueSids = byEntry(this.queues, (q) => q.sid);
    this.secretNames = byEntry(this.secrets, (s) => s.name);
    this.registerOutputs({ applicationIds: this.applicationIds, queueSids: this.queueSids, secretNames: this.secretNames });
  }
}

/** Reads a config key (plain `key` from the project's namespace, or `namespace:key`) as a secret. */
function secretConfig(key: string): pulumi.Output<string> | undefined {
  const colon = key.indexOf(":");
  const config = colon === -1 ? new pulumi.Config() : new pulumi.Config(key.slice(0, colon));
  return config.getSecret(colon === -1 ? key : key.slice(colon + 1));
}

/**
 * Declares the applications, queues and secrets of a YAML or JSON file, resolved
 * relative to the program's directory.
 *
 * ```ts
 * import * as texml from "pulumi-telnyx-texml";
 * export const setup = texml.fromFile("texml.yaml");
 * ```
 */
export function fromFile(file: string, opts?: pulumi.ComponentResourceOptions & { name?: string }): TexmlFile {
  return new TexmlFile(opts?.name ?? path.basename(file).replace(/\.(ya?ml|json)$/i, ""), file, opts);
}
