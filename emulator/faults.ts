import * as z from "zod";

/** What an armed fault does to a matching request. */
export type FaultAction =
  /**
   * Answer with this status (and a Telnyx error body). `before` (the default) answers
   * without applying the request; `after` applies it first, as a server that fails
   * while answering does.
   */
  | { type: "status"; status: number; retryAfter?: number; when?: "before" | "after" }
  /** Wait, then handle the request normally. */
  | { type: "delay"; ms: number }
  /** Close the connection: `before` applying the request, or `after` applying it but before answering. */
  | { type: "drop"; when: "before" | "after" }
  /** Apply the request, then answer 200 with a body that is not valid JSON. */
  | { type: "malformed" }
  /**
   * Keep an object the request creates out of listings for `ms` (an eventually
   * consistent index); reading it by id works at once. It combines with one other fault
   * on the same request (e.g. a 503 after the change).
   */
  | { type: "unlisted"; ms: number };

/** A fault to arm: which requests it matches and how often it fires. */
export interface FaultSpec {
  /** HTTP method to match; any when omitted. */
  method?: string;
  /** Regular expression matched against the path below `/v2`. */
  path: string;
  action: FaultAction;
  /** Fire at most this many times, then disarm. */
  times?: number;
  /** Chance (0..1) of firing on each matching request; 1 when omitted. */
  probability?: number;
}

/** Most times a fault may be armed for, and other bounds of the shapes below. */
export const MAX_FAULT_TIMES = 100_000;
const MAX_DELAY_MS = 300_000;
const MAX_UNLISTED_MS = 86_400_000;
const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS"] as const;

const ms = (max: number) => z.number().int().min(0).max(max);
const when = z.enum(["before", "after"]);

/**
 * The documented shape of each action; anything else is refused with the field named.
 * @internal Not in the published declarations (they stay free of zod types); {@link FaultAction} is its type.
 */
export const faultActionSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("status"),
    status: z.number().int().min(400).max(599),
    retryAfter: z.number().int().min(0).max(86_400).optional(),
    when: when.optional(),
  }),
  z.strictObject({ type: z.literal("delay"), ms: ms(MAX_DELAY_MS) }),
  z.strictObject({ type: z.literal("drop"), when }),
  z.strictObject({ type: z.literal("malformed") }),
  z.strictObject({ type: z.literal("unlisted"), ms: ms(MAX_UNLISTED_MS).min(1) }),
]);

function isRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * A fault as the admin API and `addFault` take it.
 * @internal Not in the published declarations; {@link FaultSpec} is its input type.
 */
export const faultSpecSchema = z.strictObject({
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.enum(METHODS))
    .optional(),
  path: z.string().min(1).max(1_000).refine(isRegExp, "must be a valid regular expression"),
  action: faultActionSchema,
  times: z.number().int().min(1).max(MAX_FAULT_TIMES).optional(),
  probability: z.number().min(0).max(1).optional(),
});

interface ArmedFault extends FaultSpec {
  id: number;
  pattern: RegExp;
  fired: number;
}

/** The faults armed on an emulator, consulted once per public API request. */
export class FaultInjector {
  private armed: ArmedFault[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  /** Arms a fault after checking it against `faultSpecSchema` (a zod error names the field otherwise). */
  add(input: FaultSpec | unknown): number {
    const spec = faultSpecSchema.parse(input) as FaultSpec;
    const id = this.nextId++;
    this.armed.push({ ...spec, id, pattern: new RegExp(spec.path), fired: 0 });
    return id;
  }

  clear(): void {
    this.armed = [];
  }

  list(): Array<FaultSpec & { id: number; fired: number }> {
    return this.armed.map(({ pattern: _pattern, ...rest }) => rest);
  }

  /**
   * The fault to apply to this request, if one fires; counts it and disarms exhausted ones.
   * `unlisted` faults are not picked here: they combine with this one (see `pickUnlisted`).
   */
  pick(method: string, path: string): FaultAction | undefined {
    return this.fire(method, path, (action) => action.type !== "unlisted");
  }

  /** How long an object this request creates stays out of listings, if an `unlisted` fault fires. */
  pickUnlisted(method: string, path: string): number | undefined {
    const action = this.fire(method, path, (a) => a.type === "unlisted");
    return action?.type === "unlisted" ? action.ms : undefined;
  }

  private fire(method: string, path: string, kind: (action: FaultAction) => boolean): FaultAction | undefined {
    for (const fault of this.armed) {
      if (!kind(fault.action)) continue;
      if (fault.method && fault.method !== method) continue;
      if (!fault.pattern.test(path)) continue;
      if (fault.probability !== undefined && this.random() >= fault.probability) continue;
      fault.fired++;
      if (fault.times !== undefined && fault.fired >= fault.times) this.armed = this.armed.filter((f) => f !== fault);
      return fault.action;
    }
    return undefined;
  }
}

/** A short label for the request log, e.g. `status:503`, `drop:after`. */
export function describeFault(action: FaultAction): string {
  switch (action.type) {
    case "status":
      return action.when === "after" ? `status:${action.status}:after` : `status:${action.status}`;
    case "delay":
      return `delay:${action.ms}`;
    case "drop":
      return `drop:${action.when}`;
    case "malformed":
      return "malformed";
    case "unlisted":
      return `unlisted:${action.ms}`;
  }
}
