import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { ValidateFunction } from "ajv";
import type { Exchange } from "../../emulator";

type Json = Record<string, any>;

/** One operation of the spec with the status codes it documents. */
export interface SpecOperation {
  operationId: string;
  method: string;
  template: string;
  statuses: string[];
}

/** The result of checking one exchange against the spec. */
export interface ExchangeCheck {
  operationId: string;
  status: number;
  /** `documented`: the spec lists the status (schema errors, if any, in `errors`); `undocumented`: it does not. */
  verdict: "valid" | "invalid" | "undocumented" | "no-schema";
  errors?: string;
}

const specFile = path.join(__dirname, "..", "..", "spec", "texml-openapi.json");

/**
 * Compiles the response schemas of `spec/texml-openapi.json` (OpenAPI 3.1, so JSON
 * Schema 2020-12) with ajv, and checks emulator exchanges against the schema of
 * their operation and status.
 */
export function createSpecValidator() {
  const spec = JSON.parse(readFileSync(specFile, "utf8")) as Json;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(spec, "spec.json");
  const resolve = (pointer: string): Json =>
    pointer
      .replace(/^#\//, "")
      .split("/")
      .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((node: Json, key) => node[key], spec);
  const escapePointerSegment = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

  const operations: SpecOperation[] = [];
  const validators = new Map<string, ValidateFunction | null>();
  for (const [template, item] of Object.entries(spec.paths as Json)) {
    for (const [method, operation] of Object.entries(item as Json)) {
      if (!operation || typeof operation !== "object" || !("responses" in operation)) continue;
      const op = operation as Json;
      operations.push({ operationId: op.operationId, method: method.toUpperCase(), template, statuses: Object.keys(op.responses) });
      for (const status of Object.keys(op.responses)) {
        let pointer = `#/paths/${escapePointerSegment(template)}/${method}/responses/${status}`;
        let response = resolve(pointer);
        while (response.$ref) {
          pointer = response.$ref as string;
          response = resolve(pointer);
        }
        const hasSchema = Boolean(response.content?.["application/json"]?.schema);
        validators.set(
          `${op.operationId} ${status}`,
          hasSchema ? ajv.compile({ $ref: `spec.json${pointer}/content/application~1json/schema` }) : null,
        );
      }
    }
  }

  return {
    operations,
    check(exchange: Exchange): ExchangeCheck | undefined {
      if (!exchange.operationId || exchange.status === 0) return undefined;
      const key = `${exchange.operationId} ${exchange.status}`;
      const base = { operationId: exchange.operationId, status: exchange.status };
      if (!validators.has(key)) return { ...base, verdict: "undocumented" };
      const validate = validators.get(key);
      // A documented status without a body schema (204) must come without a body.
      if (!validate)
        return exchange.body === undefined
          ? { ...base, verdict: "no-schema" }
          : { ...base, verdict: "invalid", errors: "the spec documents no body for this status" };
      return validate(exchange.body)
        ? { ...base, verdict: "valid" }
        : { ...base, verdict: "invalid", errors: ajv.errorsText(validate.errors) };
    },
  };
}
