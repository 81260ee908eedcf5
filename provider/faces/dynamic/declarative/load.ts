import { readFileSync } from "node:fs";
import type * as YamlModule from "yaml";
import { TelnyxTexmlError } from "../../../base/errors";
import { declaredDefinitions } from "../../../kinds/definitions";
import { texmlDocumentSchema } from "./schema";
import type { TexmlDocument } from "./types";

/** A problem in a declarative file, located by file, entry path and line. */
export class TexmlFileError extends TelnyxTexmlError {
  override readonly name = "TexmlFileError";
  constructor(
    /** The file. */
    readonly file: string,
    /** Every problem, one line each: `applications.support.voiceUrl (line 4): must be ...`. */
    readonly problems: string[],
    /** What found the problems, if anything: the YAML parser's error(s), the schema's `ZodError`. */
    cause?: unknown,
  ) {
    super("file", `${file}: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n  ${problems.join("\n  ")}`}`, cause);
  }
}

/** The YAML parser, loaded when a file is first read rather than with the package root. */
let yamlModule: typeof YamlModule | undefined;
function yaml(): typeof YamlModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yamlModule ??= require("yaml") as typeof YamlModule;
  return yamlModule;
}

const REFERENCE = /\$\{([^}]*)\}/g;

/**
 * Reads, resolves and validates a declarative TeXML file. `${name}` in a string is
 * replaced by `variables.name`; `${queues.<entry>.name}`, `${applications.<entry>.friendlyName}`
 * and `${secrets.<entry>.name}` by the names those entries declare.
 */
export function loadTexmlFile(file: string, text: string = readFileSync(file, "utf8")): TexmlDocument {
  const YAML = yaml();
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const cause = doc.errors.length === 1 ? doc.errors[0] : new AggregateError(doc.errors, `${doc.errors.length} YAML errors`);
    throw new TexmlFileError(
      file,
      doc.errors.map((e) => `line ${lineCounter.linePos(e.pos[0]).line}: ${e.message.split("\n")[0]}`),
      cause,
    );
  }
  const raw: unknown = doc.toJS() ?? {};
  // The line of the deepest key on `path` that exists: the field itself, or for a missing field its entry.
  const lineOf = (path: readonly PropertyKey[]): string => {
    for (let depth = path.length; depth > 0; depth--) {
      const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1) as unknown[], true);
      const wanted = path[depth - 1];
      let range: readonly number[] | null | undefined;
      if (YAML.isMap(parent))
        range = (
          parent.items.find((pair) => YAML.isScalar(pair.key) && String(pair.key.value) === String(wanted))?.key as
            | { range?: number[] }
            | undefined
        )?.range;
      else if (YAML.isSeq(parent) && typeof wanted === "number") range = (parent.items[wanted] as { range?: number[] } | undefined)?.range;
      if (range) return ` (line ${lineCounter.linePos(range[0] ?? 0).line})`;
    }
    return "";
  };

  const problems: string[] = [];
  const unresolved = new Set<string>();
  const resolved = resolveReferences(raw, (path, message) => {
    unresolved.add(formatPath(path));
    problems.push(`${formatPath(path)}${lineOf(path)}: ${message}`);
  });
  const result = texmlDocumentSchema.safeParse(resolved, { reportInput: true });
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (unresolved.has(formatPath(issue.path))) continue;
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys)
          problems.push(`${formatPath([...issue.path, key])}${lineOf([...issue.path, key])}: is not a known field`);
        continue;
      }
      const missing = issue.code === "invalid_type" && issue.input === undefined;
      problems.push(`${formatPath(issue.path)}${lineOf(issue.path)}: ${missing ? "is required" : issue.message}`);
    }
  }
  if (problems.length === 0 && result.success) problems.push(...duplicateNames(result.data as TexmlDocument, lineOf));
  if (problems.length > 0) throw new TexmlFileError(file, problems, result.success ? undefined : result.error);
  return result.data as TexmlDocument;
}

/**
 * Names that must be unique before any request is sent: two queues of one name fail at
 * `pulumi up` (Telnyx refuses the second), two secrets of one name overwrite each other,
 * and two applications of one friendly name are two objects nobody can tell apart.
 */
function duplicateNames(doc: TexmlDocument, lineOf: (path: readonly PropertyKey[]) => string): string[] {
  const problems: string[] = [];
  const check = (
    section: "applications" | "queues" | "secrets",
    field: string,
    nameOf: (entry: string, spec: Record<string, unknown>) => string,
    allowed?: (spec: Record<string, unknown>) => boolean,
  ) => {
    const seen = new Map<string, string>();
    for (const [entry, spec] of Object.entries((doc[section] ?? {}) as Record<string, Record<string, unknown>>)) {
      const name = nameOf(entry, spec);
      const first = seen.get(name);
      if (first === undefined) {
        seen.set(name, entry);
        continue;
      }
      const firstSpec = (doc[section] as Record<string, Record<string, unknown>>)[first]!;
      if (allowed?.(spec) && allowed(firstSpec)) continue;
      const here = spec[field] === undefined ? [section, entry] : [section, entry, field];
      const there = firstSpec[field] === undefined ? [section, first] : [section, first, field];
      const hint = allowed ? "; if both are meant, set allowDuplicateFriendlyName: true on each" : "";
      problems.push(
        `${here.join(".")}${lineOf(here)}: ${field} ${JSON.stringify(name)} is already used by ${section}.${first}${lineOf(there)}${hint}`,
      );
    }
  };
  check("queues", "name", (entry, spec) => String(spec.name ?? entry));
  check("secrets", "name", (entry, spec) => String(spec.name ?? entry));
  check(
    "applications",
    "friendlyName",
    (entry, spec) => String(spec.friendlyName ?? entry),
    (spec) => spec.allowDuplicateFriendlyName === true,
  );
  return problems;
}

/** Names an entry declares, for `${section.entry.field}` references. */
function declaredName(doc: Record<string, unknown>, section: string, entry: string, field: string): string | undefined {
  const item = (doc[section] as Record<string, Record<string, unknown>> | undefined)?.[entry];
  if (!item || typeof item !== "object") return undefined;
  const explicit = item[field];
  return typeof explicit === "string" ? explicit : entry;
}

/** The field `${<list>.<entry>.<field>}` reads of each list's entries: its kind's identity (`friendlyName`, `name`). */
const NAME_FIELDS: Record<string, string> = Object.fromEntries(
  declaredDefinitions.flatMap((definition) => (definition.surface?.fileKey ? [[definition.surface.fileKey, definition.identity]] : [])),
);

function resolveReferences(raw: unknown, report: (path: PropertyKey[], message: string) => void): unknown {
  if (!raw || typeof raw !== "object") return raw;
  const doc = raw as Record<string, unknown>;
  const variables = (doc.variables && typeof doc.variables === "object" ? doc.variables : {}) as Record<string, unknown>;
  const lookup = (ref: string): string | undefined => {
    const parts = ref.trim().split(".");
    if (parts.length === 1) {
      const value = variables[parts[0] as string];
      return typeof value === "string" ? value : undefined;
    }
    const [section, entry, field] = parts as [string, string, string | undefined];
    if (parts.length === 3 && field !== undefined && NAME_FIELDS[section] === field) return declaredName(doc, section, entry, field);
    return undefined;
  };
  const walk = (value: unknown, path: PropertyKey[]): unknown => {
    if (typeof value === "string") {
      return value.replace(REFERENCE, (whole, ref: string) => {
        const found = path[0] === "variables" ? undefined : lookup(ref);
        if (found === undefined) {
          report(
            path,
            `unknown reference ${whole}: use \${<variable>} or \${queues.<entry>.name}, \${applications.<entry>.friendlyName}, \${secrets.<entry>.name}`,
          );
          return whole;
        }
        return found;
      });
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    return value;
  };
  return walk(doc, []);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".") || "(document)";
}
