import { findRunAwaitingExport, historyImportedBefore, openFullImport } from "~/core/sync/import-runs.server";
import type { ImportRun } from "~/db/generated/client";
import type { Db, Tx } from "~/db/prisma.server";
import { enqueueJob } from "~/jobs/queue.server";

// How the Shopify import and reconciliation are started: the run is recorded by the core's
// bookkeeping, its first job queued in the same transaction.

export const IMPORT_START_JOB = "import.start";
export const IMPORT_BULK_FINISHED_JOB = "import.bulk-finished";
export const RECONCILE_SHOP_JOB = "reconcile.shop";

function isFullClient(db: Db | Tx): db is Db {
  return typeof (db as Partial<Db>).$transaction === "function";
}

async function inTransaction<T>(db: Db | Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  return isFullClient(db) ? db.$transaction(work) : work(db);
}

/**
 * Starts a full-history import for the shop, unless one is already under way (that one is
 * returned). The run shows in the admin at once, as PENDING, before Shopify is asked.
 */
export async function requestFullImport(db: Db | Tx, shopId: string): Promise<{ run: ImportRun; created: boolean }> {
  return inTransaction(db, async (tx) => {
    const opened = await openFullImport(tx, shopId);
    if (opened.created) {
      await enqueueJob(tx, {
        kind: IMPORT_START_JOB,
        payload: { shopId, importRunId: opened.run.id },
        uniqueKey: `import-start:${opened.run.id}`,
        maxAttempts: 20,
      });
    }
    return opened;
  });
}

/** On install: the shop's history is imported once (a re-install leaves it to webhooks and reconciliation). */
export async function requestFirstImport(db: Db, shopId: string): Promise<boolean> {
  if (await historyImportedBefore(db, shopId)) return false;
  return (await requestFullImport(db, shopId)).created;
}

/**
 * Shopify says a bulk operation finished. The run waiting for it picks the result up in a job of
 * its own (the webhook must be answered quickly; a download can take minutes). Returns false when
 * no run of this shop waits for that operation (an old or foreign one).
 */
export async function onBulkOperationFinished(tx: Tx, shopId: string, operationId: string): Promise<boolean> {
  const run = await findRunAwaitingExport(tx, shopId, operationId);
  if (!run) return false;
  await enqueueJob(tx, {
    kind: IMPORT_BULK_FINISHED_JOB,
    payload: { importRunId: run.id, operationId },
    // The polling fallback may have noticed first: one pick-up per operation is enough.
    uniqueKey: `import-finished:${operationId}`,
    maxAttempts: 12,
  });
  return true;
}

/** Queues the shop's scheduled reconciliation for the day of `runAt`; a second call for that day adds nothing. */
export async function scheduleReconcile(db: Db | Tx, shopId: string, runAt: Date): Promise<boolean> {
  const day = runAt.toISOString().slice(0, 10);
  return enqueueJob(db, {
    kind: RECONCILE_SHOP_JOB,
    payload: { shopId, scheduled: true },
    uniqueKey: `reconcile:${shopId}:${day}`,
    runAt,
    maxAttempts: 6,
  });
}

/** A reconciliation now, on demand (never doubles a running one: the job checks). */
export async function requestReconcile(db: Db | Tx, shopId: string): Promise<void> {
  await enqueueJob(db, { kind: RECONCILE_SHOP_JOB, payload: { shopId, scheduled: false }, maxAttempts: 6 });
}
