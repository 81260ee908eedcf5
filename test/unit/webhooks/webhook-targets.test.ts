// WebhookVerifier's targets under Pulumi's mocked engine: which platform resources each
// target creates (as children of the component: their URNs carry its type), with which
// properties, and the `url` it outputs. The real @pulumi/aws and @pulumi/cloudflare
// packages build the resources; the mocks stand in for the clouds.
import * as pulumi from "@pulumi/pulumi";
import nacl from "tweetnacl";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildVerifierBundle } from "../../../provider/webhooks";
import { WebhookVerifier } from "../../../provider/webhooks/component";
import { loadTargetPackage, routeUrl, workerName } from "../../../provider/webhooks/targets";

const publicKey = Buffer.from(nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(5)).publicKey).toString("base64");
const COMPONENT = "pulumi-telnyx-texml:index:WebhookVerifier";

interface Created {
  type: string;
  name: string;
  inputs: Record<string, any>;
}
const created: Created[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        if (args.custom !== false) created.push({ type: args.type, name: args.name, inputs: plain(args.inputs) });
        const state: Record<string, unknown> = { ...args.inputs };
        if (args.type === "aws:iam/role:Role")
          Object.assign(state, { name: args.name, arn: `arn:aws:iam::123456789012:role/${args.name}` });
        if (args.type === "aws:lambda/function:Function") state.name = `${args.name}-1a2b3c`;
        if (args.type === "aws:lambda/functionUrl:FunctionUrl") state.functionUrl = "https://abcdefghij.lambda-url.us-east-1.on.aws/";
        return { id: `${args.name}-id`, state };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
});
beforeEach(() => {
  created.length = 0;
  secretInputs.length = 0;
});

/** Inputs with Pulumi's secret wrappers removed (secrets reach the mocks as `{ <signature>: ..., value }`). */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const secretInputs: string[] = [];
function plain(value: any, path = ""): any {
  if (Array.isArray(value)) return value.map((v, i) => plain(v, `${path}[${i}]`));
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    if (Object.values(value).includes(SECRET_SIG) && "value" in value) {
      secretInputs.push(path);
      return plain(value.value, path);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, path ? `${path}.${k}` : k)]));
  }
  return value;
}

/** The value of an output (secret or not) once the mocked engine has resolved it. */
const value = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply((v) => resolve(v)));
const urnOf = (resource: pulumi.Resource) => value(resource.urn);
/** Waits until the mocked engine has registered the resources. */
async function settled(verifier: WebhookVerifier) {
  await value(verifier.url);
  await Promise.all(Object.values(verifier.resources).map((r) => value(r.urn)));
}
const byType = (type: string) => created.filter((c) => c.type === type);

