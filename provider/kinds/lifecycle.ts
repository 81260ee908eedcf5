/**
 * The lifecycle of a kind whose objects Telnyx can read back, list and delete (applications,
 * queues), built from its definition and its typed REST calls ({@link ResourceApi}, the kind's
 * `api.ts`). Each rule of that lifecycle is written once, here, for every such kind:
 * - a create is sent once; when its outcome is unknown, the candidates are listed page by page
 *   and `ambiguous.ts` settles it, with the ids this deployment made and the identities it asked
 *   for as proof that a candidate is another resource's;
 * - `import` reads the object (a 404 says there is none) and checks it against the declared inputs;
 * - a read or a delete of an object that is gone (404) is not an error, and a read or a delete
 *   that finds another object under the id (a creation time other than the state's) leaves it alone.
 * What really differs between kinds is declared in {@link LifecycleRules}.
 */
import type * as z from "zod";
import { TelnyxApiError } from "../base/client/errors";
import type { TelnyxResponse } from "../base/client/http";
import type { TelnyxImportError } from "../base/errors";
import { clockFrom, settleAmbiguousCreate, type Candidate, type Lookup, type ServerClock } from "./ambiguous";
import { declaredFromServer, withDeclared } from "./declared";
import type { ResourceDefinition } from "./definition";
import { changedProperties } from "./diff";
import { dynamicProvider, type KindOperations } from "./operations";
import { warn } from "./warnings";

/** Property bags as the engine hands them over and the state keeps them. */
type Props = Record<string, unknown>;

/** An object as Telnyx returned it: its resource id and its outputs. */
export interface Fetched<Outputs> {
  id: string;
  outs: Outputs;
}

/** One page of the objects an ambiguous create may have made, and where the next page is. */
export interface CandidatePage<Outputs, Cursor> {
  /**
   * The objects listed, with the outputs a create of these inputs would have answered (outputs
   * Telnyx does not list, such as a queue's name, are the declared ones: see `unlistedInputs`).
   */
  items: Fetched<Outputs>[];
  /** The page's response: its `Date` header bounds Telnyx's clock. */
  response: Pick<TelnyxResponse, "serverDate" | "sentAt" | "receivedAt">;
  /** The next page, undefined on the last one. */
  next: Cursor | undefined;
}

/**
 * A kind's calls to Telnyx, one request each: no retries beyond the client's, no settling, no
 * 404 handling (a missing object throws the client's `TelnyxApiError`; the lifecycle decides what
 * that means). `Ref` is how a request names one object (an id, or a queue's account and sid).
 */
export interface ResourceApi<Inputs, Outputs, Ref, Cursor> {
  /** Sends the create once. */
  create(inputs: Inputs): Promise<Fetched<Outputs>>;
  /** Reads one object. */
  get(ref: Ref): Promise<Fetched<Outputs>>;
  /** Applies `wanted` (declared inputs plus resets of removed fields) in place; returns the outputs. */
  update(ref: Ref, wanted: Inputs): Promise<Outputs>;
  /** Deletes one object. */
  delete(ref: Ref): Promise<void>;
  /** One page of the objects that could be the one a create of `inputs` made; `page` undefined for the first. */
  listCandidates(inputs: Inputs, page: Cursor | undefined): Promise<CandidatePage<Outputs, Cursor>>;
}

/** Whether a listed object has the identity asked for (see `Candidate.identity` in `ambiguous.ts`); undefined: not a candidate. */
export type CandidateIdentity = Candidate<unknown>["identity"] | undefined;

