// The state rewrite of `telnyx-texml migrate --to-plugin` on a `pulumi stack export` document:
// types, URNs and every reference to them, the provider, and what is dropped; and the settings
// copied from the stack config file with the API key left encrypted.
import { describe, expect, it } from "vitest";
import { pluginSettingsFromConfig } from "../../provider/migrate/cli";
import { migrateToPlugin, type StackExport, type StateResource } from "../../provider/migrate/to-plugin";

const PREFIX = "urn:pulumi:dev::shop::";
const STACK = `${PREFIX}pulumi:pulumi:Stack::shop-dev`;
const DYNAMIC = `${PREFIX}pulumi:providers:pulumi-nodejs::default`;
const SECRET_MARK = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

function dynamicExport(): StackExport {
  const resources: StateResource[] = [
    { urn: STACK, type: "pulumi:pulumi:Stack", custom: false },
    { urn: DYNAMIC, type: "pulumi:providers:pulumi-nodejs", custom: true, id: "p-1", inputs: {}, outputs: {} },
    { urn: `${PREFIX}my:Line::ivr`, type: "my:Line", custom: false, parent: STACK },
    {
      urn: `${PREFIX}my:Line$pulumi-nodejs:dynamic/texml:Application::ivr-app`,
      type: "pulumi-nodejs:dynamic/texml:Application",
      custom: true,
      id: "app-1",
      parent: `${PREFIX}my:Line::ivr`,
      provider: `${DYNAMIC}::p-1`,
      inputs: { __provider: "exports.handler = ...", friendlyName: "ivr", voiceUrl: "https://v/ivr" },
      outputs: {
        __provider: "exports.handler = ...",
        __declared: ["friendlyName", "voiceUrl"],
        friendlyName: "ivr",
        voiceUrl: "https://v/ivr",
        id: "app-1",
      },
    },
    {
      // A component parented to an application: its URN carries the parent's type.
      urn: `${PREFIX}my:Line$pulumi-nodejs:dynamic/texml:Application$my:Note::ivr-note`,
      type: "my:Note",
      custom: false,
      parent: `${PREFIX}my:Line$pulumi-nodejs:dynamic/texml:Application::ivr-app`,
    },
    {
      urn: `${PREFIX}pulumi-nodejs:dynamic/texml:SecretName::crm_token`,
      type: "pulumi-nodejs:dynamic/texml:SecretName",
      custom: true,
      id: "crm_token",
      parent: STACK,
      provider: `${DYNAMIC}::p-1`,
    },
    {
      urn: `${PREFIX}pulumi-nodejs:dynamic/texml:Secret::crm`,
      type: "pulumi-nodejs:dynamic/texml:Secret",
      custom: true,
      id: "crm_token",
      parent: STACK,
      provider: `${DYNAMIC}::p-1`,
      dependencies: [
        `${PREFIX}pulumi-nodejs:dynamic/texml:SecretName::crm_token`,
        `${PREFIX}my:Line$pulumi-nodejs:dynamic/texml:Application::ivr-app`,
      ],
      propertyDependencies: {
        __provider: [],
        name: [`${PREFIX}pulumi-nodejs:dynamic/texml:SecretName::crm_token`],
        value: [`${PREFIX}my:Line$pulumi-nodejs:dynamic/texml:Application::ivr-app`],
      },
      inputs: { __provider: "x", name: "crm_token", value: { ...SECRET_MARK, ciphertext: "v1:abc" } },
      outputs: { __provider: "x", name: "crm_token", value: { ...SECRET_MARK, ciphertext: "v1:def" } },
    },
  ];
  return { version: 3, deployment: { manifest: { time: "t" }, resources } };
}

