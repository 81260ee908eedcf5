// The safety cases on the provider plugin's face, through the CLI: what the dynamic resources
// refuse or protect (test/e2e/safety.test.ts) is refused or protected the same way here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loggedRequests, stripAnsi, writes } from "./support/harness";
import { createYamlProject, stateResources, yamlProjectHead } from "./support/plugin";
import type { CliProject } from "./support/project";

let project: CliProject;

beforeAll(async () => {
  project = await createYamlProject("plugin-safety", { body: "resources: {}\n" });
});

afterAll(async () => {
  await project?.dispose();
});

function program(body: string) {
  project.writeFile("Pulumi.yaml", yamlProjectHead("texml-plugin-safety") + body);
}

describe("safety on the provider plugin's face", () => {
  it("fails an invalid input at preview, naming the property, before any request", async () => {
    const resource = (type: string, name: string, properties: string[]) =>
      [
        "resources:",
        `  ${name}:`,
        `    type: telnyx-texml:index:${type}`,
        "    properties:",
        ...properties.map((p) => `      ${p}`),
        "",
      ].join("\n");
    const cases = [
      {
        body: resource("Application", "support-line", ["friendlyName: support-line", "voiceUrl: not-a-url"]),
        message:
          "telnyx-texml:index:Application resource 'support-line': property voiceUrl value {not-a-url} has a problem: must be an absolute http(s) URL",
      },
      {
        body: resource("Queue", "support", ["name: support", "maxSize: 6000"]),
        message: "telnyx-texml:index:Queue resource 'support': property maxSize value {6000} has a problem: must be at most 5000",
      },
    ];
    for (const { body, message } of cases) {
      program(body);
      await project.emulator.clearRequests();
      const preview = await project.pulumi(["preview"], { allowFailure: true });
      expect(preview.code).not.toBe(0);
      expect(stripAnsi(preview.stdout + preview.stderr)).toContain(message);
      expect(await loggedRequests(project.emulator)).toEqual([]);
    }
  });

  it("refuses to import a secret at preview, writing nothing", async () => {
    program(
      [
        "config:",
        "  token:",
        "    type: string",
        "    secret: true",
        "resources:",
        "  crm-token:",
        "    type: telnyx-texml:index:Secret",
        "    properties:",
        "      name: crm_token",
        "      value: ${token}",
        "    options:",
        "      import: crm_token",
        "",
      ].join("\n"),
    );
    await project.pulumi(["config", "set", "--secret", "token", "secret-value-for-import"]);
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview"], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    expect(stripAnsi(preview.stdout + preview.stderr)).toContain(
      "texml.Secret cannot be imported: Telnyx has no endpoint to read a secret, so there is nothing to adopt or verify.",
    );
    expect(await loggedRequests(project.emulator)).toEqual([]);
    await project.pulumi(["config", "rm", "token"]);
  });

  it("neither adopts nor deletes a queue of the same name that the stack did not create", async () => {
    const account = project.emulator.accountSid;
    const foreign = await fetch(`${project.emulator.baseUrl}/texml/Accounts/${account}/Queues`, {
      method: "POST",
      headers: { authorization: `Bearer ${project.emulator.apiKey}`, "content-type": "application/x-www-form-urlencoded" },
      body: "FriendlyName=support&MaxSize=7",
    }).then((r) => r.json() as Promise<{ sid: string }>);
    program(
      [
        "resources:",
        "  support:",
        "    type: telnyx-texml:index:Queue",
        "    properties:",
        "      name: support",
        "      maxSize: 25",
        "",
      ].join("\n"),
    );
    await project.emulator.clearRequests();

    const up = await project.pulumi(["up", "--yes"], { allowFailure: true });
    expect(up.code).not.toBe(0);
    const printed = stripAnsi(up.stdout + up.stderr);
    expect(printed).toContain(
      'A queue named "support" already exists in the account, and queue names are unique in an account: declare another name. It was not adopted or changed; it may belong to another resource or stack.',
    );
    // No advice to import it: following that advice could get another stack's queue deleted.
    expect(printed).not.toMatch(/`import/);
    expect(writes(await loggedRequests(project.emulator)).map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /texml/Accounts/${account}/Queues`,
    ]);
    expect(await stateResources(project, "telnyx-texml:index:Queue")).toEqual([]);

    await project.emulator.clearRequests();
    await project.pulumi(["destroy", "--yes"]);
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);
    const queues = (await project.emulator.state()).queues as Array<{ sid: string; max_size?: number; maxSize?: number }>;
    expect(queues.map((q) => q.sid)).toEqual([foreign.sid]);
  });
});
