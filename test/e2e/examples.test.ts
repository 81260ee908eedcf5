// examples/typescript run as is by the real engine: resources, data lookups and the
// webhook verifier component, then a no-change preview and destroy.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET_VALUE, createExampleStack, loggedRequests, type E2eStack } from "./support/harness";

const exampleDir = path.resolve(__dirname, "../../examples/typescript");
let e2e: E2eStack;

beforeAll(async () => {
  e2e = await createExampleStack("typescript", exampleDir, { "texml-typescript:crmToken": { value: SECRET_VALUE, secret: true } });
  await e2e.stack.setConfig("texml-typescript:webhookPublicKey", { value: e2e.emulator.publicKey, secret: true });
  await e2e.emulator.seed({ calls: [{ from: "+13125550001", to: "+13125550100", status: "failed" }, { from: "+13125550002", to: "+13125550100", status: "failed" }, { from: "+13125550003", to: "+13125550100" }] });
});

afterAll(async () => {
  await e2e?.dispose();
});

describe("examples/typescript", () => {
  it("deploys applications, queues and a secret, and resolves its lookups and the verifier bundle", async () => {
    const up = await e2e.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 6 }); // stack, 2 queues, application, secret, verifier component
    const outputs = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value]));
    expect(outputs.queueSids).toEqual({ support: "support", escalations: "escalations" });
    expect(outputs.escalationsCapacity).toBe("0/5");
    expect(outputs.applicationsNamedSupport).toEqual([outputs.supportApplicationId]);
    expect(outputs.failedCallsToday).toBe(2);
    expect(outputs.verifierSha256).toMatch(/^[0-9a-f]{64}$/);
    const app = (await loggedRequests(e2e.emulator)).find((r) => r.method === "POST" && r.path === "/texml_applications");
    expect((app?.body as Record<string, unknown>).voice_url).toBe("https://voice.example.com/texml/support?queue=support");
  });

  it("previews no change afterwards, lookups included", async () => {
    const preview = await e2e.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 6 });
  });

  it("destroys what it created", async () => {
    const destroy = await e2e.stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: 6 });
  });
});
