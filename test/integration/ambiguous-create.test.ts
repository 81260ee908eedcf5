// Creates whose outcome is unknown (dropped connections, 5xx after or before the change,
// listings that lag, skewed clocks) against the emulator: the provider adopts only the
// object its own request made, sends the create again only when nothing was made, and
// otherwise fails naming the candidates. Foreign objects are never adopted or changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorOptions } from "../../emulator";
import { TelnyxApiError } from "../../provider/base/client/errors";
import { clockFrom, settleAmbiguousCreate } from "../../provider/kinds/ambiguous";
import { dispatch } from "../../provider/faces/dynamic/runtime";
import { useEmulator } from "../support/emulator-env";
import { dataFileWithForeignQueue } from "../support/foreign-queue";

const app = (method: string, ...args: unknown[]) => dispatch("Application", method, args) as Promise<any>;
const queue = (method: string, ...args: unknown[]) => dispatch("Queue", method, args) as Promise<any>;

type Emulator = ReturnType<typeof useEmulator>["emulator"];

async function api(
  emulator: Emulator,
  method: string,
  path: string,
  body?: { json?: unknown; form?: Record<string, string> },
): Promise<any> {
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

const requestLines = async (emulator: Emulator) =>
  (await emulator.requests()).map((r) => `${r.method} ${r.path}${r.fault ? ` [${r.fault}]` : ""}`);
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
        expect(await requestLines(env.emulator)).toEqual([
          `POST /texml_applications [${action.type === "drop" ? "drop:after" : "status:503:after"}]`,
          "GET /texml_applications",
        ]);
        expect((await env.emulator.requests())[1]!.query).toBe(
          "filter%5Bfriendly_name%5D=dup-name&sort=-created_at&page%5Bnumber%5D=1&page%5Bsize%5D=250",
        );
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
      expect((await requestLines(env.emulator)).filter((l) => l.startsWith("POST"))).toEqual([
        "POST /texml_applications [status:503]",
        "POST /texml_applications",
      ]);
    });

    it("a new application kept out of listings for a while: waits for it instead of creating a second", async () => {
      process.env.TELNYX_CREATE_SETTLE_MS = "5000";
      try {
        await env.emulator.addFault({
          method: "POST",
          path: "^/texml_applications$",
          action: { type: "status", status: 503, when: "after" },
          times: 1,
        });
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
      const foreign = await api(env.emulator, "POST", "/texml_applications", {
        json: { friendly_name: "dup-name", voice_url: "https://voice.example.com/ours" },
      });
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
      expect((await requestLines(env.emulator)).filter((l) => !l.startsWith("GET") && !l.startsWith("POST /texml_applications"))).toEqual(
        [],
      );
    });

    it("an application with other settings made while the create is settled is not adopted, and stops a second create: the error names it and says what to do", async () => {
      await env.emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "status", status: 503 }, times: 1 });
      await env.emulator.addFault({ method: "GET", path: "^/texml_applications$", action: { type: "delay", ms: 1_500 }, times: 1 });
      const attempt = app("create", declared);
      await waitForLogged(env.emulator, (r) => r.method === "POST" && r.status === 503);
      const foreign = await api(env.emulator, "POST", "/texml_applications", {
        json: { friendly_name: "dup-name", voice_url: "https://voice.example.com/theirs" },
      });
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

    it("an identical application made by someone else after the failed answer, while listings settle, is never adopted and stops a second create", async () => {
      // The first lookups (quick round trips) find nothing and bound Telnyx's clock to about a
      // second; the foreign application appears 1.8 s after the answer, and a later lookup lists it.
      process.env.TELNYX_CREATE_SETTLE_MS = "5000";
      let error: Error | undefined;
      let foreign: any;
      try {
        await env.emulator.addFault({ method: "POST", path: "^/texml_applications$", action: { type: "status", status: 503 }, times: 1 });
        const attempt = app("create", declared);
        await waitForLogged(env.emulator, (r) => r.method === "POST" && r.status === 503);
        await sleep(1_800);
        foreign = await api(env.emulator, "POST", "/texml_applications", {
          json: { friendly_name: "dup-name", voice_url: "https://voice.example.com/ours" },
        });
        error = await attempt.then(
          () => undefined,
          (e: Error) => e,
        );
      } finally {
        process.env.TELNYX_CREATE_SETTLE_MS = "300";
      }
      expect(error?.message).toContain(`Candidates created since the request was sent: ${foreign.data.id} (created `);
      expect(error?.message).toContain(", after the request's answer arrived). Nothing was adopted.");
      expect((await apps()).map((a) => a.wire.id)).toEqual([foreign.data.id]);
      const stored = (await apps())[0]!;
      expect(stored.updatedMs).toBe(stored.createdMs);
      expect((await requestLines(env.emulator)).filter((l) => l.startsWith("POST"))).toEqual([
        "POST /texml_applications [status:503]",
        "POST /texml_applications",
      ]);
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
        expect(await requestLines(env.emulator)).toEqual([
          `POST /texml/Accounts/${env.emulator.accountSid}/Queues [status:503:after]`,
          `GET /texml/Accounts/${env.emulator.accountSid}/Queues`,
        ]);
      } else {
        // Telnyx does not return a queue's name: a generated sid cannot be tied to this request,
        // so the error names the queue the request made, and nothing is sent again.
        const error = await queue("create", inputs()).then(
          () => undefined,
          (e: Error) => e,
        );
        const made = (await env.emulator.state()).queues;
        expect(made.map((q) => `${q.friendlyName}:${q.maxSize}`)).toEqual(["support:5"]);
        expect(made[0]!.sid).toMatch(/^QU[0-9a-f]{32}$/);
        expect(error?.message).toMatch(
          /^TeXML queue "support": the create request failed \(.*\), and it cannot be proven whether Telnyx applied it\. /,
        );
        expect(error?.message).toContain(
          `Candidates created since the request was sent: ${made[0]!.sid} (created ${new Date(made[0]!.createdMs - (made[0]!.createdMs % 1000)).toISOString()}, Telnyx does not show its name). Nothing was adopted.`,
        );
        expect((await requestLines(env.emulator)).filter((l) => l.startsWith("POST"))).toEqual([
          `POST /texml/Accounts/${env.emulator.accountSid}/Queues [status:503:after]`,
        ]);
      }
    });

    it("a queue of the same name made outside the stack is never adopted or changed: the error says to choose another name, never to import it", async () => {
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
          'A queue named "support" already exists in the account, and queue names are unique in an account: declare another name. It was not adopted or changed; it may belong to another resource or stack.',
      );
      expect((await env.emulator.state()).queues).toEqual(before);
      expect((await requestLines(env.emulator)).filter((l) => !l.startsWith("GET"))).toEqual([
        `POST /texml/Accounts/${account}/Queues [status:503]`,
        `POST /texml/Accounts/${account}/Queues`,
      ]);
    });

    it("a queue this deployment made for another resource is not a candidate", async () => {
      const account = env.emulator.accountSid;
      await queue("create", { name: "sales", accountSid: account });
      await env.emulator.addFault({ method: "POST", path: "/Queues$", action: { type: "drop", when: "before" }, times: 1 });
      const created = await queue("create", inputs());
      expect(created.outs.name).toBe("support");
      expect((await queues()).sort()).toEqual(["sales:100", "support:5"]);
    });

    if (options.queueSids === "name") {
      it("a queue another resource of this deployment asked for, made after the failed answer and not yet answered, is not a candidate", async () => {
        const account = env.emulator.accountSid;
        await env.emulator.addFault({ method: "POST", path: "/Queues$", action: { type: "status", status: 503, when: "after" }, times: 1 });
        await env.emulator.addFault({ method: "GET", path: "/Queues$", action: { type: "delay", ms: 2_000 }, times: 1 });
        // Names no other test of this process asked for: the provider remembers a deployment's queues.
        const attempt = queue("create", { name: "hold-line", maxSize: 5, accountSid: account });
        await waitForLogged(env.emulator, (r) => r.method === "POST" && r.status === 503);
        // Another resource's create: applied, but its answer (a 400) leaves it unsettled in this process.
        await env.emulator.addFault({ method: "POST", path: "/Queues$", action: { type: "status", status: 400, when: "after" }, times: 1 });
        await expect(queue("create", { name: "overflow-line", accountSid: account })).rejects.toThrow(/^Telnyx API error 400 on POST /);
        const created = await attempt;
        expect(created.id).toBe("hold-line");
        expect((await queues()).sort()).toEqual(["hold-line:5", "overflow-line:100"]);
        expect((await requestLines(env.emulator)).filter((l) => l.startsWith("POST"))).toEqual([
          `POST /texml/Accounts/${account}/Queues [status:503:after]`,
          `POST /texml/Accounts/${account}/Queues [status:400:after]`,
        ]);
      });
    }
  });
}

