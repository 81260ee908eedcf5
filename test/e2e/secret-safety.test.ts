// Secret safety through the real `pulumi` CLI (issue 25): the stack cannot read a secret, so it
// never proves that a live value is still its own, and a delete writes nothing unless the
// program opted in with `retireOnDelete: true`. Even then nothing is written after a failed
// first `up`, for a name another resource of the deployment declares (rename, move,
// `--replace`), or for a resource `protect` covers (explicit or from a parent). Two Secrets of
// one name in a program are refused, also when the names are Outputs.
// Witnesses: the emulator's request log and its keyed digests of secret values
// (`secretMatches`), and the warnings the CLI prints.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Secret } from "../../provider";
import { providerModuleText } from "../../provider/faces/dynamic/serialized";
import { createE2eStack, stripAnsi, type E2eStack } from "./support/harness";
import { changeSummary, createCliProject, type CliProject, type CliResult } from "./support/project";

const TOKEN = "held-token-value-5d1c";
const FOREIGN = "set-outside-the-stack-77e1";

const header =
  'import * as pulumi from "@pulumi/pulumi";\nimport * as texml from "pulumi-telnyx-texml";\nconst token = new pulumi.Config().requireSecret("token");\n';
const tokenConfig = (project: string) => ({ [`texml-${project}:token`]: { value: TOKEN, secret: true } });

/** What the CLI printed, without colours. */
const printed = (result: CliResult) => stripAnsi(result.stdout + result.stderr);

/** The `POST /texml/secrets` requests the emulator received (with any status) since its log was cleared. */
async function secretWrites(project: CliProject): Promise<string[]> {
  return (await project.emulator.requests()).filter((r) => r.path === "/texml/secrets").map((r) => `${r.method} ${r.path} ${r.status}`);
}

/** The keyed digest the emulator holds for a secret (changes whenever the value does). */
async function digest(project: CliProject, name: string): Promise<string | undefined> {
  return (await project.emulator.state()).secrets.find((s) => s.name === name)?.valueHmac;
}

/** Resources in the stack's state as `type::name` (`pulumi stack export`), and their entries. */
async function stackResources(project: CliProject): Promise<Array<{ urn: string; type: string; [key: string]: unknown }>> {
  const { stdout } = await project.pulumi(["stack", "export"]);
  return (JSON.parse(stdout) as { deployment: { resources?: Array<{ urn: string; type: string }> } }).deployment.resources ?? [];
}
const names = async (project: CliProject) =>
  (await stackResources(project)).map((r) => `${r.type.replace(/^pulumi-nodejs:dynamic\//, "")}::${r.urn.split("::").pop()}`).sort();

