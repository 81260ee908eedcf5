import { afterAll, afterEach, describe, expect, it } from "vitest";
import { TelnyxApiError, TelnyxClient, clientFor } from "../../provider/base/client";
import { CHECK_BASE_URL, TelnyxConfigError, describeCause } from "../../provider/base/client/errors";
import { checkBaseUrl } from "../../provider/base/config";
import { retryFromEnv } from "../../provider/base/client/retry";
import { closedPort, startStub, type StubReply } from "../support/http-stub";

/** A key no message may ever contain. */
const KEY = "KEY_RECOGNISABLE_9f8e7d6c5b4a";

const stubs: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((s) => s.close()));
});

/** Every message produced in this file, checked for the key and printed at the end. */
const seen: string[] = [];
afterAll(() => {
  console.log(`error messages seen:\n${seen.map((m) => `  ${m}`).join("\n")}`);
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error(`expected a rejection, got ${String(error)}`);
  seen.push(error.message);
  return error;
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    seen.push(e.message);
    return e;
  }
  throw new Error("expected a throw");
}

async function stub(replies: StubReply[]) {
  const s = await startStub(replies);
  stubs.push(s);
  return { ...s, origin: s.baseUrl.replace(/\/v2$/, "") };
}

const noWait = async () => {};

describe("network failures and timeouts name the host and the cause", () => {
  it("connection refused: scheme://host:port, plain words and the code; kind and cause kept; retried first", async () => {
    const port = await closedPort();
    const sleeps: number[] = [];
    const client = new TelnyxClient({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}/v2`, sleep: async (ms) => void sleeps.push(ms) });
    const error = await failure(client.request({ method: "GET", path: "/texml_applications" }));
    expect(error).toBeInstanceOf(TelnyxApiError);
    expect(error.message).toBe(
      `Telnyx request GET /texml_applications to http://127.0.0.1:${port} failed: connection refused (ECONNREFUSED). ${CHECK_BASE_URL}`,
    );
    expect(error).toMatchObject({ kind: "network", method: "GET", path: "/texml_applications", origin: `http://127.0.0.1:${port}` });
    expect((error.cause as { code?: string }).code).toBe("ECONNREFUSED");
    expect(sleeps).toHaveLength(client.retry.maxRetries);
  });

  it("a connection dropped before the answer", async () => {
    const s = await stub([{ destroy: true }]);
    const client = new TelnyxClient({ apiKey: KEY, baseUrl: s.baseUrl, sleep: noWait });
    const error = await failure(client.request({ method: "POST", path: "/texml_applications", json: {} }));
    expect(error.message).toBe(
      `Telnyx request POST /texml_applications to ${s.origin} failed: connection closed by the server before it answered (UND_ERR_SOCKET). ${CHECK_BASE_URL}`,
    );
    expect(error).toMatchObject({ kind: "network" });
  });

  it("a timeout says how long and where", async () => {
    const s = await stub([{ delayMs: 400, status: 200, json: {} }]);
    const client = new TelnyxClient({ apiKey: KEY, baseUrl: s.baseUrl, timeoutMs: 60, retry: { maxRetries: 0 } });
    const error = await failure(client.request({ method: "GET", path: "/texml_applications", query: { "page[size]": 250 } }));
    expect(error.message).toBe(
      `Telnyx request GET /texml_applications?page%5Bsize%5D=250 to ${s.origin} timed out after 60 ms. ${CHECK_BASE_URL}`,
    );
    expect(error).toMatchObject({ kind: "timeout" });
    expect(error.cause).toBeDefined();
  });

  it("https names the default port", () => {
    expect(new TelnyxClient({ apiKey: KEY, baseUrl: "https://api.telnyx.com/v2" }).origin).toBe("https://api.telnyx.com:443");
  });

  it("walks cause chains and aggregate errors for the code", () => {
    const wrapped = new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:443"), { code: "ECONNREFUSED" }),
    });
    expect(describeCause(wrapped)).toBe("connection refused (ECONNREFUSED)");
    const aggregate = new AggregateError([Object.assign(new Error("connect ENETUNREACH ::1:443"), { code: "ENETUNREACH" })], "all failed");
    expect(describeCause(new Error("outer", { cause: aggregate }))).toBe("network unreachable (ENETUNREACH)");
    expect(describeCause(Object.assign(new Error("getaddrinfo ENOTFOUND api.telnyx.example"), { code: "ENOTFOUND" }))).toBe(
      "host name not found (ENOTFOUND)",
    );
    expect(describeCause(Object.assign(new Error("something odd"), { code: "E_ODD" }))).toBe("something odd (E_ODD)");
    expect(describeCause(new Error("outer", { cause: new Error("inner detail") }))).toBe("inner detail");
    expect(describeCause(undefined)).toBe("connection failed");
  });
});

