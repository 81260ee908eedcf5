import { describe, expect, it } from "vitest";
import { TexmlFileError, loadTexmlFile } from "../../provider/faces/dynamic/declarative/load";

const good = `
variables:
  voiceHost: https://voice.example.com
applications:
  support-line:
    voiceUrl: \${voiceHost}/texml/support?queue=\${queues.support.name}
    statusCallback: \${voiceHost}/status
    inbound: { channelLimit: 10 }
queues:
  support:
    name: Support Queue
    maxSize: 25
secrets:
  crm_token:
    valueFrom: { config: crmToken }
`;

describe("declarative TeXML file", () => {
  it("resolves variables and references to declared names", () => {
    expect(loadTexmlFile("texml.yaml", good)).toEqual({
      variables: { voiceHost: "https://voice.example.com" },
      applications: {
        "support-line": {
          voiceUrl: "https://voice.example.com/texml/support?queue=Support Queue",
          statusCallback: "https://voice.example.com/status",
          inbound: { channelLimit: 10 },
        },
      },
      queues: { support: { name: "Support Queue", maxSize: 25 } },
      secrets: { crm_token: { valueFrom: { config: "crmToken" } } },
    });
  });

  it("takes the id of an existing object to adopt under import:", () => {
    const doc = `applications:\n  legacy:\n    import: "1293384261075731499"\n    voiceUrl: https://old.example.com\nqueues:\n  support:\n    import: ""\n`;
    expect(() => loadTexmlFile("texml.yaml", doc)).toThrow(
      "texml.yaml: queues.support.import (line 7): must be the id of an existing object",
    );
    expect(loadTexmlFile("texml.yaml", doc.replace('import: ""', "import: support")).applications).toEqual({
      legacy: { import: "1293384261075731499", voiceUrl: "https://old.example.com" },
    });
  });

  it("accepts JSON", () => {
    expect(loadTexmlFile("texml.json", '{"queues": {"q1": {"maxSize": 3}}}')).toEqual({ queues: { q1: { maxSize: 3 } } });
  });

  it("names the file, the entry, the field and the line of every problem", () => {
    const bad = `applications:
  support:
    voiceUrl: not-a-url
    voiceMethod: PUT
queues:
  sales:
    maxSize: -2
    colour: blue
secrets:
  token:
    value: hunter2
`;
    let error: unknown;
    try {
      loadTexmlFile("texml.yaml", bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TexmlFileError);
    expect((error as TexmlFileError).problems).toEqual([
      "applications.support.voiceUrl (line 3): must be an absolute http(s) URL",
      'applications.support.voiceMethod (line 4): must be one of "get", "post"',
      "queues.sales.maxSize (line 7): must be at least 1",
      "queues.sales.colour (line 8): is not a known field",
      "secrets.token.valueFrom (line 10): is required",
      "secrets.token.value (line 11): is not a known field",
    ]);
    expect((error as Error).message.startsWith("texml.yaml: 6 problems:\n  applications.support.voiceUrl (line 3)")).toBe(true);
  });

  it("reports unknown references and YAML syntax errors with their line", () => {
    expect(() => loadTexmlFile("t.yaml", "applications:\n  a:\n    voiceUrl: ${nope}/x\n")).toThrow(
      "t.yaml: applications.a.voiceUrl (line 3): unknown reference ${nope}: use ${<variable>} or ${queues.<entry>.name}, ${applications.<entry>.friendlyName}, ${secrets.<entry>.name}",
    );
    expect(() => loadTexmlFile("t.yaml", "queues:\n  a: [1, 2\n")).toThrow(/^t\.yaml: line \d+: /);
  });
});

describe("declarative TeXML file: names that must be unique", () => {
  const problemsOf = (text: string) => {
    try {
      loadTexmlFile("texml.yaml", text);
    } catch (error) {
      return (error as TexmlFileError).problems;
    }
    return [];
  };

  it("rejects two queues, two secrets or two applications of one name, naming file, entry and line", () => {
    const text = [
      "applications:",
      "  main:",
      "    voiceUrl: https://voice.example.com/a",
      "  backup:",
      "    friendlyName: main",
      "    voiceUrl: https://voice.example.com/b",
      "queues:",
      "  support: {}",
      "  overflow:",
      "    name: support",
      "secrets:",
      "  token: { valueFrom: { config: a } }",
      "  token2: { name: token, valueFrom: { config: b } }",
      "",
    ].join("\n");
    expect(problemsOf(text)).toEqual([
      'queues.overflow.name (line 10): name "support" is already used by queues.support (line 8)',
      'secrets.token2.name (line 13): name "token" is already used by secrets.token (line 12)',
      'applications.backup.friendlyName (line 5): friendlyName "main" is already used by applications.main (line 2); if both are meant, set allowDuplicateFriendlyName: true on each',
    ]);
    expect(() => loadTexmlFile("texml.yaml", text)).toThrow(/^texml\.yaml: 3 problems:\n {2}queues\.overflow\.name \(line 10\)/);
  });

  it("allows a repeated friendly name when every entry sharing it opts in, and takes protect and retainOnDelete", () => {
    const text = [
      "applications:",
      "  a: { friendlyName: shared, voiceUrl: https://v.example.com/a, allowDuplicateFriendlyName: true, retainOnDelete: true }",
      "  b: { friendlyName: shared, voiceUrl: https://v.example.com/b, allowDuplicateFriendlyName: true, protect: true }",
      "",
    ].join("\n");
    expect(problemsOf(text)).toEqual([]);
    expect(problemsOf(text.replace(", allowDuplicateFriendlyName: true, protect: true", ""))).toEqual([
      'applications.b.friendlyName (line 3): friendlyName "shared" is already used by applications.a (line 2); if both are meant, set allowDuplicateFriendlyName: true on each',
    ]);
    expect(problemsOf(text.replace("protect: true", 'protect: "yes"'))).toEqual(["applications.b.protect (line 3): must be true or false"]);
  });

  it("telnyx-texml validate exits 1 and prints the problems, 0 and a summary for a good file", async () => {
    const { spawnSync } = await import("node:child_process");
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = mkdtempSync(path.join(os.tmpdir(), "texml-validate-"));
    const ok = path.join(dir, "good.yaml");
    const bad = path.join(dir, "bad.yaml");
    writeFileSync(ok, good);
    writeFileSync(bad, "queues:\n  a: {}\n  b: { name: a }\n");
    // The installed command, as `npm test` builds it first.
    const cli = path.resolve(__dirname, "../../dist/scripts/cli.js");
    const run = (file: string) => spawnSync(process.execPath, [cli, "validate", file], { encoding: "utf8" });
    const passed = run(ok);
    const failed = run(bad);
    expect([passed.status, passed.stdout.trim()]).toEqual([0, `${ok}: valid (1 applications, 1 queues, 1 secrets)`]);
    expect([failed.status, failed.stderr.trim()]).toEqual([
      1,
      `${bad}: queues.b.name (line 3): name "a" is already used by queues.a (line 2)`,
    ]);
  });
});