/** Sets a secret the way someone outside the stack would. */
async function setOutside(project: CliProject, name: string, value: string): Promise<void> {
  const response = await fetch(`${project.emulator.baseUrl}/texml/secrets`, {
    method: "POST",
    headers: { authorization: `Bearer ${project.emulator.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ name, value }),
  });
  expect(response.status).toBe(201);
}

const remains = (name: string) =>
  `texml.Secret "${name}": its value remains in the Telnyx account. Telnyx cannot delete a secret, and without \`retireOnDelete: true\` the stack never overwrites one. ` +
  `To neutralise the value, set a new one for "${name}" outside the stack, or declare the secret with \`retireOnDelete: true\`, run \`pulumi up\`, then remove it.`;
const retired = (name: string) =>
  `texml.Secret "${name}": retireOnDelete is set, so its value was overwritten with 32 random bytes (Telnyx cannot delete a secret); the name itself remains in the Telnyx account.`;
const heldElsewhere = (name: string) =>
  `texml.Secret "${name}": not retired although retireOnDelete is set, because another resource of this stack declared the name in this deployment (a rename without an alias, a move or a replacement); its value remains in the Telnyx account.`;

describe("secrets: one resource per secret, and a delete writes nothing unless the program opted in", () => {
  let project: CliProject;
  const plain = `${header}new texml.Secret("crm-token", { name: "crm_token", value: token });\n`;
  const optedIn = `${header}new texml.Secret("crm-token", { name: "crm_token", value: token, retireOnDelete: true });\n`;
  beforeAll(async () => {
    project = await createCliProject("secret-basics", { program: plain, config: tokenConfig("secret-basics") });
  });
  afterAll(async () => project?.dispose());

  it("a plan that declares a secret shows one resource for it, and the state holds no name claim", async () => {
    const preview = await project.pulumi(["preview"]);
    expect(changeSummary(preview.stdout)).toEqual({ create: 2 }); // the stack and the Secret
    expect(printed(preview)).not.toContain("SecretName");
    await project.pulumi(["up", "--yes"]);
    expect(await names(project)).toEqual([
      "pulumi:providers:pulumi-nodejs::default",
      "pulumi:pulumi:Stack::texml-secret-basics-e2e",
      "texml:Secret::crm-token",
    ]);
    expect(await secretWrites(project)).toEqual(["POST /texml/secrets 201"]);
    expect(await project.emulator.secretMatches("crm_token", TOKEN)).toBe(true);
  });

  it("pulumi destroy leaves the value, sends nothing, and warns that the value remains and how to neutralise it", async () => {
    await project.emulator.clearRequests();
    const destroy = await project.pulumi(["destroy", "--yes"]);
    expect(changeSummary(destroy.stdout)).toEqual({ delete: 2 });
    expect(await project.emulator.requests()).toEqual([]);
    expect(await project.emulator.secretMatches("crm_token", TOKEN)).toBe(true);
    expect(printed(destroy)).toContain(remains("crm_token"));
    expect(printed(destroy)).not.toContain("overwritten");
  });

  it("opting in changes only the state: nothing is sent, and the next preview is empty", async () => {
    await project.pulumi(["up", "--yes"]);
    project.writeFile("index.ts", optedIn);
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ update: 1, same: 1 });
    expect(await project.emulator.requests()).toEqual([]);
    await project.pulumi(["preview", "--expect-no-changes"]);
  });

  it("with retireOnDelete: true, pulumi destroy overwrites the value once and says the name remains", async () => {
    const before = await digest(project, "crm_token");
    await project.emulator.clearRequests();
    const destroy = await project.pulumi(["destroy", "--yes"]);
    expect(await secretWrites(project)).toEqual(["POST /texml/secrets 201"]);
    expect(await digest(project, "crm_token")).not.toBe(before);
    expect(await project.emulator.secretMatches("crm_token", TOKEN)).toBe(false);
    expect(printed(destroy)).toContain(retired("crm_token"));
  });

  it("opting out again is recorded too: a later destroy writes nothing", async () => {
    await project.pulumi(["up", "--yes"]); // created with retireOnDelete: true
    project.writeFile("index.ts", plain);
    await project.emulator.clearRequests();
    expect(changeSummary((await project.pulumi(["up", "--yes"])).stdout)).toEqual({ update: 1, same: 1 });
    const destroy = await project.pulumi(["destroy", "--yes"]);
    expect(await project.emulator.requests()).toEqual([]);
    expect(await project.emulator.secretMatches("crm_token", TOKEN)).toBe(true);
    expect(printed(destroy)).toContain(remains("crm_token"));
  });
});

describe("secrets: a foreign value the stack never wrote is never overwritten", () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await createCliProject("secret-foreign", {
      program: `${header}new texml.Secret("crm-token", { name: "crm_token", value: token });\n`,
      config: tokenConfig("secret-foreign"),
    });
  });
  afterAll(async () => project?.dispose());

  /** A first `pulumi up` with a wrong API key: the write gets a 401, and nothing of the secret reaches the state. */
  async function failedFirstUp(): Promise<void> {
    await project.emulator.clearRequests();
    await project.pulumi(["config", "set", "--secret", "telnyx:apiKey", "KEY0000_wrong_key"]);
    const up = await project.pulumi(["up", "--yes"], { allowFailure: true });
    expect(up.code).not.toBe(0);
    expect(printed(up)).toContain("Telnyx refused the API key (401) on POST /texml/secrets");
    expect(await secretWrites(project)).toEqual(["POST /texml/secrets 401"]);
    expect(await names(project)).toEqual(["pulumi:providers:pulumi-nodejs::default", "pulumi:pulumi:Stack::texml-secret-foreign-e2e"]);
    await project.pulumi(["config", "set", "--secret", "telnyx:apiKey", project.emulator.apiKey]);
    await project.emulator.clearRequests();
  }

  it("after a failed first up, pulumi destroy --run-program and pulumi destroy send nothing and leave the value", async () => {
    await setOutside(project, "crm_token", FOREIGN);
    const before = await digest(project, "crm_token");
    await project.emulator.clearRequests();
    await failedFirstUp();
    const withProgram = await project.pulumi(["destroy", "--yes", "--run-program"]);
    expect(printed(withProgram)).not.toContain("overwritten");
    await project.pulumi(["destroy", "--yes"]);
    expect(await project.emulator.requests()).toEqual([]);
    expect(await digest(project, "crm_token")).toBe(before);
    expect(await project.emulator.secretMatches("crm_token", FOREIGN)).toBe(true);
  });

  it("the same with retireOnDelete: true: nothing in state set the value, so nothing can retire it", async () => {
    project.writeFile("index.ts", `${header}new texml.Secret("crm-token", { name: "crm_token", value: token, retireOnDelete: true });\n`);
    await failedFirstUp();
    await project.pulumi(["destroy", "--yes", "--run-program"]);
    await project.pulumi(["destroy", "--yes"]);
    expect(await project.emulator.requests()).toEqual([]);
    expect(await project.emulator.secretMatches("crm_token", FOREIGN)).toBe(true);
  });
});