describe("target aws", () => {
  it("creates a role with log access, the function, a public function URL and both invoke permissions, as children, and outputs the URL", async () => {
    const verifier = new WebhookVerifier("status-verifier", {
      publicKey,
      forwardTo: "https://voice.example.com/status",
      target: { platform: "aws" },
    });
    await settled(verifier);
    expect(await value(verifier.url)).toBe("https://abcdefghij.lambda-url.us-east-1.on.aws/");
    expect(await value(verifier.platform)).toBe("aws");
    expect(created.map((c) => `${c.type} ${c.name}`).sort()).toEqual([
      "aws:iam/role:Role status-verifier-role",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment status-verifier-logs",
      "aws:lambda/function:Function status-verifier-function",
      "aws:lambda/functionUrl:FunctionUrl status-verifier-url",
      "aws:lambda/permission:Permission status-verifier-invoke",
      "aws:lambda/permission:Permission status-verifier-invoke-url",
    ]);
    for (const resource of Object.values(verifier.resources)) expect(await urnOf(resource)).toContain(`::${COMPONENT}$`);

    const role = byType("aws:iam/role:Role")[0]!.inputs;
    expect(JSON.parse(role.assumeRolePolicy)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    expect(byType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")[0]!.inputs).toMatchObject({
      role: "status-verifier-role",
      policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    });

    const fn = byType("aws:lambda/function:Function")[0]!.inputs;
    expect(fn).toMatchObject({
      runtime: "nodejs22.x",
      handler: "index.handler",
      architectures: ["arm64"],
      memorySize: 128,
      timeout: 15,
      role: "arn:aws:iam::123456789012:role/status-verifier-role",
    });
    // The archive holds the bundle as index.mjs, exactly as buildVerifierBundle makes it.
    // What the engine received: an AssetArchive (its fields are promises) with one StringAsset.
    const archive = fn.code as pulumi.asset.AssetArchive;
    expect(archive).toBeInstanceOf(pulumi.asset.AssetArchive);
    const assets = (await archive.assets) as Record<string, pulumi.asset.StringAsset>;
    expect(Object.keys(assets)).toEqual(["index.mjs"]);
    expect(await assets["index.mjs"]!.text).toBe(buildVerifierBundle({ publicKey, forwardTo: "https://voice.example.com/status" }).code);

    // The code embeds the key, which was given as a plain string here: it is still sent as a secret.
    expect(secretInputs).toContain("code");
    expect(byType("aws:lambda/functionUrl:FunctionUrl")[0]!.inputs).toEqual({
      functionName: "status-verifier-function-1a2b3c",
      authorizationType: "NONE",
    });
    expect(
      byType("aws:lambda/permission:Permission")
        .map((p) => p.inputs)
        .sort((a, b) => a.action.localeCompare(b.action)),
    ).toEqual([
      { function: "status-verifier-function-1a2b3c", action: "lambda:InvokeFunction", principal: "*", invokedViaFunctionUrl: true },
      { function: "status-verifier-function-1a2b3c", action: "lambda:InvokeFunctionUrl", principal: "*", functionUrlAuthType: "NONE" },
    ]);
  });

  it("uses a given role instead of creating one, and takes runtime, architecture, memory, timeout and name", async () => {
    const verifier = new WebhookVerifier("v2", {
      publicKey,
      forwardTimeoutMs: 3000,
      target: {
        platform: "aws",
        roleArn: "arn:aws:iam::123456789012:role/existing",
        runtime: "nodejs24.x",
        architecture: "x86_64",
        memorySize: 256,
        functionName: "telnyx-verifier",
      },
    });
    await settled(verifier);
    expect(created.map((c) => c.type).sort()).toEqual([
      "aws:lambda/function:Function",
      "aws:lambda/functionUrl:FunctionUrl",
      "aws:lambda/permission:Permission",
      "aws:lambda/permission:Permission",
    ]);
    expect(byType("aws:lambda/function:Function")[0]!.inputs).toMatchObject({
      name: "telnyx-verifier",
      runtime: "nodejs24.x",
      architectures: ["x86_64"],
      memorySize: 256,
      timeout: 8,
      role: "arn:aws:iam::123456789012:role/existing",
    });
  });
});

