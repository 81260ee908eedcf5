// One error family: every error the package throws on purpose is a TelnyxTexmlError with a
// stable `family`, its subclass's `name`, the error it wraps as `cause`, and never the API key.
import { execFile } from "node:child_process";
import path from "node:path";
import { inspect, promisify } from "node:util";
import nacl from "tweetnacl";
import { afterEach, describe, expect, it } from "vitest";
import * as YAML from "yaml";
import { ZodError, z } from "zod";
import * as root from "../../provider";
import { TelnyxApiError, TelnyxClient } from "../../provider/base/client";
import { TelnyxConfigError } from "../../provider/base/client/errors";
import { checkBaseUrl, requireAccountSid, requireApiKey } from "../../provider/base/config";
import { retryFromEnv } from "../../provider/base/client/retry";
import * as data from "../../provider/data";
import { dayFilter } from "../../provider/data/common";
import { loadTexmlFile, TexmlFileError } from "../../provider/faces/dynamic/declarative/load";
import { TelnyxImportError, TelnyxTexmlError, TelnyxValidationError, type TelnyxTexmlErrorFamily } from "../../provider/base/errors";
import { importError } from "../../provider/kinds/adopt";
import { settleAmbiguousCreate, settleMsFromEnv } from "../../provider/kinds/ambiguous";
import { applicationProvider } from "../../provider/kinds/application/api";
import { secretProvider } from "../../provider/kinds/secret/api";
import { parseResponse } from "../../provider/base/schemas/parse";
import * as webhooks from "../../provider/webhooks";
import { signWebhook, verifyWebhook, WebhookVerificationError } from "../../provider/webhooks";
import { closedPort, startStub } from "../support/http-stub";

/** A key no message (nor anything `inspect` prints, causes included) may contain. */
const KEY = "KEY_FAMILY_5a4b3c2d1e0f";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setEnv(values: Record<string, string | undefined>): void {
  const saved = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>) => {
    for (const [k, value] of Object.entries(v)) {
      if (value === undefined) delete process.env[k];
      else process.env[k] = value;
    }
  };
  apply(values);
  cleanups.push(() => apply(saved));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

/** Asserts the family contract and returns the error, typed. */
function member<T extends TelnyxTexmlError>(
  error: unknown,
  type: abstract new (...args: never[]) => T,
  name: string,
  family: TelnyxTexmlErrorFamily,
): T {
  expect(error).toBeInstanceOf(type);
  expect(error).toBeInstanceOf(TelnyxTexmlError);
  expect(error).toBeInstanceOf(Error);
  const e = error as T;
  expect(e.name).toBe(name);
  expect(e.family).toBe(family);
  expect(String(e)).toMatch(new RegExp(`^${name}: `));
  expect(e.stack).toContain(name);
  expect(inspect(e, { depth: 10 })).not.toContain(KEY);
  return e;
}

