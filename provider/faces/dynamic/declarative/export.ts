/**
 * `telnyx-texml export`: onboarding an existing account. Reads every TeXML application
 * and queue through the data functions and writes them as a `texml.yaml` that
 * `fromFile` adopts (`import:`) without writing anything to Telnyx, plus, into an
 * empty directory, a complete Pulumi project around it.
 *
 * The rendering is pure ({@link renderTexmlYaml}); {@link exportAccount} does the I/O.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import type * as z from "zod";
import { TelnyxConfigError } from "../../../base/client/errors";
import { resolveSettings } from "../../../base/config";
import { getApplications, type ApplicationInfo } from "../../../data/applications";
import { getQueues, type QueueInfo } from "../../../data/queues";
import { applicationInputsSchema, applicationResource } from "../../../kinds/application/definition";
import { queueInputsSchema, queueResource } from "../../../kinds/queue/definition";
import { version } from "../../../version";
import { loadTexmlFile } from "./load";

/** What `texml.yaml` accepts as an entry name (and Pulumi as a resource name). */
const ENTRY_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** An entry name taken verbatim: no dots, so `${queues.<entry>.name}` references keep working. */
const PLAIN_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const MAX_KEY_LENGTH = 63;
/** `texml.yaml` reads `${...}` in any string as a reference; such a value cannot be written. */
const REFERENCE = /\$\{/;

/** One field Telnyx holds that the file cannot declare, and why; the object keeps it, the file does not manage it. */
export interface LeftOut {
  /** `applications.<entry>` or `queues.<entry>` (or the object's id for an entry left out entirely). */
  entry: string;
  /** The field (`anchorsiteOverride`, `inbound.channelLimit`), or undefined when the whole object is left out. */
  field?: string;
  value: unknown;
  reason: string;
}

/** A rendered `texml.yaml`. */
export interface RenderedTexml {
  /** The file's text (it passes `loadTexmlFile`). */
  text: string;
  /** Entries written, by section. */
  applications: number;
  queues: number;
  /** Fields (or whole objects) that could not be written, each also a comment in the file. */
  leftOut: LeftOut[];
}

export interface RenderOptions {
  /** The TeXML account the queues were read from, for the header comment. */
  accountSid?: string;
}

/**
 * Renders an account's applications and queues as a `texml.yaml`: each entry adopts its
 * object (`import:`) and keeps it on `pulumi destroy` (`retainOnDelete: true`), declares
 * only what differs from Telnyx's defaults, and carries a comment with the object's id and
 * creation date. Entries are sorted by friendly name (queues by sid), then id; entry names
 * are unique, valid, and stable for the same account.
 */
export function renderTexmlYaml(
  applications: readonly ApplicationInfo[],
  queues: readonly QueueInfo[],
  options: RenderOptions = {},
): RenderedTexml {
  const leftOut: LeftOut[] = [];
  const doc = new YAML.Document({});
  const root = doc.contents as YAML.YAMLMap;

  // Applications: sorted, keyed, with duplicates marked so the file passes validation.
  const apps = dedupeById(applications)
    .filter((app) => {
      const reason = unusableApplication(app);
      if (reason) leftOut.push({ entry: `application ${app.id}`, value: app.friendlyName, reason });
      return !reason;
    })
    .sort((a, b) => compareText(a.friendlyName ?? "", b.friendlyName ?? "") || compareIds(a.id, b.id));
  const appKeys = entryKeys(apps.map((app) => ({ label: app.friendlyName ?? "", fallback: `app-${app.id}` })));
  const nameCounts = new Map<string, number>();
  for (const app of apps) nameCounts.set(app.friendlyName!, (nameCounts.get(app.friendlyName!) ?? 0) + 1);
  const appMap = new YAML.YAMLMap();
  apps.forEach((app, i) => {
    const key = appKeys[i]!;
    const { spec, dropped } = applicationSpec(app);
    const entry: Record<string, unknown> = { import: app.id, retainOnDelete: true };
    if (app.friendlyName !== key) entry.friendlyName = app.friendlyName;
    if ((nameCounts.get(app.friendlyName!) ?? 0) > 1) entry.allowDuplicateFriendlyName = true;
    Object.assign(entry, spec);
    for (const d of dropped) leftOut.push({ entry: `applications.${key}`, ...d });
    const lines = [`id ${app.id}, created ${app.createdAt ?? "(date unknown)"}`, ...dropped.map(leftOutComment)];
    appMap.items.push(entryPair(doc, key, entry, lines, i > 0));
  });
  const appKey = new YAML.Scalar("applications");
  appKey.commentBefore = commentText([
    `TeXML applications: ${apps.length}.`,
    ...(apps.length === 0 ? [] : ["Only fields that differ from Telnyx's defaults are declared; the others stay Telnyx's to default."]),
    ...leftOut
      .filter((l) => l.field === undefined && l.entry.startsWith("application "))
      .map((l) => `Not exported: ${l.entry} (${JSON.stringify(l.value ?? null)}): ${l.reason}.`),
  ]);
  root.items.push(new YAML.Pair(appKey, appMap));

  // Queues: Telnyx does not return a queue's name, so the sid stands in for it.
  const sortedQueues = dedupeBy(queues, (q) => q.sid).sort((a, b) => compareText(a.sid, b.sid));
  const queueKeys = entryKeys(sortedQueues.map((q, i) => ({ label: q.sid, fallback: `queue-${i + 1}` })));
  const queueMap = new YAML.YAMLMap();
  let queueCount = 0;
  sortedQueues.forEach((queue, i) => {
    const key = queueKeys[i]!;
    const entry: Record<string, unknown> = { import: queue.sid, retainOnDelete: true };
    if (queue.sid !== key) entry.name = queue.sid;
    if (queue.maxSize !== undefined && queue.maxSize !== queueResource.defaults.maxSize) entry.maxSize = queue.maxSize;
    const checked = queueInputsSchema.safeParse({ name: queue.sid, ...(entry.maxSize === undefined ? {} : { maxSize: entry.maxSize }) });
    const lines = [`sid ${queue.sid}, created ${queue.dateCreated ?? "(date unknown)"}`];
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      if (issue.path[0] === "maxSize") {
        delete entry.maxSize;
        const dropped = { field: "maxSize", value: queue.maxSize, reason: issue.message };
        leftOut.push({ entry: `queues.${key}`, ...dropped });
        lines.push(leftOutComment(dropped));
      } else {
        leftOut.push({ entry: `queue ${queue.sid}`, value: queue.sid, reason: `its sid cannot stand in for a name: ${issue.message}` });
        return;
      }
    }
    if (REFERENCE.test(queue.sid)) {
      leftOut.push({ entry: `queue ${queue.sid}`, value: queue.sid, reason: "its sid contains ${, which texml.yaml reads as a reference" });
      return;
    }
    queueMap.items.push(entryPair(doc, key, entry, lines, queueCount++ > 0));
  });
  const queueKey = new YAML.Scalar("queues");
  queueKey.spaceBefore = true;
  queueKey.commentBefore = commentText([
    `Queues${options.accountSid ? ` of TeXML account ${options.accountSid}` : ""}: ${queueCount}.`,
    ...(queueCount === 0
      ? []
      : [
          "Telnyx does not return a queue's name, so each queue's sid stands in for it (as `name`, or as the entry",
          "name when it is a valid one). Changing a name replaces the queue: keep them unless that is what you want.",
        ]),
    ...leftOut.filter((l) => l.field === undefined && l.entry.startsWith("queue ")).map((l) => `Not exported: ${l.entry}: ${l.reason}.`),
  ]);
  root.items.push(new YAML.Pair(queueKey, queueMap));

  doc.commentBefore = commentText([
    `Exported by \`telnyx-texml export\`${options.accountSid ? ` from TeXML account ${options.accountSid}` : ""}: ${apps.length} applications, ${queueCount} queues.`,
    "",
    "Every entry adopts an object that already exists: `import: <id>` makes `pulumi up` record it without",
    "writing anything to Telnyx (remove the `import:` lines once it has run). `retainOnDelete: true` keeps",
    "each adopted object in the account if its entry is removed or the stack destroyed, so a mistaken",
    "`pulumi destroy` cannot take down a live line; delete that line (then `pulumi up`) for the stack to own",
    "the object fully. Check this file with `npx telnyx-texml validate texml.yaml`.",
  ]);
  doc.comment = commentText([
    "Secrets cannot be listed: Telnyx has no endpoint that reads or lists TeXML secrets, so none were exported.",
    "Declare the ones your TeXML documents use; `pulumi up` then sets each value (it replaces what Telnyx holds",
    "under that name). The value comes from Pulumi config, never from this file:",
    "",
    "secrets:",
    "  crm_token:                  # the secret's name in Telnyx, as TeXML references it",
    "    valueFrom:",
    "      config: crmToken        # pulumi config set --secret crmToken <value>",
  ]);

  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  return { text, applications: apps.length, queues: queueCount, leftOut };
}

