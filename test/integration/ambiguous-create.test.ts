// Creates whose outcome is unknown (dropped connections, 5xx after or before the change,
// listings that lag, skewed clocks) against the emulator: the provider adopts only the
// object its own request made, sends the create again only when nothing was made, and
// otherwise fails naming the candidates. Foreign objects are never adopted or changed.
import { describe, expect, it } from "vitest";
import type { EmulatorOptions } from "../../emulator";
import { dispatch } from "../../provider/resources/runtime";
import { useEmulator } from "../support/emulator-env";

const app = (method: string, ...args: unknown[]) => dispatch("Application", method, args) as Promise<any>;
const queue = (method: string, ...args: unknown[]) => dispatch("Queue", method, args) as Promise<any>;

type Emulator = ReturnType<typeof useEmulator>["emulator"];

async function api(emulator: Emulator, method: string, path: string, body?: { json?: unknown; form?: Record<string, string> }): Promise<any> {
  const headers: Record<string, string> = { authorization: `Bearer ${emulator.apiKey}` };
  let payload: string | undefined;
  if (body?.json !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body.json);
  } else if (body?.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    payload = new URLSearchParams(body.form).toString();
  }
  const response = await fetch(`${emulator.baseUrl}${path}`, { method, headers, body: payload });
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

const requestLines = async (emulator: Emulator) => (await emulator.requests()).map((r) => `${r.method} ${r.path}${r.fault ? ` [${r.fault}]` : ""}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForLogged(emulator: Emulator, predicate: (r: { method: string; status: number }) => boolean): Promise<void> {
  for (let i = 0; i < 200 && !(await emulator.requests()).some(predicate); i++) await sleep(10);
}

const declared = { friendlyName: "dup-name", voiceUrl: "https://voice.example.com/ours" };

function applicationSuite(label: string, options: EmulatorOptions) {
  describe(`Application create with an unknown outcome (${label})`, () => {
    const env = useEmulator(options);
    const apps = async () => (await env.emulator.state()).applications;

    it("a connection dropped before the change: finds nothing, sends again, one application", async () => {
      await env.emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "drop", when: "before" }, times: 1 });
      const created = await app("create", declared);
      expect((await apps()).map((a) => a.wire.id)).toEqual([created.id]);
      const lines = await requestLines(env.emulator);
      expect(lines[0]).toBe("POST /texml_applications [drop:before]");
      expect(lines.at(-1)).toBe("POST /texml_applications");
      expect(lines.slice(1, -1).every((l) => l === "GET /texml_applications")).toBe(true);
    });

    for (const [fault, action] of [
      ["a connection dropped after the change", { type: "drop", when: "after" }],
      ["a 503 after the change was applied", { type: "status", status: 503, when: "after" }],
    ] as const) {
      it(`${fault}: adopts the application it made, with one listing request`, async () => {
        await env.emulator.addFault({ method: "POST", path: "^/texml_applications$", action, times: 1 });
        const created = await app("create", declared);
        expect((await apps()).map((a) => a.wire.id)).toEqual([created.id]);
        expect(await requestLines(env.emulator)).toEqual([`POST /texml_applications [${action.type === "drop" ? "drop:after" : "status:503:after"}]`, "GET /texml_applications"]);
        expect((await env.emulator.requests())[1]!.query).toBe("filter%5Bfriendly_name%5D=dup-name&sort=-created_at&page%5Bnumber%5D=1&page%5Bsize%5D=250");
      });
    }

    it("a lookup that fails too (the client's retries used up) is tried again within the settle time, then adopts", async () => {
      await env.emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "drop", when: "after" }, times: 1 });
      await env.emulator.addFault({ method: "GET", path: "^/texml_applications$", action: { type: "status", status: 503 }, times: 5 });
      const created = await app("create", declared);
      expect((await apps()).map((a) => a.wire.id)).toEqual([created.id]);
      expect(await requestLines(env.emulator)).toEqual([
        "POST /texml_applications [drop:after]",
        ...Array.from({ length: 5 }, () => "GET /texml_applications [status:503]"),
        "GET /texml_applications",
      ]);
    });

    it("a 503 before the change: looks, finds nothing, sends again", async () => {
      await env.emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "status", status: 503 }, times: 1 });
      const created = await app("create", declared);
      expect((await apps()).map((a) => a.wire.id)).toEqual([created.id]);
      expect((await requestLines(env.emulator)).filter((l) => l.startsWith("POST"))).toEqual(["POST /texml_applications [status:503]", "POST /texml_applications"]);
    });

    it("a new application kept out of listings for a while: waits for it instead of creating a second", async () => {
      process.env.TELNYX_CREATE_SETTLE_MS = "5000";
      try {
        await env.emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "status", status: 503, when: "after" }, times: 1 });
        await env.emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "unlisted", ms: 1200 }, times: 1 });
        const created = await app("create", declared);
        expect((await apps()).map((a) => a.wire.id)).toEqual([created.id]);
        const lines = await requestLines(env.emulator);
        expect(lines[0]).toBe("POST /texml_applications [status:503:after+unlisted:1200]");
        expect(lines.slice(1)).toEqual(lines.slice(1).map(() => "GET /texml_applications"));
        expect(lines.length).toBeGreaterThan(2);
      } finally {
        process.env.TELNYX_CREATE_SETTLE_MS = "300";
      }
    });

    it("an application made outside the stack two seconds before is never adopted, whatever the fault", async () => {
      const foreign = await api(env.emulator, "POST", "/texml_applications", { json: { friendly_name: "dup-name", voice_url: "https://voice.example.com/ours" } });
      await sleep(2_000);
      await env.emulator.clearRequests();
      await env.emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "drop", when: "before" }, times: 1 });
      const created = await app("create", declared);
      expect(created.id).not.toBe(foreign.data.id);
      await env.emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "drop", when: "after" }, times: 1 });
      const second = await app("create", declared);
      expect([foreign.data.id, created.id]).not.toContain(second.id);
      const stored = (await apps()).find((a) => a.wire.id === foreign.data.id)!;
      expect(stored.updatedMs).toBe(stored.createdMs);
      expect((await requestLines(env.emulator)).filter((l) => !l.startsWith("GET") && !l.startsWith("POST /texml_applications"))).toEqual([]);
    });

    it("an application with other settings made during the request is not adopted: the error names it and says what to do", async () => {
      await env.emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "status", status: 503 }, times: 1 });
      await env.emulator.addFault({ method: "GET", path: "^/texml_applications$", action: { type: "delay", ms: 1_500 }, times: 1 });
      const attempt = app("create", declared);
      await waitForLogged(env.emulator, (r) => r.method === "POST" && r.status === 503);
      const foreign = await api(env.emulator, "POST", "/texml_applications", { json: { friendly_name: "dup-name", voice_url: "https://voice.example.com/theirs" } });
      const error = await attempt.then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toMatch(
        new RegExp(
          `^TeXML application "dup-name": the create request failed \\(Telnyx API error 503 on POST /texml_applications: Service Unavailable: Service Unavailable \\(injected by the emulator\\)\\. \\(code 10007\\)\\), and it cannot be proven whether Telnyx applied it\\. ` +
            `Candidates created since the request was sent: ${foreign.data.id} \\(created [^,]+, differs from the declared inputs\\)\\. Nothing was adopted\\. ` +
            "If one of them is the object this stack asked for, adopt it with the `import` resource option \\(`import: <id>`\\); if none is, remove or rename the ones that should not exist, then run `pulumi up` again\\.$",
        ),
      );
      expect((await apps()).map((a) => a.wire.id)).toEqual([foreign.data.id]);
    });
  });
}

function queueSuite(label: string, options: EmulatorOptions & { queueSids: "name" | "generated" }) {
  describe(`Queue create with an unknown outcome (${label})`, () => {
    const env = useEmulator(options);
    const queues = async () => (await env.emulator.state()).queues.map((q) => `${q.friendlyName}:${q.maxSize}`);
    const inputs = () => ({ name: "support", maxSize: 5, accountSid: env.emulator.accountSid });

    it("a 503 after the change: adopts the queue only when Telnyx shows it is the one asked for", async () => {
      await env.emulator.addFault({ method: "POST", path: "/Queues$", action: { type: "status", status: 503, when: "after" }, times: 1 });
      if (options.queueSids === "name") {
        const created = await queue("create", inputs());
        expect(created.id).toBe("support");
        expect(await queues()).toEqual(["support:5"]);
        expect(await requestLines(env.emulator)).toEqual([`POST /texml/Accounts/${env.emulator.accountSid}/Queues [status:503:after]`, `GET /texml/Accounts/${env.emulator.accountSid}/Queues`]);
      } else {
        // Telnyx does not return a queue's name: a generated sid cannot be tied to this request.
        const sid = (await env.emulator.state()).queues[0]?.sid;
        await expect(queue("create", inputs())).rejects.toThrow(/^TeXML queue "support": the create request failed \(.*\), and it cannot be proven whether Telnyx applied it\. Candidates created since the request was sent: QU[0-9a-f]{32} \(created [^,]+, Telnyx does not show its name\)\. Nothing was adopted\./);
        expect(sid).toBeUndefined();
        expect(await queues()).toEqual(["support:5"]);
      }
    });

    it("a queue of the same name made outside the stack is never adopted or changed: the error says to import it", async () => {
      const account = env.emulator.accountSid;
      await api(env.emulator, "POST", `/texml/Accounts/${account}/Queues`, { form: { FriendlyName: "support", MaxSize: "5" } });
      // Queue timestamps and Date headers have whole seconds: an object made less than about two seconds
      // before the request cannot be told apart from one it made (see the README's lifecycle-safety rules).
      await sleep(3_000);
      const before = (await env.emulator.state()).queues;
      await env.emulator.clearRequests();
      await env.emulator.addFault({ method: "POST", path: "/Queues$", action: { type: "status", status: 503 }, times: 1 });
      await expect(queue("create", inputs())).rejects.toThrow(
        `Telnyx API error 422 on POST /texml/Accounts/${account}/Queues: Invalid value: A queue named 'support' already exists (code 10015, at /FriendlyName). ` +
          'A queue named "support" already exists in the account and this stack did not create it: adopt it with `import: <its sid>` (the queue\'s sid is in the Telnyx portal or `getQueues`), or choose another name.',
      );
      expect((await env.emulator.state()).queues).toEqual(before);
      expect((await requestLines(env.emulator)).filter((l) => !l.startsWith("GET"))).toEqual([`POST /texml/Accounts/${account}/Queues [status:503]`, `POST /texml/Accounts/${account}/Queues`]);
    });

    it("a queue this deployment made for another resource is not a candidate", async () => {
      const account = env.emulator.accountSid;
      await queue("create", { name: "sales", accountSid: account });
      await env.emulator.addFault({ method: "POST", path: "/Queues$", action: { type: "drop", when: "before" }, times: 1 });
      const created = await queue("create", inputs());
      expect(created.outs.name).toBe("support");
      expect((await queues()).sort()).toEqual(["sales:100", "support:5"]);
    });
  });
}

applicationSuite("clocks in step", {});
applicationSuite("Telnyx's clock 10 minutes behind", { clockOffsetMs: -600_000 });
applicationSuite("Telnyx's clock 10 minutes ahead", { clockOffsetMs: 600_000 });
queueSuite("queue sid = name", { queueSids: "name" });
queueSuite("generated queue sids, as in the spec's example", { queueSids: "generated" });
