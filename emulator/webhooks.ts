import nacl from "tweetnacl";
import { webhookRefusal } from "./auth";

/** A webhook the emulator sent (or would have sent, when dispatch is off). */
export interface WebhookDelivery {
  url: string;
  /** The raw body as signed. */
  body: string;
  contentType: string;
  timestamp: number;
  /**
   * Upstream status (a redirect is reported, never followed), or the error text when
   * delivery failed; `skipped` when dispatch is off; `refused: …` when the URL is not
   * one the emulator sends to (beyond loopback without `allowExternalWebhooks`).
   */
  outcome: number | string;
}

/** The record of deliveries keeps the newest this many. */
const MAX_DELIVERIES = 10_000;

/**
 * Signs webhooks the way Telnyx does, Ed25519 over `<timestamp>|<raw body>`,
 * with a key pair of this emulator, and delivers them: to loopback addresses only,
 * unless `allowExternal`, so the emulator cannot be made to send requests elsewhere.
 */
export class WebhookDispatcher {
  private readonly keys: nacl.SignKeyPair;
  private readonly pending = new Set<Promise<void>>();
  readonly deliveries: WebhookDelivery[] = [];

  constructor(
    /** 32-byte seed of the signing key; keep it to keep the public key across restarts. */
    readonly seed: Uint8Array,
    private readonly dispatch: boolean,
    private readonly now: () => number = Date.now,
    private readonly allowExternal = false,
  ) {
    this.keys = nacl.sign.keyPair.fromSeed(seed);
  }

  /** The base64 public key users configure their verifiers with. */
  get publicKey(): string {
    return Buffer.from(this.keys.publicKey).toString("base64");
  }

  /** The two headers Telnyx sends with a webhook. */
  sign(body: string, timestamp = Math.floor(this.now() / 1000)): Record<string, string> {
    const signature = nacl.sign.detached(new TextEncoder().encode(`${timestamp}|${body}`), this.keys.secretKey);
    return { "telnyx-timestamp": String(timestamp), "telnyx-signature-ed25519": Buffer.from(signature).toString("base64") };
  }

  /** Sends a TeXML callback (form-urlencoded, PascalCase fields), without waiting for it. */
  send(url: string, fields: Record<string, string>): void {
    void this.deliver(url, new URLSearchParams(fields).toString(), "application/x-www-form-urlencoded");
  }

  /** Why a webhook to `url` would not be sent, or undefined when it would be. */
  refusal(url: string): string | undefined {
    return webhookRefusal(url, this.allowExternal);
  }

  /** Sends a signed body and reports what the receiver answered. */
  async deliver(url: string, body: string, contentType: string): Promise<WebhookDelivery> {
    const headers = this.sign(body);
    const delivery: WebhookDelivery = { url, body, contentType, timestamp: Number(headers["telnyx-timestamp"]), outcome: "skipped" };
    this.deliveries.push(delivery);
    if (this.deliveries.length > MAX_DELIVERIES) this.deliveries.splice(0, this.deliveries.length - MAX_DELIVERIES);
    if (!this.dispatch) return delivery;
    const refused = this.refusal(url);
    if (refused) {
      delivery.outcome = `refused: ${refused}`;
      return delivery;
    }
    const attempt = (async () => {
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { ...headers, "content-type": contentType, "user-agent": "telnyx-texml-emulator" },
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(5_000),
        });
        await response.arrayBuffer();
        delivery.outcome = response.status;
      } catch (error) {
        delivery.outcome = error instanceof Error ? error.message : String(error);
      }
    })();
    this.pending.add(attempt);
    await attempt;
    this.pending.delete(attempt);
    return delivery;
  }

  /** Waits for deliveries in flight, so a closing emulator does not cut them off. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  clear(): void {
    this.deliveries.length = 0;
  }
}
