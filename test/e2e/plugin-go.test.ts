// examples/go run as a Go user runs it: the Go SDK generated from the plugin of this run's
// packed package (scripts/build-sdks.mjs), a `runtime: go` program compiled by Pulumi's Go
// language host, and the provider plugin found through `plugins.providers[].path`, against the
// emulator. The emulator's request log is the witness of what reached Telnyx.
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoggedRequest } from "../../emulator";
import { createGoProject } from "./support/go-project";
import { changeSummary, type CliProject } from "./support/project";
import { generateSdks, type GeneratedSdks } from "./support/sdks";

const exampleDir = path.resolve(__dirname, "../../examples/go");
// The first build of a Go program compiles the Pulumi Go SDK (about a minute, more on a busy machine).
const GO_BUILD_TIMEOUT = 900_000;

interface StateResource {
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

let sdks: GeneratedSdks | undefined;
let project: CliProject;

beforeAll(async () => {
  sdks = await generateSdks(["go"]);
  project = await createGoProject("go", { fromExample: exampleDir, goSdk: sdks.sdks.go!, goLanguageHost: sdks.languageHosts.go! });
});

afterAll(async () => {
  await project?.dispose();
  if (sdks) rmSync(sdks.dir, { recursive: true, force: true });
});

/** A logged request in comparable form: JSON and form bodies parsed. */
function described(request: LoggedRequest): { method: string; path: string; body?: unknown } {
  if (!request.body) return { method: request.method, path: request.path };
  const body = request.contentType?.startsWith("application/json")
    ? JSON.parse(request.body)
    : Object.fromEntries(new URLSearchParams(request.body));
  return { method: request.method, path: request.path, body };
}

/** The request log, ordered by method and path (the engine creates and deletes the two resources in parallel). */
async function requestLog(): Promise<Array<ReturnType<typeof described>>> {
  const key = (request: { method: string; path: string }) => `${request.method} ${request.path}`;
  return (await project.emulator.requests()).map(described).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

async function stateResources(): Promise<StateResource[]> {
  const exported = JSON.parse((await project.pulumi(["stack", "export"])).stdout) as { deployment: { resources?: StateResource[] } };
  return exported.deployment.resources ?? [];
}

describe("examples/go: a Go program using the generated Go SDK, through the provider plugin", () => {
  it(
    "pulumi up creates the application and the queue with exactly one POST each, and the lookup reads the queue once",
    async () => {
      const up = await project.pulumi(["up", "--yes"]);
      expect(changeSummary(up.stdout)).toEqual({ create: 3 });

      const sid = project.emulator.accountSid;
      // The lookup's queue sid is unknown during the preview phase of `up`, so it runs once, after the create.
      expect(await requestLog()).toEqual([
        { method: "GET", path: `/texml/Accounts/${sid}/Queues/go-support` },
        { method: "POST", path: `/texml/Accounts/${sid}/Queues`, body: { FriendlyName: "go-support", MaxSize: "25" } },
        {
          method: "POST",
          path: "/texml_applications",
          body: {
            friendly_name: "go-ivr-main",
            voice_url: "https://voice.example.com/texml/ivr",
            voice_method: "post",
            tags: ["go", "ivr"],
          },
        },
      ]);

      const resources = await stateResources();
      expect(resources.map((resource) => resource.type).sort()).toEqual([
        "pulumi:providers:telnyx-texml",
        "pulumi:pulumi:Stack",
        "telnyx-texml:index:Application",
        "telnyx-texml:index:Queue",
      ]);
      const application = resources.find((resource) => resource.type === "telnyx-texml:index:Application")!;
      expect(application.inputs).toEqual({
        friendlyName: "go-ivr-main",
        voiceUrl: "https://voice.example.com/texml/ivr",
        voiceMethod: "post",
        tags: ["go", "ivr"],
      });
      const queue = resources.find((resource) => resource.type === "telnyx-texml:index:Queue")!;
      expect(queue.id).toBe("go-support");

      const outputs = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
      expect(outputs).toEqual({
        ivrApplicationId: application.id,
        ivrVoiceUrl: "https://voice.example.com/texml/ivr",
        supportQueueSid: "go-support",
        supportQueueMaxSizeSeen: 25,
      });

      // The state holds neither the API key in plaintext nor a serialized dynamic provider.
      const state = (await project.pulumi(["stack", "export"])).stdout;
      expect(state).not.toContain(project.emulator.apiKey);
      expect(state).not.toContain("__provider");
    },
    GO_BUILD_TIMEOUT,
  );

  it(
    "a second preview of the same program changes nothing: its only request is the lookup's GET",
    async () => {
      await project.emulator.clearRequests();
      const preview = await project.pulumi(["preview", "--expect-no-changes"]);
      expect(changeSummary(preview.stdout)).toEqual({ same: 3 });
      expect(await requestLog()).toEqual([{ method: "GET", path: `/texml/Accounts/${project.emulator.accountSid}/Queues/go-support` }]);
    },
    GO_BUILD_TIMEOUT,
  );

  it(
    "pulumi destroy deletes both with exactly one DELETE each (the queue read first, to check it is still the one created) and empties the state",
    async () => {
      const application = (await stateResources()).find((resource) => resource.type === "telnyx-texml:index:Application")!;
      await project.emulator.clearRequests();
      const destroy = await project.pulumi(["destroy", "--yes"]);
      expect(changeSummary(destroy.stdout)).toEqual({ delete: 3 });
      const sid = project.emulator.accountSid;
      expect(await requestLog()).toEqual([
        { method: "DELETE", path: `/texml/Accounts/${sid}/Queues/go-support` },
        { method: "DELETE", path: `/texml_applications/${application.id}` },
        { method: "GET", path: `/texml/Accounts/${sid}/Queues/go-support` },
      ]);
      expect(await stateResources()).toEqual([]);
    },
    GO_BUILD_TIMEOUT,
  );
});
