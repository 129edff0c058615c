import type { Tx } from "~/db/prisma.server";
import type { DomainFact } from "./types";

/**
 * Where the sync services put the facts of a change: in the transaction that makes the change,
 * so a fact exists exactly when its change committed. Implemented by app/outbox/ (which also
 * makes sure the facts are dispatched); core never enqueues jobs itself.
 *
 * Callers hold the shop's sync lock (~/core/sync/shop-lock.server); the implementation keeps a
 * shop's fact ids in commit order regardless.
 */
export interface FactOutbox {
  /**
   * Records the facts, in the order given. `history`: written by the full-history import (a
   * subscriber takes them only if it backfills).
   */
  record(tx: Tx, shopId: string, facts: readonly DomainFact[], options: { history: boolean }): Promise<void>;
}

