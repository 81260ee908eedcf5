// The deployable verifier is built by esbuild at `npm run build` from bundle-entry.ts and
// the modules it imports (scripts/build-verifier.mjs), and shares its verification with
// verifyWebhook: the same functions, compiled once from the same sources. buildVerifierBundle
// only reads the prebuilt file and fills in the configuration.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import nacl from "tweetnacl";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type WebhookVerificationError, buildVerifierBundle, signWebhook, verifyWebhook } from "../../../provider/webhooks";
import { importBundle, type BundleModule } from "./support";

const execFileAsync = promisify(execFile);
const root = path.resolve(__dirname, "..", "..", "..");
const source = (file: string) => readFileSync(path.join(root, "provider", "webhooks", file), "utf8");
const prebuilt = () => readFileSync(path.join(root, "dist", "provider", "webhooks", "verifier.bundle.mjs"), "utf8");

const keys = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(7));
const publicKey = Buffer.from(keys.publicKey).toString("base64");
const CONFIG_LINE = "const __VERIFIER_CONFIG__ = null;";

describe("the prebuilt verifier", () => {
  it("is what the sources build to now (node scripts/build-verifier.mjs --check)", async () => {
    const { stdout } = await execFileAsync(process.execPath, [path.join(root, "scripts", "build-verifier.mjs"), "--check"], {
      cwd: root,
    }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`${error.stderr ?? ""}${error.stdout ?? ""}`);
    });
    expect(stdout).toMatch(/is up to date/);
  });

  it("imports nothing at run time: no import or export-from statement, no import(), no require()", async () => {
    const code = buildVerifierBundle({ publicKey }).code;
    for (const pattern of [/^\s*import[\s{*"']/m, /\bimport\s*\(/, /\brequire\s*\(/, /^\s*export\s*(\*|\{[^}]*\})\s*from\b/m])
      expect(code, String(pattern)).not.toMatch(pattern);
    expect(Object.keys(await importBundle(code)).sort()).toEqual(["default", "ed25519Verify", "handler", "verifierEngine", "verify"]);
  });

  it("is the prebuilt file with the configuration, as JSON, in its one configuration line", () => {
    // `$&` and `$'` would be replacement patterns to String.replace with a string.
    const forwardTo = "https://voice.example.com/$&/$'?q=</script>";
    const bundle = buildVerifierBundle({ publicKey, forwardTo, replayProtection: true });
    const settings = {
      publicKey,
      forwardTo,
      toleranceSeconds: 300,
      maxBodyBytes: 1024 * 1024,
      forwardTimeoutMs: 10_000,
      replayProtection: true,
      engine: "auto",
    };
    const line = `const __VERIFIER_CONFIG__ = ${JSON.stringify(settings)};`;
    expect(bundle.code.split(line)).toHaveLength(2);
    expect(bundle.code.replace(line, () => CONFIG_LINE)).toBe(prebuilt());
    expect(bundle.code.split("\n").slice(0, 5).join("\n")).toMatch(
      /^\/\/ Telnyx webhook verifier from pulumi-telnyx-texml [\s\S]*bundled by esbuild[\s\S]*\nconst __VERIFIER_CONFIG__ = \{/,
    );
    expect([bundle.entryFile, bundle.bytes]).toEqual(["index.mjs", Buffer.byteLength(bundle.code)]);
  });

  it("refuses to run without a configuration (the prebuilt file alone)", async () => {
    await expect(importBundle(prebuilt())).rejects.toThrow("this verifier bundle has no configuration: make it with buildVerifierBundle");
  });
});

describe("one implementation", () => {
  it("the bundle holds core.ts, request-handler.ts and verification.ts as compiled by esbuild: the functions verifyWebhook and the handlers run", () => {
    const code = prebuilt();
    const markers = [
      "node_modules/tweetnacl/nacl-fast.js",
      "provider/webhooks/core.ts",
      "provider/webhooks/request-handler.ts",
      "provider/webhooks/verification.ts",
      "provider/webhooks/bundle-entry.ts",
    ];
    const sections = markers.map((marker) => code.indexOf(`\n// ${marker}\n`));
    expect(
      sections.every((at, i) => at > 0 && (i === 0 || at > sections[i - 1]!)),
      "esbuild's module sections in order",
    ).toBe(true);
    const verification = code.slice(sections[3], sections[4]);
    expect(verification).toMatch(
      /\nfunction ed25519Check\(message, signature, publicKey, keyValid, native\) \{\n {2}if \(!isStrictSignature\(signature\) \|\| !keyValid\) return false;/,
    );
    expect(verification).toMatch(/\nfunction verifySignedBody\(rawBody, headers, settings, check\) \{\n/);
    const core = code.slice(sections[1], sections[2]);
    for (const name of ["prepareVerification", "parseVerifiedBody", "isStrictSignature", "isValidEd25519PublicKey", "decodeBase64"])
      expect(core).toContain(`\nfunction ${name}(`);
    expect(code.slice(sections[2], sections[3])).toContain("\nfunction createRequestHandler(");
    // verifyWebhook runs those very functions...
    const verify = source("verify.ts");
    expect(verify).toContain('import { ed25519Check, verifySignedBody } from "./verification";');
    expect(verify).toMatch(/return verifySignedBody\(rawBody, headers, settings,/);
    expect(verify.match(/ed25519Check\(message, signature, publicKey, info\.valid/g)).toHaveLength(2);
    expect(source("handlers.ts")).toMatch(/createRequestHandler\(\(body, headers\) => verifyWebhook\(/);
    // ...and so does the entry, with WebCrypto underneath; neither applies a rule of its own.
    const entry = source("bundle-entry.ts");
    expect(entry).toMatch(/return verifySignedBody\(body, headers, settings,/);
    expect(entry).toMatch(/createRequestHandler\(verify,/);
    for (const [file, text] of [
      ["verify.ts", verify],
      ["bundle-entry.ts", entry],
    ] as const) {
      expect(text, file).not.toMatch(
        /prepareVerification|parseVerifiedBody|isStrictSignature|nacl\.sign\.detached\.verify|timestamp_out_of_tolerance|signature_mismatch/,
      );
    }
  });

  it("bundle.ts holds no verification code and compiles nothing: it reads the prebuilt file", () => {
    const bundle = source("bundle.ts");
    expect(bundle).not.toMatch(
      /from "tweetnacl"|nacl\.sign|crypto\.subtle|subtle\.|isStrictSignature|isValidEd25519PublicKey|prepareVerification|parseVerifiedBody|createRequestHandler|typescript|transpile|esbuild\(|embedCommonJs/,
    );
    expect(bundle).toContain('const ARTIFACT = "verifier.bundle.mjs";');
  });

  describe("the same verdicts as verifyWebhook, through the same code path", () => {
    // A whole second, so that the tolerance boundary (300 s) is exact.
    const NOW = 1_800_000_000_000;
    const ts = NOW / 1000;
    const json = JSON.stringify({ data: { event_type: "call.initiated", payload: { call_control_id: "v3:one" } } });
    const form = "CallSid=v3%3Aone&CallStatus=completed";
    const sign = (body: string, timestamp = ts, secretKey = keys.secretKey) => signWebhook(body, secretKey, timestamp);
    const forger = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(8));
    const plusL = (headers: Record<string, string>) => {
      const L = [
        0xed,
        0xd3,
        0xf5,
        0x5c,
        0x1a,
        0x63,
        0x12,
        0x58,
        0xd6,
        0x9c,
        0xf7,
        0xa2,
        0xde,
        0xf9,
        0xde,
        0x14,
        ...new Array<number>(15).fill(0),
        0x10,
      ];
      const s = Buffer.from(headers["telnyx-signature-ed25519"]!, "base64");
      for (let i = 0, carry = 0; i < 32; i++) {
        const sum = s[32 + i]! + L[i]! + carry;
        s[32 + i] = sum & 0xff;
        carry = sum >> 8;
      }
      return { ...headers, "telnyx-signature-ed25519": s.toString("base64") };
    };
    const cases: Array<[string, string, Record<string, string>, string]> = [
      ["genuine JSON", json, { ...sign(json), "content-type": "application/json" }, "json"],
      ["genuine form", form, sign(form), "form"],
      ["genuine, 300 s old (the tolerance)", form, sign(form, ts - 300), "form"],
      ["genuine, 300 s ahead", form, sign(form, ts + 300), "form"],
      ["forged: signed with another key", form, sign(form, ts, forger.secretKey), "signature_mismatch"],
      ["tampered body", `${form}&x=1`, sign(form), "signature_mismatch"],
      ["another timestamp than signed", form, { ...sign(form), "telnyx-timestamp": String(ts + 1) }, "signature_mismatch"],
      ["non-canonical S + L", form, plusL(sign(form)), "signature_mismatch"],
      ["301 s old", form, sign(form, ts - 301), "timestamp_out_of_tolerance"],
      ["301 s ahead", form, sign(form, ts + 301), "timestamp_out_of_tolerance"],
      ["no signature", form, { "telnyx-timestamp": String(ts) }, "missing_signature"],
      ["no timestamp", form, { "telnyx-signature-ed25519": sign(form)["telnyx-signature-ed25519"] }, "missing_timestamp"],
      ["timestamp not in seconds", form, { ...sign(form), "telnyx-timestamp": "1.8e9" }, "invalid_timestamp"],
      [
        "signature not base64 of 64 bytes",
        form,
        { ...sign(form), "telnyx-signature-ed25519": "c2lnbmF0dXJl" },
        "invalid_signature_encoding",
      ],
      ["signed empty body", "", sign(""), "empty_payload"],
      ["signed body neither JSON nor a form", "a=b&&", sign("a=b&&"), "malformed_payload"],
      ["larger than maxBodyBytes", "x".repeat(5000), sign("x".repeat(5000)), "payload_too_large"],
    ];
    let bundles: Record<"webcrypto" | "tweetnacl", BundleModule>;
    beforeAll(async () => {
      vi.spyOn(console, "log").mockImplementation(() => {}); // the bundle's log lines
      bundles = {
        webcrypto: await importBundle(buildVerifierBundle({ publicKey, maxBodyBytes: 4096 }).code),
        tweetnacl: await importBundle(buildVerifierBundle({ publicKey, maxBodyBytes: 4096, engine: "tweetnacl" }).code),
      };
      expect([await bundles.webcrypto.verifierEngine(), await bundles.tweetnacl.verifierEngine()]).toEqual(["webcrypto", "tweetnacl"]);
    });
    afterEach(() => {
      vi.useRealTimers();
    });
    afterAll(() => {
      vi.restoreAllMocks();
    });
    const outcome = (event: unknown) => (event as { format: string }).format;
    const failure = (error: unknown) => {
      if (error instanceof Error && error.name === "WebhookVerificationError") return (error as WebhookVerificationError).reason;
      throw error;
    };

    it.each(cases)("%s", async (_name, body, headers, expected) => {
      vi.useFakeTimers({ toFake: ["Date"], now: NOW });
      const results: Record<string, string> = {};
      for (const engine of ["native", "tweetnacl"] as const) {
        try {
          results[`verifyWebhook/${engine}`] = outcome(verifyWebhook(body, headers, { publicKey, maxBodyBytes: 4096, engine }));
        } catch (error) {
          results[`verifyWebhook/${engine}`] = failure(error);
        }
      }
      for (const [engine, bundle] of Object.entries(bundles)) {
        results[`bundle/${engine}`] = await bundle.verify(new TextEncoder().encode(body), new Headers(headers)).then(outcome, failure);
        const response = await bundle.default.fetch(
          new Request("https://verifier.example/status", { method: "POST", headers, body: body === "" ? null : body }),
        );
        results[`bundle fetch/${engine}`] = response.status === 204 ? "accepted" : ((await response.json()) as { error: string }).error;
      }
      // The fetch entry point answers 204 to what it accepts, without saying how it parsed it.
      const viaFetch = expected === "json" || expected === "form" ? "accepted" : expected;
      expect(results).toEqual({
        "verifyWebhook/native": expected,
        "verifyWebhook/tweetnacl": expected,
        "bundle/webcrypto": expected,
        "bundle/tweetnacl": expected,
        "bundle fetch/webcrypto": viaFetch,
        "bundle fetch/tweetnacl": viaFetch,
      });
    });
  });
});
