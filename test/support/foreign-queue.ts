// A data file for the emulator holding one queue made outside the stack, in an account that
// generates queue sids, whose sid happens to equal another queue's name (as the spec's own
// example has sid `my-queue` for `FriendlyName` "Support Queue"). The emulator never issues
// such a sid itself, so the file is written by an emulator and the sid changed in it.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmulator } from "../../emulator";

/** Writes the data file; returns its path. The foreign queue has `friendlyName` and `sid`, and MaxSize `maxSize`. */
export async function dataFileWithForeignQueue(options: { friendlyName: string; sid: string; maxSize: number }): Promise<string> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "texml-foreign-queue-")), "emulator.json");
  const emulator = await startEmulator({ port: 0, webhookDispatch: false, queueSids: "generated", dataFile: file });
  try {
    const response = await fetch(`${emulator.baseUrl}/texml/Accounts/${emulator.accountSid}/Queues`, {
      method: "POST",
      headers: { authorization: `Bearer ${emulator.apiKey}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ FriendlyName: options.friendlyName, MaxSize: String(options.maxSize) }).toString(),
    });
    if (response.status !== 200) throw new Error(`seeding the foreign queue failed: ${response.status} ${await response.text()}`);
  } finally {
    await emulator.close();
  }
  const data = JSON.parse(readFileSync(file, "utf8")) as { state: { queues: Array<{ sid: string; friendlyName: string }> } };
  const queue = data.state.queues.find((q) => q.friendlyName === options.friendlyName);
  if (!queue) throw new Error("the emulator did not save the foreign queue");
  queue.sid = options.sid;
  writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
  return file;
}
