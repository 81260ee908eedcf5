// The lifecycle and safety cases of test/e2e/lifecycle.test.ts and test/e2e/safety.test.ts on the
// provider plugin's face: Pulumi YAML programs run by the real CLI through
// `pulumi-resource-telnyx-texml`. Each step asserts the exact requests the emulator received,
// the exact text printed, and the state afterwards (`pulumi stack export`). Where the plugin
// behaves differently from the dynamic resources, the test pins what it does (see docs/plugin.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffText, loggedRequests, stripAnsi, writes, type LoggedRequest } from "./support/harness";
import { createYamlProject, stateResources, yamlProjectHead } from "./support/plugin";
import { changeSummary, type CliProject } from "./support/project";
import { writes as writeLines } from "./support/emulator-calls";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const APPLICATION = "telnyx-texml:index:Application";
const QUEUE = "telnyx-texml:index:Queue";

const callsOf = (requests: LoggedRequest[]) => requests.map((r) => ({ call: `${r.method} ${r.path}`, body: r.body }));

/** A public API call to the emulator, as someone working outside the stack makes it. */
function api(project: CliProject, method: string, path: string, body?: { json?: unknown; form?: Record<string, string> }) {
  return fetch(`${project.emulator.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${project.emulator.apiKey}`,
      ...(body ? { "content-type": body.json ? "application/json" : "application/x-www-form-urlencoded" } : {}),
    },
    body: body ? (body.json ? JSON.stringify(body.json) : new URLSearchParams(body.form).toString()) : undefined,
  }).then(async (r) => {
    const text = await r.text();
    return text ? (JSON.parse(text) as any) : undefined;
  });
}

interface Shape {
  voiceUrl: string;
  /** Extra Application properties, YAML lines (e.g. `voiceMethod: get`). */
  appExtras: string[];
  queueName: string;
  /** Left out when undefined. */
  maxSize?: number;
}

const initial: Shape = {
  voiceUrl: "https://voice.example.com/texml/support",
  appExtras: ["voiceMethod: get", "statusCallback: https://voice.example.com/status"],
  queueName: "support",
  maxSize: 25,
};

function lifecycleProgram(shape: Shape): string {
  return [
    "resources:",
    "  support:",
    `    type: ${APPLICATION}`,
    "    properties:",
    "      friendlyName: support-line",
    `      voiceUrl: ${shape.voiceUrl}`,
    ...shape.appExtras.map((line) => `      ${line}`),
    "      inbound:",
    "        channelLimit: 10",
    "  support-queue:",
    `    type: ${QUEUE}`,
    "    properties:",
    `      name: ${shape.queueName}`,
    ...(shape.maxSize === undefined ? [] : [`      maxSize: ${shape.maxSize}`]),
    "outputs:",
    "  applicationId: ${support.id}",
    "  queueSid: ${support-queue.sid}",
    "",
  ].join("\n");
}

