import { recomputeShopLifetimeStats } from "~/core/customers/lifetime-stats.server";
import type { FactOutbox } from "~/core/facts/outbox";
import type { OrderWriteOptions } from "~/core/orders/order-sync.server";
import { applySnapshotBatch, type SyncShop } from "~/core/sync/apply-batch.server";
import { lockShopsForSync } from "~/core/sync/shop-lock.server";
import {
  beginPhase,
  completeRun,
  failRun,
  nextDailyReconcileAt,
  noteOnRun,
  recordProgress,
} from "~/core/sync/import-runs.server";
import { refreshStatistics, statisticsDue } from "~/core/sync/table-statistics.server";
import type { Tx } from "~/db/prisma.server";
import { boundTransaction } from "~/db/transaction-sql.server";
import { enqueueJob } from "~/jobs/queue.server";
import type { AdminCallOptions, AdminGraphqlClient } from "../admin-graphql.server";
import { getBulkOperation, isFinished, startBulkQuery } from "./bulk-operation.server";
import { IMPORT_BULK_FINISHED_JOB, scheduleReconcile } from "./import-requests.server";
import type { BulkCursor, MappedBatch, MappedChunk, RefundLinesLookup, ResultBatchRequest } from "./mapped-chunks";
import { BULK_QUERIES, IMPORT_PHASES, type ImportPhase } from "./queries";
import { fetchRefundLines } from "./refund-details.server";

// The full-history import, one bulk query per phase (customers, then products, then orders: one
// bulk query per shop at a time). Each step is one job, so each step's writes, its progress on the
// ImportRun and the job that continues it commit together:
//   import.start          starts the customers bulk query and a polling fallback;
//   import.bulk-finished  (from the bulk_operations/finish webhook or from polling) checks the
//                         operation and, when it COMPLETED, queues the first batch;
//   import.bulk-finished  with a cursor: streams one batch (batchSize records) from the result's
//                         byte offset, applies it, and queues the next batch, or the next phase.
// Batches are short jobs rather than one long download: on the embedded database a job holds the
// only connection, and a crash repeats one batch, not the whole file.

export interface ImportDeps {
  /** The Admin API client for a shop, usable inside the job's transaction. */
  adminClient(tx: Tx, shopDomain: string): Promise<AdminGraphqlClient>;
  /** The batch a request names, read and mapped chunk by chunk (on the result reader thread). */
  readBatch(request: ResultBatchRequest, refundLines: RefundLinesLookup): AsyncIterable<MappedChunk>;
  /** Where the import (as history) and the reconciliation record the facts of their changes. */
  outbox: FactOutbox;
  /** Top-level records per batch (one job and transaction each). */
  batchSize: number;
  /**
   * Records written together (one set of statements). A batch is read and written chunk by
   * chunk, the next chunk being read and mapped while the database writes the last one.
   */
  chunkSize: number;
  /** Fallback polling of a running bulk operation, in case its webhook never comes. */
  pollIntervalMs: number;
  adminOptions?: AdminCallOptions;
  now?: () => Date;
}

export interface BulkFinishedPayload {
  importRunId: string;
  operationId: string;
  /** Set on polling jobs: which poll this is. */
  poll?: number | undefined;
  cursor?: BulkCursor | undefined;
}

const MAX_NOTES_PER_BATCH = 5;

async function loadRun(tx: Tx, importRunId: string) {
  return tx.importRun.findUnique({
    where: { id: importRunId },
    include: { shop: { select: { id: true, domain: true, currency: true, status: true, redactionKey: true } } },
  });
}
type LoadedRun = NonNullable<Awaited<ReturnType<typeof loadRun>>>;

function asPhase(phase: string): ImportPhase {
  if (!(IMPORT_PHASES as readonly string[]).includes(phase)) throw new Error(`Unknown import phase ${JSON.stringify(phase)}`);
  return phase as ImportPhase;
}

