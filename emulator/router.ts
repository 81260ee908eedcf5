import { texmlNotFound, type ApiReply, type ApiRequest } from "./http";
import type { RequestMediaType } from "./media";
import type { Store } from "./state";
import type { WebhookDispatcher } from "./webhooks";

/** What every REST handler can reach. */
export interface RouteContext {
  store: Store;
  /** The one TeXML account this emulator serves. */
  accountSid: string;
  /** `http://host:port` as the client addressed it, for absolute URIs in bodies. */
  origin: string;
  /** Clock in ms; injectable for tests. */
  now: () => number;
  /** Sends signed status callbacks. */
  webhooks: WebhookDispatcher;
  /** Outbound voice profiles that exist; any numeric id does when undefined. */
  outboundVoiceProfiles?: ReadonlySet<string>;
  /** How a new queue's sid is made: from its name, or generated (see `EmulatorOptions.queueSids`). */
  queueSids: "name" | "generated";
  /** `MaxSize` of a queue created without one (see `EmulatorOptions.queueDefaultMaxSize`). */
  queueDefaultMaxSize: number;
  /** Set by an `unlisted` fault: an object this request creates stays out of listings this long. */
  unlistedForMs?: number;
}

/** True when a record is visible in listings at `now` (an `unlisted` fault may hide a new one for a while). */
export const listed = (record: { unlistedUntilMs?: number }, now: number) =>
  record.unlistedUntilMs === undefined || record.unlistedUntilMs <= now;

/** When a record created by this request becomes visible in listings, if an `unlisted` fault is armed for it. */
export const unlistedUntil = (ctx: RouteContext, now: number): { unlistedUntilMs?: number } =>
  ctx.unlistedForMs === undefined ? {} : { unlistedUntilMs: now + ctx.unlistedForMs };

/** One REST operation of the spec. */
export interface Route {
  method: string;
  /** Path template exactly as in the spec, e.g. `/texml/Accounts/{account_sid}/Queues/{queue_sid}`. */
  template: string;
  /** The spec's `operationId`. */
  operationId: string;
  pattern: RegExp;
  handle: (req: ApiRequest, ctx: RouteContext) => ApiReply;
  /**
   * The media type of the operation's request body, as the spec gives it, for an operation
   * `REQUEST_MEDIA_TYPES` (emulator/media.ts) does not list: so a new route module declares its own.
   */
  requestMediaType?: RequestMediaType;
}

/** Declares an operation; `{name}` segments become path parameters. */
export function route(
  method: string,
  template: string,
  operationId: string,
  handle: Route["handle"],
  options: { requestMediaType?: RequestMediaType } = {},
): Route {
  const source = template
    .split(/(\{\w+\})/)
    .map((part) => (/^\{\w+\}$/.test(part) ? `(?<${part.slice(1, -1)}>[^/]+?)` : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  const body = options.requestMediaType === undefined ? {} : { requestMediaType: options.requestMediaType };
  return { method, template, operationId, pattern: new RegExp(`^${source}$`), handle, ...body };
}

/** Finds the operation for a method and path; `allowed` lists the methods the path supports. */
export function match(
  routes: readonly Route[],
  method: string,
  path: string,
): { route?: Route; params: Record<string, string>; allowed: string[] } {
  const allowed: string[] = [];
  for (const candidate of routes) {
    const found = candidate.pattern.exec(path);
    if (!found) continue;
    allowed.push(candidate.method);
    if (candidate.method !== method) continue;
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(found.groups ?? {})) params[name] = decodeURIComponent(value);
    return { route: candidate, params, allowed };
  }
  return { params: {}, allowed };
}

/** TeXML REST paths name the account; another account's resources do not exist here. */
export function requireAccount(req: ApiRequest, ctx: RouteContext): string {
  if (req.params.account_sid !== ctx.accountSid) throw texmlNotFound();
  return ctx.accountSid;
}
