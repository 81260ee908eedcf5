// What a user sees when a program fails because of this package: `pulumi preview` with a
// wrong API key, an unreachable base URL or a bad texml.yaml prints one line per error, naming
// the setting or the file's entry and line to check, with no stack frame from the package, no
// dump of the error object and no message printed twice. TELNYX_TEXML_DEBUG=1 brings the
// detail back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stripAnsi } from "./support/harness";
import { createCliProject, type CliProject } from "./support/project";

const WRONG_KEY = "KEYwrong0000000000000000000000";

/** Two lookups, one of each form, so each failure must appear once and only once. */
const lookups = [
  'import * as texml from "pulumi-telnyx-texml";',
  "export const queues = texml.getQueuesOutput({}).apply((r) => r.queues.length);",
  "export const applications = texml.getApplications({}).then((r) => r.applications.length);",
  "",
].join("\n");

/** The CLI's whole output, without colours. */
function printed(result: { stdout: string; stderr: string }): string {
  return stripAnsi(`${result.stdout}\n${result.stderr}`);
}

/** Lines that name a frame (`    at fn (file:line)`) in this package's files. */
function packageFrames(text: string): string[] {
  return text.split("\n").filter((line) => /^\s+at .*pulumi-telnyx-texml/.test(line));
}

/** The lines of the `Diagnostics:` section (the CLI's progress lines above it show each error's first line too). */
function diagnostics(text: string): string[] {
  const at = text.indexOf("\nDiagnostics:\n");
  expect(at, text).toBeGreaterThanOrEqual(0);
  const end = text.indexOf("\nResources:\n", at);
  return text.slice(at, end < 0 ? undefined : end).split("\n");
}

/** Lines of the diagnostics section printed more than once (each error must appear once). */
function repeatedLines(text: string): string[] {
  const counts = new Map<string, number>();
  for (const line of diagnostics(text).map((l) => l.trim())) {
    if (line.length > 20) counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1).map(([line]) => line);
}

/** A message repeated within one line (`X: X`), as a wrapped error's text used to be. */
function selfRepeatingLines(text: string): string[] {
  return text.split("\n").filter((line) => /(.{25,}).*\1/.test(line));
}

function expectClean(text: string): void {
  expect(packageFrames(text)).toEqual([]);
  expect(text).not.toMatch(/failed with an unhandled exception/);
  expect(text).not.toMatch(/\[cause\]|family: '|errors: \[/);
  expect(repeatedLines(text)).toEqual([]);
  expect(selfRepeatingLines(text)).toEqual([]);
}

describe("a failing lookup or texml.yaml is one clean line in `pulumi preview`", () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await createCliProject("errors", { program: lookups });
  });
  afterAll(async () => project?.dispose());

  it("a wrong API key names telnyx:apiKey and TELNYX_API_KEY, once per failed lookup", async () => {
    await project.pulumi(["config", "set", "--secret", "telnyx:apiKey", WRONG_KEY]);
    const preview = await project.pulumi(["preview"], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    const text = printed(preview);
    expectClean(text);
    const refused = diagnostics(text).filter((line) => /Telnyx refused the API key \(401\)/.test(line));
    expect(refused.map((line) => line.trim().replace(/ on GET \/\S+: /, " on GET <path>: "))).toEqual([
      "error: Telnyx refused the API key (401) on GET <path>: Authentication failed: Could not understand the provided credentials. (code 10009). Check telnyx:apiKey (`pulumi config set --secret telnyx:apiKey <key>`) or TELNYX_API_KEY.",
      "error: Telnyx refused the API key (401) on GET <path>: Authentication failed: Could not understand the provided credentials. (code 10009). Check telnyx:apiKey (`pulumi config set --secret telnyx:apiKey <key>`) or TELNYX_API_KEY.",
    ]);
    expect(text).not.toContain(WRONG_KEY);
  });

  it("an unreachable base URL names telnyx:baseUrl and TELNYX_BASE_URL", async () => {
    await project.pulumi(["config", "set", "--secret", "telnyx:apiKey", project.emulator.apiKey]);
    await project.pulumi(["config", "set", "telnyx:baseUrl", "http://127.0.0.1:9/v2"]);
    const preview = await project.pulumi(["preview"], { allowFailure: true, env: { TELNYX_MAX_RETRIES: "0" } });
    expect(preview.code).not.toBe(0);
    const text = printed(preview);
    expectClean(text);
    const unreachable = diagnostics(text).filter((line) => /http:\/\/127\.0\.0\.1:9/.test(line));
    expect(unreachable.map((line) => line.trim().replace(/GET \/\S+ to /, "GET <path> to "))).toEqual([
      "error: Telnyx request GET <path> to http://127.0.0.1:9 failed: connection refused (ECONNREFUSED). Check telnyx:baseUrl (`pulumi config set telnyx:baseUrl <url>`) or TELNYX_BASE_URL, and that the host is reachable.",
      "error: Telnyx request GET <path> to http://127.0.0.1:9 failed: connection refused (ECONNREFUSED). Check telnyx:baseUrl (`pulumi config set telnyx:baseUrl <url>`) or TELNYX_BASE_URL, and that the host is reachable.",
    ]);
  });

  it("TELNYX_TEXML_DEBUG=1 prints the full error, stack and cause included", async () => {
    const preview = await project.pulumi(["preview"], { allowFailure: true, env: { TELNYX_MAX_RETRIES: "0", TELNYX_TEXML_DEBUG: "1" } });
    expect(preview.code).not.toBe(0);
    const text = printed(preview);
    expect(packageFrames(text).length).toBeGreaterThan(0);
    expect(text).toMatch(/\[cause\]/);
    await project.pulumi(["config", "set", "telnyx:baseUrl", project.emulator.baseUrl]);
  });

  it("a texml.yaml with a duplicate queue name names the file, both entries and their lines", async () => {
    project.writeFile("texml.yaml", ["queues:", "  support:", "    maxSize: 5", "  helpdesk:", "    name: support", ""].join("\n"));
    project.writeFile("index.ts", 'import * as texml from "pulumi-telnyx-texml";\nexport const setup = texml.fromFile("texml.yaml");\n');
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview"], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    const text = printed(preview);
    expectClean(text);
    expect(
      diagnostics(text)
        .filter((line) => line.includes("texml.yaml"))
        .map((line) => line.trim()),
    ).toEqual(['error: texml.yaml: queues.helpdesk.name (line 5): name "support" is already used by queues.support (line 2)']);
    expect(await project.emulator.requests()).toEqual([]);
  });
  it("Queue.get with a wrong key (a read while the program runs, not a refresh) names the settings, without the refresh advice", async () => {
    project.writeFile(
      "index.ts",
      'import * as texml from "pulumi-telnyx-texml";\nexport const size = texml.Queue.get("existing", "support").maxSize;\n',
    );
    await project.pulumi(["config", "set", "--secret", "telnyx:apiKey", WRONG_KEY]);
    const preview = await project.pulumi(["preview"], { allowFailure: true });
    await project.pulumi(["config", "set", "--secret", "telnyx:apiKey", project.emulator.apiKey]);
    expect(preview.code).not.toBe(0);
    const text = printed(preview);
    expect(packageFrames(text)).toEqual([]);
    expect(text).not.toContain("Refresh and destroy");
    const refused = diagnostics(text).filter((line) => line.includes("Telnyx refused the API key (401)"));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(
      /Telnyx refused the API key \(401\) on GET \/texml\/Accounts\/[^/]+\/Queues\/support: .*\. Check telnyx:apiKey \(`pulumi config set --secret telnyx:apiKey <key>`\) or TELNYX_API_KEY\.$/,
    );
  });
});