/** A map entry with its comment above it and a blank line before all but the first. */
function entryPair(doc: YAML.Document, key: string, entry: Record<string, unknown>, comment: string[], spaceBefore: boolean): YAML.Pair {
  const keyNode = new YAML.Scalar(key);
  keyNode.commentBefore = commentText(comment);
  keyNode.spaceBefore = spaceBefore;
  const value = doc.createNode(entry) as YAML.YAMLMap;
  const tags = value.get("tags", true);
  if (YAML.isSeq(tags)) tags.flow = true;
  return new YAML.Pair(keyNode, value);
}

/** Comment lines in the `yaml` library's form (`# ` before each, `#` alone for an empty one). */
function commentText(lines: string[]): string {
  return lines.map((line) => (line === "" ? "" : ` ${line}`)).join("\n");
}

function leftOutComment(d: { field?: string; value: unknown; reason: string }): string {
  return `left out: ${d.field} ${JSON.stringify(d.value)} (${d.reason}); Telnyx keeps it, this file does not manage it`;
}

/** Why an application cannot become an entry at all (its required fields cannot be written), if so. */
function unusableApplication(app: ApplicationInfo): string | undefined {
  const required = applicationInputsSchema
    .pick({ friendlyName: true, voiceUrl: true })
    .safeParse({ friendlyName: app.friendlyName, voiceUrl: app.voiceUrl });
  if (!required.success) {
    const issue = required.error.issues[0]!;
    return `${String(issue.path[0])} ${app[issue.path[0] as "voiceUrl"] === undefined ? "is missing" : issue.message}`;
  }
  for (const field of ["friendlyName", "voiceUrl"] as const) {
    if (REFERENCE.test(app[field]!)) return `${field} contains \${, which texml.yaml reads as a reference`;
  }
  return undefined;
}

