// The messages a user reads: a 401 names the key's settings, an unreachable API the base
// URL's, a 401 in refresh or destroy says the state holds the key from the last `pulumi up`;
// none contains the key. And the two mechanisms that keep them to one line in the CLI: the
// RunError mark Pulumi's language host reads, and the dropped stderr copy in the provider.
import { afterEach, describe, expect, it, vi } from "vitest";
import { RunError } from "@pulumi/pulumi/errors";
import { TelnyxClient } from "../../provider/base/client";
import { CHECK_API_KEY, CHECK_BASE_URL, TelnyxApiError, withStateKeyAdvice } from "../../provider/base/client/errors";
import { DEBUG_VARIABLE, TelnyxTexmlError, TelnyxValidationError } from "../../provider/base/errors";
import { reportedOnce } from "../../provider/faces/dynamic/reported-errors";
import { closedPort, startStub } from "../support/http-stub";

const KEY = "KEYsecret0123456789abcdef";
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  while (cleanups.length) await cleanups.pop()!();
});

async function rejection(promise: Promise<unknown>): Promise<TelnyxApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TelnyxApiError);
    return error as TelnyxApiError;
  }
  throw new Error("expected a rejection");
}

describe("messages", () => {
  it("a 401 names telnyx:apiKey and TELNYX_API_KEY, says the title once, and never the key", async () => {
    const s = await startStub([
      {
        status: 401,
        json: {
          errors: [
            { code: "10009", title: "Authentication failed", detail: "Authentication failed" },
            { title: "echo", detail: `got ${KEY}` },
          ],
        },
      },
    ]);
    cleanups.push(() => s.close());
    const error = await rejection(
      new TelnyxClient({ apiKey: KEY, baseUrl: s.baseUrl, retry: { maxRetries: 0 } }).request({
        method: "GET",
        path: "/texml_applications",
      }),
    );
    expect(error.message).toBe(
      `Telnyx refused the API key (401) on GET /texml_applications: Authentication failed (code 10009); echo: got [redacted]. ${CHECK_API_KEY}`,
    );
    expect(CHECK_API_KEY).toBe("Check telnyx:apiKey (`pulumi config set --secret telnyx:apiKey <key>`) or TELNYX_API_KEY.");
  });

  it("an unreachable API names telnyx:baseUrl and TELNYX_BASE_URL", async () => {
    const port = await closedPort();
    const error = await rejection(
      new TelnyxClient({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}/v2`, retry: { maxRetries: 0 } }).request({
        method: "GET",
        path: "/x",
      }),
    );
    expect(error.message).toBe(
      `Telnyx request GET /x to http://127.0.0.1:${port} failed: connection refused (ECONNREFUSED). ${CHECK_BASE_URL}`,
    );
    expect(CHECK_BASE_URL).toBe(
      "Check telnyx:baseUrl (`pulumi config set telnyx:baseUrl <url>`) or TELNYX_BASE_URL, and that the host is reachable.",
    );
  });

  it("a 401 in refresh or destroy says the state holds the key from the last up; it keeps the original as cause", () => {
    const original = new TelnyxApiError({
      kind: "http",
      status: 401,
      method: "DELETE",
      path: "/texml/Accounts/AC1/Queues/q",
      errors: [{ title: "Authentication failed", detail: `key ${KEY}` }],
      redact: [KEY],
    });
    const advised = withStateKeyAdvice(original) as TelnyxApiError;
    expect(advised).toBeInstanceOf(TelnyxApiError);
    expect(advised.message).toBe(
      "Telnyx refused the API key (401) on DELETE /texml/Accounts/AC1/Queues/q: Authentication failed: key [redacted]. " +
        "Refresh and destroy do not run the program: the stack's state holds the key from the last `pulumi up`; run with --run-program, or `pulumi up` first, to use the new key in telnyx:apiKey.",
    );
    expect({ status: advised.status, kind: advised.kind, method: advised.method, path: advised.path, cause: advised.cause }).toEqual({
      status: 401,
      kind: "http",
      method: "DELETE",
      path: "/texml/Accounts/AC1/Queues/q",
      cause: original,
    });
    const notFound = new TelnyxApiError({ kind: "http", status: 404, method: "GET", path: "/x" });
    expect(withStateKeyAdvice(notFound)).toBe(notFound);
    const other = new Error("boom");
    expect(withStateKeyAdvice(other)).toBe(other);
  });
});

describe("one line in the CLI", () => {
  it("every error of the family is a RunError to Pulumi (message only), unless TELNYX_TEXML_DEBUG asks for the detail", () => {
    const error = new TelnyxValidationError("limit", "limit: must be a positive integer, got 0");
    expect(RunError.isInstance(error)).toBe(true);
    expect(Object.keys(error)).not.toContain("__pulumiRunError");
    vi.stubEnv(DEBUG_VARIABLE, "1");
    expect(RunError.isInstance(error)).toBe(false);
    vi.stubEnv(DEBUG_VARIABLE, "0");
    expect(RunError.isInstance(error)).toBe(true);
    expect(RunError.isInstance(new Error("not ours"))).toBe(false);
  });

  it("the provider host's stderr copy of an error the provider threw is dropped, once; anything else is written", () => {
    const written: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void written.push(args);
    cleanups.push(() => {
      console.error = original;
    });
    const error = reportedOnce(new TelnyxTexmlError("api", "Telnyx refused the API key (401)")) as TelnyxTexmlError;
    const foreign = new Error("not ours");
    console.error(`${String(error)}: ${error.stack}`);
    console.error(`${String(foreign)}: ${foreign.stack}`);
    console.error(`${String(error)}: ${error.stack}`);
    console.error("a", "b");
    expect(written).toEqual([[`${String(foreign)}: ${foreign.stack}`], [`${String(error)}: ${error.stack}`], ["a", "b"]]);
  });
});
