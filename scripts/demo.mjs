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
    const demoModule = path.join(root, "dist", "demo", "index.js");
    // Each preview and update must run the program afresh: drop the cached module first.
    const program = async () => {
      delete require.cache[require.resolve(demoModule)];
      return { ...require(demoModule) };
    };
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
      "demo:webhookPublicKey": { value: emulator.publicKey, secret: true },
    });

    step("pulumi preview --diff");
    await stack.preview({ diff: true, onOutput: (s) => process.stdout.write(s) });
    step("pulumi up");
    await stack.up({ onOutput: (s) => process.stdout.write(s) });

    step("Stack outputs");
    for (const [key, output] of Object.entries(await stack.outputs())) {
      console.log(`  ${key}: ${output.secret ? "[secret]" : JSON.stringify(output.value)}`);
    }
    step("Webhooks through the verifier (its local target)");
    await demoWebhooks(emulator);

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

/**
 * Starts the standalone verifier in front of a small status handler, makes a call on the
 * emulator whose status callbacks go through it, then tries a forged callback.
 */
async function demoWebhooks(emulator) {
  const http = require("node:http");
  const { startWebhookVerifierServer } = require(path.join(root, "dist", "provider", "webhooks"));
  const handled = [];
  const handler = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      handled.push(new URLSearchParams(body).get("CallStatus"));
      res.end("ok");
    });
  });
  await new Promise((resolve) => handler.listen(0, "127.0.0.1", resolve));
  const verifier = await startWebhookVerifierServer({
    publicKey: emulator.publicKey,
    forwardTo: `http://127.0.0.1:${handler.address().port}/status`,
    port: 0,
    host: "127.0.0.1",
    log: (line) => console.log(`  verifier: ${line.verdict}${line.reason ? ` (${line.reason})` : ""} ${line.method} ${line.path} -> ${line.status}`),
  });
  try {
    const api = (method, p, body, form) =>
      fetch(`${emulator.baseUrl}${p}`, {
        method,
        headers: { authorization: `Bearer ${emulator.apiKey}`, "content-type": form ? "application/x-www-form-urlencoded" : "application/json" },
        body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
      }).then((r) => r.json());
    const apps = await api("GET", "/texml_applications?filter[friendly_name]=support-line");
    const call = await api("POST", `/texml/Accounts/${emulator.accountSid}/Calls`, { To: "+13125550100", From: "+13125550199", ApplicationSid: apps.data[0].id, StatusCallback: `${verifier.url}/status` });
    await api("POST", `/texml/Accounts/${emulator.accountSid}/Calls/${call.call_sid}`, { Status: "completed" }, true);
    for (let i = 0; i < 100 && handled.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    console.log(`  status handler received: ${handled.join(", ")}`);
    const forged = await fetch(`${verifier.url}/status`, { method: "POST", headers: { "telnyx-timestamp": String(Math.floor(Date.now() / 1000)), "telnyx-signature-ed25519": Buffer.alloc(64).toString("base64") }, body: "CallStatus=completed" });
    console.log(`  forged callback answered ${forged.status} ${await forged.text()}`);
  } finally {
    await verifier.close();
    await new Promise((resolve) => handler.close(resolve));
  }
}

main().catch((error) => {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