describe("Queue create with an unknown outcome, in an account whose foreign queue has our name as its sid", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  const saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    const dataFile = await dataFileWithForeignQueue({ friendlyName: "Support Queue", sid: "support", maxSize: 5 });
    emulator = await startEmulator({ port: 0, webhookDispatch: false, queueSids: "generated", dataFile });
    const env = {
      TELNYX_API_KEY: emulator.apiKey,
      TELNYX_BASE_URL: emulator.baseUrl,
      TELNYX_ACCOUNT_SID: emulator.accountSid,
      TELNYX_RETRY_BASE_MS: "1",
      TELNYX_CREATE_SETTLE_MS: "300",
    };
    for (const [name, value] of Object.entries(env)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    // Creation times have whole seconds: the foreign queue must be older than the request.
    await sleep(2_100);
  });
  afterAll(async () => {
    await emulator?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("our own new queue (a generated sid) is not ruled out by the foreign one: the create fails naming it, and is not sent again", async () => {
    const account = emulator.accountSid;
    await emulator.addFault({ method: "POST", path: "/Queues$", action: { type: "status", status: 503, when: "after" }, times: 1 });
    const error = await queue("create", { name: "support", maxSize: 5, accountSid: account }).then(
      () => undefined,
      (e: Error) => e,
    );
    const ours = (await emulator.state()).queues.find((q) => q.friendlyName === "support");
    expect(ours?.sid).toMatch(/^QU[0-9a-f]{32}$/);
    expect(error?.message).toContain(`Candidates created since the request was sent: ${ours!.sid} (created `);
    expect(error?.message).toContain(
      "Telnyx does not show its name). Nothing was adopted. If one of them is the object this stack asked for, adopt it with the `import` resource option",
    );
    expect(error?.message).not.toContain("support (created");
    expect((await emulator.requests()).filter((r) => r.method === "POST").map((r) => `${r.path} ${r.fault ?? ""}`)).toEqual([
      `/texml/Accounts/${account}/Queues status:503:after`,
    ]);
    const foreign = (await emulator.state()).queues.find((q) => q.sid === "support")!;
    expect(foreign.friendlyName).toBe("Support Queue");
    expect(foreign.updatedMs).toBe(foreign.createdMs);
  });
});