describe("secrets: two stacks that declare the same name", () => {
  let first: CliProject;
  let second: CliProject;
  beforeAll(async () => {
    first = await createCliProject("secret-stack-a", {
      program: `${header}new texml.Secret("shared", { name: "shared_token", value: token });\n`,
      config: tokenConfig("secret-stack-a"),
    });
    // The second project (another config repo, or production beside staging) talks to the same account.
    second = await createCliProject("secret-stack-b", {
      program: `${header}new texml.Secret("shared", { name: "shared_token", value: token });\n`,
      config: {
        "telnyx:apiKey": { value: first.emulator.apiKey, secret: true },
        "telnyx:accountSid": { value: first.emulator.accountSid },
        "telnyx:baseUrl": { value: first.emulator.baseUrl },
        "texml-secret-stack-b:token": { value: "the-other-stacks-value", secret: true },
      },
    });
  });
  afterAll(async () => {
    await first?.dispose();
    await second?.dispose();
  });

  it("destroying one stack leaves the value the other one set", async () => {
    await first.pulumi(["up", "--yes"]);
    await second.pulumi(["up", "--yes"]);
    expect(await first.emulator.secretMatches("shared_token", "the-other-stacks-value")).toBe(true);
    await first.emulator.clearRequests();
    const destroy = await first.pulumi(["destroy", "--yes"]);
    expect(printed(destroy)).toContain(remains("shared_token"));
    expect(await first.emulator.requests()).toEqual([]);
    expect(await first.emulator.secretMatches("shared_token", "the-other-stacks-value")).toBe(true);
  });
});

