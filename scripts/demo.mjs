#!/usr/bin/env node
// `npm run demo`: deploys the demo stack (Pulumi.yaml + demo/index.ts) to the local
// Telnyx TeXML emulator with the real Pulumi CLI: preview --diff, up, outputs.
//
// The program runs through Pulumi's Automation API as an inline program: the CLI
// connects to the language runtime in this process (`--client`) instead of starting
// the `pulumi-language-nodejs` plugin, which cannot be built here (see README).
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stateDir = path.join(root, ".pulumi-state");
const stackName = process.env.DEMO_STACK ?? "demo";
const passphrase = process.env.PULUMI_CONFIG_PASSPHRASE ?? "telnyx-texml-demo";

function step(title) {
  console.log(`\n\x1b[1m== ${title}\x1b[0m`);
}

async function main() {
  step("Pulumi CLI");
  const pulumiPath = execFileSync(process.execPath, [path.join(root, "scripts", "ensure-pulumi.mjs")], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" }).trim();
  console.log(pulumiPath);

  step("Emulator");
  const { startEmulator } = require(path.join(root, "dist", "emulator"));
  mkdirSync(stateDir, { recursive: true });
  const emulator = await startEmulator({ port: Number(process.env.DEMO_EMULATOR_PORT ?? 0), dataFile: path.join(stateDir, "emulator.json") });
  console.log(`Telnyx TeXML emulator at ${emulator.baseUrl} (account ${emulator.accountSid})`);

  try {
    const auto = require("@pulumi/pulumi/automation");
    const pulumiCommand = await auto.PulumiCommand.get({ root: path.dirname(path.dirname(pulumiPath)) });
    const program = async () => ({ ...require(path.join(root, "dist", "demo", "index.js")) });
    const stack = await auto.LocalWorkspace.createOrSelectStack(
      { stackName, projectName: "telnyx-texml-demo", program },
      {
        workDir: root,
        pulumiCommand,
        envVars: {
          PULUMI_BACKEND_URL: `file://${stateDir}`,
          PULUMI_CONFIG_PASSPHRASE: passphrase,
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_HOME: path.join(stateDir, "home"),
          PATH: [path.join(root, "node_modules", ".bin"), path.dirname(pulumiPath), process.env.PATH].join(path.delimiter),
        },
      },
    );
    await stack.setAllConfig({
      "telnyx:apiKey": { value: emulator.apiKey, secret: true },
      "telnyx:accountSid": { value: emulator.accountSid },
      "telnyx:baseUrl": { value: emulator.baseUrl },
      "demo:crmToken": { value: process.env.DEMO_CRM_TOKEN ?? "demo-crm-token-value", secret: true },
    });

    step("pulumi preview --diff");
    await stack.preview({ diff: true, onOutput: (s) => process.stdout.write(s) });
    step("pulumi up");
    await stack.up({ onOutput: (s) => process.stdout.write(s) });

    step("Stack outputs");
    for (const [key, output] of Object.entries(await stack.outputs())) {
      console.log(`  ${key}: ${output.secret ? "[secret]" : JSON.stringify(output.value)}`);
    }
    step("Where things are");
    console.log(`  state:    ${stateDir} (stack "${stackName}", passphrase secrets provider; PULUMI_CONFIG_PASSPHRASE=${process.env.PULUMI_CONFIG_PASSPHRASE ? "<yours>" : passphrase})`);
    console.log(`  emulator: ${path.join(stateDir, "emulator.json")} (restart it with: npx telnyx-texml emulator --data ${path.relative(process.cwd(), path.join(stateDir, "emulator.json"))})`);
    console.log(`  tear down: DEMO_DESTROY=1 npm run demo`);
    if (process.env.DEMO_DESTROY) {
      step("pulumi destroy");
      await stack.destroy({ onOutput: (s) => process.stdout.write(s) });
    }
  } finally {
    await emulator.close();
  }
}

main().catch((error) => {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