describe("target cloudflare", () => {
  it("creates the Worker script (ES module, compatibility date) and enables it on workers.dev, as children, and outputs its URL", async () => {
    const verifier = new WebhookVerifier("Status_Verifier", {
      publicKey,
      forwardTo: "https://voice.example.com",
      target: { platform: "cloudflare", accountId: "acc123", workersDevSubdomain: "example" },
    });
    await settled(verifier);
    expect(created.map((c) => `${c.type} ${c.name}`).sort()).toEqual([
      "cloudflare:index/workersScript:WorkersScript Status_Verifier-worker",
      "cloudflare:index/workersScriptSubdomain:WorkersScriptSubdomain Status_Verifier-workers-dev",
    ]);
    for (const resource of Object.values(verifier.resources)) expect(await urnOf(resource)).toContain(`::${COMPONENT}$`);
    const script = byType("cloudflare:index/workersScript:WorkersScript")[0]!.inputs;
    expect(script).toMatchObject({
      accountId: "acc123",
      scriptName: "status-verifier",
      mainModule: "index.mjs",
      compatibilityDate: "2025-09-01",
    });
    expect(script.content).toBe(buildVerifierBundle({ publicKey, forwardTo: "https://voice.example.com" }).code);
    expect(secretInputs).toContain("content");
    expect(byType("cloudflare:index/workersScriptSubdomain:WorkersScriptSubdomain")[0]!.inputs).toEqual({
      accountId: "acc123",
      scriptName: "status-verifier",
      enabled: true,
      previewsEnabled: false,
    });
    expect(await value(verifier.url)).toBe("https://status-verifier.example.workers.dev/");
  });

  it("routes a zone's pattern to the Worker and outputs that URL; takes scriptName and compatibilityDate", async () => {
    const verifier = new WebhookVerifier("v", {
      publicKey,
      target: {
        platform: "cloudflare",
        accountId: "acc123",
        scriptName: "telnyx-hooks",
        compatibilityDate: "2026-01-15",
        route: { zoneId: "zone9", pattern: "hooks.example.com/telnyx/*" },
      },
    });
    await settled(verifier);
    expect(created.map((c) => c.type).sort()).toEqual([
      "cloudflare:index/workersRoute:WorkersRoute",
      "cloudflare:index/workersScript:WorkersScript",
    ]);
    expect(byType("cloudflare:index/workersRoute:WorkersRoute")[0]!.inputs).toEqual({
      zoneId: "zone9",
      pattern: "hooks.example.com/telnyx/*",
      script: "telnyx-hooks",
    });
    expect(byType("cloudflare:index/workersScript:WorkersScript")[0]!.inputs).toMatchObject({
      scriptName: "telnyx-hooks",
      compatibilityDate: "2026-01-15",
    });
    expect(await value(verifier.url)).toBe("https://hooks.example.com/telnyx/");
  });

  it("refuses a Worker nobody can reach, and a route pattern without a single URL", () => {
    expect(() => new WebhookVerifier("unreachable", { publicKey, target: { platform: "cloudflare", accountId: "acc" } })).toThrow(
      `WebhookVerifier: target "cloudflare" needs workersDevSubdomain (the account's <subdomain>.workers.dev) or route ({ zoneId, pattern }), or Telnyx cannot reach the Worker`,
    );
    expect(
      () =>
        new WebhookVerifier("wild", {
          publicKey,
          target: { platform: "cloudflare", accountId: "acc", route: { zoneId: "z", pattern: "*.example.com/*" } },
        }),
    ).toThrow('WebhookVerifier: route pattern "*.example.com/*" has a wildcard before its end, so it has no single URL');
    expect(routeUrl("hooks.example.com*")).toBe("https://hooks.example.com/");
    expect(workerName("My Verifier (prod)")).toBe("my-verifier-prod");
  });
});

describe("target bundle (default)", () => {
  it("creates nothing and has no url; the bundle outputs are as before", async () => {
    const verifier = new WebhookVerifier("bundle-only", { publicKey, forwardTo: "https://voice.example.com/status" });
    expect(await value(verifier.url)).toBeUndefined();
    expect(await value(verifier.platform)).toBe("bundle");
    expect(await value(verifier.lambdaHandler)).toBe("index.handler");
    expect(await value(verifier.code)).toBe(buildVerifierBundle({ publicKey, forwardTo: "https://voice.example.com/status" }).code);
    expect(verifier.resources).toEqual({});
    expect(created).toEqual([]);
  });
});

describe("optional peer dependencies", () => {
  it("loads a target's package only when asked, with a clear error when it is missing", () => {
    const missing = (id: string) => {
      const error = new Error(`Cannot find module '${id}'`) as NodeJS.ErrnoException;
      error.code = "MODULE_NOT_FOUND";
      throw error;
    };
    expect(() => loadTargetPackage("aws", missing)).toThrow(
      'WebhookVerifier: target "aws" needs @pulumi/aws, an optional peer dependency of pulumi-telnyx-texml that is not installed; run `npm install @pulumi/aws` in your Pulumi project (or use target { platform: "bundle" } and wire the bundle yourself)',
    );
    expect(() => loadTargetPackage("cloudflare", missing)).toThrow('target "cloudflare" needs @pulumi/cloudflare');
    // Another failure inside the package is not disguised as "missing".
    const broken = () => {
      throw new Error("syntax error in provider");
    };
    expect(() => loadTargetPackage("aws", broken)).toThrow("syntax error in provider");
    const loaded: string[] = [];
    expect(
      loadTargetPackage("cloudflare", (id) => {
        loaded.push(id);
        return { ok: true };
      }),
    ).toEqual({ ok: true });
    expect(loaded).toEqual(["@pulumi/cloudflare"]);
  });
});
