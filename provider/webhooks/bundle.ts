import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_TOLERANCE_SECONDS } from "./core";
import { DEFAULT_FORWARD_TIMEOUT_MS } from "./request-handler";
import { DEFAULT_MAX_BODY_BYTES, checkPublicKey } from "./verify";
import { TelnyxValidationError } from "../base/errors";

/** What the deployed verifier is configured with; baked into the bundle. */
export interface VerifierBundleConfig {
  /** The account's Ed25519 public key, base64. */
  publicKey: string;
  /** Upstream for verified webhooks; without it, verified requests get 204. */
  forwardTo?: string;
  toleranceSeconds?: number;
  maxBodyBytes?: number;
  /** Bound on one upstream exchange in milliseconds (default 10,000): 504 beyond it. */
  forwardTimeoutMs?: number;
  /**
   * Refuse a signature already accepted (409 `replayed`), remembered in memory: per
   * Worker isolate or Lambda instance only, so a replay reaching another instance is
   * not caught. Default false.
   */
  replayProtection?: boolean;
  /** `auto` (default): WebCrypto Ed25519 where the runtime has it, tweetnacl elsewhere; or force one. */
  engine?: "auto" | "webcrypto" | "tweetnacl";
}

/** The configuration as the bundle reads it (`__VERIFIER_CONFIG__`), every default resolved. */
export interface VerifierSettings extends Required<Omit<VerifierBundleConfig, "forwardTo">> {
  forwardTo?: string;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** The bundle and what a platform's function resource needs to know about it. */
export interface VerifierBundle {
  /** One ES module, no npm dependencies at run time. */
  code: string;
  /** The file name the code should have in an archive. */
  entryFile: string;
  sha256: string;
  bytes: number;
}

/** The prebuilt bundle's configuration line (scripts/build-verifier.mjs writes it once, at the top). */
const CONFIG_LINE = "const __VERIFIER_CONFIG__ = null;";

/** The file `npm run build` makes with esbuild from bundle-entry.ts. */
const ARTIFACT = "verifier.bundle.mjs";

let artifact: string | undefined;

/**
 * The prebuilt verifier: next to this module in the published package (dist), or, when
 * this module runs from the sources (tests), in the package's dist folder.
 */
function prebuiltVerifier(): string {
  if (artifact !== undefined) return artifact;
  const candidates = [path.join(__dirname, ARTIFACT), path.join(__dirname, "..", "..", "dist", "provider", "webhooks", ARTIFACT)];
  const file = candidates.find((candidate) => existsSync(candidate));
  if (!file)
    throw new Error(`the prebuilt webhook verifier (${ARTIFACT}) is missing: run npm run build (looked in ${candidates.join(" and ")})`);
  const text = readFileSync(file, "utf8");
  if (text.split(CONFIG_LINE).length !== 2)
    throw new Error(`${file} is not a verifier built by scripts/build-verifier.mjs (no single configuration line): run npm run build`);
  artifact = text;
  return artifact;
}

/**
 * The self-contained verifier with the configuration baked in: the ES module `npm run
 * build` bundled with esbuild from bundle-entry.ts (the same verification code as
 * `verifyWebhook`, its Ed25519 fallback included), with `config` in its one
 * configuration line.
 */
export function buildVerifierBundle(config: VerifierBundleConfig): VerifierBundle {
  checkPublicKey(config.publicKey);
  if (config.forwardTo !== undefined && !isHttpUrl(config.forwardTo))
    throw new TelnyxValidationError("forwardTo", `forwardTo: must be an http(s) URL, got "${config.forwardTo}"`);
  const positive = (name: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isFinite(value) && value > 0))
      throw new TelnyxValidationError(name, `${name}: must be a positive number, got ${value}`);
  };
  positive("toleranceSeconds", config.toleranceSeconds);
  positive("maxBodyBytes", config.maxBodyBytes);
  positive("forwardTimeoutMs", config.forwardTimeoutMs);
  if (config.engine !== undefined && !["auto", "webcrypto", "tweetnacl"].includes(config.engine))
    throw new TelnyxValidationError("engine", `engine: must be "auto", "webcrypto" or "tweetnacl", got "${config.engine}"`);
  const settings: VerifierSettings = {
    publicKey: config.publicKey,
    forwardTo: config.forwardTo,
    toleranceSeconds: config.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
    maxBodyBytes: config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    forwardTimeoutMs: config.forwardTimeoutMs ?? DEFAULT_FORWARD_TIMEOUT_MS,
    replayProtection: config.replayProtection ?? false,
    engine: config.engine ?? "auto",
  };
  const code = prebuiltVerifier().replace(CONFIG_LINE, () => `const __VERIFIER_CONFIG__ = ${JSON.stringify(settings)};`);
  return { code, entryFile: "index.mjs", sha256: createHash("sha256").update(code).digest("hex"), bytes: Buffer.byteLength(code) };
}