/** What differs between kinds, declared rather than written as another copy of the lifecycle. */
export interface LifecycleRules<Inputs, Outputs, Ref> {
  /** Fills in inputs the program may leave out, so that they are recorded in state (see `KindOperations.complete`). */
  complete?: KindOperations["complete"];
  /** How messages name the resource class, e.g. `texml.Queue`. */
  className: string;
  /** How messages name an id: `id 4f…` or `sid "support"`. */
  describeId: (id: string) => string;
  /** The word for an object's id in messages: `id` or `sid`. */
  idWord: string;
  /** The object an `import` option's id names (throws when the id alone cannot say). */
  importRef: (id: string, declared: Props) => Ref;
  /** The object a resource in state is, for a read, an update (`props`: old outputs, then wanted inputs) or a delete. */
  stateRef: (id: string, props: Props, operation: "read" | "update" | "delete") => Ref;
  /** The id `ref` names, for messages and the records of this deployment. */
  idOf: (ref: Ref) => string;
  /** Why an import finds nothing. */
  importNotFound: (id: string, ref: Ref, error: TelnyxApiError) => TelnyxImportError;
  /** Why `get` (a read of an object the state never held) finds nothing. */
  readNotFound: (id: string, ref: Ref, error: TelnyxApiError) => TelnyxImportError;
  /** Inputs that reproduce an object read without a record of declared inputs: `import`, `get`. */
  importedInputs: (outs: Outputs, ref: Ref) => Props;
  /**
   * Whether a refresh of state that has no record of the declared inputs reports inputs
   * (`importedInputs`); otherwise the engine keeps the state's inputs.
   */
  reportInputsWithoutRecord?: boolean;
  /**
   * Whether a delete reads the object first and leaves it alone when its creation time is not the
   * state's: for kinds whose ids are handed out again (a queue's sid is its name where sids are names).
   */
  confirmBeforeDelete?: boolean;
  /**
   * Whether an object read back without a creation time counts as another object under the id
   * (true for queues); otherwise it is taken as the state's.
   */
  untimedIsReused?: boolean;
  /**
   * How coarse a listed creation time is (ms). Without it, derived from the text: whole seconds
   * unless it has a fraction (ISO 8601 with milliseconds).
   */
  creationTimeResolutionMs?: number;
  /** True when the listing comes newest first, so paging may stop at the first page that reaches older objects. */
  listedNewestFirst?: boolean;
  /**
   * Whether a listed object has the identity asked for. By default: the listed identity equals the
   * declared one ("same"), else it is no candidate. `requested` holds the identities this
   * deployment sent creates for.
   */
  candidateIdentity?: (listed: Fetched<Outputs>, inputs: Inputs, requested: ReadonlySet<string>) => CandidateIdentity;
  /** Declared inputs a listing cannot show, left out when a candidate is compared with the declared inputs. */
  unlistedInputs?: readonly string[];
}

/**
 * The `pulumi.dynamic.ResourceProvider` of a kind Telnyx can read, list and delete.
 *
 * Inputs reach the kind's calls as the definition's type: `check` has validated them against the
 * definition's schema before the engine passes them to create or update.
 */