describe("the base class", () => {
  it("keeps a given cause, has none otherwise, and names itself after the subclass", () => {
    const inner = new Error("inner");
    const withCause = new TelnyxTexmlError("config", "outer", inner);
    expect(withCause.cause).toBe(inner);
    expect(withCause.name).toBe("TelnyxTexmlError");
    expect(withCause.message).toBe("outer");
    const without = new TelnyxTexmlError("api", "no cause");
    expect("cause" in without).toBe(false);
    class Custom extends TelnyxTexmlError {}
    expect(new Custom("file", "x").name).toBe("Custom");
  });

  it("is exported from the package root, /data and /webhooks as the same class", () => {
    expect(root.TelnyxTexmlError).toBe(TelnyxTexmlError);
    expect(data.TelnyxTexmlError).toBe(TelnyxTexmlError);
    expect(webhooks.TelnyxTexmlError).toBe(TelnyxTexmlError);
    expect([
      root.TelnyxApiError,
      root.TelnyxConfigError,
      root.TelnyxValidationError,
      root.TelnyxImportError,
      root.TexmlFileError,
      root.WebhookVerificationError,
    ]).toEqual([TelnyxApiError, TelnyxConfigError, TelnyxValidationError, TelnyxImportError, TexmlFileError, WebhookVerificationError]);
    expect([data.TelnyxApiError, data.TelnyxValidationError, data.TelnyxConfigError]).toEqual([
      TelnyxApiError,
      TelnyxValidationError,
      TelnyxConfigError,
    ]);
  });

  it("loads neither @pulumi/pulumi nor zod, nor does /webhooks (built package)", async () => {
    const repoRoot = path.resolve(__dirname, "../..");
    const script = `
      for (const m of ["./dist/provider/base/errors.js", "./dist/provider/webhooks/index.js"]) require(m);
      const heavy = Object.keys(require.cache).filter((f) => /node_modules[\\\\/](zod|@pulumi)[\\\\/]/.test(f));
      console.log(JSON.stringify({ heavy, base: typeof require("./dist/provider/base/errors.js").TelnyxTexmlError }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { cwd: repoRoot });
    expect(JSON.parse(stdout)).toEqual({ heavy: [], base: "function" });
  });
});

describe("api: TelnyxApiError", () => {
  it("a network failure keeps the transport error as cause (ECONNREFUSED on a closed loopback port)", async () => {
    const port = await closedPort();
    const client = new TelnyxClient({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}/v2`, retry: { maxRetries: 0 } });
    const error = member(
      await rejection(client.request({ method: "GET", path: "/texml_applications" })),
      TelnyxApiError,
      "TelnyxApiError",
      "api",
    );
    expect(error.kind).toBe("network");
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });

  it("an HTTP error echoing the key has it redacted; a 2xx body that is not JSON keeps the parse error", async () => {
    const s = await startStub([
      { status: 401, json: { errors: [{ code: "10009", title: "Authentication failed", detail: `bad key ${KEY}` }] } },
      { status: 200, text: "{not json" },
    ]);
    cleanups.push(() => s.close());
    const client = new TelnyxClient({ apiKey: KEY, baseUrl: s.baseUrl, retry: { maxRetries: 0 } });
    const http = member(
      await rejection(client.request({ method: "GET", path: "/texml_applications" })),
      TelnyxApiError,
      "TelnyxApiError",
      "api",
    );
    expect(http.status).toBe(401);
    expect(http.message).toContain("bad key [redacted]");
    const invalid = member(
      await rejection(client.request({ method: "GET", path: "/texml_applications" })),
      TelnyxApiError,
      "TelnyxApiError",
      "api",
    );
    expect(invalid.kind).toBe("invalid_response");
    expect(invalid.cause).toBeInstanceOf(SyntaxError);
  });

  it("a body that does not match the spec keeps the schema's ZodError as cause", () => {
    const error = member(
      thrown(() => parseResponse(z.object({ data: z.object({ id: z.string() }) }), { data: { id: 7 } }, { method: "GET", path: "/x" })),
      TelnyxApiError,
      "TelnyxApiError",
      "api",
    );
    expect(error.message).toBe(
      "Telnyx answered GET /x with a body that does not match the spec: data.id: Invalid input: expected string, received number",
    );
    expect(error.cause).toBeInstanceOf(ZodError);
  });
});

describe("config: TelnyxConfigError", () => {
  it("names the setting, for a base URL, a retry variable, a missing key or account, and the settle time", () => {
    const cases: [unknown, string][] = [
      [thrown(() => checkBaseUrl(`https://${KEY}@api.telnyx.com/v2`, [KEY])), "telnyx:baseUrl / TELNYX_BASE_URL"],
      [thrown(() => retryFromEnv({ TELNYX_MAX_RETRIES: "many" })), "TELNYX_MAX_RETRIES"],
      [thrown(() => requireApiKey({ baseUrl: "https://api.telnyx.com/v2" })), "telnyx:apiKey / TELNYX_API_KEY"],
      [
        thrown(() => requireAccountSid(undefined, { baseUrl: "https://api.telnyx.com/v2" })),
        "accountSid / telnyx:accountSid / TELNYX_ACCOUNT_SID",
      ],
    ];
    setEnv({ TELNYX_CREATE_SETTLE_MS: "soon" });
    cases.push([thrown(() => settleMsFromEnv()), "TELNYX_CREATE_SETTLE_MS"]);
    for (const [error, setting] of cases) expect(member(error, TelnyxConfigError, "TelnyxConfigError", "config").setting).toBe(setting);
    // Message texts are unchanged (only they cross the dynamic provider's boundary).
    expect((cases[3]![0] as Error).message).toBe(
      "accountSid: no TeXML account SID; pass `accountSid`, or set `pulumi config set telnyx:accountSid <sid>` or TELNYX_ACCOUNT_SID",
    );
    expect((cases[4]![0] as Error).message).toBe('TELNYX_CREATE_SETTLE_MS must be a whole number of milliseconds up to 600000, not "soon"');
  });
});