describe("the base URL is checked when a client is made", () => {
  const form = "Set telnyx:baseUrl (stack config) or TELNYX_BASE_URL to an absolute http(s) URL such as https://api.telnyx.com/v2.";
  it.each([
    ["api.telnyx.com/v2", `Invalid Telnyx base URL "api.telnyx.com/v2": it has no http:// or https:// scheme. ${form}`],
    ["localhost:4010/v2", `Invalid Telnyx base URL "localhost:4010/v2": it has no http:// or https:// scheme. ${form}`],
    ["ftp://api.telnyx.com/v2", `Invalid Telnyx base URL "ftp://api.telnyx.com/v2": its scheme is ftp, not http or https. ${form}`],
    ["http://exa mple.com/v2", `Invalid Telnyx base URL "http://exa mple.com/v2": it does not parse as a URL. ${form}`],
    ["https://api.telnyx.com/v2?x=1", `Invalid Telnyx base URL "https://api.telnyx.com/v2?x=1": it has a query or fragment. ${form}`],
    [
      "https://me:hunter2@api.telnyx.com/v2",
      `Invalid Telnyx base URL "https://***@api.telnyx.com/v2": it contains a user name or password (the API key belongs in telnyx:apiKey). ${form}`,
    ],
    ["", `Invalid Telnyx base URL "": it is empty. ${form}`],
  ])("%j fails at once", (baseUrl, message) => {
    const error = thrown(() => new TelnyxClient({ apiKey: KEY, baseUrl }));
    expect(error).toBeInstanceOf(TelnyxConfigError);
    expect(error.message).toBe(message);
    expect((error as TelnyxConfigError).setting).toBe("telnyx:baseUrl / TELNYX_BASE_URL");
  });

  it("accepts the documented forms", () => {
    for (const url of ["https://api.telnyx.com/v2", "https://api.telnyx.com/v2/", "http://127.0.0.1:4010/v2", "http://[::1]:4010/v2"]) {
      expect(checkBaseUrl(url).hostname).not.toBe("");
    }
    expect(new TelnyxClient({ apiKey: KEY, baseUrl: "https://api.telnyx.com/v2/" }).baseUrl).toBe("https://api.telnyx.com/v2");
  });

  it("clientFor checks TELNYX_BASE_URL before sending anything", () => {
    const error = withEnv({ TELNYX_API_KEY: KEY, TELNYX_BASE_URL: "api.telnyx.com/v2" }, () => thrown(() => clientFor()));
    expect(error.message).toBe(`Invalid Telnyx base URL "api.telnyx.com/v2": it has no http:// or https:// scheme. ${form}`);
  });
});

describe("a 404 from a base URL without /v2 carries a hint", () => {
  const notFound: StubReply = {
    status: 404,
    json: { errors: [{ code: "10005", title: "Resource not found", detail: "The requested resource or URL could not be found." }] },
  };

  it("names the base URL in use", async () => {
    const s = await stub([notFound]);
    const client = new TelnyxClient({ apiKey: KEY, baseUrl: s.origin });
    const error = await failure(client.request({ method: "GET", path: "/texml_applications" }));
    expect(error.message).toBe(
      `Telnyx API error 404 on GET /texml_applications: Resource not found: The requested resource or URL could not be found. (code 10005) (is the base URL missing /v2? it is ${s.origin})`,
    );
    expect(error).toMatchObject({ kind: "http", status: 404, code: "10005", isNotFound: true });
  });

  it("also for another version path and for an empty 404 body", async () => {
    const s = await stub([{ status: 404 }]);
    const client = new TelnyxClient({ apiKey: KEY, baseUrl: `${s.origin}/v1/` });
    const error = await failure(client.request({ method: "GET", path: "/texml/Accounts/AC1/Queues/support" }));
    expect(error.message).toBe(
      `Telnyx API error 404 on GET /texml/Accounts/AC1/Queues/support: no error body (is the base URL missing /v2? it is ${s.origin}/v1)`,
    );
  });

  it("not when the base URL ends in /v2: a plain not-found", async () => {
    const s = await stub([notFound]);
    const client = new TelnyxClient({ apiKey: KEY, baseUrl: s.baseUrl });
    const error = await failure(client.request({ method: "GET", path: "/texml_applications/1" }));
    expect(error.message).toBe(
      "Telnyx API error 404 on GET /texml_applications/1: Resource not found: The requested resource or URL could not be found. (code 10005)",
    );
  });
});

