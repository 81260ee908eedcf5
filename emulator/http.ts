/** A parsed request as the emulator's REST handlers see it. */
export interface ApiRequest {
  /** HTTP method, upper case. */
  method: string;
  /** Path below `/v2`, e.g. `/texml_applications/123`. */
  path: string;
  /** Query string parameters. */
  query: URLSearchParams;
  /** Path parameters named in the route template, URL-decoded. */
  params: Record<string, string>;
  /** Decoded body: JSON object or form fields (repeated form fields become arrays). */
  body: Record<string, unknown>;
  /** `json`, `form`, or `none` when the request had no body. */
  bodyKind: "json" | "form" | "none";
}

/** What a handler answers. */
export interface ApiReply {
  status: number;
  /** Serialized as JSON; omitted for 204. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** One entry of Telnyx's `{ "errors": [...] }` body. */
export interface ApiErrorEntry {
  code?: string;
  title?: string;
  detail: string;
  source?: { pointer: string };
  meta?: { url: string };
}

/** Thrown by handlers; the server turns it into the spec's error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: ApiErrorEntry[],
  ) {
    super(errors.map((e) => e.detail).join("; "));
  }
}

const docs = (code: string) => ({ url: `https://developers.telnyx.com/docs/overview/errors/${code}` });

/** 404 in the TeXML REST shape: `{ "errors": [{ "detail": "Resource not found" }] }`. */
export const texmlNotFound = () => new ApiError(404, [{ detail: "Resource not found" }]);

/** 404 in the `/texml_applications` shape (code 10005 with a docs link). */
export const applicationNotFound = () =>
  new ApiError(404, [
    {
      code: "10005",
      title: "Resource not found",
      detail: "The requested resource or URL could not be found.",
      source: { pointer: "/" },
      meta: docs("10005"),
    },
  ]);

/** 401 for a missing or wrong Bearer key. */
export const unauthenticated = () =>
  new ApiError(401, [
    { code: "10009", title: "Authentication failed", detail: "Could not understand the provided credentials.", meta: docs("10009") },
  ]);

/** 403 for a key that exists but may not use the TeXML API. */
export const forbidden = () =>
  new ApiError(403, [
    {
      code: "10010",
      title: "Not authorized",
      detail: "You are not authorized to access the requested resource.",
      source: { pointer: "/" },
      meta: docs("10010"),
    },
  ]);

/** 400 for a body that cannot be parsed. */
export const badRequest = (detail: string) => new ApiError(400, [{ code: "10015", title: "Bad Request", detail }]);

/** 422 naming the offending field through a JSON pointer. */
export function invalid(pointer: string, kind: "missing" | "type" | "enum" | "value", detail: string): ApiError {
  const codes = {
    missing: ["10004", "Missing required parameter"],
    type: ["10026", "Invalid parameter type"],
    enum: ["10032", "Invalid enumerated value"],
    value: ["10015", "Invalid value"],
  } as const;
  const [code, title] = codes[kind];
  return new ApiError(422, [{ code, title, detail, source: { pointer } }]);
}
