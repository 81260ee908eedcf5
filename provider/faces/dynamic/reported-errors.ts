/**
 * Keeps the dynamic provider's errors to one line each in the CLI's output.
 *
 * `@pulumi/pulumi`'s dynamic-provider host returns an error thrown by `check`, `diff`, `read`
 * or `delete` to the engine, which shows its message as the resource's error, and it also
 * writes `${error}: ${error.stack}` to its stderr, which the engine shows again under the
 * stack: the message twice in one line, then the frames of our bundle. For this package's own
 * errors (whose message already says what failed and what to check) that second copy is
 * dropped, exactly that text and only for an error this provider threw; TELNYX_TEXML_DEBUG=1
 * keeps it.
 */
import { TelnyxTexmlError, debugErrors } from "../../base/errors";

/** Errors thrown to the host whose stderr copy is still to come; each is dropped once. */
const thrown = new Set<TelnyxTexmlError>();
let installed = false;

/** Records an error the provider is about to throw to the host, and returns it. */
export function reportedOnce(error: unknown): unknown {
  if (!(error instanceof TelnyxTexmlError) || debugErrors()) return error;
  install();
  thrown.add(error);
  return error;
}

function install(): void {
  if (installed) return;
  installed = true;
  const write = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string") {
      for (const error of thrown) {
        if (args[0] === `${String(error)}: ${error.stack}`) {
          thrown.delete(error);
          return;
        }
      }
    }
    write(...args);
  };
}
