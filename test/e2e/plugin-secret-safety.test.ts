// Secret safety on the provider plugin's face (issue 26): the cases of secret-safety.test.ts that
// Pulumi YAML can express, run through the plugin with the real `pulumi` CLI. A delete writes
// nothing unless the program opted in with `retireOnDelete: true`, and even then nothing after a
// failed first `up`, for a name another resource of the deployment declares (a rename, `--replace`)
// or for a protected resource; two Secrets of one name are refused at preview. The warnings the
// plugin gives reach the CLI under the resource's URN (through the engine's Log, engine-log.ts),
// as do a queue's warnings when its sid was re-used (the last describe but one).
// Witnesses: the emulator's request log, its keyed digests of secret values (`secretMatches`),
// `pulumi stack export`, and what the CLI printed.
//
// Not expressible in Pulumi YAML, so not run here:
// - a Secret under a protected component (`protect` inherited from a parent): YAML declares no
//   component resources of its own, so a Secret can have no parent but the stack;
// - `texml.fromFile(…, { protect: true })`: the declarative file is the dynamic face's; on this
//   face the Pulumi YAML file itself is the declaration (the explicit `protect: true` case is here);
// - a move under a component: no components in YAML (the rename case is the same rule, and is here);
// - names that are Outputs refused "in the program": this face sees no program, only `Check`; a name
//   taken from another resource's output is checked there once it is known (the case is here);
// - state written by earlier versions (`texml:SecretName` claims): those are dynamic-face state,
//   which `telnyx-texml migrate --to-plugin` drops (test/e2e/migrate.test.ts);
// - an Automation API inline program run twice: inline programs are TypeScript, the dynamic face.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stripAnsi } from "./support/harness";
import { createYamlProject, stateResources, yamlProjectHead } from "./support/plugin";
import { changeSummary, type CliProject, type CliResult } from "./support/project";

const TOKEN = "held-token-value-5d1c";
const FOREIGN = "set-outside-the-stack-77e1";
const WRONG_KEY = "KEY0000_wrong_key";
const SECRET = "telnyx-texml:index:Secret";

/** What the CLI printed, without colours. */
const printed = (result: CliResult) => stripAnsi(result.stdout + result.stderr);

/** The requests the emulator received since its log was cleared, as `METHOD path status`. */
async function requests(project: CliProject): Promise<string[]> {
  return (await project.emulator.requests()).map((r) => `${r.method} ${r.path} ${r.status}`);
}

/** The warnings the CLI printed under a resource, as the engine shows a message logged with its URN. */
function warningsOf(result: CliResult, type: string, name: string): string[] {
  const text = printed(result);
  const diagnostics = text.slice(text.indexOf("Diagnostics:"));
  const heading = `  ${type} (${name}):\n`;
  const start = diagnostics.indexOf(heading);
  if (start < 0) return [];
  const block = diagnostics.slice(start + heading.length).split(/\n(?= {2}\S|\S)/)[0] ?? "";
  return block.match(/^\s+warning: .*$/gm)?.map((line) => line.trim().slice("warning: ".length)) ?? [];
}

/** A Pulumi YAML body declaring Secrets from the `token` secret config: `name: [secret name, extra property lines]`. */
function secrets(declared: Record<string, { name: string; lines?: string[] }>): string {
  const resources = Object.entries(declared).flatMap(([resource, { name, lines = [] }]) => [
    `  ${resource}:`,
    `    type: ${SECRET}`,
    "    properties:",
    `      name: ${name}`,
    "      value: ${token}",
    ...lines.map((line) => `    ${line}`),
  ]);
  const head = ["config:", "  token:", "    type: string", "    secret: true"];
  return [...head, resources.length ? "resources:" : "resources: {}", ...resources, ""].join("\n");
}
const retiring = ["  retireOnDelete: true"];

