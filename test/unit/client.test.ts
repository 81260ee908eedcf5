import { afterEach, describe, expect, it } from "vitest";
import { TelnyxApiError, TelnyxClient } from "../../provider/base/client";
import { CHECK_BASE_URL } from "../../provider/base/client/errors";
import { backoffDelay, retryAfterDelay, DEFAULT_RETRY_POLICY } from "../../provider/base/client/retry";
import { startStub, type StubReply } from "../support/http-stub";

const stubs: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((s) => s.close()));
});

async function clientWith(replies: StubReply[], options: { timeoutMs?: number } = {}) {
  const stub = await startStub(replies);
  stubs.push(stub);
  const delays: number[] = [];
  const client = new TelnyxClient({
    apiKey: "KEY_secret_value",
    baseUrl: stub.baseUrl,
    timeoutMs: options.timeoutMs,
    sleep: async (ms) => {
      delays.push(ms);
    },
  });
  return { client, stub, delays };
}

describe("TelnyxClient", () => {
  it("sends JSON bodies with the Bearer key and parses the JSON answer", async () => {
    const { client, stub } = await clientWith([{ status: 201, json: { data: { id: "1" } } }]);
    const res = await client.request({ method: "POST", path: "/texml_applications", json: { friendly_name: "a" } });
    expect(res).toMatchObject({ status: 201, body: { data: { id: "1" } } });
    expect(res.receivedAt).toBeGreaterThanOrEqual(res.sentAt);
    expect(stub.received[0]).toMatchObject({ method: "POST", url: "/v2/texml_applications", body: '{"friendly_name":"a"}' });
    expect(stub.received[0]?.headers.authorization).toBe("Bearer KEY_secret_value");
    expect(stub.received[0]?.headers["content-type"]).toBe("application/json");
  });

  it("sends form bodies urlencoded and query parameters without undefined values", async () => {
    const { client, stub } = await clientWith([{ status: 200, json: {} }]);
    await client.request({
      method: "POST",
      path: "/texml/Accounts/AC1/Queues",
      form: { FriendlyName: "a b", MaxSize: 5, Skip: undefined },
      query: { x: undefined, y: "1" },
    });
    expect(stub.received[0]?.url).toBe("/v2/texml/Accounts/AC1/Queues?y=1");
    expect(stub.received[0]?.body).toBe("FriendlyName=a+b&MaxSize=5");
    expect(stub.received[0]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("answers 204 with an undefined body", async () => {
    const { client } = await clientWith([{ status: 204 }]);
    const res = await client.request({ method: "DELETE", path: "/texml/Accounts/AC1/Queues/q" });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
  });

  it("turns Telnyx error bodies into TelnyxApiError with code, title, detail, pointer, method and path", async () => {
    const { client } = await clientWith([
      {
        status: 422,
        json: { errors: [{ code: "10015", title: "Invalid value", detail: "voice_url must be a URL", source: { pointer: "/voice_url" } }] },
      },
    ]);
    const error = await client.request({ method: "POST", path: "/texml_applications", json: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelnyxApiError);
    expect(error).toMatchObject({
      kind: "http",
      status: 422,
      code: "10015",
      title: "Invalid value",
      detail: "voice_url must be a URL",
      pointer: "/voice_url",
      method: "POST",
      path: "/texml_applications",
    });
    expect((error as Error).message).toBe(
      "Telnyx API error 422 on POST /texml_applications: Invalid value: voice_url must be a URL (code 10015, at /voice_url)",
    );
    expect((error as Error).message).not.toContain("KEY_secret_value");
  });

  it("retries idempotent requests on 503 and succeeds", async () => {
    const { client, stub, delays } = await clientWith([
      { status: 503, json: { errors: [] } },
      { status: 502 },
      { status: 200, json: { ok: true } },
    ]);
    const res = await client.request({ method: "GET", path: "/texml_applications/1" });
    expect(res.body).toEqual({ ok: true });
    expect(stub.received).toHaveLength(3);
    expect(delays).toHaveLength(2);
  });

  it("does not repeat a POST after a 5xx: the create may have been applied", async () => {
    const { client, stub } = await clientWith([{ status: 503 }, { status: 201, json: {} }]);
    const error = await client.request({ method: "POST", path: "/texml_applications", json: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "http", status: 503 });
    expect(stub.received).toHaveLength(1);
  });

  it("repeats even a POST after a 429 and honours Retry-After", async () => {
    const { client, stub, delays } = await clientWith([
      { status: 429, headers: { "retry-after": "2" } },
      { status: 201, json: { data: {} } },
    ]);
    await client.request({ method: "POST", path: "/texml_applications", json: {} });
    expect(stub.received).toHaveLength(2);
    expect(delays).toEqual([2000]);
  });

  it("caps Retry-After and gives up after maxRetries", async () => {
    const replies: StubReply[] = Array.from({ length: 6 }, () => ({ status: 429, headers: { "retry-after": "3600" } }));
    const { client, stub, delays } = await clientWith(replies);
    const error = await client.request({ method: "GET", path: "/x" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429 });
    expect(stub.received).toHaveLength(DEFAULT_RETRY_POLICY.maxRetries + 1);
    expect(delays).toEqual(Array(DEFAULT_RETRY_POLICY.maxRetries).fill(DEFAULT_RETRY_POLICY.maxDelayMs));
  });

  it("retries a GET whose connection dropped, reporting network errors by kind", async () => {
    const { client, stub } = await clientWith([{ destroy: true }, { status: 200, json: { ok: 1 } }]);
    expect((await client.request({ method: "GET", path: "/x" })).body).toEqual({ ok: 1 });
    expect(stub.received).toHaveLength(2);
    const { client: postClient } = await clientWith([{ destroy: true }]);
    await expect(postClient.request({ method: "POST", path: "/x", json: {} })).rejects.toMatchObject({
      kind: "network",
      method: "POST",
      path: "/x",
    });
  });

  it("times out per attempt", async () => {
    const { client } = await clientWith([{ delayMs: 500, status: 200, json: {} }], { timeoutMs: 50 });
    const origin = new URL(client.baseUrl).origin;
    await expect(client.request({ method: "POST", path: "/slow", json: {} })).rejects.toMatchObject({
      kind: "timeout",
      message: `Telnyx request POST /slow to ${origin} timed out after 50 ms. ${CHECK_BASE_URL}`,
    });
  });

  it("reports a 2xx with a body that is not JSON as invalid_response", async () => {
    const { client } = await clientWith([{ status: 201, text: "{not json" }]);
    await expect(client.request({ method: "POST", path: "/texml_applications", json: {} })).rejects.toMatchObject({
      kind: "invalid_response",
      message: "Telnyx answered POST /texml_applications with 201 and a body that is not JSON",
    });
  });
});

describe("retry timing", () => {
  it("parses Retry-After seconds and HTTP dates, capped", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxDelayMs: 10_000 };
    expect(retryAfterDelay("3", policy)).toBe(3000);
    expect(retryAfterDelay("Wed, 21 Oct 2015 07:28:05 GMT", policy, Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(5000);
    expect(retryAfterDelay("120", policy)).toBe(10_000);
    expect(retryAfterDelay("soon", policy)).toBeUndefined();
    expect(retryAfterDelay(undefined, policy)).toBeUndefined();
  });

  it("backs off exponentially with full jitter under the cap", () => {
    const policy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
  });
});
