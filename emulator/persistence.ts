import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Snapshot, Store } from "./state";

/** The data file: the account state plus the emulator's identity (key, account, webhook signing seed), so all survive restarts. */
interface DataFile {
  format: 1;
  apiKey: string;
  accountSid: string;
  signingSeed: string;
  state: Snapshot;
}

/** What a data file restores besides the state. */
export interface StoredIdentity {
  apiKey: string;
  accountSid: string;
  signingSeed: Uint8Array;
}

/** Reads a data file written by `FilePersistence`, if there is one. */
export function readDataFile(file: string): (StoredIdentity & { state: Snapshot }) | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, "utf8")) as DataFile;
  if (parsed.format !== 1) throw new Error(`${file}: unknown emulator data format ${String(parsed.format)}`);
  return { apiKey: parsed.apiKey, accountSid: parsed.accountSid, signingSeed: Buffer.from(parsed.signingSeed, "base64"), state: parsed.state };
}

/**
 * Saves the store shortly after it changes (writes are coalesced) and on close,
 * through a temporary file and a rename so a crash never leaves half a file.
 */
export class FilePersistence {
  private savedVersion: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly store: Store,
    private readonly identity: StoredIdentity,
  ) {
    // Written at once, so the identity is on disk even before the first change.
    this.savedVersion = -1;
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }

  /** Call after each request; schedules a save when the state changed. */
  changed(): void {
    if (this.store.version === this.savedVersion || this.timer) return;
    this.timer = setTimeout(() => this.flush(), 100);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.store.version === this.savedVersion) return;
    const { apiKey, accountSid, signingSeed } = this.identity;
    const data: DataFile = { format: 1, apiKey, accountSid, signingSeed: Buffer.from(signingSeed).toString("base64"), state: this.store.snapshot() };
    const temporary = `${this.file}.tmp-${process.pid}`;
    writeFileSync(temporary, JSON.stringify(data));
    renameSync(temporary, this.file);
    this.savedVersion = this.store.version;
  }
}