describe("a YAML stack through the provider plugin: create, no change, update, replace, reset, drift, destroy", () => {
  let project: CliProject;
  let shape = initial;
  let applicationId = "";
  const queues = () => `/texml/Accounts/${project.emulator.accountSid}/Queues`;

  function use(next: Shape) {
    shape = next;
    project.writeFile("Pulumi.yaml", yamlProjectHead("texml-plugin-lifecycle") + lifecycleProgram(shape));
  }

  beforeAll(async () => {
    project = await createYamlProject("plugin-lifecycle", { body: lifecycleProgram(initial) });
  });
  afterAll(async () => project?.dispose());

  it("up from empty creates exactly the declared objects, with the declared inputs, and records them", async () => {
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ create: 3 }); // the stack, the application, the queue
    const sent = writes(await loggedRequests(project.emulator));
    expect(callsOf(sent).sort((a, b) => (a.call < b.call ? -1 : 1))).toEqual([
      { call: `POST ${queues()}`, body: { FriendlyName: "support", MaxSize: "25" } },
      {
        call: "POST /texml_applications",
        body: {
          friendly_name: "support-line",
          voice_url: "https://voice.example.com/texml/support",
          voice_method: "get",
          status_callback: "https://voice.example.com/status",
          inbound: { channel_limit: 10 },
        },
      },
    ]);
    const [app] = await stateResources(project, APPLICATION);
    const [queue] = await stateResources(project, QUEUE);
    applicationId = app!.id;
    expect((await project.emulator.state()).applications.map((a) => a.wire.id)).toEqual([applicationId]);
    expect(app!.inputs).toEqual({
      friendlyName: "support-line",
      voiceUrl: "https://voice.example.com/texml/support",
      voiceMethod: "get",
      statusCallback: "https://voice.example.com/status",
      inbound: { channelLimit: 10 },
    });
    expect(queue!.id).toBe("support");
    expect(queue!.inputs).toEqual({ name: "support", maxSize: 25, accountSid: project.emulator.accountSid });
    expect(queue!.outputs).toMatchObject({ sid: "support", name: "support", maxSize: 25, dateCreated: expect.any(String) });
  });

  it("a refresh right after the up reports no change: Telnyx's defaults for undeclared fields are not drift", async () => {
    await project.emulator.clearRequests();
    const refresh = await project.pulumi(["refresh", "--yes"]);
    expect(changeSummary(refresh.stdout)).toEqual({ same: 3 });
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview", "--expect-no-changes"]);
    expect(changeSummary(preview.stdout)).toEqual({ same: 3 });
    expect(await loggedRequests(project.emulator)).toEqual([]);
  });

  it("a changed voiceUrl previews as an update of that property alone and applies with one PATCH", async () => {
    use({ ...shape, voiceUrl: "https://voice.example.com/texml/support-v2" });
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ same: 2, update: 1 });
    const text = diffText(preview.stdout);
    expect(text.match(/^\s+[-+~] \w+:.*$/gm)?.map((line) => line.trim())).toEqual([
      '~ voiceUrl: "https://voice.example.com/texml/support" => "https://voice.example.com/texml/support-v2"',
    ]);
    expect(await loggedRequests(project.emulator)).toEqual([]);

    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ same: 2, update: 1 });
    expect(callsOf(writes(await loggedRequests(project.emulator)))).toEqual([
      {
        call: `PATCH /texml_applications/${applicationId}`,
        body: {
          friendly_name: "support-line",
          voice_url: "https://voice.example.com/texml/support-v2",
          voice_method: "get",
          status_callback: "https://voice.example.com/status",
          inbound: { channel_limit: 10 },
        },
      },
    ]);
    const [app] = await stateResources(project, APPLICATION);
    expect(app!.id).toBe(applicationId);
    expect(app!.outputs.voiceUrl).toBe("https://voice.example.com/texml/support-v2");
  });

  it("a new queue name replaces the queue create-first (the plugin face's order): POST the new one, then DELETE the old", async () => {
    use({ ...shape, queueName: "support-tier1" });
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ same: 2, replace: 1 });
    const text = diffText(preview.stdout);
    expect(text).toContain(`+-${QUEUE}: (replace)`);
    expect(text.match(/^\s+[-+~] \w+:.*$/gm)?.map((line) => line.trim())).toEqual(['~ name: "support" => "support-tier1"']);
    expect(await loggedRequests(project.emulator)).toEqual([]);

    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ same: 2, replace: 1 });
    expect(callsOf(writes(await loggedRequests(project.emulator)))).toEqual([
      { call: `POST ${queues()}`, body: { FriendlyName: "support-tier1", MaxSize: "25" } },
      { call: `DELETE ${queues()}/support`, body: undefined },
    ]);
    expect((await project.emulator.state()).queues.map((q) => `${q.sid}/${q.maxSize}`)).toEqual(["support-tier1/25"]);
    const [queue] = await stateResources(project, QUEUE);
    expect(queue!.id).toBe("support-tier1");
  });

  it("a new maxSize updates the queue in place with one form POST of MaxSize", async () => {
    use({ ...shape, maxSize: 40 });
    await project.emulator.clearRequests();
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ same: 2, update: 1 });
    expect(callsOf(writes(await loggedRequests(project.emulator)))).toEqual([
      { call: `POST ${queues()}/support-tier1`, body: { MaxSize: "40" } },
    ]);
    expect((await stateResources(project, QUEUE))[0]!.outputs.maxSize).toBe(40);
  });

  it("removing declared fields previews as their removal and resets them to Telnyx's defaults with one PATCH", async () => {
    use({ ...shape, appExtras: [] });
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ same: 2, update: 1 });
    expect(
      diffText(preview.stdout)
        .match(/^\s+[-+~] \w+:.*$/gm)
        ?.map((line) => line.trim()),
    ).toEqual(['- statusCallback: "https://voice.example.com/status"', '- voiceMethod: "get"']);
    expect(await loggedRequests(project.emulator)).toEqual([]);

    await project.pulumi(["up", "--yes"]);
    expect(callsOf(writes(await loggedRequests(project.emulator)))).toEqual([
      {
        call: `PATCH /texml_applications/${applicationId}`,
        body: {
          friendly_name: "support-line",
          voice_url: "https://voice.example.com/texml/support-v2",
          inbound: { channel_limit: 10 },
          status_callback: null,
          voice_method: "post",
        },
      },
    ]);
    const [app] = await stateResources(project, APPLICATION);
    expect(app!.inputs).toEqual({
      friendlyName: "support-line",
      voiceUrl: "https://voice.example.com/texml/support-v2",
      inbound: { channelLimit: 10 },
    });
    expect(app!.outputs.voiceMethod).toBe("post");
    await project.emulator.clearRequests();
    await project.pulumi(["preview", "--expect-no-changes"]);
    expect(await loggedRequests(project.emulator)).toEqual([]);
  });

  it("removing a queue's maxSize resets it to 100 with one form POST", async () => {
    use({ ...shape, maxSize: undefined });
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview", "--diff"]);
    expect(changeSummary(preview.stdout)).toEqual({ same: 2, update: 1 });
    expect(
      diffText(preview.stdout)
        .match(/^\s+[-+~] \w+:.*$/gm)
        ?.map((line) => line.trim()),
    ).toEqual(["- maxSize: 40"]);
    await project.pulumi(["up", "--yes"]);
    expect(callsOf(writes(await loggedRequests(project.emulator)))).toEqual([
      { call: `POST ${queues()}/support-tier1`, body: { MaxSize: "100" } },
    ]);
    const [queue] = await stateResources(project, QUEUE);
    expect(queue!.inputs).toEqual({ name: "support-tier1", accountSid: project.emulator.accountSid });
    expect(queue!.outputs.maxSize).toBe(100);
    await project.pulumi(["preview", "--expect-no-changes"]);
  });

  it("refresh reports a change made outside the stack on the declared field only, with GETs only; up puts it back", async () => {
    // Outside the stack: the declared voiceUrl and the undeclared voiceFallbackUrl change.
    await api(project, "PATCH", `/texml_applications/${applicationId}`, {
      json: {
        friendly_name: "support-line",
        voice_url: "https://portal.example.com/edited",
        voice_fallback_url: "https://portal.example.com/fallback",
      },
    });
    await project.emulator.clearRequests();
    const refresh = await project.pulumi(["refresh", "--yes"]);
    expect(changeSummary(refresh.stdout)).toEqual({ same: 2, update: 1 });
    const refreshed = stripAnsi(refresh.stdout).split(/^Refreshing \(e2e\):$/m)[1] ?? "";
    expect(refreshed).toMatch(new RegExp(`${APPLICATION} support updated .*\\[diff: ~voiceUrl\\]`));
    expect(writes(await loggedRequests(project.emulator))).toEqual([]);

    const preview = await project.pulumi(["preview", "--diff"]);
    expect(
      diffText(preview.stdout)
        .match(/^\s+[-+~] \w+:.*$/gm)
        ?.map((line) => line.trim()),
    ).toEqual(['~ voiceUrl: "https://portal.example.com/edited" => "https://voice.example.com/texml/support-v2"']);

    await project.emulator.clearRequests();
    await project.pulumi(["up", "--yes"]);
    expect(callsOf(writes(await loggedRequests(project.emulator)))).toEqual([
      {
        call: `PATCH /texml_applications/${applicationId}`,
        body: { friendly_name: "support-line", voice_url: "https://voice.example.com/texml/support-v2", inbound: { channel_limit: 10 } },
      },
    ]);
    // The undeclared field stays as it was set outside the stack.
    const live = await api(project, "GET", `/texml_applications/${applicationId}`);
    expect(live.data.voice_fallback_url).toBe("https://portal.example.com/fallback");
  });

  it("an invalid input fails the preview on one line naming the property, before any request", async () => {
    const good = shape;
    use({ ...shape, voiceUrl: "not-a-url" });
    await project.emulator.clearRequests();
    const preview = await project.pulumi(["preview", "--diff"], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    const printed = stripAnsi(preview.stdout + preview.stderr);
    expect(printed.split("\n").filter((line) => line.includes("not-a-url"))).toEqual([
      `error: ${APPLICATION} resource 'support': property voiceUrl value {not-a-url} has a problem: must be an absolute http(s) URL`,
    ]);
    expect(printed).not.toMatch(/^\s+at /m); // no stack trace
    expect(await loggedRequests(project.emulator)).toEqual([]);
    use(good);
  });

  it("destroy deletes exactly the stack's objects and empties the state", async () => {
    await project.emulator.clearRequests();
    const destroy = await project.pulumi(["destroy", "--yes"]);
    expect(changeSummary(destroy.stdout)).toEqual({ delete: 3 });
    expect(
      callsOf(writes(await loggedRequests(project.emulator)))
        .map((r) => r.call)
        .sort(),
    ).toEqual([`DELETE ${queues()}/support-tier1`, `DELETE /texml_applications/${applicationId}`]);
    const state = await project.emulator.state();
    expect({ applications: state.applications, queues: state.queues }).toEqual({ applications: [], queues: [] });
    expect(await stateResources(project, APPLICATION)).toEqual([]);
    expect(await stateResources(project, QUEUE)).toEqual([]);
  });
});