async function schedulePoll(tx: Tx, deps: ImportDeps, importRunId: string, operationId: string, poll: number) {
  const now = deps.now?.() ?? new Date();
  await enqueueJob(tx, {
    kind: IMPORT_BULK_FINISHED_JOB,
    payload: { importRunId, operationId, poll },
    uniqueKey: `import-poll:${operationId}:${poll}`,
    runAt: new Date(now.getTime() + deps.pollIntervalMs),
    maxAttempts: 12,
  });
}

async function startPhase(tx: Tx, deps: ImportDeps, run: LoadedRun, phase: ImportPhase) {
  const client = await deps.adminClient(tx, run.shop.domain);
  const operation = await startBulkQuery(client, BULK_QUERIES[phase], deps.adminOptions);
  await beginPhase(tx, run.id, phase, operation.id);
  await schedulePoll(tx, deps, run.id, operation.id, 1);
}

/** import.start: the first phase's bulk query. A replay after it started changes nothing. */
export async function startImport(tx: Tx, deps: ImportDeps, importRunId: string): Promise<void> {
  const run = await loadRun(tx, importRunId);
  if (!run || run.kind !== "full") return;
  if (run.status !== "PENDING") return;
  if (run.shop.status !== "ACTIVE") {
    await failRun(tx, run.id, "The app is not installed on the shop");
    return;
  }
  await startPhase(tx, deps, run, IMPORT_PHASES[0]!);
}

async function advance(tx: Tx, deps: ImportDeps, run: LoadedRun, phase: ImportPhase) {
  const next = IMPORT_PHASES[IMPORT_PHASES.indexOf(phase) + 1];
  if (next) {
    await startPhase(tx, deps, run, next);
    return;
  }
  // The batches left the figures to this point (see importBatch).
  await recomputeShopLifetimeStats(tx, run.shopId);
  const current = await tx.importRun.findUniqueOrThrow({ where: { id: run.id }, select: { error: true } });
  await completeRun(tx, run.id, current.error);
  // From now on the daily reconciliation keeps the shop in sync.
  await scheduleReconcile(tx, run.shopId, nextDailyReconcileAt(deps.now?.() ?? new Date(), run.shopId));
}

/** import.bulk-finished: a finished (or polled) operation, or the next batch of its result. */
export async function continueImport(tx: Tx, deps: ImportDeps, payload: BulkFinishedPayload): Promise<void> {
  const run = await loadRun(tx, payload.importRunId);
  // Only the operation the run waits for counts: old polls and repeated webhooks end here.
  if (!run || run.status !== "RUNNING" || run.bulkOperationId !== payload.operationId) return;
  const phase = asPhase(run.phase);
  if (payload.cursor) {
    await importBatch(tx, deps, run, phase, payload.operationId, payload.cursor);
    return;
  }
  const client = await deps.adminClient(tx, run.shop.domain);
  const operation = await getBulkOperation(client, payload.operationId, deps.adminOptions);
  if (!operation) {
    await failRun(tx, run.id, `Bulk operation ${payload.operationId} is unknown to Shopify`);
    return;
  }
  if (!isFinished(operation.status)) {
    if (payload.poll !== undefined) await schedulePoll(tx, deps, run.id, operation.id, payload.poll + 1);
    return;
  }
  if (operation.status !== "COMPLETED") {
    const code = operation.errorCode ? ` (${operation.errorCode})` : "";
    await failRun(tx, run.id, `The ${phase} export ended ${operation.status}${code}; start the import again`);
    return;
  }
  // Completed without a file: the shop has no such records.
  if (!operation.url) {
    await advance(tx, deps, run, phase);
    return;
  }
  await enqueueJob(tx, {
    kind: IMPORT_BULK_FINISHED_JOB,
    payload: { importRunId: run.id, operationId: operation.id, cursor: { url: operation.url, offset: 0, expectedId: null } },
    // The webhook and the polling fallback may both get here: the batches run once.
    uniqueKey: `import-batch:${operation.id}:0`,
    maxAttempts: 12,
  });
}

