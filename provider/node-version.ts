/**
 * Refuses to load on a Node.js older than the package supports, before anything else is
 * loaded or sent. Each entry point (the package root, `/data`, `/webhooks`, `/dynamic` and
 * the `telnyx-texml` command) imports this module first.
 *
 * Why at load: npm only warns about `engines`, and on Node 20 the first symptom was undici
 * failing inside a request ("Cannot read properties of undefined (reading 'bind')"), which
 * the client took for a network error and retried for over a minute.
 */
import { TelnyxConfigError } from "./base/errors";

/** The oldest Node.js major version the package supports (package.json `engines.node`). */
export const MINIMUM_NODE_MAJOR = 22;

/**
 * The error for a Node.js version older than {@link MINIMUM_NODE_MAJOR}, or undefined when
 * `version` (as in `process.versions.node`) is new enough or is not a Node.js version.
 */
export function nodeVersionError(version: string | undefined, executable?: string): TelnyxConfigError | undefined {
  const major = Number(/^(\d+)\./.exec(version ?? "")?.[1]);
  if (!Number.isInteger(major) || major >= MINIMUM_NODE_MAJOR) return undefined;
  const where = executable ? ` (${executable})` : "";
  return new TelnyxConfigError(
    "Node.js version",
    `pulumi-telnyx-texml needs Node.js ${MINIMUM_NODE_MAJOR} or newer, but this is Node.js ${version}${where}. ` +
      `Install Node.js ${MINIMUM_NODE_MAJOR} or later (for Pulumi, the \`node\` first on PATH) and run again.`,
  );
}

// `process` is missing where the webhook check runs in a Worker; Workers are not Node.js.
const running = globalThis.process?.versions?.node;
const tooOld = nodeVersionError(running, globalThis.process?.execPath);
if (tooOld) throw tooOld;
