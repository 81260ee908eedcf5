// The Pulumi part of `npm run bench`: API requests per operation and resource type, and
// `__provider` bytes per resource (wall times come from the CLI, in overhead.bench.ts).
// Figures only: nothing here asserts a time. Results: bench/results/pulumi.json
// (bench/report.mjs gathers them).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Application, Queue, Secret } from "../provider";
import { SECRET_VALUE, createE2eStack, type E2eStack } from "../test/e2e/support/harness";

type Kind = "Application" | "Queue" | "Secret";

/** One resource of a kind, in a first and a changed shape. */
function declare(kind: Kind, changed: boolean, importId?: string) {
  const opts = importId ? { import: importId } : undefined;
  switch (kind) {
    case "Application":
      return new Application(
        "app",
        { friendlyName: "bench-app", voiceUrl: changed ? "https://voice.example.com/v2" : "https://voice.example.com/v1" },
        opts,
      );
    case "Queue":
      return new Queue("queue", { name: "bench-queue", maxSize: changed ? 20 : 10 }, opts);
    case "Secret":
      return new Secret("secret", { name: "bench_secret", value: new pulumi.Config("demo").requireSecret(changed ? "second" : "first") });
  }
}

const results: {
  requestsPerOperation: Record<Kind, Record<string, number | string>>;
  providerBytes: Record<Kind, number>;
} = { requestsPerOperation: {} as never, providerBytes: {} as never };

let e2e: E2eStack;

beforeAll(async () => {
  e2e = await createE2eStack("bench", async () => {}, {
    "demo:first": { value: SECRET_VALUE, secret: true },
    "demo:second": { value: `${SECRET_VALUE}-2`, secret: true },
  });
});

afterAll(async () => {
  const dir = path.resolve(__dirname, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "pulumi.json"), `${JSON.stringify({ measuredAt: new Date().toISOString(), ...results }, null, 2)}\n`);
  await e2e?.dispose();
});

async function count(run: () => Promise<unknown>): Promise<number> {
  await e2e.emulator.clearRequests();
  await run();
  return (await e2e.emulator.requests()).length;
}

async function createDirectly(kind: Kind): Promise<string> {
  const headers = { authorization: `Bearer ${e2e.emulator.apiKey}` };
  if (kind === "Application") {
    const response = await fetch(`${e2e.emulator.baseUrl}/texml_applications`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ friendly_name: "bench-app", voice_url: "https://voice.example.com/v2" }),
    });
    return ((await response.json()) as { data: { id: string } }).data.id;
  }
  const response = await fetch(`${e2e.emulator.baseUrl}/texml/Accounts/${e2e.emulator.accountSid}/Queues`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
    body: "FriendlyName=bench-queue&MaxSize=20",
  });
  return ((await response.json()) as { sid: string }).sid;
}

describe("benchmark: the Pulumi engine against the emulator", () => {
  for (const kind of ["Application", "Queue", "Secret"] as const) {
    it(`counts API requests per operation for ${kind}`, async () => {
      const figures: Record<string, number | string> = {};
      e2e.setProgram(async () => void declare(kind, false));
      figures.create = await count(() => e2e.stack.up());
      const { stdout } = await e2e.cli(["stack", "export"]);
      const resource = JSON.parse(stdout).deployment.resources.find((r: { type: string }) => r.type.endsWith(`:${kind}`));
      results.providerBytes[kind] = Buffer.byteLength(String(resource.outputs.__provider));
      figures.noChangePreview = await count(() => e2e.stack.preview());
      e2e.setProgram(async () => void declare(kind, true));
      figures.update = await count(() => e2e.stack.up());
      figures.refresh = await count(() => e2e.stack.refresh());
      // Telnyx has no endpoint to read a secret: refresh keeps the state and asks nothing.
      if (kind === "Secret") figures.refresh = `${figures.refresh} (the API cannot read a secret)`;
      figures.delete = await count(() => e2e.stack.destroy());
      if (kind === "Secret") {
        figures.import = "n/a (the API cannot read a secret)";
      } else {
        const id = await createDirectly(kind);
        e2e.setProgram(async () => void declare(kind, true, id));
        figures.import = await count(() => e2e.stack.up());
        await e2e.stack.destroy();
      }
      results.requestsPerOperation[kind] = figures;
      console.log(`${kind}: ${JSON.stringify(figures)}`);
      expect(Object.keys(figures)).toHaveLength(6);
    });
  }
});
