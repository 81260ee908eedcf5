import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { keyedSecretDigest, type SecretRecord, type Snapshot, type Store } from "./state";

/**
 * The data file: the account state plus the emulator's identity (account, webhook
 * signing seed, the key of secret digests and, when the emulator generated it, its API
 * key), so all survive restarts. A key the emulator was given (`apiKey`, `--api-key`) is
 * never written: it may be a real one.
 *
 * Format 2 keeps secret digests keyed (`valueHmac`, under `secretDigestKey`); format 1 kept
 * bare SHA-256 digests (`valueSha256`), which a dictionary reverses. A format 1 file is read
 * and its digests converted under a new key; the next save writes format 2.
 *
 * `state.collections` (the route modules' records, `Store.collection`) came within format 2:
 * it is written only when a collection holds records, so a file without it is read as before
 * (an emulator older than it would drop it at its next save).
 */
interface DataFile {
  format: 2;
  /** Only a key the emulator generated (`KEY<32 hex>_emulator`). */
  apiKey?: string;
  accountSid: string;
  signingSeed: string;
  /** Base64, random per file: the HMAC key of secret digests (see `keyedSecretDigest`). */
  secretDigestKey: string;
  state: Snapshot;
}

/** A format 1 secret record. */
interface LegacySecretRecord extends Omit<SecretRecord, "valueHmac"> {
  valueSha256: string;
}

/** The form of the keys the emulator generates; a stored key of any other form is not trusted. */
export const GENERATED_KEY = /^KEY[0-9A-F]{32}_emulator$/;

/** What a data file restores besides the state. */
export interface StoredIdentity {
  /** A key the emulator generated earlier; undefined when the file holds none (or one it did not make). */
  apiKey?: string;
  accountSid: string;
  signingSeed: Uint8Array;
  /** The key of secret digests (a new one for a format 1 file). */
  secretDigestKey: Uint8Array;
}

/**
 * Reads a data file written by `FilePersistence`, if there is one. A stored key that
 * the emulator did not generate (earlier versions saved whatever key they were given,
 * including one from TELNYX_API_KEY) is ignored, and dropped at the next save.
 */
export function readDataFile(file: string): (StoredIdentity & { state: Snapshot }) | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Omit<DataFile, "format" | "secretDigestKey"> & {
    format: unknown;
    secretDigestKey?: string;
  };
  if (parsed.format !== 1 && parsed.format !== 2) throw new Error(`${file}: unknown emulator data format ${String(parsed.format)}`);
  const apiKey = typeof parsed.apiKey === "string" && GENERATED_KEY.test(parsed.apiKey) ? parsed.apiKey : undefined;
  const identity = { apiKey, accountSid: parsed.accountSid, signingSeed: Buffer.from(parsed.signingSeed, "base64") };
  if (parsed.format === 2) return { ...identity, secretDigestKey: Buffer.from(parsed.secretDigestKey!, "base64"), state: parsed.state };
  const secretDigestKey = randomBytes(32);
  const secrets = (parsed.state.secrets as unknown as LegacySecretRecord[]).map(({ valueSha256, ...rest }) => ({
    ...rest,
    valueHmac: keyedSecretDigest(secretDigestKey, valueSha256),
  }));
  return { ...identity, secretDigestKey, state: { ...parsed.state, secrets } };
}

/**
 * Saves the store shortly after it changes (writes are coalesced) and on close,
 * through a temporary file and a rename so a crash never leaves half a file. The
 * file is readable by its owner only.
 */
export class FilePersistence {
  private savedVersion: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly store: Store,
    private readonly identity: Omit<StoredIdentity, "secretDigestKey">,
  ) {
    // Written at once, so the identity is on disk even before the first change.
    this.savedVersion = -1;
    if (identity.apiKey !== undefined && !GENERATED_KEY.test(identity.apiKey))
      throw new Error("only a key the emulator generated may be saved");
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
    const data: DataFile = {
      format: 2,
      ...(apiKey ? { apiKey } : {}),
      accountSid,
      signingSeed: Buffer.from(signingSeed).toString("base64"),
      secretDigestKey: Buffer.from(this.store.secretDigestKey).toString("base64"),
      state: this.store.snapshot(),
    };
    const temporary = `${this.file}.tmp-${process.pid}`;
    writeFileSync(temporary, JSON.stringify(data), { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.file);
    this.savedVersion = this.store.version;
  }
}
