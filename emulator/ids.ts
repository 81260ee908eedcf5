import { randomBytes, randomUUID } from "node:crypto";

/**
 * Id generators shaped like the spec's examples. Application ids are 19-digit
 * numeric strings that grow with creation order, as Telnyx's do.
 */
export class IdGenerator {
  constructor(private next = 1293384261075731499n) {}

  /** A numeric `IntId`, e.g. `1293384261075731499`. */
  intId(): string {
    this.next += 1n + BigInt(randomBytes(2).readUInt16BE() % 997);
    return this.next.toString();
  }

  /** Where the sequence stands, for persistence. */
  get cursor(): string {
    return this.next.toString();
  }
}

/** A call control id: `v3:` and 54 URL-safe characters. */
export const callSid = () => `v3:${randomBytes(41).toString("base64url").slice(0, 54)}`;

/** A UUID, used for conference, recording, transcription, stream and SIPREC sids. */
export const uuid = () => randomUUID();
