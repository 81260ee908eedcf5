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
   * Apply the request normally, but keep an object it creates out of listings for
   * `ms` (an eventually consistent index); reading it by id works at once.
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

  add(spec: FaultSpec): number {
    const id = this.nextId++;
    this.armed.push({ ...spec, method: spec.method?.toUpperCase(), id, pattern: new RegExp(spec.path), fired: 0 });
    return id;
  }

  clear(): void {
    this.armed = [];
  }

  list(): Array<FaultSpec & { id: number; fired: number }> {
    return this.armed.map(({ pattern: _pattern, ...rest }) => rest);
  }

  /** The fault to apply to this request, if one fires; counts it and disarms exhausted ones. */
  pick(method: string, path: string): FaultAction | undefined {
    for (const fault of this.armed) {
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