describe("on the plugin face, objects made outside the stack are never adopted, changed or deleted; an ambiguous create adopts only with proof", () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await createYamlProject("plugin-takeover", { body: "resources: {}\n" });
  });
  afterAll(async () => project?.dispose());

  const program = (resources: string[]) =>
    project.writeFile("Pulumi.yaml", `${yamlProjectHead("texml-plugin-takeover")}resources:\n${resources.join("\n")}\n`);
  const queue = (name: string, maxSize: number) =>
    `  q:\n    type: ${QUEUE}\n    properties:\n      name: ${name}\n      maxSize: ${maxSize}`;
  const application = (friendlyName: string) =>
    `  app:\n    type: ${APPLICATION}\n    properties:\n      friendlyName: ${friendlyName}\n      voiceUrl: https://voice.example.com/texml`;

  it("a foreign queue of the same name, and a create that meets a 503: the up fails saying to declare another name, never to import it; destroy leaves the queue", async () => {
    const account = project.emulator.accountSid;
    await api(project, "POST", `/texml/Accounts/${account}/Queues`, { form: { FriendlyName: "foreign-q", MaxSize: "9" } });
    const foreign = (await project.emulator.state()).queues;
    await sleep(3_000); // older than the request, at whole seconds: not a candidate
    program([queue("foreign-q", 9)]);
    await project.emulator.clearRequests();
    await project.emulator.addFault({ method: "POST", path: "/Queues$", action: { type: "status", status: 503 }, times: 1 });
    const up = await project.pulumi(["up", "--yes"], { allowFailure: true });
    expect(up.code).not.toBe(0);
    const printed = stripAnsi(up.stdout + up.stderr);
    expect(printed).toContain(
      'A queue named "foreign-q" already exists in the account, and queue names are unique in an account: declare another name. It was not adopted or changed; it may belong to another resource or stack.',
    );
    expect(printed).not.toMatch(/`import/);
    // The 503 was not applied; nothing could be the queue asked for, so the create is sent once more, and refused.
    expect(await writeLines(project)).toEqual([
      `POST /texml/Accounts/${account}/Queues [status:503]`,
      `POST /texml/Accounts/${account}/Queues`,
    ]);
    expect(await stateResources(project, QUEUE)).toEqual([]);

    await project.emulator.clearRequests();
    await project.pulumi(["destroy", "--yes"]);
    expect(await writeLines(project)).toEqual([]);
    expect((await project.emulator.state()).queues).toEqual(foreign);
  });

  it("a foreign application of the same friendly name, and a create whose connection drops before it is applied: a new one is made; destroy deletes only that", async () => {
    const foreign = (
      await api(project, "POST", "/texml_applications", {
        json: { friendly_name: "dup-name", voice_url: "https://voice.example.com/texml" },
      })
    ).data as { id: string };
    await sleep(2_000);
    program([application("dup-name")]);
    await project.emulator.clearRequests();
    await project.emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "drop", when: "before" }, times: 1 });
    await project.pulumi(["up", "--yes"]);
    expect(await writeLines(project)).toEqual(["POST /texml_applications [drop:before]", "POST /texml_applications"]);
    const [ours] = await stateResources(project, APPLICATION);
    expect(ours!.id).not.toBe(foreign.id);
    expect((await project.emulator.state()).applications.map((a) => a.wire.id).sort()).toEqual([foreign.id, ours!.id].sort());

    await project.emulator.clearRequests();
    await project.pulumi(["destroy", "--yes"]);
    expect(await writeLines(project)).toEqual([`DELETE /texml_applications/${ours!.id}`]);
    expect((await project.emulator.state()).applications.map((a) => a.wire.id)).toEqual([foreign.id]);
  });

  it("a create whose connection drops after Telnyx made the application adopts that one (proof: name, inputs, creation time), never the older foreign one", async () => {
    const [foreign] = (await project.emulator.state()).applications;
    program([application("dup-name")]);
    await project.emulator.clearRequests();
    await project.emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "drop", when: "after" }, times: 1 });
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ create: 2 }); // the stack (destroyed by the case before) and the resource
    // One create, then the lookup of candidates; nothing is sent again.
    expect(await writeLines(project)).toEqual(["POST /texml_applications [drop:after]"]);
    const made = (await project.emulator.state()).applications.filter((a) => a.wire.id !== foreign!.wire.id);
    expect(made).toHaveLength(1);
    const [ours] = await stateResources(project, APPLICATION);
    expect(ours!.id).toBe(made[0]!.wire.id);
    expect(ours!.outputs).toMatchObject({ friendlyName: "dup-name", voiceUrl: "https://voice.example.com/texml" });

    await project.emulator.clearRequests();
    await project.pulumi(["destroy", "--yes"]);
    expect(await writeLines(project)).toEqual([`DELETE /texml_applications/${ours!.id}`]);
    expect((await project.emulator.state()).applications.map((a) => a.wire.id)).toEqual([foreign!.wire.id]);
  });

  it("a queue create answered 503 after Telnyx made it adopts the queue whose sid is the name asked for", async () => {
    const account = project.emulator.accountSid;
    program([queue("ambiguous-q", 7)]);
    await project.emulator.clearRequests();
    await project.emulator.addFault({ method: "POST", path: "/Queues$", action: { type: "status", status: 503, when: "after" }, times: 1 });
    const up = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(up.stdout)).toEqual({ create: 2 }); // the stack (destroyed by the case before) and the resource
    expect(await writeLines(project)).toEqual([`POST /texml/Accounts/${account}/Queues [status:503:after]`]);
    const [ours] = await stateResources(project, QUEUE);
    expect(ours!.id).toBe("ambiguous-q");
    expect((await project.emulator.state()).queues.map((q) => `${q.sid}/${q.maxSize}`).sort()).toEqual(["ambiguous-q/7", "foreign-q/9"]);

    await project.emulator.clearRequests();
    await project.pulumi(["destroy", "--yes"]);
    expect(await writeLines(project)).toEqual([`DELETE /texml/Accounts/${account}/Queues/ambiguous-q`]);
  });

  it("a create that times out, with the application made only after the client gave up, adopts nothing and names the candidate; the import option then adopts it with reads only", async () => {
    program([application("late-app")]);
    await project.emulator.clearRequests();
    // The client gives up after 30 s; the emulator applies the create at 33 s, after that answer.
    await project.emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "delay", ms: 33_000 }, times: 1 });
    const up = await project.pulumi(["up", "--yes"], { allowFailure: true });
    expect(up.code).not.toBe(0);
    const late = (await project.emulator.state()).applications.find((a) => a.wire.friendly_name === "late-app")!;
    const printed = stripAnsi(up.stdout + up.stderr);
    expect(printed).toContain(
      `TeXML application "late-app": the create request failed (Telnyx request POST /texml_applications to ${new URL(project.emulator.baseUrl).origin} timed out after 30000 ms.`,
    );
    expect(printed).toMatch(
      new RegExp(
        `and it cannot be proven whether Telnyx applied it\\. Candidates created since the request was sent: ${late.wire.id} \\(created [^)]+, after the request's answer arrived\\)\\. Nothing was adopted\\. If one of them is the object this stack asked for, adopt it with the \`import\` resource option`,
      ),
    );
    expect(await writeLines(project)).toEqual(["POST /texml_applications [delay:33000]"]);
    expect(await stateResources(project, APPLICATION)).toEqual([]);

    // The advice, followed: reads only, then destroy deletes just that application.
    program([`${application("late-app")}\n    options:\n      import: "${late.wire.id}"`]);
    await project.emulator.clearRequests();
    const adopted = await project.pulumi(["up", "--yes"]);
    expect(changeSummary(adopted.stdout)).toEqual({ import: 1, same: 1 });
    expect(await writeLines(project)).toEqual([]);
    expect((await stateResources(project, APPLICATION))[0]!.id).toBe(late.wire.id);
    await project.emulator.clearRequests();
    await project.pulumi(["destroy", "--yes"]);
    expect(await writeLines(project)).toEqual([`DELETE /texml_applications/${late.wire.id}`]);
    expect((await project.emulator.state()).applications.map((a) => a.wire.friendly_name)).toEqual(["dup-name"]);
  });
});