describe("validation: TelnyxValidationError", () => {
  it("names the argument at fault, with the message as before", async () => {
    const short = member(
      await rejection(data.getApplications({ friendlyName: "ab" })),
      TelnyxValidationError,
      "TelnyxValidationError",
      "validation",
    );
    expect(short).toMatchObject({ property: "friendlyName", message: "friendlyName: the filter needs at least 3 characters" });
    const day = member(
      thrown(() => dayFilter("startTime", "yesterday")),
      TelnyxValidationError,
      "TelnyxValidationError",
      "validation",
    );
    expect(day).toMatchObject({ property: "startTime", message: 'startTime: expected a date as YYYY-MM-DD or a Date, got "yesterday"' });
    setEnv({ TELNYX_API_KEY: KEY, TELNYX_BASE_URL: "http://127.0.0.1:9/v2" });
    const limit = member(
      await rejection(data.getQueues({ accountSid: "AC1", limit: 0 })),
      TelnyxValidationError,
      "TelnyxValidationError",
      "validation",
    );
    expect(limit).toMatchObject({ property: "limit", message: "limit: must be a positive integer, got 0" });
  });

  it("the webhook verifier's options: the public key, forwardTo and the bundle's settings", () => {
    const key = member(
      thrown(() => webhooks.checkPublicKey("not-a-key")),
      TelnyxValidationError,
      "TelnyxValidationError",
      "validation",
    );
    expect(key.property).toBe("publicKey");
    expect(key.message).toMatch(/^publicKey: must be the account's Ed25519 public key from the Telnyx portal/);
    const publicKey = Buffer.from(nacl.sign.keyPair().publicKey).toString("base64");
    const forward = member(
      thrown(() => webhooks.createWebhookHandler({ publicKey, forwardTo: "ftp://example.com" })),
      TelnyxValidationError,
      "TelnyxValidationError",
      "validation",
    );
    expect(forward).toMatchObject({ property: "forwardTo", message: 'forwardTo: must be an http(s) URL, got "ftp://example.com"' });
    const engine = member(
      thrown(() => webhooks.buildVerifierBundle({ publicKey, engine: "rsa" as never })),
      TelnyxValidationError,
      "TelnyxValidationError",
      "validation",
    );
    expect(engine).toMatchObject({ property: "engine", message: 'engine: must be "auto", "webcrypto" or "tweetnacl", got "rsa"' });
  });
});

describe("import: TelnyxImportError", () => {
  it("an import of an application Telnyx does not have keeps the API's 404 as cause", async () => {
    const s = await startStub([{ status: 404, json: { errors: [{ code: "10005", title: "Resource not found" }] } }]);
    cleanups.push(() => s.close());
    setEnv({ TELNYX_API_KEY: KEY, TELNYX_BASE_URL: s.baseUrl, TELNYX_MAX_RETRIES: "0" });
    const error = member(
      await rejection(applicationProvider.create!({ __importId: "42", friendlyName: "support", voiceUrl: "https://example.com/texml" })),
      TelnyxImportError,
      "TelnyxImportError",
      "import",
    );
    expect(error.message).toBe("cannot import application 42: Telnyx has no TeXML application with that id");
    expect(error.cause).toBeInstanceOf(TelnyxApiError);
    expect((error.cause as TelnyxApiError).isNotFound).toBe(true);
  });

  it("mismatched imports and secret imports are refused as imports", async () => {
    const mismatch = member(
      importError("queue q1", [{ property: "maxSize", reason: "differs" }]),
      TelnyxImportError,
      "TelnyxImportError",
      "import",
    );
    expect(mismatch.message).toBe("cannot import queue q1: maxSize differs");
    const secret = member(
      await rejection(secretProvider.check!({}, { name: "token", value: "v", __importId: "token" })),
      TelnyxImportError,
      "TelnyxImportError",
      "import",
    );
    expect(secret.message).toMatch(/^texml\.Secret "token" cannot be imported/);
  });

  it("an ambiguous create that cannot be settled keeps the create's error, or the failed lookup's, as cause", async () => {
    const first = new TelnyxApiError({ kind: "timeout", method: "POST", path: "/texml_applications", timeoutMs: 5 });
    const base = { what: 'TeXML application "x"', sentAt: Date.now(), retry: async () => "never", settleMs: 0, sleep: async () => {} };
    const candidate = {
      object: "other",
      id: "7",
      createdAt: Date.now(),
      precisionMs: 1000,
      identity: "unknown" as const,
      matchesInputs: true,
    };
    const unproven = member(
      await rejection(settleAmbiguousCreate(first, { ...base, lookup: async () => ({ candidates: [candidate] }) })),
      TelnyxImportError,
      "TelnyxImportError",
      "import",
    );
    expect(unproven.cause).toBe(first);
    expect(unproven.message).toMatch(/cannot be proven whether Telnyx applied it/);
    const lookupFailure = new Error("listing failed");
    const blind = member(
      await rejection(
        settleAmbiguousCreate(first, {
          ...base,
          lookup: async () => {
            throw lookupFailure;
          },
        }),
      ),
      TelnyxImportError,
      "TelnyxImportError",
      "import",
    );
    expect(blind.cause).toBe(lookupFailure);
  });
});

describe("file: TexmlFileError", () => {
  it("a YAML parse error is kept as cause; several as an AggregateError; a schema problem keeps the ZodError", () => {
    const one = member(
      thrown(() => loadTexmlFile("texml.yaml", "queues: [")),
      TexmlFileError,
      "TexmlFileError",
      "file",
    );
    expect(one.cause).toBeInstanceOf(YAML.YAMLParseError);
    expect(one.message).toMatch(/^texml\.yaml: line 1: /);
    const several = member(
      thrown(() => loadTexmlFile("texml.yaml", "a: 1\na: 2\nb: [\n")),
      TexmlFileError,
      "TexmlFileError",
      "file",
    );
    expect(several.problems.length).toBeGreaterThan(1);
    expect(several.cause).toBeInstanceOf(AggregateError);
    expect((several.cause as AggregateError).errors.every((e) => e instanceof YAML.YAMLParseError)).toBe(true);
    const schema = member(
      thrown(() => loadTexmlFile("texml.yaml", "queues:\n  q:\n    maxSize: -1\n")),
      TexmlFileError,
      "TexmlFileError",
      "file",
    );
    expect(schema.problems.join("\n")).toMatch(/queues\.q/);
    expect(schema.cause).toBeInstanceOf(ZodError);
  });
});

describe("webhook: WebhookVerificationError", () => {
  it("a refused webhook is in the family, with its reason", () => {
    const keys = nacl.sign.keyPair();
    const unsigned = member(
      thrown(() => verifyWebhook("{}", {}, { publicKey: keys.publicKey })),
      WebhookVerificationError,
      "WebhookVerificationError",
      "webhook",
    );
    expect(unsigned.reason).toBe("missing_signature");
    expect("cause" in unsigned).toBe(false);
    const headers = signWebhook('{"a":1}', keys.secretKey);
    const tampered = member(
      thrown(() => verifyWebhook('{"a":2}', headers, { publicKey: keys.publicKey })),
      WebhookVerificationError,
      "WebhookVerificationError",
      "webhook",
    );
    expect(tampered.reason).toBe("signature_mismatch");
  });
});
