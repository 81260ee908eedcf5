#!/usr/bin/env node
/**
 * `pulumi-resource-telnyx-texml`: the provider plugin the Pulumi engine starts for the
 * `telnyx-texml` package. It serves the provider protocol on a free port and prints that
 * port as the first line of its output, which is how the engine finds it.
 */
import { serve } from "./server";

// The engine runs this file with the `node` on PATH; an older one would fail later, obscurely.
const [major] = process.versions.node.split(".").map(Number);
if (major === undefined || major < 22) {
  process.stderr.write(`pulumi-resource-telnyx-texml needs Node.js 22 or later; the node on PATH is ${process.version} (${process.execPath})\n`);
  process.exit(1);
}

serve().then(
  ({ port }) => process.stdout.write(`${port}\n`),
  (error: unknown) => {
    process.stderr.write(`pulumi-resource-telnyx-texml: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