/**
 * The declared inputs of an application: the fields of the input schema whose value
 * differs from Telnyx's default (`applicationResource.defaults`), minus `friendlyName` (the entry
 * handles it). A value the input schema refuses (an anchorsite this package does not
 * know, say) is dropped and reported, so the file stays valid.
 */
export function applicationSpec(app: ApplicationInfo): {
  spec: Record<string, unknown>;
  dropped: Array<{ field: string; value: unknown; reason: string }>;
} {
  const spec: Record<string, unknown> = {};
  const dropped: Array<{ field: string; value: unknown; reason: string }> = [];
  const record = app as unknown as Record<string, unknown>;
  const nestedShapes: Record<string, z.ZodObject> = {
    inbound: applicationInputsSchema.shape.inbound.unwrap() as unknown as z.ZodObject,
    outbound: applicationInputsSchema.shape.outbound.unwrap() as unknown as z.ZodObject,
  };
  for (const field of Object.keys(applicationInputsSchema.shape)) {
    if (field === "friendlyName") continue;
    const value = record[field];
    const nestedShape = nestedShapes[field];
    if (nestedShape) {
      if (!value || typeof value !== "object") continue;
      const nested: Record<string, unknown> = {};
      for (const sub of Object.keys(nestedShape.shape)) {
        const subValue = (value as Record<string, unknown>)[sub];
        if (isDefault(`${field}.${sub}`, subValue)) continue;
        const problem = fieldProblem(nestedShape.shape[sub] as z.ZodType, subValue);
        if (problem) dropped.push({ field: `${field}.${sub}`, value: subValue, reason: problem });
        else nested[sub] = subValue;
      }
      if (Object.keys(nested).length > 0) spec[field] = nested;
      continue;
    }
    if (isDefault(field, value)) continue;
    const problem = fieldProblem(applicationInputsSchema.shape[field as keyof typeof applicationInputsSchema.shape] as z.ZodType, value);
    if (problem) dropped.push({ field, value, reason: problem });
    else spec[field] = value;
  }
  return { spec, dropped };
}

