#!/usr/bin/env node
// `npm run demo`: deploys the demo stack (Pulumi.yaml + demo/index.ts at the repo root, the
// demo project) to the local Telnyx TeXML emulator with the real Pulumi CLI, run in the
// project directory as a user would: pulumi preview --diff, pulumi up, the outputs, signed
// webhooks through the verifier, and with DEMO_DESTROY=1 pulumi destroy.
import { spawn, execFileSync } from "node:child_process";
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

/**
 * Runs `pulumi <args> --stack <demo> --non-interactive` in the project directory (the repo
 * root). `show` streams its output here as it runs; the output is also returned.
 */
function pulumi(pulumiPath, env, args, { show = true } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(pulumiPath, [...args, "--stack", stackName, "--non-interactive"], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
      if (show) process.stdout.write(chunk);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderr += chunk;
      if (show) process.stderr.write(chunk);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`pulumi ${args.join(" ")} exited with ${code}${show ? "" : `\n${stdout}${stderr}`}`));
    });
  });
}

async function main() {
  step("Pulumi CLI");
  const pulumiPath = execFileSync(process.execPath, [path.join(root, "scripts", "ensure-pulumi.mjs")], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  }).trim();
  console.log(pulumiPath);

  step("Emulator");
  const { startEmulator } = require(path.join(root, "dist", "emulator"));
  mkdirSync(stateDir, { recursive: true });
  const emulator = await startEmulator({
    port: Number(process.env.DEMO_EMULATOR_PORT ?? 0),
    dataFile: path.join(stateDir, "emulator.json"),
  });
  console.log(`Telnyx TeXML emulator at ${emulator.baseUrl} (account ${emulator.accountSid})`);

  try {
    // The repository's own tsconfig.json is for its sources; the program compiles with demo/tsconfig.json,
    // a `pulumi new typescript` configuration (the language host takes it from PULUMI_NODEJS_TSCONFIG_PATH).
    const tsconfig = path.join(root, "demo", "tsconfig.json");
    // Credentials come from stack config only, as in a user's project.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TELNYX_")));
    const env = {
      ...inherited,
      PULUMI_BACKEND_URL: `file://${stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: passphrase,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      PULUMI_HOME: path.join(stateDir, "home"),
      PULUMI_NODEJS_TSCONFIG_PATH: tsconfig,
      // This Node (>= 22) runs the program and the dynamic provider; the CLI's directory holds
      // its Node.js language host and dynamic-provider launcher.
      PATH: [path.dirname(process.execPath), path.dirname(pulumiPath), process.env.PATH].join(path.delimiter),
    };
    const cli = (args, options) => pulumi(pulumiPath, env, args, options);

    await cli(["stack", "select", "--create"], { show: false });
    const config = {
      "telnyx:apiKey": { value: emulator.apiKey, secret: true },
      "telnyx:accountSid": { value: emulator.accountSid },
      "telnyx:baseUrl": { value: emulator.baseUrl },
      "demo:crmToken": { value: process.env.DEMO_CRM_TOKEN ?? "demo-crm-token-value", secret: true },
      "demo:webhookPublicKey": { value: emulator.publicKey, secret: true },
    };
    for (const [key, { value, secret }] of Object.entries(config)) {
      await cli(["config", "set", secret ? "--secret" : "--plaintext", key, value], { show: false });
    }

    step("pulumi preview --diff");
    await cli(["preview", "--diff"]);
    step("pulumi up");
    await cli(["up", "--yes", "--skip-preview"]);

    step("Stack outputs");
    const outputs = JSON.parse(await cli(["stack", "output", "--json"], { show: false }));
    for (const [key, value] of Object.entries(outputs)) {
      console.log(`  ${key}: ${value === "[secret]" ? "[secret]" : JSON.stringify(value)}`);
    }
    step("Webhooks through the verifier (its local target)");
    await demoWebhooks(emulator);

    step("Where things are");
    console.log(`  project:  ${root} (Pulumi.yaml, demo/index.ts; stack config in Pulumi.${stackName}.yaml)`);
    console.log(
      `  state:    ${stateDir} (stack "${stackName}", passphrase secrets provider; PULUMI_CONFIG_PASSPHRASE=${process.env.PULUMI_CONFIG_PASSPHRASE ? "<yours>" : passphrase})`,
    );
    console.log(
      `  emulator: ${path.join(stateDir, "emulator.json")} (restart it with: npx telnyx-texml emulator --data ${path.relative(process.cwd(), path.join(stateDir, "emulator.json"))})`,
    );
    console.log(`  tear down: DEMO_DESTROY=1 npm run demo`);
    if (process.env.DEMO_DESTROY) {
      step("pulumi destroy");
      await cli(["destroy", "--yes", "--skip-preview"]);
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
    // The verifier forwards path and query unchanged: `/status` on the verifier reaches `/status` here.
    forwardTo: `http://127.0.0.1:${handler.address().port}`,
    port: 0,
    host: "127.0.0.1",
    log: (line) =>
      console.log(`  verifier: ${line.verdict}${line.reason ? ` (${line.reason})` : ""} ${line.method} ${line.path} -> ${line.status}`),
  });
  try {
    const api = (method, p, body, form) =>
      fetch(`${emulator.baseUrl}${p}`, {
        method,
        headers: {
          authorization: `Bearer ${emulator.apiKey}`,
          "content-type": form ? "application/x-www-form-urlencoded" : "application/json",
        },
        body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
      }).then((r) => r.json());
    const apps = await api("GET", "/texml_applications?filter[friendly_name]=support-line");
    const call = await api("POST", `/texml/Accounts/${emulator.accountSid}/Calls`, {
      To: "+13125550100",
      From: "+13125550199",
      ApplicationSid: apps.data[0].id,
      StatusCallback: `${verifier.url}/status`,
    });
    await api("POST", `/texml/Accounts/${emulator.accountSid}/Calls/${call.call_sid}`, { Status: "completed" }, true);
    for (let i = 0; i < 100 && handled.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    console.log(`  status handler received: ${handled.join(", ")}`);
    const forged = await fetch(`${verifier.url}/status`, {
      method: "POST",
      headers: {
        "telnyx-timestamp": String(Math.floor(Date.now() / 1000)),
        "telnyx-signature-ed25519": Buffer.alloc(64).toString("base64"),
      },
      body: "CallStatus=completed",
    });
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
