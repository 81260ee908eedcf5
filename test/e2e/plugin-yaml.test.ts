// examples/config-repo-yaml run as its users run it: Pulumi YAML through the provider plugin
// (`pulumi-resource-telnyx-texml` from the packed package), driven by the `pulumi` CLI against
// the emulator, whose request log is the witness of every write.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET_VALUE, diffText, loggedRequests, writes, type LoggedRequest } from "./support/harness";
import { stateResources, createYamlProject } from "./support/plugin";
import { changeSummary, type CliProject } from "./support/project";

const exampleDir = path.resolve(__dirname, "../../examples/config-repo-yaml");
const IVR_URL = "https://ivr.example.com/texml/main";
let project: CliProject;
/** Everything the CLI printed, to check that no secret ever appears. */
const printed: string[] = [];

async function pulumi(args: string[]) {
  const result = await project.pulumi(args);
  printed.push(result.stdout, result.stderr);
  return result;
}

async function outputs(): Promise<Record<string, string>> {
  return JSON.parse((await pulumi(["stack", "output", "--json"])).stdout) as Record<string, string>;
}

function api(method: string, apiPath: string, body?: unknown): Promise<any> {
  return fetch(`${project.emulator.baseUrl}${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${project.emulator.apiKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then((r) => r.json());
}

/** Requests as `METHOD path` lines, sorted (the engine runs independent resources in parallel). */
const lines = (requests: LoggedRequest[]) => requests.map((r) => `${r.method} ${r.path}`).sort();

beforeAll(async () => {
  project = await createYamlProject("config-repo-yaml", {
    fromExample: exampleDir,
    config: { crmToken: { value: SECRET_VALUE, secret: true } },
  });
  // The application another team manages, which the program looks up.
  await api("POST", "/texml_applications", { friendly_name: "ivr-main", voice_url: IVR_URL });
});

afterAll(async () => {
  await project?.dispose();
});

describe("examples/config-repo-yaml through the provider plugin", () => {
  it("previews five resources to create, sending only the lookup's GET", async () => {
    await project.emulator.clearRequests();
    const preview = await pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ create: 6 }); // the stack, 2 applications, 2 queues, a secret
    const text = diffText(preview.stdout);
    expect(text).toMatch(
      /\+ telnyx-texml:index:Application: \(create\)\n.*::sales-line\]\n(\s+\w+: .*\n)*?\s+voiceFallbackUrl: "https:\/\/ivr.example.com\/texml\/main"\n/,
    );
    expect(text).toMatch(/\+ telnyx-texml:index:Secret: \(create\)\n.*::crm-token\]\n\s+name: "crm_token"\n\s+value: \[secret\]\n/);
    expect(lines(await loggedRequests(project.emulator))).toEqual(["GET /texml_applications"]);
  });

  it("deploys: exactly the five creates, with the declared inputs", async () => {
    await project.emulator.clearRequests();
    const up = await pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ create: 6 });
    const account = `/texml/Accounts/${project.emulator.accountSid}/Queues`;
    const sent = writes(await loggedRequests(project.emulator));
    expect(lines(sent)).toEqual([
      `POST ${account}`,
      `POST ${account}`,
      "POST /texml/secrets",
      "POST /texml_applications",
      "POST /texml_applications",
    ]);
    const bodyOf = (name: string) =>
      sent.find(
        (r) => (r.body as Record<string, unknown>).friendly_name === name || (r.body as Record<string, unknown>).FriendlyName === name,
      )?.body;
    expect(bodyOf("support-line")).toEqual({
      friendly_name: "support-line",
      voice_url: "https://voice.example.com/texml/support?queue=support",
      status_callback: "https://voice.example.com/status",
      inbound: { channel_limit: 10 },
      tags: ["support"],
    });
    expect(bodyOf("sales-line")).toEqual({
      friendly_name: "sales-line",
      voice_url: "https://voice.example.com/texml/sales?queue=sales",
      voice_method: "get",
      voice_fallback_url: IVR_URL,
    });
    expect(bodyOf("support")).toEqual({ FriendlyName: "support", MaxSize: "25" });
    expect(sent.find((r) => r.path === "/texml/secrets")?.body).toEqual({ name: "crm_token", value: "[redacted]" });
    const out = await outputs();
    expect(out).toMatchObject({ supportQueueSid: "support", salesQueueSid: "sales", ivrVoiceUrl: IVR_URL });
    const apps = (await api("GET", "/texml_applications?filter[friendly_name]=-line")).data as Array<{ id: string; friendly_name: string }>;
    expect(Object.fromEntries(apps.map((a) => [a.friendly_name, a.id]))).toEqual({
      "support-line": out.supportLineId,
      "sales-line": out.salesLineId,
    });
  });

  it("previews no change afterwards, without a write", async () => {
    await project.emulator.clearRequests();
    const preview = await pulumi(["preview", "--expect-no-changes"]);
    expect(changeSummary(preview.stdout)).toEqual({ same: 6 });
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);
  });

  it("previews one edit as exactly one update of that property, and applies it with one request", async () => {
    project.writeFile("Pulumi.yaml", readFileSync(path.join(project.dir, "Pulumi.yaml"), "utf8").replace("maxSize: 25", "maxSize: 30"));
    await project.emulator.clearRequests();
    const preview = await pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ update: 1, same: 5 });
    const text = diffText(preview.stdout);
    expect(text.match(/^\s+[-+~] \w+:.*$/gm)?.map((line) => line.trim())).toEqual(["~ maxSize: 25 => 30"]);
    expect(text).toMatch(/~ telnyx-texml:index:Queue: \(update\)\n\s+\[id=support\]/);
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);

    const up = await pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ update: 1, same: 5 });
    expect(writes(await loggedRequests(project.emulator)).map((r) => ({ method: r.method, path: r.path, body: r.body }))).toEqual([
      { method: "POST", path: `/texml/Accounts/${project.emulator.accountSid}/Queues/support`, body: { MaxSize: "30" } },
    ]);
  });

  it("refreshes a change made in the portal with GETs only, and previews putting it back", async () => {
    const { supportLineId } = await outputs();
    await api("PATCH", `/texml_applications/${supportLineId}`, {
      friendly_name: "support-line",
      voice_url: "https://portal.example.com/texml",
    });
    await project.emulator.clearRequests();
    const refresh = await pulumi(["refresh", "--yes"]);
    expect(changeSummary(refresh.stdout)).toEqual({ update: 1, same: 5 });
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);

    const preview = await pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ update: 1, same: 5 });
    expect(
      diffText(preview.stdout)
        .match(/^\s+[-+~] \w+:.*$/gm)
        ?.map((line) => line.trim()),
    ).toEqual(['~ voiceUrl: "https://portal.example.com/texml" => "https://voice.example.com/texml/support?queue=support"']);
  });

  it("keeps secrets encrypted in the state and never prints them", async () => {
    const [secret] = await stateResources(project, "telnyx-texml:index:Secret");
    expect(JSON.stringify(secret?.inputs.value)).toContain("ciphertext");
    expect(JSON.stringify(secret?.outputs.value)).toContain("ciphertext");
    const exported = await project.pulumi(["stack", "export"]);
    expect(exported.stdout).not.toContain(SECRET_VALUE);
    expect(exported.stdout).not.toContain(project.emulator.apiKey);
    expect(printed.join("\n")).not.toContain(SECRET_VALUE);
  });

  it("destroys what it made, leaves the secret's value (the example does not set retireOnDelete), and leaves the IVR application alone", async () => {
    const { supportLineId, salesLineId } = await outputs();
    await project.emulator.clearRequests();
    const destroy = await pulumi(["destroy", "--yes"]);
    expect(changeSummary(destroy.stdout)).toEqual({ delete: 6 });
    const account = `/texml/Accounts/${project.emulator.accountSid}/Queues`;
    expect(lines(writes(await loggedRequests(project.emulator)))).toEqual(
      [
        `DELETE ${account}/sales`,
        `DELETE ${account}/support`,
        `DELETE /texml_applications/${salesLineId}`,
        `DELETE /texml_applications/${supportLineId}`,
      ].sort(),
    );
    expect(await project.emulator.secretMatches("crm_token", SECRET_VALUE)).toBe(true);
    expect(((await api("GET", "/texml_applications")).data as Array<{ friendly_name: string }>).map((a) => a.friendly_name)).toEqual([
      "ivr-main",
    ]);
    expect((await project.emulator.state()).queues).toEqual([]);
  });
});