/** True when the value is Telnyx's default for the path (unset, `null` or an empty string where the default is `null`). */
function isDefault(fieldPath: string, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (!(fieldPath in applicationResource.defaults)) return false;
  const fallback = applicationResource.defaults[fieldPath];
  if (fallback === null) return value === "";
  return JSON.stringify(fallback) === JSON.stringify(value);
}

function fieldProblem(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  if (!result.success) return result.error.issues[0]?.message ?? "not accepted";
  const strings = JSON.stringify(value) ?? "";
  return REFERENCE.test(strings) ? "contains ${, which texml.yaml reads as a reference" : undefined;
}

/**
 * Entry names for labels (friendly names, sids), in order: the label itself when it is a
 * plain valid name, else a lowercase slug of it (accents stripped, anything else a `-`),
 * else the fallback. Labels sharing a name get `-2`, `-3`... in order (a label that is that
 * name verbatim keeps it), never taking a name another label produces on its own, so
 * every name is unique and stable for the same labels.
 */
export function entryKeys(items: ReadonlyArray<{ label: string; fallback: string }>): string[] {
  const bases = items.map((item) => toEntryKey(item.label) ?? toEntryKey(item.fallback) ?? "entry");
  const reserved = new Set(bases);
  const used = new Set<string>();
  const keys: Array<string | undefined> = bases.map(() => undefined);
  // A label that is its own entry name keeps it (its friendlyName or name can then be left out);
  // then the first of the others sharing a name takes it, and the rest get a suffix.
  const verbatimFirst = [...bases.keys()].sort(
    (a, b) => Number(bases[b] === items[b]!.label) - Number(bases[a] === items[a]!.label) || a - b,
  );
  for (const i of verbatimFirst) {
    const base = bases[i]!;
    if (!used.has(base)) {
      used.add(base);
      keys[i] = base;
      continue;
    }
    for (let n = 2; keys[i] === undefined; n++) {
      const suffix = `-${n}`;
      const candidate = `${base.slice(0, MAX_KEY_LENGTH - suffix.length).replace(/[-_.]+$/, "")}${suffix}`;
      if (!reserved.has(candidate) && !used.has(candidate)) {
        used.add(candidate);
        keys[i] = candidate;
      }
    }
  }
  return keys as string[];
}

/** A label as an entry name, or undefined when nothing usable is left of it. */
export function toEntryKey(label: string): string | undefined {
  if (PLAIN_KEY.test(label) && label.length <= MAX_KEY_LENGTH) return label;
  const slug = label
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, MAX_KEY_LENGTH)
    .replace(/[-_]+$/, "");
  return slug !== "" && ENTRY_KEY.test(slug) ? slug : undefined;
}

/** Text order that does not depend on the machine's locale: case-insensitive first, then exact. */
function compareText(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Numeric ids in numeric order (shorter first), anything else as text. */
function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length - b.length;
  return a === b ? 0 : a < b ? -1 : 1;
}

