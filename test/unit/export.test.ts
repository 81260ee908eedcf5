import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as YAML from "yaml";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ApplicationInfo } from "../../provider/data/applications";
import type { QueueInfo } from "../../provider/data/queues";
import { loadTexmlFile } from "../../provider/faces/dynamic/declarative/load";
import { entryKeys, exportAccount, projectFiles, renderTexmlYaml, toEntryKey } from "../../provider/faces/dynamic/declarative/export";
import { main as exportCommand, parseExportArgs, summary } from "../../provider/faces/dynamic/declarative/export-cli";
import { startStub } from "../support/http-stub";

const ENTRY_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const ACCOUNT = "4e71926f-8f13-450e-b91c-23c2ef786aa6";

/** An application as the data functions return it, every field at Telnyx's default. */
function app(id: string, friendlyName: string, extra: Partial<ApplicationInfo> = {}): ApplicationInfo {
  return {
    id,
    recordType: "texml_application",
    friendlyName,
    voiceUrl: `https://voice.example.com/texml/${id}`,
    active: true,
    anchorsiteOverride: "Latency",
    dtmfType: "RFC 2833",
    firstCommandTimeout: false,
    firstCommandTimeoutSecs: 30,
    callCostInWebhooks: false,
    voiceMethod: "post",
    statusCallbackMethod: "post",
    tags: [],
    inbound: { shakenStirEnabled: false, sipSubdomainReceiveSettings: "from_anyone" },
    outbound: {},
    createdAt: "2026-11-24T09:15:00.000Z",
    updatedAt: "2026-11-24T09:15:00.000Z",
    ...extra,
  } as ApplicationInfo;
}

function queue(sid: string, maxSize = 100): QueueInfo {
  return {
    sid,
    accountSid: ACCOUNT,
    maxSize,
    currentSize: 0,
    averageWaitTime: 0,
    dateCreated: "2026-11-24T09:15:00.000Z",
    dateUpdated: "2026-11-24T09:15:00.000Z",
    uri: `/v2/texml/Accounts/${ACCOUNT}/Queues/${sid}`,
  } as QueueInfo;
}

const everyField = app("1293384261075731499", "Support Line", {
  voiceFallbackUrl: "https://fallback.example.com/texml",
  voiceMethod: "get",
  statusCallback: "https://voice.example.com/status",
  statusCallbackMethod: "get",
  active: false,
  anchorsiteOverride: "Amsterdam, Netherlands",
  dtmfType: "Inband",
  firstCommandTimeout: true,
  firstCommandTimeoutSecs: 45,
  callCostInWebhooks: true,
  tags: ["support", "tier 1"],
  inbound: { channelLimit: 10, shakenStirEnabled: true, sipSubdomain: "acme", sipSubdomainReceiveSettings: "only_my_connections" },
  outbound: { channelLimit: 5, outboundVoiceProfileId: "1293384261075731461" },
});