describe("refresh and destroy use the key in the stack's state, and a 401 says so", () => {
  let project: CliProject;
  const program = [
    'import * as texml from "pulumi-telnyx-texml";',
    'export const sid = new texml.Queue("rotation", { name: "rotation", maxSize: 3 }).sid;',
    "",
  ].join("\n");
  const advice =
    "Refresh and destroy do not run the program: the stack's state holds the key from the last `pulumi up`; run with --run-program, or `pulumi up` first, to use the new key in telnyx:apiKey.";

  beforeAll(async () => {
    project = await createCliProject("rotation", { program });
    await project.pulumi(["up", "--yes"]);
    // An `up` that changes nothing sends no request, so it records a wrong key without noticing...
    await project.pulumi(["config", "set", "--secret", "telnyx:apiKey", WRONG_KEY]);
    await project.pulumi(["up", "--yes"]);
    // ...and the user fixes the config afterwards.
    await project.pulumi(["config", "set", "--secret", "telnyx:apiKey", project.emulator.apiKey]);
  });
  afterAll(async () => project?.dispose());

  for (const operation of ["refresh", "destroy"]) {
    it(`pulumi ${operation} fails with the advice to use --run-program or pulumi up`, async () => {
      const result = await project.pulumi([operation, "--yes"], { allowFailure: true });
      expect(result.code).not.toBe(0);
      const text = printed(result);
      expect(packageFrames(text)).toEqual([]);
      expect(text).not.toContain(WRONG_KEY);
      // Once, as the queue's error: not again under the stack, dumped with the stack trace.
      const refused = diagnostics(text).filter((line) => line.includes("Telnyx refused the API key (401)"));
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatch(
        /^\s+error: (Preview failed: )?Telnyx refused the API key \(401\) on (GET|DELETE) \/texml\/Accounts\/[^/]+\/Queues\/rotation: Authentication failed: Could not understand the provided credentials\. \(code 10009\)\. /,
      );
      expect(refused[0]).toContain(advice);
      expect(repeatedLines(text)).toEqual([]);
      expect(selfRepeatingLines(text)).toEqual([]);
    });
  }

  it("pulumi destroy --run-program uses the key in the config and succeeds", async () => {
    await project.pulumi(["destroy", "--yes", "--run-program"]);
    expect((await project.emulator.state()).queues).toEqual([]);
  });
});