/** Sets a secret the way someone outside the stack would. */
async function setOutside(project: CliProject, name: string, value: string): Promise<void> {
  const response = await fetch(`${project.emulator.baseUrl}/texml/secrets`, {
    method: "POST",
    headers: { authorization: `Bearer ${project.emulator.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ name, value }),
  });
  expect(response.status).toBe(201);
}

/** The resource names (`type::name`) in the stack's state. */
async function stateNames(project: CliProject): Promise<string[]> {
  const exported = JSON.parse((await project.pulumi(["stack", "export"])).stdout) as {
    deployment: { resources?: Array<{ urn: string; type: string }> };
  };
  return (exported.deployment.resources ?? []).map((r) => `${r.type}::${r.urn.split("::").pop()}`).sort();
}

const remains = (name: string) =>
  `texml.Secret "${name}": its value remains in the Telnyx account. Telnyx cannot delete a secret, and without \`retireOnDelete: true\` the stack never overwrites one. ` +
  `To neutralise the value, set a new one for "${name}" outside the stack, or declare the secret with \`retireOnDelete: true\`, run \`pulumi up\`, then remove it.`;
const retired = (name: string) =>
  `texml.Secret "${name}": retireOnDelete is set, so its value was overwritten with 32 random bytes (Telnyx cannot delete a secret); the name itself remains in the Telnyx account.`;
const heldElsewhere = (name: string) =>
  `texml.Secret "${name}": not retired although retireOnDelete is set, because another resource of this stack declared the name in this deployment (a rename without an alias, a move or a replacement); its value remains in the Telnyx account.`;

/** A YAML project of `body`, with `token` set to {@link TOKEN}. */
async function secretProject(name: string, body: string, config: Record<string, { value: string; secret?: boolean }> = {}) {
  return createYamlProject(name, { body, config: { token: { value: TOKEN, secret: true }, ...config } });
}
const program = (project: CliProject, name: string, body: string) =>
  project.writeFile("Pulumi.yaml", yamlProjectHead(`texml-${name}`) + body);

describe("plugin secrets: a delete writes nothing unless the program opted in, and says what it did under the resource", () => {
  let project: CliProject;
  const plain = secrets({ "crm-token": { name: "crm_token" } });
  const optedIn = secrets({ "crm-token": { name: "crm_token", lines: retiring } });
  beforeAll(async () => {
    project = await secretProject("psecret-basics", plain);
  });
  afterAll(async () => project?.dispose());

  it("pulumi up sets the value with one request and keeps it encrypted in state", async () => {
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ create: 2 }); // the stack and the Secret
    expect(await requests(project)).toEqual(["POST /texml/secrets 201"]);
    expect(await project.emulator.secretMatches("crm_token", TOKEN)).toBe(true);
    const [secret] = await stateResources(project, SECRET);
    expect(secret?.id).toBe("crm_token");
    expect(JSON.stringify(secret?.outputs.value)).toContain("ciphertext");
    expect(secret?.outputs.retireOnDelete).toBe(false);
    expect((await project.pulumi(["stack", "export"])).stdout).not.toContain(TOKEN);
  });

  it("pulumi destroy leaves the value, sends nothing, and warns under the Secret that the value remains", async () => {
    await project.emulator.clearRequests();
    const destroy = await project.pulumi(["destroy", "--yes"]);
    expect(changeSummary(destroy.stdout)).toEqual({ delete: 2 });
    expect(await requests(project)).toEqual([]);
    expect(await project.emulator.secretMatches("crm_token", TOKEN)).toBe(true);
    expect(warningsOf(destroy, SECRET, "crm-token")).toEqual([remains("crm_token")]);
    expect(printed(destroy)).not.toContain("overwritten");
    expect(await stateNames(project)).toEqual([]);
  });

  it("opting in changes only the state: nothing is sent, and the next preview is empty", async () => {
    await project.pulumi(["up", "--yes"]);
    program(project, "psecret-basics", optedIn);
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ update: 1, same: 1 });
    expect(await requests(project)).toEqual([]);
    expect((await stateResources(project, SECRET))[0]?.outputs.retireOnDelete).toBe(true);
    await project.pulumi(["preview", "--expect-no-changes"]);
  });

  it("with retireOnDelete: true, pulumi destroy overwrites the value with one request and says the name remains", async () => {
    await project.emulator.clearRequests();
    const destroy = await project.pulumi(["destroy", "--yes"]);
    expect(changeSummary(destroy.stdout)).toEqual({ delete: 2 });
    expect(await requests(project)).toEqual(["POST /texml/secrets 201"]);
    expect(await project.emulator.secretMatches("crm_token", TOKEN)).toBe(false);
    expect(warningsOf(destroy, SECRET, "crm-token")).toEqual([retired("crm_token")]);
    expect(await stateNames(project)).toEqual([]);
  });
});