export function lifecycleProvider<I extends z.ZodObject, O extends z.ZodObject, Ref, Cursor>(
  definition: ResourceDefinition<I, O>,
  api: ResourceApi<z.infer<I>, z.infer<O>, Ref, Cursor>,
  rules: LifecycleRules<z.infer<I>, z.infer<O>, Ref>,
) {
  type Inputs = z.infer<I>;
  type Outputs = z.infer<O>;
  /** Ids of the objects this provider process (this deployment) created: never another resource's candidate. */
  const createdThisDeployment = new Set<string>();
  /** Identities this provider process (this deployment) sent a create for, answered or not. */
  const requestedThisDeployment = new Set<string>();
  const { noun, identity, creationTime } = definition;
  // The one conversion from the engine's property bags: `check` validated them against `definition.inputs`.
  const typed = (props: Props) => props as Inputs;
  const what = (inputs: Props) => `TeXML ${noun} "${String(inputs[identity])}"`;

  /** The lookup `settleAmbiguousCreate` asks for: every page of candidates, judged by identity and inputs. */
  async function lookup(
    inputs: Inputs,
    notBefore: (clock: ServerClock | undefined) => number | undefined,
  ): Promise<Lookup<Fetched<Outputs>>> {
    const candidates: Candidate<Fetched<Outputs>>[] = [];
    const compared = Object.fromEntries(Object.entries(inputs).filter(([key]) => !rules.unlistedInputs?.includes(key)));
    let clock: ServerClock | undefined;
    let page: Cursor | undefined;
    do {
      const listed = await api.listCandidates(inputs, page);
      clock ??= clockFrom(listed.response);
      const stopAt = notBefore(clock);
      let older = false;
      for (const item of listed.items) {
        const created = createdInstant(creationTime && item.outs[creationTime], rules.creationTimeResolutionMs);
        if (!created) continue;
        // Made a minute before the create was sent: never this request's (ambiguous.ts judges it "outside").
        if (stopAt !== undefined && created.at + created.precisionMs < stopAt) {
          older = true;
          continue;
        }
        const shown = (rules.candidateIdentity ?? sameIdentity)(item, inputs, requestedThisDeployment);
        if (shown === undefined) continue;
        const judged = createdThisDeployment.has(item.id) ? "other" : shown;
        candidates.push({
          object: item,
          id: item.id,
          createdAt: created.at,
          precisionMs: created.precisionMs,
          identity: judged,
          matchesInputs: changedProperties(item.outs, compared).length === 0,
        });
      }
      page = older && rules.listedNewestFirst ? undefined : listed.next;
    } while (page !== undefined);
    return { candidates, clock };
  }

  function sameIdentity(listed: Fetched<Outputs>, inputs: Inputs): CandidateIdentity {
    const listedOuts: Props = listed.outs;
    const declared: Props = inputs;
    return listedOuts[identity] === declared[identity] ? "same" : undefined;
  }

  /** Why the object now under `id` is not the one the state records; undefined when it is. */
  function reused(outs: Outputs, previous: Props): string | undefined {
    if (!creationTime) return undefined;
    const recorded = previous[creationTime];
    const live: unknown = outs[creationTime];
    if (typeof recorded !== "string" || live === recorded) return undefined;
    if (typeof live !== "string" ? !rules.untimedIsReused : Date.parse(live) === Date.parse(recorded)) return undefined;
    return `${rules.idWord} re-used by ${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun} created at ${typeof live === "string" ? live : "an unknown time"}, state recorded ${recorded}`;
  }

  /** `api.get`, with a 404 as undefined. */
  async function getIfAny(ref: Ref): Promise<Fetched<Outputs> | undefined> {
    try {
      return await api.get(ref);
    } catch (error) {
      if (error instanceof TelnyxApiError && error.isNotFound) return undefined;
      throw error;
    }
  }

  const operations: KindOperations = {
    complete: rules.complete,

    async fetchForImport(id, declared) {
      const ref = rules.importRef(id, declared);
      try {
        return await api.get(ref);
      } catch (error) {
        if (error instanceof TelnyxApiError && error.isNotFound) throw rules.importNotFound(id, ref, error);
        throw error;
      }
    },

    async create(declared) {
      const inputs = typed(declared);
      requestedThisDeployment.add(String(declared[identity]));
      const sentAt = Date.now();
      let created: Fetched<Outputs>;
      try {
        created = await api.create(inputs);
      } catch (error) {
        created = await settleAmbiguousCreate(error, {
          what: what(declared),
          sentAt,
          lookup: (notBefore) => lookup(inputs, notBefore),
          retry: () => api.create(inputs),
        });
      }
      createdThisDeployment.add(created.id);
      return created;
    },

    async read(id, previous) {
      const ref = rules.stateRef(id, previous, "read");
      const importing = previous[identity] === undefined;
      let found: Fetched<Outputs> | undefined;
      try {
        found = await api.get(ref);
      } catch (error) {
        if (!(error instanceof TelnyxApiError && error.isNotFound)) throw error;
        // A refresh of an object that was deleted drops it from the state; reading one the state
        // never held (`get`) is an error, not an empty resource.
        if (importing) throw rules.readNotFound(id, ref, error);
        return { id: undefined, props: {} };
      }
      const why = reused(found.outs, previous);
      if (why !== undefined) {
        // Telnyx is not known to re-use ids (a queue's sid, where sids are names, is), but nothing
        // promises it either: only the creation time tells the objects apart.
        await warn(
          `${rules.className} "${String(previous[identity])}": the ${noun} this stack created is gone (${why}); it leaves the stack, and the ${noun} now holding ${rules.describeId(rules.idOf(ref))} is not adopted and will not be changed or deleted.`,
        );
        return { id: undefined, props: {} };
      }
      const imported = rules.importedInputs(found.outs, ref);
      const recorded = importing ? imported : declaredFromServer(found.outs, previous);
      const inputs = recorded ?? (rules.reportInputsWithoutRecord ? imported : undefined);
      return { id, props: withDeclared(found.outs, inputs ?? imported), inputs };
    },

    async update(id, wanted, olds) {
      return api.update(rules.stateRef(id, { ...olds, ...definedOnly(wanted) }, "update"), typed(wanted));
    },

    async delete(id, props) {
      const ref = rules.stateRef(id, props, "delete");
      // A destroy without a refresh must not delete an object that merely re-uses the id: check the
      // creation time first (an object the state records without one is taken as it is).
      if (rules.confirmBeforeDelete && creationTime && typeof props[creationTime] === "string") {
        const live = await getIfAny(ref);
        if (!live) return;
        const why = reused(live.outs, props);
        if (why !== undefined) {
          await warn(
            `${rules.className} "${String(props[identity])}": not deleted, because the ${noun} this stack created is already gone (${why}); the ${noun} now holding ${rules.describeId(live.id)} is left alone.`,
          );
          return;
        }
      }
      try {
        await api.delete(ref);
        // Its id may be issued again (to another resource's object, in this deployment).
        createdThisDeployment.delete(rules.idOf(ref));
      } catch (error) {
        if (error instanceof TelnyxApiError && error.isNotFound) return;
        throw error;
      }
    },
  };
  return dynamicProvider(definition, operations);
}

function definedOnly(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined));
}

/** A creation time and how coarse it is: `resolutionMs`, else whole seconds unless the text has a fraction. */
export function createdInstant(text: unknown, resolutionMs?: number): { at: number; precisionMs: number } | undefined {
  if (typeof text !== "string" || text === "") return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  if (resolutionMs !== undefined) return { at, precisionMs: resolutionMs };
  const fraction = /\.(\d+)/.exec(text)?.[1];
  return { at, precisionMs: fraction ? Math.max(1, 10 ** (3 - Math.min(3, fraction.length))) : 1000 };
}