function dedupeById(apps: readonly ApplicationInfo[]): ApplicationInfo[] {
  return dedupeBy(apps, (a) => a.id);
}

function dedupeBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/** The `tsconfig.json` `pulumi new typescript` writes (also the end-to-end tests' projects'). */
export const PULUMI_NEW_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

/** The `@pulumi/pulumi` range of a new project: the release this package was installed with, else any 3.x. */
function pulumiRange(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { version: installed } = require("@pulumi/pulumi/package.json") as { version: string };
    return /^\d+\.\d+\.\d+$/.test(installed) ? `^${installed}` : "^3";
  } catch {
    return "^3";
  }
}

/** A Pulumi project name from a directory name (letters, digits, `-`, `_`, `.`). */
export function projectNameFor(dir: string): string {
  const base = path.basename(path.resolve(dir));
  const name = toEntryKey(base);
  return name ?? "texml";
}

/**
 * The files of a complete project around `texml.yaml`, by relative path: the layout of
 * `pulumi new typescript` with `index.ts` handing the file to `fromFile`, and the
 * pull-request workflow of examples/config-repo. Nothing here holds a credential.
 */
export function projectFiles(projectName: string): Record<string, string> {
  const nodeMajor = Math.max(22, Number(process.versions.node.split(".")[0]));
  const packageJson = {
    name: projectName,
    main: "index.ts",
    private: true,
    devDependencies: { "@types/node": `^${nodeMajor}`, typescript: "~5.9.3" },
    dependencies: { "@pulumi/pulumi": pulumiRange(), "pulumi-telnyx-texml": `^${version}` },
  };
  return {
    "Pulumi.yaml": [
      `name: ${projectName}`,
      "description: Telnyx TeXML voice setup kept as data in texml.yaml (adopted with telnyx-texml export)",
      "runtime:",
      "  name: nodejs",
      "  options:",
      "    typescript: true",
      "",
    ].join("\n"),
    "index.ts": [
      'import * as texml from "pulumi-telnyx-texml";',
      "",
      "// The account's applications and queues, adopted from texml.yaml (see the comments there).",
      'const setup = texml.fromFile("texml.yaml");',
      "export const { applicationIds, queueSids, secretNames } = setup;",
      "",
    ].join("\n"),
    "package.json": `${JSON.stringify(packageJson, null, 2)}\n`,
    "tsconfig.json": `${JSON.stringify(PULUMI_NEW_TSCONFIG, null, 4)}\n`,
    ".gitignore": "/bin/\n/node_modules/\n",
    ".github/workflows/texml.yml": workflow(projectName),
  };
}

/** The pull-request workflow: `pulumi preview --diff` as a comment on pull requests, `pulumi up` on main. */
function workflow(projectName: string): string {
  const job = (name: string, command: "preview" | "up") => [
    `  ${name}:`,
    `    if: github.event_name == '${command === "preview" ? "pull_request" : "push"}'`,
    "    runs-on: ubuntu-latest",
    ...(command === "up" ? ["    environment: production"] : []),
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - uses: actions/setup-node@v4",
    "        with:",
    "          node-version: 22",
    "          cache: npm",
    "          cache-dependency-path: package*.json",
    "      # `npm ci` once package-lock.json is committed (run `npm install` once and commit it).",
    "      - run: if [ -f package-lock.json ]; then npm ci; else npm install --no-audit --no-fund; fi",
    "      - run: npx telnyx-texml validate texml.yaml",
    "      - uses: pulumi/actions@v6",
    "        with:",
    `          command: ${command}`,
    `          stack-name: org/${projectName}/production   # your Pulumi organization and stack`,
    "          diff: true",
    ...(command === "preview" ? ["          comment-on-pr: true", "          github-token: ${{ secrets.GITHUB_TOKEN }}"] : []),
  ];
  return [
    "# Pull requests get the exact `pulumi preview --diff` as a comment; main applies it.",
    "name: texml",
    "on:",
    "  pull_request:",
    '    paths: ["texml.yaml", "index.ts", "Pulumi*.yaml", "package*.json"]',
    "  push:",
    "    branches: [main]",
    "",
    "permissions:",
    "  contents: read",
    "  pull-requests: write",
    "",
    "concurrency:",
    "  group: texml-${{ github.ref }}",
    "  cancel-in-progress: false",
    "",
    "env:",
    "  PULUMI_ACCESS_TOKEN: ${{ secrets.PULUMI_ACCESS_TOKEN }}",
    "  TELNYX_API_KEY: ${{ secrets.TELNYX_API_KEY }}",
    "  TELNYX_ACCOUNT_SID: ${{ vars.TELNYX_ACCOUNT_SID }}",
    "",
    "jobs:",
    ...job("preview", "preview"),
    "",
    ...job("up", "up"),
    "",
  ].join("\n");
}

