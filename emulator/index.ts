import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleAdmin } from "./admin";
import { resolveAdminToken } from "./auth";
import { FaultInjector, type FaultSpec } from "./faults";
import { badRequest } from "./http";
import { FilePersistence, readDataFile } from "./persistence";
import { RequestLog, type LoggedRequest } from "./request-log";
import type { RouteContext } from "./router";
import { routes } from "./routes";
import { generateCalls, seed, type GenerateCallsOptions, type SeedFixture, type SeedResult } from "./seed";
import { consumeBody, handlePublicApi, type Exchange } from "./server";
import { Store, type Snapshot } from "./state";
import { parseTarget } from "./target";
import { InputError, issuesOf } from "./validation";
import { WebhookDispatcher, type WebhookDelivery } from "./webhooks";

export type { Exchange } from "./server";
export type { FaultAction, FaultSpec } from "./faults";
export type { LoggedRequest } from "./request-log";
export type {
  GenerateCallsOptions,
  SeedFixture,
  SeedResult,
  SeedQueue,
  SeedCall,
  SeedConference,
  SeedParticipant,
  SeedRecording,
  SeedTranscription,
} from "./seed";
export type { Snapshot } from "./state";
export type { WebhookDelivery } from "./webhooks";
export type { InputIssue } from "./validation";
export { InputError } from "./validation";
export { routes } from "./routes";

/** How to start an emulator. */
export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; loopback by default. Beyond loopback, the admin API needs a token (see `adminToken`). */
  host?: string;
  /**
   * Token the admin API (`/__emulator`) requires as `Authorization: Bearer <token>`.
   * Default: none on loopback; a fresh one (see `EmulatorHandle.adminToken`) when `host`
   * is not a loopback address.
   */
  adminToken?: string;
  /** Let webhooks (status callbacks, `POST /__emulator/webhooks`) go beyond loopback addresses; off by default. */
  allowExternalWebhooks?: boolean;
  /** Bound of the request log in bytes (path, query and body); the oldest entries go first. Default 16 MiB. */
  requestLogMaxBytes?: number;
  /**
   * The Bearer key clients must send. When omitted: the key the data file holds (one
   * the emulator generated earlier), else a fresh `KEY…_emulator` value. A key given
   * here is never written to the data file (it may be a real one); a generated one is,
   * so a restart keeps it.
   */
  apiKey?: string;
  /** The TeXML account SID served under `/texml/Accounts/{account_sid}`; the data file's, else a fresh UUID. */
  accountSid?: string;
  /** JSON file to load the state from and save it to; in memory only when omitted. */
  dataFile?: string;
  /** Keys that authenticate but lack permission (every request answers 403), to test permission errors. */
  forbiddenApiKeys?: string[];
  /** Outbound voice profile ids that exist; when set, applications naming another one get a 404. */
  outboundVoiceProfiles?: string[];
  /** Deliver status callbacks over HTTP (default true); when false they are only recorded. */
  webhookDispatch?: boolean;
  /**
   * How a new queue's sid is made. `name` (the default): the sid is the queue's
   * FriendlyName, as the spec's paths suggest. `generated`: a `QU…` sid unrelated to the
   * name, as in the spec's own example (`FriendlyName: "Support Queue"`, sid `my-queue`).
   * The spec does not say which Telnyx does; the provider must work with both.
   */
  queueSids?: "name" | "generated";
  /**
   * `MaxSize` of a queue created without one (default 100, Twilio's; the spec names none).
   * Another value makes the emulator contradict the package's guess, to test
   * `telnyx-texml doctor`'s `write.queue-default-max-size` check.
   */
  queueDefaultMaxSize?: number;
  /** Sets the emulator's clock this far off this machine's (timestamps, `Date` headers), to test clock skew. */
  clockOffsetMs?: number;
  /** Source of randomness for fault probabilities, for reproducible chaos runs. */
  random?: () => number;
  /** Called with every public API request and its answer. */
  onExchange?: (exchange: Exchange) => void;
}

/** A running emulator and its controls. */
export interface EmulatorHandle {
  /** What `telnyx:baseUrl` / `TELNYX_BASE_URL` should be: `http://127.0.0.1:<port>/v2`. */
  baseUrl: string;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** `<origin>/__emulator`, the admin API. */
  adminUrl: string;
  apiKey: string;
  accountSid: string;
  /** The token the admin API requires, when it requires one. */
  adminToken?: string;
  /** Base64 Ed25519 public key that verifies this emulator's webhooks. */
  publicKey: string;
  /** Stops listening, waits for webhooks in flight and saves the data file. */
  close(): Promise<void>;
  /** Public API requests received since start or the last `clearRequests`, oldest first. */
  requests(): Promise<LoggedRequest[]>;
  clearRequests(): Promise<void>;
  /** Loads calls, conferences, recordings, transcriptions, queues or applications, all or nothing; an `InputError` names the offending field. */
  seed(fixture: SeedFixture | unknown): Promise<SeedResult>;
  /** Adds `count` (at most 100,000) ended calls, for paging tests and benchmarks. */
  generateCalls(count: number, options?: GenerateCallsOptions): Promise<{ count: number }>;
  /** Arms a fault; returns its id. An `InputError` names the field of a malformed one. */
  addFault(spec: FaultSpec): Promise<number>;
  clearFaults(): Promise<void>;
  /** Armed faults and how often each fired. */
  faults(): Array<FaultSpec & { id: number; fired: number }>;
  /** Empties the account, the request log, the faults and the webhook record. */
  reset(): Promise<void>;
  /**
   * The account state. Secrets appear as keyed digests only (`valueHmac`: HMAC-SHA256 under a
   * random key the data file keeps), which tell that a value changed but not what it is.
   */
  state(): Promise<Snapshot>;
  /** Whether the account holds the secret `name` with exactly `value` (for tests: the state shows digests only). */
  secretMatches(name: string, value: string): Promise<boolean>;
  /** Webhooks sent (or recorded) so far. */
  webhookDeliveries(): WebhookDelivery[];
  /** Signs and sends a webhook now, for testing receivers. */
  sendWebhook(url: string, body: string, contentType: string): Promise<WebhookDelivery>;
  /** The `telnyx-timestamp` and `telnyx-signature-ed25519` headers for a body. */
  signWebhook(body: string, timestamp?: number): Record<string, string>;
}

