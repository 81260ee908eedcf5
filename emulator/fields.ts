import { invalid } from "./http";

/**
 * Reads and checks request fields the way Telnyx reports problems: a 422 whose
 * pointer names the field. Form bodies carry strings only, so integers and
 * booleans are accepted in their text form there.
 */
export class Fields {
  constructor(
    private readonly body: Record<string, unknown>,
    private readonly prefix = "",
  ) {}

  has(name: string): boolean {
    return this.body[name] !== undefined;
  }

  private pointer(name: string) {
    return `${this.prefix}/${name}`;
  }

  string(name: string, options: { required?: boolean; minLength?: number } = {}): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null || value === "") {
      if (options.required) throw invalid(this.pointer(name), "missing", `Can't be blank: ${name}`);
      return undefined;
    }
    if (typeof value !== "string") throw invalid(this.pointer(name), "type", `The '${name}' parameter must be of type 'string'`);
    if (options.minLength && value.length < options.minLength)
      throw invalid(this.pointer(name), "value", `The '${name}' parameter must be at least ${options.minLength} characters long`);
    return value;
  }

  url(name: string, options: { required?: boolean } = {}): string | undefined {
    const value = this.string(name, options);
    if (value === undefined) return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(value);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol))
      throw invalid(this.pointer(name), "value", `The '${name}' parameter must be a valid URL`);
    return value;
  }

  enum<T extends string>(name: string, values: readonly T[], options: { caseInsensitive?: boolean } = {}): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const found = values.find((v) => (options.caseInsensitive ? v.toLowerCase() === value.toLowerCase() : v === value));
    if (!found) throw invalid(this.pointer(name), "enum", `${name} must be one of ${values.join(", ")}`);
    return found;
  }

  int(name: string, options: { min?: number; max?: number } = {}): number | undefined {
    const raw = this.body[name];
    if (raw === undefined || raw === null || raw === "") return undefined;
    const value = typeof raw === "string" && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== "number" || !Number.isInteger(value))
      throw invalid(this.pointer(name), "type", `The '${name}' parameter must be of type 'integer'`);
    if (options.min !== undefined && value < options.min)
      throw invalid(this.pointer(name), "value", `The '${name}' parameter must be greater than or equal to ${options.min}`);
    if (options.max !== undefined && value > options.max)
      throw invalid(this.pointer(name), "value", `The '${name}' parameter must be less than or equal to ${options.max}`);
    return value;
  }

  bool(name: string): boolean | undefined {
    const raw = this.body[name];
    if (raw === undefined || raw === null || raw === "") return undefined;
    if (typeof raw === "boolean") return raw;
    if (raw === "true" || raw === "false") return raw === "true";
    throw invalid(this.pointer(name), "type", `The '${name}' parameter must be of type 'boolean'`);
  }

  /** A numeric-string id (`IntId`), e.g. an outbound voice profile. */
  intId(name: string): string | undefined {
    const value = this.string(name);
    if (value !== undefined && !/^\d+$/.test(value))
      throw invalid(this.pointer(name), "value", `The '${name}' parameter must be a numeric ID`);
    return value;
  }

  stringArray(name: string): string[] | undefined {
    const raw = this.body[name];
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw) || raw.some((v) => typeof v !== "string"))
      throw invalid(this.pointer(name), "type", `The '${name}' parameter must be an array of strings`);
    return raw as string[];
  }

  object(name: string): Fields | undefined {
    const raw = this.body[name];
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== "object" || Array.isArray(raw))
      throw invalid(this.pointer(name), "type", `The '${name}' parameter must be of type 'object'`);
    return new Fields(raw as Record<string, unknown>, this.pointer(name));
  }
}
