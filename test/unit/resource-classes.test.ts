// The generated resource classes (scripts/generate-types.mjs writes provider/kinds/<kind>/resource.ts)
// carry what their definitions say beyond the schemas: `Queue` defaults `deleteBeforeReplace`
// (surface.defaultOptions), and `Secret` runs its `register.ts` hook (surface.beforeRegister),
// which records the names a program declares to refuse a second Secret of one name (the refusal
// itself, through the CLI, is test/e2e/secret-safety.test.ts's). Checked against Pulumi's mocked
// engine, on the requests the program sends it.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { Queue, Secret } from "../../provider";

/** What the program asked the engine to register, by resource name. */
const registered = new Map<string, { deleteBeforeReplace: boolean; deleteBeforeReplaceDefined: boolean }>();

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
  // The mocked monitor hands the SDK's request to `newResource` without its options: record them first.
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: any, callback: unknown) => unknown };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    registered.set(req.getName(), {
      deleteBeforeReplace: req.getDeletebeforereplace(),
      deleteBeforeReplaceDefined: req.getDeletebeforereplacedefined(),
    });
    return register(req, callback);
  };
});

const urnOf = (resource: pulumi.Resource) => new Promise<string>((resolve) => resource.urn.apply(resolve));

describe("the generated resource classes", () => {
  it("Queue deletes before it replaces unless the program says otherwise", async () => {
    await urnOf(new Queue("by-default", { name: "a" }));
    await urnOf(new Queue("kept-false", { name: "b" }, { deleteBeforeReplace: false }));
    expect(registered.get("by-default")).toEqual({ deleteBeforeReplace: true, deleteBeforeReplaceDefined: true });
    expect(registered.get("kept-false")).toEqual({ deleteBeforeReplace: false, deleteBeforeReplaceDefined: true });
  });

  it("Secret records its Telnyx name through its register.ts hook before registering, and registers its value as a secret", async () => {
    const secret = new Secret("crm", { name: "crm_token", value: "v1" });
    await urnOf(secret);
    // The hook's record of this run's names (register.ts), which a second Secret of the name is refused against.
    const byRun = (globalThis as Record<symbol, WeakMap<object, Map<string, string>> | undefined>)[
      Symbol.for("pulumi-telnyx-texml.secretNames")
    ];
    const run: object = pulumi.runtime.getStackResource() ?? globalThis;
    expect(byRun?.get(run)?.get("crm_token")).toBe("crm");
    expect(await new Promise((resolve) => secret.value.apply(resolve))).toBe("v1");
    expect(await pulumi.isSecret(secret.value)).toBe(true);
  });
});