describe("retry variables are validated", () => {
  it.each([
    ["TELNYX_MAX_RETRIES", "abc", 'TELNYX_MAX_RETRIES must be a whole number from 0 to 10, or unset for the default; it is "abc"'],
    ["TELNYX_MAX_RETRIES", "-1", 'TELNYX_MAX_RETRIES must be a whole number from 0 to 10, or unset for the default; it is "-1"'],
    ["TELNYX_MAX_RETRIES", "2.5", 'TELNYX_MAX_RETRIES must be a whole number from 0 to 10, or unset for the default; it is "2.5"'],
    ["TELNYX_MAX_RETRIES", "11", 'TELNYX_MAX_RETRIES must be a whole number from 0 to 10, or unset for the default; it is "11"'],
    [
      "TELNYX_RETRY_BASE_MS",
      "fast",
      'TELNYX_RETRY_BASE_MS must be a whole number from 0 to 60000 (milliseconds), or unset for the default; it is "fast"',
    ],
    [
      "TELNYX_RETRY_BASE_MS",
      "250ms",
      'TELNYX_RETRY_BASE_MS must be a whole number from 0 to 60000 (milliseconds), or unset for the default; it is "250ms"',
    ],
    [
      "TELNYX_RETRY_BASE_MS",
      "100000",
      'TELNYX_RETRY_BASE_MS must be a whole number from 0 to 60000 (milliseconds), or unset for the default; it is "100000"',
    ],
  ])("%s=%j is refused", (name, value, message) => {
    const error = thrown(() => retryFromEnv({ [name]: value }));
    expect(error).toBeInstanceOf(TelnyxConfigError);
    expect(error.message).toBe(message);
    expect((error as TelnyxConfigError).setting).toBe(name);
  });

  it("whole numbers in range are used; unset or empty means the default", () => {
    expect(retryFromEnv({ TELNYX_MAX_RETRIES: "0", TELNYX_RETRY_BASE_MS: " 1 " })).toEqual({ maxRetries: 0, baseDelayMs: 1 });
    expect(retryFromEnv({ TELNYX_MAX_RETRIES: "10", TELNYX_RETRY_BASE_MS: "60000" })).toEqual({ maxRetries: 10, baseDelayMs: 60_000 });
    expect(retryFromEnv({ TELNYX_MAX_RETRIES: "" })).toEqual({});
    expect(retryFromEnv({})).toEqual({});
  });

  it("clientFor refuses a bad value instead of ignoring it", () => {
    const env = { TELNYX_API_KEY: KEY, TELNYX_BASE_URL: "http://127.0.0.1:4010/v2", TELNYX_MAX_RETRIES: "many" };
    expect(() => withEnv(env, () => clientFor())).toThrow(
      'TELNYX_MAX_RETRIES must be a whole number from 0 to 10, or unset for the default; it is "many"',
    );
    expect(withEnv({ ...env, TELNYX_MAX_RETRIES: "2" }, () => clientFor()).retry.maxRetries).toBe(2);
  });
});

describe("no message contains the API key", () => {
  it("even when the server echoes the Authorization header or the key is pasted as the base URL", async () => {
    const echo: StubReply[] = [];
    const s = await startStub((req) => {
      const auth = String(req.headers.authorization);
      return (
        echo.shift() ?? {
          status: 422,
          json: { errors: [{ code: "1", title: auth, detail: `you sent ${auth}`, source: { pointer: `/${auth}` } }] },
        }
      );
    });
    stubs.push(s);
    const origin = s.baseUrl.replace(/\/v2$/, "");
    const client = new TelnyxClient({ apiKey: KEY, baseUrl: s.baseUrl, sleep: noWait, timeoutMs: 60, retry: { maxRetries: 0 } });
    const echoed = (await failure(client.request({ method: "POST", path: "/texml_applications", json: {} }))) as TelnyxApiError;
    expect(echoed.message).toBe(
      "Telnyx API error 422 on POST /texml_applications: Bearer [redacted]: you sent Bearer [redacted] (code 1, at /Bearer [redacted])",
    );
    expect(JSON.stringify(echoed.errors)).not.toContain(KEY);

    echo.push({ status: 201, text: "{oops" }, { delayMs: 300, status: 200, json: {} }, { destroy: true }, { status: 404 });
    await failure(client.request({ method: "POST", path: "/texml_applications", json: {} }));
    await failure(client.request({ method: "GET", path: "/texml_applications" }));
    await failure(client.request({ method: "GET", path: "/texml_applications" }));
    await failure(new TelnyxClient({ apiKey: KEY, baseUrl: origin }).request({ method: "GET", path: "/texml_applications" }));
    await failure(
      new TelnyxClient({ apiKey: KEY, baseUrl: `http://127.0.0.1:${await closedPort()}/v2`, sleep: noWait }).request({
        method: "GET",
        path: "/x",
      }),
    );

    const pasted = thrown(() => new TelnyxClient({ apiKey: KEY, baseUrl: KEY }));
    expect(pasted.message).toMatch(/^Invalid Telnyx base URL "\[redacted\]": it has no http:\/\/ or https:\/\/ scheme\./);
    thrown(() => new TelnyxClient({ apiKey: KEY, baseUrl: `https://user:${KEY}@api.telnyx.com/v2` }));
    withEnv({ TELNYX_API_KEY: KEY, TELNYX_BASE_URL: "api.telnyx.com" }, () => thrown(() => clientFor()));
    withEnv({ TELNYX_API_KEY: KEY, TELNYX_RETRY_BASE_MS: "x" }, () => thrown(() => clientFor()));

    expect(seen.length).toBeGreaterThanOrEqual(9);
    for (const message of seen) expect(message).not.toContain(KEY);
  });
});

function withEnv<T>(values: Record<string, string>, fn: () => T): T {
  const names = ["TELNYX_API_KEY", "TELNYX_BASE_URL", "TELNYX_ACCOUNT_SID", "TELNYX_MAX_RETRIES", "TELNYX_RETRY_BASE_MS"];
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
  for (const n of names) delete process.env[n];
  Object.assign(process.env, values);
  try {
    return fn();
  } finally {
    for (const n of names) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
  }
}