export interface ExportOptions {
  /** The directory to write into (created when missing). */
  out: string;
  /** The TeXML account whose queues to read; default `TELNYX_ACCOUNT_SID`. */
  accountSid?: string;
  /** Overwrite files that exist. */
  force?: boolean;
}

export interface ExportReport {
  /** The directory written into. */
  out: string;
  accountSid: string;
  /** The base URL read from (never with credentials). */
  baseUrl: string;
  applications: number;
  queues: number;
  /** Files written, relative to `out`. */
  written: string[];
  /** Files that existed and were left alone (no `--force`), relative to `out`. */
  skipped: string[];
  /** True when `out` was empty, so the project files were part of the export. */
  project: boolean;
  leftOut: LeftOut[];
}

/**
 * Reads the account (credentials from `TELNYX_API_KEY`, `TELNYX_BASE_URL` and
 * `TELNYX_ACCOUNT_SID` or `accountSid`) and writes `<out>/texml.yaml`, plus the project
 * files when `out` is empty or missing. Existing files are left alone unless `force`.
 * The two listings run side by side, each at the largest page size the API allows.
 */
export async function exportAccount(options: ExportOptions): Promise<ExportReport> {
  const settings = resolveSettings({ accountSid: options.accountSid });
  // Both checked before any request, in the words of this command.
  if (!settings.apiKey)
    throw new TelnyxConfigError(
      "TELNYX_API_KEY",
      "No Telnyx API key: set the TELNYX_API_KEY environment variable (it is read, never written)",
    );
  const accountSid = settings.accountSid;
  if (!accountSid)
    throw new TelnyxConfigError(
      "--account-sid / TELNYX_ACCOUNT_SID",
      "No TeXML account SID: pass --account-sid <sid> or set TELNYX_ACCOUNT_SID",
    );
  const [{ applications }, { queues }] = await Promise.all([getApplications({ sort: "created_at" }), getQueues({ accountSid })]);
  const rendered = renderTexmlYaml(applications, queues, { accountSid });
  // The file must read back as fromFile reads it; a failure here is a bug of this command, never written.
  loadTexmlFile(path.join(options.out, "texml.yaml"), rendered.text);

  const out = options.out;
  const empty = isEmptyDirectory(out);
  const files: Record<string, string> = { "texml.yaml": rendered.text, ...(empty ? projectFiles(projectNameFor(out)) : {}) };
  const written: string[] = [];
  const skipped: string[] = [];
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(out, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      // `wx` fails on an existing file, so nothing is overwritten without --force, even in a race.
      writeFileSync(file, text, { flag: options.force ? "w" : "wx" });
      written.push(relative);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      skipped.push(relative);
    }
  }
  return {
    out,
    accountSid,
    baseUrl: settings.baseUrl,
    applications: rendered.applications,
    queues: rendered.queues,
    written,
    skipped,
    project: empty,
    leftOut: rendered.leftOut,
  };
}

/** Missing, or holding nothing but a `.git` directory (a fresh clone of an empty repository). */
function isEmptyDirectory(dir: string): boolean {
  try {
    return readdirSync(dir).every((name) => name === ".git");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
}