describe("the proof of an ambiguous create, at its exact bounds (whole-second Date header and creation times)", () => {
  // Our clock and Telnyx's agree here; what the provider knows of Telnyx's comes only from
  // the listing's Date header (truncated to the second) and the listing's round trip.
  const firstError = new TelnyxApiError({ kind: "timeout", method: "POST", path: "/texml_applications", timeoutMs: 5 });
  // The lookup went out at …5.200 and came back at …5.300; Telnyx wrote `Date` at …5.250, sent as …5.000.
  const T = 1_700_000_000_000;
  const clock = clockFrom({ serverDate: T + 5_000, sentAt: T + 5_200, receivedAt: T + 5_300 })!;
  // So Telnyx's clock minus ours is known only to lie in [-300, +800] ms.
  const candidate = (id: string, createdAt: number) => ({
    object: id,
    id,
    createdAt,
    precisionMs: 1000,
    identity: "same" as const,
    matchesInputs: true,
  });
  /** Settles with the first attempt sent at `sentAt` and answered at `answeredAt`; "sent again" when it retries. */
  const settle = (sentAt: number, answeredAt: number, candidates: ReturnType<typeof candidate>[]) =>
    settleAmbiguousCreate(firstError, {
      what: 'TeXML application "x"',
      sentAt,
      now: () => answeredAt,
      lookup: async () => ({ candidates, clock }),
      retry: async () => "sent again",
      settleMs: 0,
      sleep: async () => {},
    });

  it("reads the clock bounds from the Date header and the round trip", () => {
    expect(clock).toEqual({ minOffset: -300, maxOffset: 800 });
  });

  it("a candidate stamped in the second that ends 1 ms before the request could arrive is not a candidate; one a second later is adopted", async () => {
    // The request went out at …1.300: on Telnyx's clock it arrived at …1.000 at the earliest.
    await expect(settle(T + 1_300, T + 2_000, [candidate("older", T)])).resolves.toBe("sent again");
    await expect(settle(T + 1_300, T + 2_000, [candidate("ours", T + 1_000)])).resolves.toBe("ours");
  });

  it("a candidate stamped at the latest instant the answer can have left Telnyx is adopted; one a second later is not, and stops a second create", async () => {
    // Answered at …2.200: on Telnyx's clock it left at …3.000 at the latest.
    await expect(settle(T + 1_300, T + 2_200, [candidate("ours", T + 3_000)])).resolves.toBe("ours");
    await expect(settle(T + 1_300, T + 2_200, [candidate("late", T + 4_000)])).rejects.toThrow(
      "Candidates created since the request was sent: late (created 2023-11-14T22:13:24.000Z, after the request's answer arrived). Nothing was adopted.",
    );
  });

  it("a later, slow lookup is judged with the bounds the quick first one gave: an object it lists from after the answer is not adopted", async () => {
    // The second lookup took 3.5 s: alone it would allow an offset up to +4000 ms.
    const slow = clockFrom({ serverDate: T + 9_000, sentAt: T + 6_000, receivedAt: T + 9_500 })!;
    expect(slow).toEqual({ minOffset: -500, maxOffset: 4_000 });
    const lookups = [
      { candidates: [], clock },
      { candidates: [candidate("late", T + 4_000)], clock: slow },
    ];
    const settled = settleAmbiguousCreate(firstError, {
      what: 'TeXML application "x"',
      sentAt: T + 1_300,
      now: () => T + 2_200,
      lookup: async () => lookups.shift()!,
      retry: async () => "sent again",
      settleMs: 1,
      sleep: async () => {},
    });
    await expect(settled).rejects.toThrow("late (created 2023-11-14T22:13:24.000Z, after the request's answer arrived)");
    expect(lookups).toEqual([]);
  });

  it("two candidates that both qualify: neither is adopted, both are named, nothing is sent again", async () => {
    await expect(settle(T + 1_300, T + 2_200, [candidate("first", T + 2_000), candidate("second", T + 3_000)])).rejects.toThrow(
      "Candidates created since the request was sent: first (created 2023-11-14T22:13:22.000Z), second (created 2023-11-14T22:13:23.000Z). Nothing was adopted.",
    );
  });
});

applicationSuite("clocks in step", {});
applicationSuite("Telnyx's clock 10 minutes behind", { clockOffsetMs: -600_000 });
applicationSuite("Telnyx's clock 10 minutes ahead", { clockOffsetMs: 600_000 });
queueSuite("queue sid = name", { queueSids: "name" });
queueSuite("generated queue sids, as in the spec's example", { queueSids: "generated" });
