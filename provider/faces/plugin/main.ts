#!/usr/bin/env node
/**
 * `pulumi-resource-telnyx-texml`: the provider plugin the Pulumi engine starts for the
 * `telnyx-texml` package. It serves the provider protocol on a free port and prints that
 * port as the first line of its output, which is how the engine finds it.
 */
// First: the engine runs this file with the `node` on PATH; an older one is refused with
// the one-line message, before the server (and its gRPC modules) load.
try {
  require("../../node-version");
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

// Loaded after the check, for the reason above.
const { serve } = require("./server") as typeof import("./server");
// Warnings go to the engine whose address the engine passes as the argument.
(require("./engine-log") as typeof import("./engine-log")).warnThroughEngine(process.argv.slice(2));

serve().then(
  ({ port }) => process.stdout.write(`${port}\n`),
  (error: unknown) => {
    process.stderr.write(`pulumi-resource-telnyx-texml: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