describe("plugin secrets: a value the stack never wrote is never overwritten", () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await secretProject("psecret-foreign", secrets({ "crm-token": { name: "crm_token" } }));
    await setOutside(project, "crm_token", FOREIGN);
  });
  afterAll(async () => project?.dispose());

  /** A first `pulumi up` with a wrong API key: the write gets a 401, and nothing of the secret reaches the state. */
  async function failedFirstUp(): Promise<void> {
    await project.pulumi(["config", "set", "--secret", "telnyx-texml:apiKey", WRONG_KEY]);
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"], { allowFailure: true });
    expect(up.code).not.toBe(0);
    expect(printed(up)).toContain("Telnyx refused the API key (401) on POST /texml/secrets");
    expect(printed(up)).not.toContain(WRONG_KEY);
    expect(await requests(project)).toEqual(["POST /texml/secrets 401"]);
    expect((await stateNames(project)).filter((name) => name.startsWith(SECRET))).toEqual([]);
    await project.pulumi(["config", "set", "--secret", "telnyx-texml:apiKey", project.emulator.apiKey]);
    await project.emulator.clearRequests();
  }

  it("after a failed first up, pulumi destroy --run-program and pulumi destroy send nothing and leave the value", async () => {
    await failedFirstUp();
    const withProgram = await project.pulumi(["destroy", "--yes", "--run-program"]);
    expect(printed(withProgram)).not.toContain("overwritten");
    const destroy = await project.pulumi(["destroy", "--yes"]);
    expect(printed(destroy)).not.toContain("overwritten");
    expect(await requests(project)).toEqual([]);
    expect(await project.emulator.secretMatches("crm_token", FOREIGN)).toBe(true);
  });

  it("the same with retireOnDelete: true: nothing in state set the value, so nothing can retire it", async () => {
    program(project, "psecret-foreign", secrets({ "crm-token": { name: "crm_token", lines: retiring } }));
    await failedFirstUp();
    await project.pulumi(["destroy", "--yes", "--run-program"]);
    await project.pulumi(["destroy", "--yes"]);
    expect(await requests(project)).toEqual([]);
    expect(await project.emulator.secretMatches("crm_token", FOREIGN)).toBe(true);
  });
});

