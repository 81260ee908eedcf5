import { describe, expect, it } from "vitest";
import { TexmlFileError, loadTexmlFile } from "../../provider/declarative/load";

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
    expect(() => loadTexmlFile("texml.yaml", doc)).toThrow("texml.yaml: queues.support.import (line 7): must be the id of an existing object");
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