describe("renderTexmlYaml", () => {
  it("declares only what differs from Telnyx's defaults, adopting each object and keeping it on destroy", () => {
    const { text } = renderTexmlYaml([app("7", "plain"), everyField], [queue("support", 25), queue("sales")], { accountSid: ACCOUNT });
    const doc = loadTexmlFile("texml.yaml", text);
    expect(doc.applications).toEqual({
      plain: { import: "7", retainOnDelete: true, voiceUrl: "https://voice.example.com/texml/7" },
      "support-line": {
        import: "1293384261075731499",
        retainOnDelete: true,
        friendlyName: "Support Line",
        voiceUrl: "https://voice.example.com/texml/1293384261075731499",
        voiceFallbackUrl: "https://fallback.example.com/texml",
        voiceMethod: "get",
        statusCallback: "https://voice.example.com/status",
        statusCallbackMethod: "get",
        active: false,
        anchorsiteOverride: "Amsterdam, Netherlands",
        dtmfType: "Inband",
        firstCommandTimeout: true,
        firstCommandTimeoutSecs: 45,
        callCostInWebhooks: true,
        tags: ["support", "tier 1"],
        inbound: { channelLimit: 10, shakenStirEnabled: true, sipSubdomain: "acme", sipSubdomainReceiveSettings: "only_my_connections" },
        outbound: { channelLimit: 5, outboundVoiceProfileId: "1293384261075731461" },
      },
    });
    // A queue's sid stands in for its name: here it is the entry name, and maxSize 100 is the default.
    expect(doc.queues).toEqual({
      sales: { import: "sales", retainOnDelete: true },
      support: { import: "support", retainOnDelete: true, maxSize: 25 },
    });
    expect(doc.secrets).toBeUndefined();
  });

  it("treats null, missing and empty-string values of null-default fields as defaults", () => {
    const sparse = {
      id: "9",
      friendlyName: "sparse",
      voiceUrl: "https://voice.example.com/texml",
      voiceFallbackUrl: "",
      statusCallback: null,
      inbound: { channelLimit: null, sipSubdomain: "" },
    } as unknown as ApplicationInfo;
    expect(loadTexmlFile("texml.yaml", renderTexmlYaml([sparse], []).text).applications).toEqual({
      sparse: { import: "9", retainOnDelete: true, voiceUrl: "https://voice.example.com/texml" },
    });
  });

  it("gives repeated, unicode and spaced friendly names unique valid entry names, keeping each friendly name exact", () => {
    const apps = [
      app("30", "Support Line"),
      app("10", "Support Line"),
      app("20", "support-line"),
      app("40", "Café Ünïcode ☎"),
      app("50", "サポート"),
      app("60", "サポート"),
      app("70", "support-line-2"),
      app("80", "a.b"),
    ];
    const { text } = renderTexmlYaml(apps, []);
    const doc = loadTexmlFile("texml.yaml", text);
    const entries = doc.applications!;
    const keys = Object.keys(entries);
    expect(new Set(keys).size).toBe(apps.length);
    for (const key of keys) expect(key).toMatch(ENTRY_KEY);
    const byId: Record<string, { key: string; friendlyName: string; dup: boolean | undefined }> = Object.fromEntries(
      Object.entries(entries).map(([key, e]) => [
        e.import,
        { key, friendlyName: e.friendlyName ?? key, dup: e.allowDuplicateFriendlyName },
      ]),
    );
    for (const a of apps) expect(byId[a.id]!.friendlyName).toBe(a.friendlyName);
    // A name that is an entry name keeps it; the others sharing it get suffixes that never take another's own name.
    expect(byId["20"]).toEqual({ key: "support-line", friendlyName: "support-line", dup: undefined });
    expect(byId["70"]).toEqual({ key: "support-line-2", friendlyName: "support-line-2", dup: undefined });
    expect([byId["10"]!.key, byId["30"]!.key]).toEqual(["support-line-3", "support-line-4"]);
    expect(byId["40"]!.key).toBe("cafe-unicode");
    expect(byId["50"]!.key).toBe("app-50");
    expect(byId["80"]!.key).toBe("a-b");
    // Exactly the entries whose friendly name repeats opt in to sharing it.
    expect(
      Object.values(byId)
        .filter((e) => e.dup)
        .map((e) => e.friendlyName)
        .sort(),
    ).toEqual(["Support Line", "Support Line", "サポート", "サポート"]);
  });

  it("is the same file whatever order Telnyx lists in, sorted by friendly name then id (queues by sid)", () => {
    const apps = [app("10", "beta"), app("9", "Alpha"), app("100", "beta"), app("11", "alpha")];
    const queues = [queue("zeta"), queue("Alpha"), queue("mid", 3)];
    const first = renderTexmlYaml(apps, queues).text;
    expect(renderTexmlYaml([...apps].reverse(), [...queues].reverse()).text).toBe(first);
    expect(renderTexmlYaml([apps[2]!, apps[0]!, apps[3]!, apps[1]!, apps[0]!], [queues[1]!, queues[2]!, queues[0]!]).text).toBe(first);
    const doc = loadTexmlFile("texml.yaml", first);
    expect(Object.values(doc.applications!).map((e) => e.import)).toEqual(["9", "11", "10", "100"]);
    expect(Object.keys(doc.queues!)).toEqual(["Alpha", "mid", "zeta"]);
  });

  it("comments each entry with its id and creation date, queues' names and the secret template", () => {
    const { text } = renderTexmlYaml([app("1293384261075731499", "support")], [queue("QU5f2a")], { accountSid: ACCOUNT });
    expect(text).toContain("  # id 1293384261075731499, created 2026-11-24T09:15:00.000Z\n  support:\n");
    expect(text).toContain("  # sid QU5f2a, created 2026-11-24T09:15:00.000Z\n  QU5f2a:\n");
    expect(text).toMatch(/# Telnyx does not return a queue's name, so each queue's sid stands in for it/);
    expect(text).toContain(`# Queues of TeXML account ${ACCOUNT}: 1.`);
    expect(text).toMatch(/# Secrets cannot be listed: Telnyx has no endpoint that reads or lists TeXML secrets/);
    // The template, uncommented, is a valid secrets section.
    const template = text
      .slice(text.indexOf("# secrets:"))
      .split("\n")
      .filter((line) => line.startsWith("#"))
      .map((line) => line.slice(2))
      .join("\n");
    expect(loadTexmlFile("texml.yaml", template).secrets).toEqual({ crm_token: { valueFrom: { config: "crmToken" } } });
    expect(text).toMatch(/retainOnDelete: true` keeps\n# each adopted object in the account/);
    // The YAML parser sees the comments as comments, not as content.
    expect(YAML.parse(text)).not.toHaveProperty("secrets");
  });

  it("leaves out, with a comment, what the file cannot declare, and stays valid", () => {
    const odd = app("5", "odd", {
      anchorsiteOverride: "Mars Base",
      tags: ["ok", ""],
      inbound: { channelLimit: 3, sipSubdomainReceiveSettings: "from_nowhere" },
    } as Partial<ApplicationInfo>);
    const templated = app("6", "templated", { voiceUrl: "https://voice.example.com/${x}" });
    const rendered = renderTexmlYaml([odd, templated], [queue("big", 0)]);
    const doc = loadTexmlFile("texml.yaml", rendered.text);
    expect(doc.applications).toEqual({
      odd: { import: "5", retainOnDelete: true, voiceUrl: "https://voice.example.com/texml/5", inbound: { channelLimit: 3 } },
    });
    expect(doc.queues).toEqual({ big: { import: "big", retainOnDelete: true } });
    expect(rendered.leftOut.map((l) => `${l.entry} ${l.field ?? ""}`.trim())).toEqual([
      "application 6",
      "applications.odd anchorsiteOverride",
      "applications.odd tags",
      "applications.odd inbound.sipSubdomainReceiveSettings",
      "queues.big maxSize",
    ]);
    expect(rendered.text).toContain('# left out: anchorsiteOverride "Mars Base" (must be one of');
    expect(rendered.text).toContain(
      '# Not exported: application 6 ("templated"): voiceUrl contains ${, which texml.yaml reads as a reference.',
    );
    expect(rendered.applications).toBe(1);
  });

  it("writes an empty account as a valid file", () => {
    const { text } = renderTexmlYaml([], []);
    expect(loadTexmlFile("texml.yaml", text)).toEqual({ applications: {}, queues: {} });
  });
});

describe("entry names", () => {
  it("keeps plain names, slugs the rest, and falls back when nothing is left", () => {
    expect(toEntryKey("support_line-2")).toBe("support_line-2");
    expect(toEntryKey("  Support Line (EMEA) ")).toBe("support-line-emea");
    expect(toEntryKey("Ünïcode")).toBe("unicode");
    expect(toEntryKey("☎☎")).toBeUndefined();
    expect(toEntryKey("x".repeat(100))).toHaveLength(63);
    expect(
      entryKeys([
        { label: "a", fallback: "f1" },
        { label: "A ", fallback: "f2" },
        { label: "a-2", fallback: "f3" },
        { label: "☎", fallback: "f4" },
      ]),
    ).toEqual(["a", "a-3", "a-2", "f4"]);
  });
});

describe("project files", () => {
  it("lays out a pulumi new typescript project around texml.yaml, with the pull-request workflow", () => {
    const files = projectFiles("voice");
    expect(Object.keys(files).sort()).toEqual([
      ".github/workflows/texml.yml",
      ".gitignore",
      "Pulumi.yaml",
      "index.ts",
      "package.json",
      "tsconfig.json",
    ]);
    expect(YAML.parse(files["Pulumi.yaml"]!)).toMatchObject({ name: "voice", runtime: { name: "nodejs", options: { typescript: true } } });
    expect(files["index.ts"]).toContain('texml.fromFile("texml.yaml")');
    const pkg = JSON.parse(files["package.json"]!);
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@pulumi/pulumi", "pulumi-telnyx-texml"]);
    expect(Object.keys(pkg.devDependencies).sort()).toEqual(["@types/node", "typescript"]);
    expect(JSON.parse(files["tsconfig.json"]!).compilerOptions).toMatchObject({ strict: true, module: "commonjs", outDir: "bin" });
    const workflow = YAML.parse(files[".github/workflows/texml.yml"]!);
    expect(Object.keys(workflow.jobs)).toEqual(["preview", "up"]);
    expect(workflow.jobs.preview.steps.at(-1)).toMatchObject({
      uses: "pulumi/actions@v6",
      with: { command: "preview", "comment-on-pr": true },
    });
    expect(workflow.jobs.up.steps.at(-1)).toMatchObject({ uses: "pulumi/actions@v6", with: { command: "up" } });
    expect(workflow.env.TELNYX_API_KEY).toBe("${{ secrets.TELNYX_API_KEY }}");
  });
});

describe("exportAccount", () => {
  const API_KEY = "KEYunit0123456789abcdef_secret";
  let stub: Awaited<ReturnType<typeof startStub>>;
  const saved: Record<string, string | undefined> = {};
  const dirs: string[] = [];
  beforeAll(async () => {
    stub = await startStub((req) => {
      if (req.url.startsWith("/v2/texml_applications?")) {
        const data = [
          { id: "2", friendly_name: "Support Line", voice_url: "https://voice.example.com/a", created_at: "2026-11-24T09:15:00.000Z" },
          {
            id: "1",
            friendly_name: "Support Line",
            voice_url: "https://voice.example.com/b",
            tags: ["x"],
            created_at: "2026-11-24T09:14:00.000Z",
          },
        ];
        return { json: { data, meta: { page_number: 1, page_size: 250, total_pages: 1, total_results: 2 } } };
      }
      if (req.url.startsWith(`/v2/texml/Accounts/${ACCOUNT}/Queues?`)) {
        return {
          json: {
            queues: [{ sid: "support", account_sid: ACCOUNT, max_size: 25, date_created: "Tue, 24 Nov 2026 09:15:00 +0000" }],
            page: 0,
            page_size: 1000,
            next_page_uri: null,
          },
        };
      }
      return { status: 404, json: { errors: [{ code: "10005", title: "Resource not found", detail: req.url }] } };
    });
    for (const [name, value] of Object.entries({
      TELNYX_API_KEY: API_KEY,
      TELNYX_BASE_URL: stub.baseUrl,
      TELNYX_ACCOUNT_SID: ACCOUNT,
      TELNYX_MAX_RETRIES: "0",
    })) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await stub.close();
  });
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "texml-export-unit-"));
    dirs.push(dir);
    return dir;
  };
  const filesUnder = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => statSync(path.join(dir, f)).isFile())
      .sort();

  it("into a missing directory: texml.yaml and a complete project, without the API key anywhere", async () => {
    const out = path.join(tempDir(), "voice-setup");
    const before = stub.received.length;
    const report = await exportAccount({ out });
    expect(report).toMatchObject({ applications: 2, queues: 1, project: true, skipped: [], accountSid: ACCOUNT });
    expect(filesUnder(out)).toEqual(
      [".github/workflows/texml.yml", ".gitignore", "Pulumi.yaml", "index.ts", "package.json", "texml.yaml", "tsconfig.json"]
        .map((f) => f.split("/").join(path.sep))
        .sort(),
    );
    const doc = loadTexmlFile(path.join(out, "texml.yaml"));
    expect(doc.applications).toEqual({
      "support-line": {
        import: "1",
        retainOnDelete: true,
        friendlyName: "Support Line",
        allowDuplicateFriendlyName: true,
        voiceUrl: "https://voice.example.com/b",
        tags: ["x"],
      },
      "support-line-2": {
        import: "2",
        retainOnDelete: true,
        friendlyName: "Support Line",
        allowDuplicateFriendlyName: true,
        voiceUrl: "https://voice.example.com/a",
      },
    });
    expect(YAML.parse(readFileSync(path.join(out, "Pulumi.yaml"), "utf8")).name).toBe("voice-setup");
    for (const file of filesUnder(out)) expect(readFileSync(path.join(out, file), "utf8")).not.toContain(API_KEY);
    expect(summary(report)).not.toContain(API_KEY);
    // Two listings, each one page at the largest size, the key only in the Authorization header.
    const requests = stub.received.slice(before);
    expect(requests.map((r) => `${r.method} ${decodeURIComponent(r.url)}`).sort()).toEqual([
      `GET /v2/texml/Accounts/${ACCOUNT}/Queues?PageSize=1000`,
      "GET /v2/texml_applications?sort=created_at&page[number]=1&page[size]=250",
    ]);
    for (const request of requests) {
      expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
      const elsewhere = Object.entries(request.headers).filter(
        ([name, value]) => name !== "authorization" && String(value).includes(API_KEY),
      );
      expect([request.url, request.body, elsewhere].join(" ")).not.toContain(API_KEY);
    }
  });

  it("never overwrites without --force, says what it skipped, and writes only texml.yaml into a non-empty directory", async () => {
    const out = tempDir();
    writeFileSync(path.join(out, "index.ts"), "// mine\n");
    const first = await exportAccount({ out });
    expect(first).toMatchObject({ project: false, written: ["texml.yaml"], skipped: [] });
    expect(existsSync(path.join(out, "Pulumi.yaml"))).toBe(false);
    expect(summary(first)).toContain("is not empty, so only texml.yaml was written");

    writeFileSync(path.join(out, "texml.yaml"), "# hand-edited\n");
    const second = await exportAccount({ out });
    expect(second).toMatchObject({ written: [], skipped: ["texml.yaml"] });
    expect(readFileSync(path.join(out, "texml.yaml"), "utf8")).toBe("# hand-edited\n");
    expect(summary(second)).toContain("Skipped, because they exist (--force overwrites them): texml.yaml");

    const forced = await exportAccount({ out, force: true });
    expect(forced).toMatchObject({ written: ["texml.yaml"], skipped: [] });
    expect(readFileSync(path.join(out, "texml.yaml"), "utf8")).toContain("import:");
    expect(readFileSync(path.join(out, "index.ts"), "utf8")).toBe("// mine\n");
  });

  it("the command exits 1 when texml.yaml exists and was left alone, 0 when it wrote it", async () => {
    /** Runs `telnyx-texml export` in process: its exit code (0 when unset) and what it printed. */
    const run = async (...args: string[]) => {
      const printed: string[] = [];
      const print = vi.spyOn(console, "log").mockImplementation((text: unknown) => void printed.push(String(text)));
      process.exitCode = undefined;
      try {
        await exportCommand(args);
        return { exitCode: process.exitCode ?? 0, output: printed.join("\n") };
      } finally {
        print.mockRestore();
        process.exitCode = undefined;
      }
    };
    const out = tempDir();
    writeFileSync(path.join(out, "index.ts"), "// mine\n");
    const first = await run("--out", out);
    expect(first.exitCode).toBe(0);
    expect(first.output).toContain(`Wrote in ${out}: texml.yaml`);
    // Nothing exported: a script running `telnyx-texml export && pulumi preview` must stop here.
    writeFileSync(path.join(out, "texml.yaml"), "# hand-edited\n");
    const skipped = await run("--out", out);
    expect(skipped.exitCode).toBe(1);
    expect(skipped.output).toContain("Skipped, because they exist (--force overwrites them): texml.yaml");
    expect(readFileSync(path.join(out, "texml.yaml"), "utf8")).toBe("# hand-edited\n");
    const forced = await run("--out", out, "--force");
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(path.join(out, "texml.yaml"), "utf8")).toContain("import:");
  });

  it("treats a directory holding only .git as empty", async () => {
    const out = tempDir();
    mkdirSync(path.join(out, ".git"));
    expect((await exportAccount({ out })).project).toBe(true);
  });

  it("reads the queues of --account-sid, and refuses to start without an account", async () => {
    const other = "0f0f0f0f-0000-4000-8000-000000000000";
    await expect(exportAccount({ out: tempDir(), accountSid: other })).rejects.toThrow(/404/);
    const sid = process.env.TELNYX_ACCOUNT_SID;
    delete process.env.TELNYX_ACCOUNT_SID;
    const before = stub.received.length;
    try {
      await expect(exportAccount({ out: tempDir() })).rejects.toThrow(
        "No TeXML account SID: pass --account-sid <sid> or set TELNYX_ACCOUNT_SID",
      );
    } finally {
      process.env.TELNYX_ACCOUNT_SID = sid;
    }
    expect(stub.received.length).toBe(before);
  });
});

describe("export arguments", () => {
  it("parses --out, --account-sid and --force in both forms, and refuses the rest", () => {
    expect(parseExportArgs([])).toEqual({ out: ".", force: false, help: false });
    expect(parseExportArgs(["--out", "voice", "--account-sid=abc", "--force"])).toEqual({
      out: "voice",
      accountSid: "abc",
      force: true,
      help: false,
    });
    expect(() => parseExportArgs(["--out"])).toThrow("--out needs a value");
    expect(() => parseExportArgs(["--api-key", "x"])).toThrow("unknown option --api-key");
  });
});
