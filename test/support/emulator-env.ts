import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { startEmulator, type EmulatorOptions } from "../../emulator";
import { createSpecValidator, type ExchangeCheck } from "./spec-validator";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/**
 * Starts one emulator for a test file and points the provider at it through the
 * environment, the way a user's shell would. Each test starts from an empty emulator.
 * Every answer the emulator gives is checked against the spec's response schema; the
 * file fails at the end if one did not match.
 */
export function useEmulator(options: EmulatorOptions = {}): { readonly emulator: Emulator } {
  const holder = {} as { emulator: Emulator };
  const saved: Record<string, string | undefined> = {};
  const env = (name: string, value: string) => {
    if (!(name in saved)) saved[name] = process.env[name];
    process.env[name] = value;
  };
  const validator = createSpecValidator();
  const invalid: ExchangeCheck[] = [];
  beforeAll(async () => {
    holder.emulator = await startEmulator({
      port: 0,
      webhookDispatch: false,
      ...options,
      onExchange: (exchange) => {
        const check = validator.check(exchange);
        if (check?.verdict === "invalid") invalid.push(check);
      },
    });
    env("TELNYX_API_KEY", holder.emulator.apiKey);
    env("TELNYX_BASE_URL", holder.emulator.baseUrl);
    env("TELNYX_ACCOUNT_SID", holder.emulator.accountSid);
    env("TELNYX_RETRY_BASE_MS", "1");
    env("TELNYX_CREATE_SETTLE_MS", "300");
  });
  beforeEach(async () => {
    await holder.emulator.reset();
  });
  afterAll(async () => {
    await holder.emulator?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    expect(invalid, "emulator answers that break the spec's response schemas").toEqual([]);
  });
  return holder;
}