describe("plugin secrets: two Secrets of one name", () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await secretProject("psecret-dup", secrets({ a: { name: "dup", lines: retiring } }));
    await project.pulumi(["up", "--yes"]);
  });
  afterAll(async () => project?.dispose());

  const refusal = (resource: string, holder: string) =>
    `${SECRET} resource '${resource}': property name value {dup} has a problem: declares the secret name "dup", which ${holder} of this stack already declares. ` +
    "Two Secrets of one name would overwrite each other's value in Telnyx; declare each name once.";

  it("are refused at preview with one error naming the property and the resource, before any request", async () => {
    program(project, "psecret-dup", secrets({ a: { name: "dup", lines: retiring }, b: { name: "dup", lines: retiring } }));
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview"], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    const errors = printed(preview)
      .slice(printed(preview).indexOf("Diagnostics:"))
      .match(/^\s+error: .*$/gm)
      ?.map((line) => line.trim());
    // The engine checks the two in either order: the second one checked is refused.
    expect([[`error: ${refusal("b", "a")}`], [`error: ${refusal("a", "b")}`]]).toContainEqual(errors);
    expect(await requests(project)).toEqual([]);
    expect(await project.emulator.secretMatches("dup", TOKEN)).toBe(true);
  });

  it("also when the second name is another resource's output: refused at the up's check, and the held value stays", async () => {
    program(project, "psecret-dup", `${secrets({ a: { name: "dup", lines: retiring }, b: { name: "${a.name}", lines: retiring } })}`);
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"], { allowFailure: true });
    expect(up.code).not.toBe(0);
    expect(printed(up)).toContain(refusal("b", "a"));
    expect(await requests(project)).toEqual([]);
    expect(await project.emulator.secretMatches("dup", TOKEN)).toBe(true);
    expect((await stateNames(project)).filter((name) => name.startsWith(SECRET))).toEqual([`${SECRET}::a`]);
  });
});

describe("plugin secrets: a rename and --replace with retireOnDelete: true keep the value", () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await secretProject("psecret-moves", secrets({ "sec-a": { name: "held", lines: retiring } }));
    await project.pulumi(["up", "--yes"]);
  });
  afterAll(async () => project?.dispose());

  it("a rename (a new logical name, the same secret name) writes the value again and retires nothing", async () => {
    program(project, "psecret-moves", secrets({ "sec-b": { name: "held", lines: retiring } }));
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ create: 1, delete: 1, same: 1 });
    expect(await requests(project)).toEqual(["POST /texml/secrets 201"]);
    expect(warningsOf(up, SECRET, "sec-a")).toEqual([heldElsewhere("held")]);
    expect(await project.emulator.secretMatches("held", TOKEN)).toBe(true);
    expect((await stateNames(project)).filter((name) => name.startsWith(SECRET))).toEqual([`${SECRET}::sec-b`]);
  });

  it("pulumi up --replace writes the value again and retires nothing", async () => {
    const urn = `urn:pulumi:e2e::texml-psecret-moves::${SECRET}::sec-b`;
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes", "--replace", urn]);
    expect(changeSummary(up.stdout)).toEqual({ replace: 1, same: 1 });
    expect(await requests(project)).toEqual(["POST /texml/secrets 201"]);
    expect(warningsOf(up, SECRET, "sec-b")).toEqual([heldElsewhere("held")]);
    expect(await project.emulator.secretMatches("held", TOKEN)).toBe(true);
  });

  it("a new secret name sets the new value, then retires the old name's", async () => {
    program(project, "psecret-moves", secrets({ "sec-b": { name: "held_v2", lines: retiring } }));
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ replace: 1, same: 1 });
    expect(await requests(project)).toEqual(["POST /texml/secrets 201", "POST /texml/secrets 201"]);
    expect(await project.emulator.secretMatches("held_v2", TOKEN)).toBe(true);
    expect(await project.emulator.secretMatches("held", TOKEN)).toBe(false);
    expect(warningsOf(up, SECRET, "sec-b")).toEqual([retired("held")]);
  });
});

