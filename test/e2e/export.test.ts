// `telnyx-texml export` round trip through the real `pulumi` CLI: an account with
// applications of every field shape (inbound and outbound settings, tags, unicode and
// repeated friendly names) and several queues is exported into an empty directory; the
// project written there is then run as is. Adopting is creates only and sends no write,
// the next preview is empty, an edit previews as exactly that update, destroying the stack
// leaves every adopted object in the account (retainOnDelete), and an entry without its
// retainOnDelete line is the stack's to delete.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { loadTexmlFile } from "../../provider/faces/dynamic/declarative/load";
import { diffText, loggedRequests, writes } from "./support/harness";
import { changeSummary, createCliProject, type CliProject } from "./support/project";

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(__dirname, "../..");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Applications as create request bodies: every field shape the API takes. */
const APPLICATIONS: Array<Record<string, unknown>> = [
  { friendly_name: "plain", voice_url: "https://voice.example.com/texml/plain" },
  {
    friendly_name: "Support Line",
    voice_url: "https://voice.example.com/texml/support",
    voice_fallback_url: "https://fallback.example.com/texml",
    voice_method: "get",
    status_callback: "https://voice.example.com/status",
    status_callback_method: "get",
    tags: ["support", "tier 1"],
    inbound: {
      channel_limit: 10,
      shaken_stir_enabled: true,
      sip_subdomain: "acme-support",
      sip_subdomain_receive_settings: "only_my_connections",
    },
    outbound: { channel_limit: 5, outbound_voice_profile_id: "1293384261075731461" },
  },
  { friendly_name: "Support Line", voice_url: "https://voice.example.com/texml/support-backup", inbound: { channel_limit: 2 } },
  {
    friendly_name: "settings",
    voice_url: "https://voice.example.com/texml/settings",
    active: false,
    anchorsite_override: "Amsterdam, Netherlands",
    dtmf_type: "Inband",
    first_command_timeout: true,
    first_command_timeout_secs: 45,
    call_cost_in_webhooks: true,
  },
  {
    friendly_name: "Café Ünïcode ☎",
    voice_url: "https://voice.example.com/texml/cafe",
    outbound: { outbound_voice_profile_id: "1293384261075731462" },
  },
  { friendly_name: "サポート", voice_url: "https://voice.example.com/texml/jp", tags: ["日本"] },
  { friendly_name: "サポート", voice_url: "https://voice.example.com/texml/jp-2" },
];
const QUEUES: Array<{ FriendlyName: string; MaxSize?: string }> = [
  { FriendlyName: "support", MaxSize: "25" },
  { FriendlyName: "sales" },
  { FriendlyName: "Support Queue EMEA", MaxSize: "5000" },
  { FriendlyName: "overflow", MaxSize: "1" },
];
/** The stack, the TexmlFile component, and one resource per object. */
const TOTAL = 2 + APPLICATIONS.length + QUEUES.length;

let root: string;
let exportDir: string;
let project: CliProject;
let exported: { code: number; stdout: string; stderr: string };
let apiKey: string;
let applicationIds: string[];
let queueSids: string[];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .sort();
}

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "texml-e2e-export-"));
  exportDir = path.join(root, "voice-setup");
  const dataFile = path.join(root, "account.json");
  // The account: made through the API, as a user's account was, then saved for the stack's emulator.
  const account = await startEmulator({ port: 0, webhookDispatch: false, dataFile });
  apiKey = account.apiKey;
  const api = async (method: string, apiPath: string, body: { json?: unknown; form?: Record<string, string> }) => {
    const response = await fetch(`${account.baseUrl}${apiPath}`, {
      method,
      headers: {
        authorization: `Bearer ${account.apiKey}`,
        "content-type": body.json ? "application/json" : "application/x-www-form-urlencoded",
      },
      body: body.json ? JSON.stringify(body.json) : new URLSearchParams(body.form).toString(),
    });
    const answer = (await response.json()) as any;
    if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  applicationIds = [];
  for (const body of APPLICATIONS) {
    applicationIds.push((await api("POST", "/texml_applications", { json: body })).data.id);
    await sleep(5); // distinct creation times
  }
  queueSids = [];
  for (const form of QUEUES) queueSids.push((await api("POST", `/texml/Accounts/${account.accountSid}/Queues`, { form })).sid);
  await account.clearRequests();

  const env = {
    ...process.env,
    TELNYX_API_KEY: account.apiKey,
    TELNYX_BASE_URL: account.baseUrl,
    TELNYX_ACCOUNT_SID: account.accountSid,
    PATH: [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
  };
  exported = await execFileAsync(process.execPath, [path.join(repoRoot, "dist", "scripts", "cli.js"), "export", "--out", exportDir], {
    env,
    encoding: "utf8",
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? 1,
      stdout: error.stdout ?? "",
      stderr: error.stderr ?? "",
    }),
  );
  const listings = (await account.requests()).map((r) => `${r.method} ${r.path}`);
  expect(listings.sort()).toEqual(["GET /texml_applications", `GET /texml/Accounts/${account.accountSid}/Queues`].sort());
  await account.close();
  if (exported.code !== 0) throw new Error(`telnyx-texml export failed (${exported.code}):\n${exported.stdout}\n${exported.stderr}`);

  // The exported directory, as is, is the project; the stack's emulator holds the same account.
  project = await createCliProject("export", { fromExample: exportDir, emulator: { dataFile } });
  expect(project.emulator.apiKey).toBe(apiKey);
});