/** Refund lines by refund GID, through the shop's Admin API client. */
export function refundLinesOf(
  deps: Pick<ImportDeps, "adminOptions">,
  adminClient: () => Promise<AdminGraphqlClient>,
): RefundLinesLookup {
  return async (refundGids) => fetchRefundLines(await adminClient(), refundGids, deps.adminOptions);
}

/**
 * Applies a mapped batch and records it on the run. Holds the shop's sync lock like a batch of
 * webhook deliveries does, so the two queue behind each other instead of deadlocking on shared
 * customers (the shop's webhooks wait for at most one import job).
 */
export async function applyMappedBatch(
  tx: Tx,
  shop: SyncShop & { domain: string },
  runId: string,
  batch: MappedBatch,
  outbox: FactOutbox,
  options: OrderWriteOptions = {},
) {
  await lockShopsForSync(tx, [{ platform: "SHOPIFY", domain: shop.domain }]);
  await applySnapshotBatch(
    tx,
    shop,
    { customers: batch.customers, products: batch.products, orders: batch.orders, refunds: batch.orders.flatMap((order) => order.refunds) },
    outbox,
    options,
  );
  await recordProgress(tx, runId, batch.customers.length + batch.products.length + batch.orders.length);
  if (batch.skipped.length > 0) {
    const shown = batch.skipped.slice(0, MAX_NOTES_PER_BATCH);
    const more = batch.skipped.length - shown.length;
    await noteOnRun(tx, runId, `Skipped ${shown.join("; ")}${more > 0 ? ` and ${more} more` : ""}`);
  }
}

/**
 * Keeps one write in flight: the next chunk is taken (and the one after it read on the result
 * reader thread) while the database works on the last one.
 */
class WriteBehind {
  private inFlight: Promise<void> = Promise.resolve();

  async push(write: () => Promise<void>): Promise<void> {
    await this.inFlight;
    this.inFlight = write();
    // Awaited by the next push or by settle(); until then a failure must not count as unhandled.
    this.inFlight.catch(() => undefined);
  }

  settle(): Promise<void> {
    return this.inFlight;
  }
}

async function importBatch(outer: Tx, deps: ImportDeps, run: LoadedRun, phase: ImportPhase, operationId: string, cursor: BulkCursor) {
  const tx = await boundTransaction(outer);
  let client: Promise<AdminGraphqlClient> | null = null;
  const refundLines = refundLinesOf(deps, () => (client ??= deps.adminClient(tx, run.shop.domain)));
  const request = { phase, cursor, size: deps.batchSize, chunkSize: deps.chunkSize, shopCurrency: run.shop.currency };
  const writes = new WriteBehind();
  let end: Pick<MappedChunk, "endOffset" | "nextId"> = { endOffset: cursor.offset, nextId: null };
  let read = 0;
  try {
    for await (const { batch, records, endOffset, nextId } of deps.readBatch(request, refundLines)) {
      end = { endOffset, nextId };
      read += records;
      // Lifetime figures once at the end of the import rather than with every batch.
      // Its facts are history: one per record (~/core/facts/order-facts).
      await writes.push(() => applyMappedBatch(tx, run.shop, run.id, batch, deps.outbox, { lifetimeStats: "defer", history: true }));
    }
  } catch (error) {
    // The transaction ends (rolled back) only after the write in flight.
    await writes.settle().catch(() => undefined);
    throw error;
  }
  await writes.settle();
  if (statisticsDue(run.rowsDone, run.rowsDone + read)) await refreshStatistics(tx);
  if (end.nextId !== null) {
    await enqueueJob(tx, {
      kind: IMPORT_BULK_FINISHED_JOB,
      payload: { importRunId: run.id, operationId, cursor: { url: cursor.url, offset: end.endOffset, expectedId: end.nextId } },
      uniqueKey: `import-batch:${operationId}:${end.endOffset}`,
      maxAttempts: 12,
    });
    return;
  }
  await advance(tx, deps, run, phase);
}
