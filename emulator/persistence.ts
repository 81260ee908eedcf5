import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Snapshot, Store } from "./state";

/** The data file: the account state and the webhook signing seed, so the public key survives restarts. */
interface DataFile {
  format: 1;
  signingSeed: string;
  state: Snapshot;
}

/** Reads a data file written by `FilePersistence`, if there is one. */
export function readDataFile(file: string): { signingSeed: Uint8Array; state: Snapshot } | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, "utf8")) as DataFile;
  if (parsed.format !== 1) throw new Error(`${file}: unknown emulator data format ${String(parsed.format)}`);
  return { signingSeed: Buffer.from(parsed.signingSeed, "base64"), state: parsed.state };
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
    private readonly signingSeed: Uint8Array,
  ) {
    this.savedVersion = store.version;
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
    const data: DataFile = { format: 1, signingSeed: Buffer.from(this.signingSeed).toString("base64"), state: this.store.snapshot() };
    const temporary = `${this.file}.tmp-${process.pid}`;
    writeFileSync(temporary, JSON.stringify(data));
    renameSync(temporary, this.file);
    this.savedVersion = this.store.version;
  }
}