afterAll(async () => {
  await project?.dispose();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("telnyx-texml export, then the pulumi CLI on what it wrote", () => {
  it("writes texml.yaml and a complete project into the empty directory, never the API key", () => {
    expect(exported.stdout).toContain(`Exported ${APPLICATIONS.length} applications and ${QUEUES.length} queues`);
    expect(filesUnder(exportDir)).toEqual(
      [
        "texml.yaml",
        "Pulumi.yaml",
        "index.ts",
        "package.json",
        "tsconfig.json",
        ".gitignore",
        path.join(".github", "workflows", "texml.yml"),
      ].sort(),
    );
    for (const file of filesUnder(exportDir)) expect(readFileSync(path.join(exportDir, file), "utf8"), file).not.toContain(apiKey);
    expect(exported.stdout + exported.stderr).not.toContain(apiKey);
    const doc = loadTexmlFile(path.join(exportDir, "texml.yaml"));
    const apps = Object.entries(doc.applications ?? {});
    expect(apps.map(([, a]) => a.import).sort()).toEqual([...applicationIds].sort());
    expect(
      Object.values(doc.queues ?? {})
        .map((q) => q.import)
        .sort(),
    ).toEqual([...queueSids].sort());
    for (const [key, entry] of [...apps, ...Object.entries(doc.queues ?? {})]) expect(entry.retainOnDelete, key).toBe(true);
    // Friendly names exact, repeated ones opted in on each entry.
    expect(apps.map(([key, a]) => a.friendlyName ?? key).sort()).toEqual(APPLICATIONS.map((a) => a.friendly_name as string).sort());
    expect(apps.filter(([, a]) => a.allowDuplicateFriendlyName).length).toBe(4);
  });

  it("previews adoption as creates only, reading each object once", async () => {
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ create: TOTAL });
    const requests = await loggedRequests(project.emulator);
    expect(writes(requests)).toEqual([]);
    expect(requests.length).toBe(APPLICATIONS.length + QUEUES.length);
  });

  it("pulumi up adopts everything without a single write", async () => {
    await project.emulator.clearRequests();
    const before = await project.emulator.state();
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ create: TOTAL });
    const requests = await loggedRequests(project.emulator);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(await project.emulator.state()).toEqual(before);
    const outputs = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout) as {
      applicationIds: Record<string, string>;
      queueSids: Record<string, string>;
    };
    expect(Object.values(outputs.applicationIds).sort()).toEqual([...applicationIds].sort());
    expect(Object.values(outputs.queueSids).sort()).toEqual([...queueSids].sort());
  });

  it("then previews no change", async () => {
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview", "--expect-no-changes"]);
    expect(changeSummary(preview.stdout)).toEqual({ same: TOTAL });
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);
  });

  it("previews an edit of one field in texml.yaml as exactly that update", async () => {
    const file = path.join(project.dir, "texml.yaml");
    const text = readFileSync(file, "utf8");
    const from = "voiceUrl: https://voice.example.com/texml/support-backup\n";
    expect(text).toContain(from);
    project.writeFile("texml.yaml", text.replace(from, "voiceUrl: https://voice.example.com/texml/support-standby\n"));
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ update: 1, same: TOTAL - 1 });
    const changed = diffText(preview.stdout)
      .match(/^\s+[-+~] \w+:.*$/gm)
      ?.map((line) => line.trim());
    expect(changed).toEqual([
      '~ voiceUrl: "https://voice.example.com/texml/support-backup" => "https://voice.example.com/texml/support-standby"',
    ]);
    expect(await loggedRequests(project.emulator)).toEqual([]);
    project.writeFile("texml.yaml", text);
  });

  it("pulumi destroy leaves every adopted object in the account", async () => {
    const before = await project.emulator.state();
    await project.emulator.clearRequests();
    const destroy = await project.pulumi(["destroy", "--yes"]);
    expect(changeSummary(destroy.stdout)).toEqual({ delete: TOTAL });
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);
    const after = await project.emulator.state();
    expect(after).toEqual(before);
    expect(after.applications.map((a) => a.wire.id).sort()).toEqual([...applicationIds].sort());
    expect(after.queues.map((q) => q.sid).sort()).toEqual([...queueSids].sort());
  });

  it("without its retainOnDelete line (then pulumi up), an object is the stack's to delete", async () => {
    expect(changeSummary((await project.pulumi(["up", "--yes"])).stdout)).toEqual({ create: TOTAL });
    const file = path.join(project.dir, "texml.yaml");
    const text = readFileSync(file, "utf8");
    const entry = `  overflow:\n    import: overflow\n    retainOnDelete: true\n`;
    expect(text).toContain(entry);
    project.writeFile("texml.yaml", text.replace(entry, "  overflow:\n    import: overflow\n"));
    await project.emulator.clearRequests();
    const lifted = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(lifted.stdout)).toEqual({ same: TOTAL });
    expect(await loggedRequests(project.emulator)).toEqual([]);
    await project.pulumi(["destroy", "--yes"]);
    expect(writes(await loggedRequests(project.emulator)).map((r) => `${r.method} ${r.path}`)).toEqual([
      `DELETE /texml/Accounts/${project.emulator.accountSid}/Queues/overflow`,
    ]);
    expect((await project.emulator.state()).queues.map((q) => q.sid).sort()).toEqual(queueSids.filter((sid) => sid !== "overflow").sort());
  });
});