describe("secrets: protect, explicit or inherited, keeps even retireOnDelete from writing", () => {
  let project: CliProject;
  const protectedGroup = `${header}const voice = new pulumi.ComponentResource("acme:voice:Group", "voice", {}, { protect: true });\nnew texml.Secret("held", { name: "held", value: token, retireOnDelete: true }, { parent: voice });\n`;
  beforeAll(async () => {
    project = await createCliProject("secret-protect", {
      program: protectedGroup,
      config: tokenConfig("secret-protect"),
    });
  });
  afterAll(async () => project?.dispose());

  it("a Secret under a protected component: destroy fails on the protection and writes nothing", async () => {
    await project.pulumi(["up", "--yes"]);
    await project.emulator.clearRequests();
    const destroy = await project.pulumi(["destroy", "--yes"], { allowFailure: true });
    expect(destroy.code).not.toBe(0);
    expect(printed(destroy)).toMatch(/texml:Secret::held" cannot be deleted\s+because it is protected/);
    // Past the preview, the engine goes on after a protected resource's error and deletes what is not protected.
    const pressed = await project.pulumi(["destroy", "--yes", "--skip-preview", "--continue-on-error"], { allowFailure: true });
    expect(pressed.code).not.toBe(0);
    expect(await project.emulator.requests()).toEqual([]);
    expect(await project.emulator.secretMatches("held", TOKEN)).toBe(true);
  });

  it("texml.fromFile(file, { protect: true }) with retireOnDelete: true on the entry: removing it from the program and destroying write nothing", async () => {
    project.writeFile(
      "texml.yaml",
      "secrets:\n  filed:\n    name: filed_token\n    valueFrom: { config: token }\n    retireOnDelete: true\n",
    );
    project.writeFile("index.ts", `${protectedGroup}texml.fromFile("texml.yaml", { protect: true });\n`);
    await project.pulumi(["up", "--yes"]);
    expect(await project.emulator.secretMatches("filed_token", TOKEN)).toBe(true);
    await project.emulator.clearRequests();
    project.writeFile("index.ts", header);
    const removed = await project.pulumi(["up", "--yes"], { allowFailure: true });
    expect(removed.code).not.toBe(0);
    expect(printed(removed)).toMatch(/texml:Secret::filed" cannot be deleted\s+because it is protected/);
    const destroy = await project.pulumi(["destroy", "--yes"], { allowFailure: true });
    expect(destroy.code).not.toBe(0);
    expect(printed(destroy)).toMatch(/texml:Secret::filed" cannot be deleted\s+because it is protected/);
    const pressed = await project.pulumi(["destroy", "--yes", "--skip-preview", "--continue-on-error"], { allowFailure: true });
    expect(pressed.code).not.toBe(0);
    expect(await project.emulator.requests()).toEqual([]);
    expect(await project.emulator.secretMatches("filed_token", TOKEN)).toBe(true);
    expect(await project.emulator.secretMatches("held", TOKEN)).toBe(true);
  });
});

describe("secrets: names that are Outputs", () => {
  let project: CliProject;
  const two = (a: string, b: string) =>
    `${header}new texml.Secret("a", { name: pulumi.output(${JSON.stringify(a)}), value: token, retireOnDelete: true });\n` +
    `new texml.Secret("b", { name: pulumi.output(${JSON.stringify(b)}).apply((n) => n), value: token, retireOnDelete: true });\n`;
  beforeAll(async () => {
    project = await createCliProject("secret-outputs", { program: two("dup", "other"), config: tokenConfig("secret-outputs") });
    await project.pulumi(["up", "--yes"]);
  });
  afterAll(async () => project?.dispose());

  const refusal =
    'name: texml.Secret "b" declares the secret name "dup", which texml.Secret "a" of this program already declares. ' +
    "Two Secrets of one name would overwrite each other's value in Telnyx; declare each name once.";

  it("two Secrets whose names resolve to the same one are refused with one error, before any request", async () => {
    project.writeFile("index.ts", two("dup", "dup"));
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"], { allowFailure: true });
    expect(up.code).not.toBe(0);
    const diagnostics = printed(up).slice(printed(up).indexOf("Diagnostics:"));
    expect(diagnostics.match(/^\s+error: .*$/gm)?.map((line) => line.trim())).toEqual([
      `error: error serializing property "name": ${refusal}`,
    ]);
    expect(diagnostics).not.toMatch(/unhandled exception|\n\s+at /);
    expect(await project.emulator.requests()).toEqual([]);
    expect(await project.emulator.secretMatches("dup", TOKEN)).toBe(true);
  });

  it("removing one of them never retires the value the other now declares", async () => {
    project.writeFile("index.ts", `${header}new texml.Secret("b", { name: pulumi.output("dup"), value: token, retireOnDelete: true });\n`);
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toMatchObject({ replace: 1, delete: 1 });
    // b's new name is written, then b's old name ("other") retired; a's delete finds "dup" declared by b.
    expect(await secretWrites(project)).toEqual(["POST /texml/secrets 201", "POST /texml/secrets 201"]);
    expect(await project.emulator.secretMatches("dup", TOKEN)).toBe(true);
    expect(await project.emulator.secretMatches("other", TOKEN)).toBe(false);
    expect(printed(up)).toContain(heldElsewhere("dup"));
    expect(printed(up)).toContain(retired("other"));
  });
});

describe("secrets: renames, moves and --replace with retireOnDelete: true keep the value", () => {
  let project: CliProject;
  const declare = (resource: string, extra = "") =>
    `${header}${extra}new texml.Secret(${JSON.stringify(resource)}, { name: "held", value: token, retireOnDelete: true }${extra ? ", { parent: group }" : ""});\n`;
  beforeAll(async () => {
    project = await createCliProject("secret-moves", { program: declare("sec-a"), config: tokenConfig("secret-moves") });
    await project.pulumi(["up", "--yes"]);
  });
  afterAll(async () => project?.dispose());

  it("a rename without an alias", async () => {
    project.writeFile("index.ts", declare("sec-b"));
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toMatchObject({ create: 1, delete: 1 });
    expect(printed(up)).toContain(heldElsewhere("held"));
    expect(await project.emulator.secretMatches("held", TOKEN)).toBe(true);
  });

  it("a move under a component", async () => {
    project.writeFile("index.ts", declare("sec-b", 'const group = new pulumi.ComponentResource("acme:voice:Group", "voice");\n'));
    const up = await project.pulumi(["up", "--yes"]);
    expect(printed(up)).toContain(heldElsewhere("held"));
    expect(await project.emulator.secretMatches("held", TOKEN)).toBe(true);
  });

  it("pulumi up --replace", async () => {
    const urn = (await stackResources(project)).find((r) => r.type.endsWith("texml:Secret"))!.urn;
    const up = await project.pulumi(["up", "--yes", "--replace", urn]);
    expect(changeSummary(up.stdout)).toMatchObject({ replace: 1 });
    expect(printed(up)).toContain(heldElsewhere("held"));
    expect(await project.emulator.secretMatches("held", TOKEN)).toBe(true);
  });

  it("a new name sets the new secret, then retires the old name's value", async () => {
    project.writeFile(
      "index.ts",
      declare("sec-b", 'const group = new pulumi.ComponentResource("acme:voice:Group", "voice");\n').replace(
        'name: "held"',
        'name: "held_v2"',
      ),
    );
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toMatchObject({ replace: 1 });
    expect(await secretWrites(project)).toEqual(["POST /texml/secrets 201", "POST /texml/secrets 201"]);
    expect(await project.emulator.secretMatches("held_v2", TOKEN)).toBe(true);
    expect(await project.emulator.secretMatches("held", TOKEN)).toBe(false);
    expect(printed(up)).toContain(retired("held"));
  });
});

describe("secrets: state written by earlier versions", () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await createCliProject("secret-upgrade", {
      program: `${header}new texml.Secret("crm-token", { name: "crm_token", value: token });\n`,
      config: tokenConfig("secret-upgrade"),
    });
    await project.pulumi(["up", "--yes"]);
  });
  afterAll(async () => project?.dispose());

  it("a name claim (texml:SecretName) left in state is deleted by the next up, without a write", async () => {
    // The claim earlier versions registered beside each Secret, as they stored it.
    const { stdout } = await project.pulumi(["stack", "export"]);
    const exported = JSON.parse(stdout) as { deployment: { resources: Array<Record<string, any>> } };
    const secret = exported.deployment.resources.find((r) => r.type === "pulumi-nodejs:dynamic/texml:Secret")!;
    const props = { __provider: providerModuleText("SecretName"), name: "crm_token" };
    exported.deployment.resources.push({
      ...secret,
      urn: secret.urn.replace("texml:Secret::crm-token", "texml:SecretName::crm_token"),
      type: "pulumi-nodejs:dynamic/texml:SecretName",
      id: "crm_token",
      inputs: props,
      outputs: props,
      additionalSecretOutputs: undefined,
    });
    project.writeFile("state.json", JSON.stringify(exported));
    await project.pulumi(["stack", "import", "--file", "state.json"]);
    expect(await names(project)).toContain("texml:SecretName::crm_token");
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ delete: 1, same: 2 });
    expect(await project.emulator.requests()).toEqual([]);
    expect(await project.emulator.secretMatches("crm_token", TOKEN)).toBe(true);
    expect(await names(project)).not.toContain("texml:SecretName::crm_token");
  });
});

describe("secrets: an Automation API process that runs an inline program again", () => {
  let e2e: E2eStack;
  const program = (value: string) => async () => {
    new Secret("crm-token", { name: "inline_token", value: pulumi.secret(value) });
  };
  beforeAll(async () => {
    e2e = await createE2eStack("secret-inline", program("first-value"));
  });
  afterAll(async () => e2e?.dispose());

  it("declares the program's names anew in each run: the second up is an update, not a duplicate", async () => {
    await e2e.stack.up();
    e2e.setProgram(program("second-value"));
    const up = await e2e.stack.up();
    expect(up.summary.resourceChanges).toEqual({ update: 1, same: 1 });
    expect(await e2e.emulator.secretMatches("inline_token", "second-value")).toBe(true);
  });
});
