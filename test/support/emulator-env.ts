import { afterAll, beforeAll, beforeEach } from "vitest";
import { startEmulator } from "../../emulator";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/**
 * Starts one emulator for a test file and points the provider at it through the
 * environment, the way a user's shell would. Each test starts from an empty emulator.
 */
export function useEmulator(): { readonly emulator: Emulator } {
  const holder = {} as { emulator: Emulator };
  const saved: Record<string, string | undefined> = {};
  const env = (name: string, value: string) => {
    if (!(name in saved)) saved[name] = process.env[name];
    process.env[name] = value;
  };
  beforeAll(async () => {
    holder.emulator = await startEmulator({ port: 0, webhookDispatch: false });
    env("TELNYX_API_KEY", holder.emulator.apiKey);
    env("TELNYX_BASE_URL", holder.emulator.baseUrl);
    env("TELNYX_ACCOUNT_SID", holder.emulator.accountSid);
    env("TELNYX_RETRY_BASE_MS", "1");
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
  });
  return holder;
}