describe("migrateToPlugin", () => {
  const settings = { accountSid: "AC1", baseUrl: "http://127.0.0.1:4010/v2" };

  it("moves each resource to the plugin's type under a new default provider, keeping ids, values and references", () => {
    const { exported, moved, dropped } = migrateToPlugin(dynamicExport(), settings);
    const resources = exported.deployment.resources!;
    const provider = resources.find((r) => r.type === "pulumi:providers:telnyx-texml")!;
    expect(provider.urn).toBe(`${PREFIX}pulumi:providers:telnyx-texml::default`);
    expect(provider.inputs).toEqual({ accountSid: "AC1", baseUrl: "http://127.0.0.1:4010/v2" });
    const reference = `${provider.urn}::${provider.id}`;

    expect(resources.map((r) => r.urn)).toEqual([
      STACK,
      `${PREFIX}my:Line::ivr`,
      provider.urn,
      `${PREFIX}my:Line$telnyx-texml:index:Application::ivr-app`,
      `${PREFIX}my:Line$telnyx-texml:index:Application$my:Note::ivr-note`,
      `${PREFIX}telnyx-texml:index:Secret::crm`,
    ]);
    const [, , , app, note, secret] = resources;
    expect(note).toEqual({
      urn: `${PREFIX}my:Line$telnyx-texml:index:Application$my:Note::ivr-note`,
      type: "my:Note",
      custom: false,
      parent: `${PREFIX}my:Line$telnyx-texml:index:Application::ivr-app`,
    });
    expect(app).toEqual({
      urn: `${PREFIX}my:Line$telnyx-texml:index:Application::ivr-app`,
      type: "telnyx-texml:index:Application",
      custom: true,
      id: "app-1",
      parent: `${PREFIX}my:Line::ivr`,
      provider: reference,
      inputs: { friendlyName: "ivr", voiceUrl: "https://v/ivr" },
      outputs: { __declared: ["friendlyName", "voiceUrl"], friendlyName: "ivr", voiceUrl: "https://v/ivr", id: "app-1" },
    });
    expect(secret).toMatchObject({
      type: "telnyx-texml:index:Secret",
      id: "crm_token",
      provider: reference,
      dependencies: [`${PREFIX}my:Line$telnyx-texml:index:Application::ivr-app`],
      propertyDependencies: { name: [], value: [`${PREFIX}my:Line$telnyx-texml:index:Application::ivr-app`] },
      inputs: { name: "crm_token", value: { ...SECRET_MARK, ciphertext: "v1:abc" } },
      outputs: { name: "crm_token", value: { ...SECRET_MARK, ciphertext: "v1:def" } },
    });
    expect(secret!.propertyDependencies).toEqual({ name: [], value: [`${PREFIX}my:Line$telnyx-texml:index:Application::ivr-app`] });
    expect(moved).toEqual([
      "pulumi-nodejs:dynamic/texml:Application ivr-app -> telnyx-texml:index:Application",
      "pulumi-nodejs:dynamic/texml:Secret crm -> telnyx-texml:index:Secret",
    ]);
    expect(dropped).toEqual([`${PREFIX}pulumi-nodejs:dynamic/texml:SecretName::crm_token`, DYNAMIC]);
    expect(exported.deployment.manifest).toEqual({ time: "t" });
  });

  it("keeps the dynamic provider while another dynamic resource still uses it", () => {
    const input = dynamicExport();
    input.deployment.resources!.push({
      urn: `${PREFIX}pulumi-nodejs:dynamic:Resource::other`,
      type: "pulumi-nodejs:dynamic:Resource",
      custom: true,
      id: "o",
      provider: `${DYNAMIC}::p-1`,
    });
    const { exported, dropped } = migrateToPlugin(input, settings);
    expect(exported.deployment.resources!.some((r) => r.urn === DYNAMIC)).toBe(true);
    expect(dropped).toEqual([`${PREFIX}pulumi-nodejs:dynamic/texml:SecretName::crm_token`]);
  });

  it("refuses a stack with nothing to move, one already on the plugin, and one with pending operations", () => {
    expect(() =>
      migrateToPlugin({ version: 3, deployment: { resources: [{ urn: STACK, type: "pulumi:pulumi:Stack" }] } }, settings),
    ).toThrow(
      "migrate: the stack holds no pulumi-nodejs:dynamic/texml:Application, pulumi-nodejs:dynamic/texml:Queue, pulumi-nodejs:dynamic/texml:Secret resource to move",
    );
    const migrated = migrateToPlugin(dynamicExport(), settings).exported;
    const again = dynamicExport();
    again.deployment.resources!.push(migrated.deployment.resources!.find((r) => r.type === "pulumi:providers:telnyx-texml")!);
    expect(() => migrateToPlugin(again, settings)).toThrow(
      `migrate: the stack already has the provider ${PREFIX}pulumi:providers:telnyx-texml::default; migrate a stack before it uses the plugin`,
    );
    const pending = dynamicExport();
    pending.deployment.pending_operations = [{ type: "creating" }];
    expect(() => migrateToPlugin(pending, settings)).toThrow(
      "migrate: the stack has pending operations; finish or cancel them (`pulumi refresh`) before migrating",
    );
  });
});

describe("pluginSettingsFromConfig", () => {
  it("copies telnyx:* to telnyx-texml:* with the API key still encrypted", () => {
    const text = [
      "encryptionsalt: v1:salt",
      "config:",
      "  shop:token:",
      "    secure: v1:tok",
      "  telnyx:apiKey:",
      "    secure: v1:key",
      "  telnyx:baseUrl: http://x/v2",
      "",
    ].join("\n");
    const { settings, updated } = pluginSettingsFromConfig(text, "Pulumi.dev.yaml");
    expect(settings).toEqual({ baseUrl: "http://x/v2" });
    expect(updated).toBe(
      [
        "encryptionsalt: v1:salt",
        "config:",
        "  shop:token:",
        "    secure: v1:tok",
        "  telnyx:apiKey:",
        "    secure: v1:key",
        "  telnyx:baseUrl: http://x/v2",
        "  telnyx-texml:apiKey:",
        "    secure: v1:key",
        "  telnyx-texml:baseUrl: http://x/v2",
        "",
      ].join("\n"),
    );
  });

  it("refuses an API key stored in plaintext without printing it", () => {
    const text = ["config:", "  telnyx:apiKey: KEY-plain-1234", ""].join("\n");
    expect(() => pluginSettingsFromConfig(text, "Pulumi.dev.yaml")).toThrow(
      "migrate: telnyx:apiKey in Pulumi.dev.yaml is not a secret; set it with `pulumi config set --secret telnyx:apiKey` first",
    );
    try {
      pluginSettingsFromConfig(text, "Pulumi.dev.yaml");
    } catch (error) {
      expect(String(error)).not.toContain("KEY-plain-1234");
    }
  });
});
