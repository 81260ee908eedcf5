import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseQueueId, queueCreateForm, queueOutputs, queueProvider } from "../../provider/kinds/queue/api";
import { secretProvider } from "../../provider/kinds/secret/api";

describe("Queue check", () => {
  const saved = process.env.TELNYX_ACCOUNT_SID;
  beforeEach(() => {
    delete process.env.TELNYX_ACCOUNT_SID;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TELNYX_ACCOUNT_SID;
    else process.env.TELNYX_ACCOUNT_SID = saved;
  });

  it("fills accountSid from the environment so it is part of the recorded inputs", async () => {
    process.env.TELNYX_ACCOUNT_SID = "AC-from-env";
    expect(await queueProvider.check!({}, { name: "support", maxSize: 10 })).toEqual({
      inputs: { name: "support", maxSize: 10, accountSid: "AC-from-env" },
      failures: [],
    });
  });

  it("names each bad property", async () => {
    const result = await queueProvider.check!({}, { name: " padded ", maxSize: 0 });
    expect(result.failures).toEqual([
      { property: "name", reason: "must not start or end with white space" },
      { property: "maxSize", reason: "must be at least 1" },
      { property: "accountSid", reason: "is required: pass it, or set `pulumi config set telnyx:accountSid <sid>` or TELNYX_ACCOUNT_SID" },
    ]);
    expect((await queueProvider.check!({}, { name: "", maxSize: 1.5, accountSid: "AC" })).failures).toEqual([
      { property: "name", reason: "must not be empty" },
      { property: "maxSize", reason: "must be an integer" },
    ]);
  });
});

describe("Queue diff", () => {
  const state = { name: "support", sid: "support", accountSid: "AC1", maxSize: 10, currentSize: 4, averageWaitTime: 31 };

  it("ignores the live counters", async () => {
    expect(await queueProvider.diff!("support", state, { name: "support", maxSize: 10, accountSid: "AC1" })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("updates maxSize in place and replaces on a new name or account", async () => {
    expect(await queueProvider.diff!("support", state, { name: "support", maxSize: 20, accountSid: "AC1" })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await queueProvider.diff!("support", state, { name: "sales", maxSize: 10, accountSid: "AC2" })).toEqual({
      changes: true,
      replaces: ["name", "accountSid"],
      deleteBeforeReplace: false,
    });
  });
});

describe("Queue wire mapping", () => {
  it("sends FriendlyName and MaxSize", () => {
    expect(queueCreateForm({ name: "Support Queue", maxSize: 10, accountSid: "AC" })).toEqual({
      FriendlyName: "Support Queue",
      MaxSize: 10,
    });
    expect(queueCreateForm({ name: "q" })).toEqual({ FriendlyName: "q" });
  });

  it("maps the spec's queue to outputs with ISO 8601 dates", () => {
    expect(
      queueOutputs(
        {
          sid: "my-queue",
          account_sid: "AC1",
          average_wait_time: 30,
          current_size: 3,
          max_size: 10,
          date_created: "Fri, 27 Oct 2023 07:41:58 +0000",
          date_updated: "Fri, 27 Oct 2023 07:41:58 +0000",
          uri: "/Accounts/AC1/Queues/my-queue.json",
        },
        "my-queue",
        "AC1",
      ),
    ).toEqual({
      name: "my-queue",
      sid: "my-queue",
      accountSid: "AC1",
      maxSize: 10,
      currentSize: 3,
      averageWaitTime: 30,
      dateCreated: "2023-10-27T07:41:58.000Z",
      dateUpdated: "2023-10-27T07:41:58.000Z",
      uri: "/Accounts/AC1/Queues/my-queue.json",
    });
  });

  it("reads import ids with or without the account", () => {
    expect(parseQueueId("support", "AC-config")).toEqual({ accountSid: "AC-config", sid: "support" });
    expect(parseQueueId("AC9/support", "AC-config")).toEqual({ accountSid: "AC9", sid: "support" });
  });
});

describe("Secret", () => {
  it("validates the name for Mustache and never quotes the value", async () => {
    const result = await secretProvider.check!({}, { name: "db.password", value: "" });
    expect(result.failures).toEqual([
      {
        property: "name",
        reason:
          "must start with a letter or underscore and contain only letters, digits, underscores and hyphens, so that TeXML can reference it as {{name}}",
      },
      { property: "value", reason: "must not be empty" },
    ]);
    const bad = await secretProvider.check!({}, { name: "ok_name", value: 12345 });
    expect(bad.failures).toEqual([{ property: "value", reason: "must be a string" }]);
    expect(JSON.stringify(bad.failures)).not.toContain("12345");
  });

  it("updates a new value in place and replaces a new name", async () => {
    const state = { name: "api_token", value: "old" };
    expect(await secretProvider.diff!("api_token", state, { name: "api_token", value: "old" })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await secretProvider.diff!("api_token", state, { name: "api_token", value: "new" })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await secretProvider.diff!("api_token", state, { name: "token2", value: "old" })).toEqual({
      changes: true,
      replaces: ["name"],
      deleteBeforeReplace: false,
    });
  });

  it("takes retireOnDelete as a boolean, and treats leaving it out as false", async () => {
    expect((await secretProvider.check!({}, { name: "api_token", value: "v", retireOnDelete: true })).failures).toEqual([]);
    expect((await secretProvider.check!({}, { name: "api_token", value: "v", retireOnDelete: "yes" })).failures).toEqual([
      { property: "retireOnDelete", reason: "must be true or false" },
    ]);
    const noChange = { changes: false, replaces: [], deleteBeforeReplace: false };
    const inPlace = { changes: true, replaces: [], deleteBeforeReplace: false };
    // State written before the option existed has no retireOnDelete: the same as false.
    expect(
      await secretProvider.diff!("api_token", { name: "api_token", value: "v" }, { name: "api_token", value: "v", retireOnDelete: false }),
    ).toEqual(noChange);
    expect(
      await secretProvider.diff!("api_token", { name: "api_token", value: "v", retireOnDelete: false }, { name: "api_token", value: "v" }),
    ).toEqual(noChange);
    expect(
      await secretProvider.diff!(
        "api_token",
        { name: "api_token", value: "v", retireOnDelete: false },
        { name: "api_token", value: "v", retireOnDelete: true },
      ),
    ).toEqual(inPlace);
    // Removing the option must reach the state, or a later delete would still retire the value.
    expect(
      await secretProvider.diff!("api_token", { name: "api_token", value: "v", retireOnDelete: true }, { name: "api_token", value: "v" }),
    ).toEqual(inPlace);
  });

  it("refuses import at check, because Telnyx cannot read a secret", async () => {
    await expect(secretProvider.check!({}, { name: "api_token", value: "v", __importId: "api_token" })).rejects.toThrow(
      /^texml\.Secret "api_token" cannot be imported: Telnyx has no endpoint to read a secret/,
    );
  });

  it("keeps the state on refresh", async () => {
    expect(await secretProvider.read!("api_token", { name: "api_token", value: "v" })).toEqual({
      id: "api_token",
      props: { name: "api_token", value: "v" },
    });
  });
});
