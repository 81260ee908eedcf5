import type * as z from "zod";
import { TelnyxApiError } from "../client/errors";

/**
 * Validates a response body against its schema. A mismatch is an error naming the
 * field and the request, never a silently missing value.
 */
export function parseResponse<S extends z.ZodType>(schema: S, body: unknown, request: { method: string; path: string }): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 5)
    .map((issue) => `${formatPath(issue.path) || "(body)"}: ${issue.message}`)
    .join("; ");
  return fail();
  function fail(): never {
    throw new TelnyxApiError({
      kind: "invalid_response",
      method: request.method,
      path: request.path,
      message: `Telnyx answered ${request.method} ${request.path} with a body that does not match the spec: ${problems}`,
      cause: result.error,
    });
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out;
}
