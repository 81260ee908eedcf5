import { TelnyxApiError } from "../base/client/errors";
import type { CreatedObject, LeftBehind } from "./report";
import { describeError, type DoctorSession } from "./session";

/**
 * The objects this run created, and nothing else: cleanup deletes only what is here, by
 * the id this run's own create (or its settled ambiguous create) returned.
 */
export class Ledger {
  private readonly objects: (CreatedObject & { path: string; failure?: string })[] = [];
  private readonly unsettled: LeftBehind[] = [];

  add(kind: CreatedObject["kind"], id: string, name: string, path: string): void {
    if (!this.objects.some((o) => o.kind === kind && o.id === id)) this.objects.push({ kind, id, name, deleted: false, path });
  }

  /** Ids of this run's objects of one kind (to tell them apart from others in a lookup). */
  ids(kind: CreatedObject["kind"]): Set<string> {
    return new Set(this.objects.filter((o) => o.kind === kind).map((o) => o.id));
  }

  markDeleted(kind: CreatedObject["kind"], id: string): void {
    for (const o of this.objects) if (o.kind === kind && o.id === id) o.deleted = true;
  }

  /** A create whose outcome stayed unknown: an object may exist that this run cannot prove it made, so it is not deleted. */
  unsettledCreate(kind: CreatedObject["kind"], name: string, reason: string): void {
    this.unsettled.push({ kind, name, reason });
  }

  /**
   * Deletes every object of this run still there (also after Ctrl-C). A 404 means it is
   * gone already; after a failed DELETE a GET answering 404 proves the DELETE applied.
   */
  async cleanup(session: DoctorSession): Promise<void> {
    for (const o of this.objects) {
      if (o.deleted) continue;
      try {
        await session.request({ method: "DELETE", path: o.path }, { evenIfInterrupted: true });
        o.deleted = true;
        continue;
      } catch (error) {
        if (error instanceof TelnyxApiError && error.isNotFound) {
          o.deleted = true;
          continue;
        }
        o.failure = `its DELETE failed (${describeError(error)})`;
      }
      o.deleted = await gone(session, o.path);
    }
  }

  created(): CreatedObject[] {
    return this.objects.map((o) => ({ kind: o.kind, id: o.id, name: o.name, deleted: o.deleted }));
  }

  /** What may still be in the account after cleanup, each with why. */
  leftBehind(): LeftBehind[] {
    const left = this.objects
      .filter((o) => !o.deleted)
      .map(
        (o): LeftBehind => ({
          kind: o.kind,
          id: o.id,
          name: o.name,
          reason: `${o.failure ?? "cleanup did not reach it"}; delete ${o.kind} ${o.id} yourself`,
        }),
      );
    return [...left, ...this.unsettled];
  }
}

async function gone(session: DoctorSession, path: string): Promise<boolean> {
  try {
    await session.request({ method: "GET", path }, { evenIfInterrupted: true });
    return false;
  } catch (error) {
    return error instanceof TelnyxApiError && error.isNotFound;
  }
}