/** Starts a local Telnyx TeXML API on loopback. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const stored = options.dataFile ? readDataFile(options.dataFile) : undefined;
  const store = new Store(stored?.secretDigestKey);
  if (stored) store.load(stored.state);
  const signingSeed = stored?.signingSeed ?? randomBytes(32);
  const clockOffsetMs = options.clockOffsetMs ?? 0;
  const now = () => Date.now() + clockOffsetMs;
  const queueSids = options.queueSids ?? "name";
  const queueDefaultMaxSize = options.queueDefaultMaxSize ?? 100;
  if (!Number.isInteger(queueDefaultMaxSize) || queueDefaultMaxSize < 1 || queueDefaultMaxSize > 5000) {
    throw new RangeError(`queueDefaultMaxSize must be a whole number from 1 to 5000, not ${String(queueDefaultMaxSize)}`);
  }
  // A generated key is kept in the data file (also while a given key is in use), so the
  // next run without one finds it again; a given key never reaches the file.
  const generatedKey =
    stored?.apiKey ?? (options.apiKey === undefined ? `KEY${randomBytes(16).toString("hex").toUpperCase()}_emulator` : undefined);
  const apiKey = options.apiKey ?? generatedKey!;
  const accountSid = options.accountSid ?? stored?.accountSid ?? randomUUID();
  const adminToken = resolveAdminToken(options.host, options.adminToken);
  const webhooks = new WebhookDispatcher(signingSeed, options.webhookDispatch ?? true, now, options.allowExternalWebhooks ?? false);
  const faults = new FaultInjector(options.random);
  const log = new RequestLog({ maxBytes: options.requestLogMaxBytes });
  const persistence = options.dataFile
    ? new FilePersistence(options.dataFile, store, { apiKey: generatedKey, accountSid, signingSeed })
    : undefined;
  persistence?.flush();
  const outboundVoiceProfiles = options.outboundVoiceProfiles ? new Set(options.outboundVoiceProfiles) : undefined;
  const context = (origin: string): RouteContext => ({
    store,
    accountSid,
    origin,
    now,
    webhooks,
    outboundVoiceProfiles,
    queueSids,
    queueDefaultMaxSize,
  });
  /** Admin input errors reach in-process callers as `InputError`s naming the field. */
  const checked = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      const issues = issuesOf(error);
      throw issues && !(error instanceof InputError) ? new InputError(issues) : error;
    }
  };

  let handle: EmulatorHandle;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // Decided on the path exactly as sent: see parseTarget for why it is not normalised.
    const target = parseTarget(req.url ?? "/");
    const notFound = async () => {
      const drained = await consumeBody(req, 0);
      const error = target.problem ? badRequest(target.problem) : undefined;
      res.writeHead(error ? 400 : 404, { "content-type": "application/json", ...(drained.complete ? {} : { connection: "close" }) });
      res.end(JSON.stringify({ errors: error ? error.errors : [{ detail: "Resource not found" }] }));
    };
    const work =
      target.area === "admin"
        ? handleAdmin(req, res, target, handle, { adminToken, webhookRefusal: (url) => webhooks.refusal(url) })
        : target.area === "api"
          ? handlePublicApi(req, res, target, {
              routes,
              context,
              apiKey,
              forbiddenApiKeys: options.forbiddenApiKeys ?? [],
              faults,
              log,
              now,
              onExchange: options.onExchange,
            })
          : notFound();
    work
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            errors: [{ code: "10007", title: "Internal Server Error", detail: error instanceof Error ? error.message : String(error) }],
          }),
        );
      })
      .finally(() => persistence?.changed());
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== "0.0.0.0" && options.host !== "::" ? options.host : "127.0.0.1";
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  handle = {
    baseUrl: `${origin}/v2`,
    origin,
    adminUrl: `${origin}/__emulator`,
    apiKey,
    accountSid,
    adminToken,
    publicKey: webhooks.publicKey,
    async close() {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await webhooks.drain();
      persistence?.flush();
    },
    async requests() {
      return log.all();
    },
    async clearRequests() {
      log.clear();
    },
    async seed(fixture) {
      const result = checked(() => seed(store, accountSid, fixture, now(), queueSids));
      persistence?.changed();
      return result;
    },
    async generateCalls(count, callOptions = {}) {
      const result = checked(() => generateCalls(store, accountSid, count, callOptions, now()));
      persistence?.changed();
      return result;
    },
    async addFault(spec) {
      return checked(() => faults.add(spec));
    },
    async clearFaults() {
      faults.clear();
    },
    faults: () => faults.list(),
    async reset() {
      store.clear();
      log.clear();
      faults.clear();
      webhooks.clear();
      persistence?.changed();
    },
    async state() {
      return store.snapshot();
    },
    async secretMatches(name, value) {
      return store.secretMatches(name, value);
    },
    webhookDeliveries: () => [...webhooks.deliveries],
    sendWebhook: (url, body, contentType) => webhooks.deliver(url, body, contentType),
    signWebhook: (body, timestamp) => webhooks.sign(body, timestamp),
  };
  return handle;
}