describe("plugin secrets: protect: true keeps even retireOnDelete from writing", () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await secretProject(
      "psecret-protect",
      secrets({ held: { name: "held", lines: [...retiring, "options:", "  protect: true"] } }),
    );
    await project.pulumi(["up", "--yes"]);
  });
  afterAll(async () => project?.dispose());

  it("destroy fails on the protection and writes nothing, also pressed with --skip-preview --continue-on-error", async () => {
    await project.emulator.clearRequests();
    const destroy = await project.pulumi(["destroy", "--yes"], { allowFailure: true });
    expect(destroy.code).not.toBe(0);
    expect(printed(destroy)).toMatch(/telnyx-texml:index:Secret::held" cannot be deleted\s+because it is protected/);
    const pressed = await project.pulumi(["destroy", "--yes", "--skip-preview", "--continue-on-error"], { allowFailure: true });
    expect(pressed.code).not.toBe(0);
    expect(await requests(project)).toEqual([]);
    expect(await project.emulator.secretMatches("held", TOKEN)).toBe(true);
    expect((await stateNames(project)).filter((name) => name.startsWith(SECRET))).toEqual([`${SECRET}::held`]);
  });

  it("removing it from the program fails on the protection and writes nothing", async () => {
    program(project, "psecret-protect", secrets({}));
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"], { allowFailure: true });
    expect(up.code).not.toBe(0);
    expect(printed(up)).toMatch(/telnyx-texml:index:Secret::held" cannot be deleted\s+because it is protected/);
    expect(await requests(project)).toEqual([]);
    expect(await project.emulator.secretMatches("held", TOKEN)).toBe(true);
  });
});

describe("plugin secrets: two stacks that declare the same name", () => {
  let first: CliProject;
  let second: CliProject;
  beforeAll(async () => {
    first = await secretProject("psecret-stack-a", secrets({ shared: { name: "shared_token" } }));
    // The second project (another config repo, or production beside staging) talks to the same account.
    second = await secretProject("psecret-stack-b", secrets({ shared: { name: "shared_token", lines: retiring } }), {
      "telnyx-texml:apiKey": { value: first.emulator.apiKey, secret: true },
      "telnyx-texml:accountSid": { value: first.emulator.accountSid },
      "telnyx-texml:baseUrl": { value: first.emulator.baseUrl },
      token: { value: "the-other-stacks-value", secret: true },
    });
  });
  afterAll(async () => {
    await first?.dispose();
    await second?.dispose();
  });

  it("destroying the stack that set the value first leaves the value the other one set", async () => {
    await first.pulumi(["up", "--yes"]);
    await second.pulumi(["up", "--yes"]);
    expect(await first.emulator.secretMatches("shared_token", "the-other-stacks-value")).toBe(true);
    await first.emulator.clearRequests();
    const destroy = await first.pulumi(["destroy", "--yes"]);
    expect(warningsOf(destroy, SECRET, "shared")).toEqual([remains("shared_token")]);
    expect(await requests(first)).toEqual([]);
    expect(await first.emulator.secretMatches("shared_token", "the-other-stacks-value")).toBe(true);
  });
});

