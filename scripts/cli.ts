#!/usr/bin/env node
/**
 * `telnyx-texml <command>`: the package's command-line entry point. Each command
 * lives with the code it runs; this file only dispatches.
 */
// First: refuse an unsupported Node.js with its one-line message, before any command loads.
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require("../provider/node-version");
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const commands: Record<string, { module: string; summary: string }> = {
  doctor: {
    module: "../provider/doctor/cli",
    summary: "check this package's guesses about the Telnyx API against your account (--write: with a self-cleaning cycle)",
  },
  emulator: { module: "../emulator/cli", summary: "run the local Telnyx TeXML API emulator" },
  export: {
    module: "../provider/faces/dynamic/declarative/export-cli",
    summary: "write an account's applications and queues as texml.yaml to adopt (and a project)",
  },
  migrate: {
    module: "../provider/migrate/cli",
    summary: "move a stack's dynamic resources to the provider plugin (rewrites `pulumi stack export`; sends nothing)",
  },
  validate: {
    module: "../provider/faces/dynamic/declarative/validate-cli",
    summary: "check texml.yaml files without sending a request (exit 1 on problems)",
  },
  "webhook-verifier": { module: "../provider/webhooks/server-cli", summary: "run the standalone webhook verifier server" },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(18)} ${c.summary}`);
  return `usage: telnyx-texml <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun 'telnyx-texml <command> --help' for a command's options.`;
}

async function run(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(name && name !== "--help" && name !== "-h" ? `unknown command: ${name}\n\n${usage()}` : usage());
    process.exitCode = name && name !== "--help" && name !== "-h" ? 2 : 0;
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(command.module) as { main(args: string[]): Promise<void> | void };
  await mod.main(rest);
}

run(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