describe("plugin warnings: a queue whose sid was re-used by someone else's queue", () => {
  let project: CliProject;
  const QUEUE = "telnyx-texml:index:Queue";
  const queue = (name: string) => [`  ${name}:`, `    type: ${QUEUE}`, `    properties: { name: ${name}, maxSize: 5 }`];
  beforeAll(async () => {
    project = await createYamlProject("pwarn-queues", { body: ["resources:", ...queue("support"), ...queue("sales"), ""].join("\n") });
    await project.pulumi(["up", "--yes"]);
  });
  afterAll(async () => project?.dispose());

  /** Deletes the stack's queue by hand and makes another of the same name (so the same sid) a second later; its creation time as Telnyx shows it. */
  async function recreateByHand(name: string): Promise<string> {
    const queues = `${project.emulator.baseUrl}/texml/Accounts/${project.emulator.accountSid}/Queues`;
    const headers = { authorization: `Bearer ${project.emulator.apiKey}` };
    expect((await fetch(`${queues}/${name}`, { method: "DELETE", headers })).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // creation times have whole seconds
    const made = await fetch(queues, {
      method: "POST",
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ FriendlyName: name, MaxSize: "5" }).toString(),
    });
    expect(made.status).toBe(200);
    const created = (await project.emulator.state()).queues.find((q) => q.sid === name)!.createdMs;
    return new Date(created - (created % 1000)).toISOString();
  }
  const recorded = async (name: string) =>
    (await stateResources(project, QUEUE)).find((q) => q.id.endsWith(name))!.outputs.dateCreated as string;

  it("refresh drops the queue from the stack and says why, under the queue", async () => {
    const before = await recorded("support");
    const reissued = await recreateByHand("support");
    await project.emulator.clearRequests();
    const refresh = await project.pulumi(["refresh", "--yes"]);
    expect(warningsOf(refresh, QUEUE, "support")).toEqual([
      `texml.Queue "support": the queue this stack created is gone (sid re-used by a queue created at ${reissued}, state recorded ${before}); it leaves the stack, and the queue now holding sid "support" is not adopted and will not be changed or deleted.`,
    ]);
    expect((await project.emulator.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    expect((await stateNames(project)).filter((name) => name.startsWith(QUEUE))).toEqual([`${QUEUE}::sales`]);
  });

  it("destroy without a refresh deletes nothing and says why, under the queue", async () => {
    const before = await recorded("sales");
    const reissued = await recreateByHand("sales");
    const foreign = (await project.emulator.state()).queues;
    await project.emulator.clearRequests();
    const destroy = await project.pulumi(["destroy", "--yes"]);
    expect(warningsOf(destroy, QUEUE, "sales")).toEqual([
      `texml.Queue "sales": not deleted, because the queue this stack created is already gone (sid re-used by a queue created at ${reissued}, state recorded ${before}); the queue now holding sid "sales" is left alone.`,
    ]);
    expect((await project.emulator.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    expect((await project.emulator.state()).queues).toEqual(foreign);
  });
});

describe("plugin credentials: refresh and destroy use the key the state recorded at the last up", () => {
  let project: CliProject;
  const advice =
    "Refresh and destroy do not run the program: the stack's state holds the key from the last `pulumi up`; run with --run-program, or `pulumi up` first, to use the new key in telnyx-texml:apiKey.";
  beforeAll(async () => {
    project = await createYamlProject("psecret-rotation", {
      body: ["resources:", "  rotation:", "    type: telnyx-texml:index:Queue", "    properties: { name: rotation, maxSize: 3 }", ""].join(
        "\n",
      ),
    });
    await project.pulumi(["up", "--yes"]);
    // An `up` that changes no resource sends no request, so it records a wrong key without noticing...
    await project.pulumi(["config", "set", "--secret", "telnyx-texml:apiKey", WRONG_KEY]);
    await project.pulumi(["up", "--yes"]);
    // ...and the user fixes the config afterwards.
    await project.pulumi(["config", "set", "--secret", "telnyx-texml:apiKey", project.emulator.apiKey]);
  });
  afterAll(async () => project?.dispose());

  it("pulumi refresh and pulumi destroy send the state's key, and the 401 says to use --run-program or pulumi up", async () => {
    const queue = `/texml/Accounts/${project.emulator.accountSid}/Queues/rotation`;
    for (const [operation, request] of [
      ["refresh", `GET ${queue} 401`],
      ["destroy", `GET ${queue} 401`],
    ] as const) {
      await project.emulator.clearRequests();
      const result = await project.pulumi([operation, "--yes"], { allowFailure: true });
      expect(result.code).not.toBe(0);
      expect(printed(result)).toContain(advice);
      expect(printed(result)).not.toContain(WRONG_KEY);
      expect(await requests(project)).toEqual([request]);
    }
    expect((await stateResources(project, "telnyx-texml:index:Queue")).map((q) => q.id)).toEqual(["rotation"]);
  });

  it("pulumi destroy --run-program configures the provider from the stack's config and deletes with the new key", async () => {
    await project.emulator.clearRequests();
    await project.pulumi(["destroy", "--yes", "--run-program"]);
    const queue = `/texml/Accounts/${project.emulator.accountSid}/Queues/rotation`;
    expect(await requests(project)).toEqual([`GET ${queue} 200`, `DELETE ${queue} 204`]);
    expect((await project.emulator.state()).queues).toEqual([]);
  });
});
