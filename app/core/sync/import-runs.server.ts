import type { ImportRun, ImportStatus } from "~/db/generated/client";
import type { Db, Tx } from "~/db/prisma.server";

// ImportRun bookkeeping for the full-history import and the reconciliation: what phase a run is
// in, how many records it applied, how it ended. Platform-neutral: the platform adapter decides
// what a phase fetches and queues its own jobs; these services only record the runs.

export type ImportRunKind = "full" | "reconcile";
const ACTIVE: ImportStatus[] = ["PENDING", "RUNNING"];

/** Reconciliation looks back this much further than the last successful sync: clocks and
 * indexing on the platform side are not instantaneous. */
export const RECONCILE_SAFETY_MARGIN_MS = 60 * 60_000;

export async function findActiveRun(db: Db | Tx, shopId: string, kind: ImportRunKind): Promise<ImportRun | null> {
  return db.importRun.findFirst({
    where: { shopId, kind, status: { in: ACTIVE } },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
  });
}

/**
 * Opens a full-history import run for the shop, unless one is already under way (that one is
 * returned). The run shows in the admin at once, as PENDING, before the platform is asked; the
 * caller queues its first step in the same transaction when `created`.
 */
export async function openFullImport(tx: Tx, shopId: string): Promise<{ run: ImportRun; created: boolean }> {
  // Two clicks (or an install racing a click) must not start two imports of one shop.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`import:${shopId}`}))`;
  const active = await findActiveRun(tx, shopId, "full");
  if (active) return { run: active, created: false };
  const run = await tx.importRun.create({ data: { shopId, kind: "full", phase: "customers", status: "PENDING" } });
  return { run, created: true };
}

/**
 * On install: the shop's history is imported once. A re-authentication or re-install of a shop
 * whose history was imported before leaves it to the webhooks and the daily reconciliation.
 */
export async function historyImportedBefore(db: Db | Tx, shopId: string): Promise<boolean> {
  const earlier = await db.importRun.findFirst({
    where: { shopId, kind: "full", status: { not: "FAILED" } },
    select: { id: true },
  });
  return earlier !== null;
}

/** The run now waits for the platform's export of `phase` (an external operation id, if any). */
export async function beginPhase(tx: Tx, runId: string, phase: string, externalOperationId: string | null) {
  await tx.importRun.update({
    where: { id: runId },
    data: { phase, status: "RUNNING", bulkOperationId: externalOperationId, error: null },
  });
}

export async function recordProgress(tx: Tx, runId: string, rows: number) {
  if (rows === 0) return;
  await tx.importRun.update({ where: { id: runId }, data: { rowsDone: { increment: rows } } });
}

/** `note` keeps what a finished run still wants to say (records it had to skip). */
export async function completeRun(tx: Tx, runId: string, note: string | null = null) {
  await tx.importRun.update({
    where: { id: runId },
    data: { status: "COMPLETED", finishedAt: new Date(), error: note },
  });
}

export async function failRun(db: Db | Tx, runId: string, error: string) {
  await db.importRun.updateMany({
    where: { id: runId, status: { in: ACTIVE } },
    data: { status: "FAILED", finishedAt: new Date(), error: error.slice(0, 4000) },
  });
}

/** Appends to the run's note (kept short: it is shown in the admin). */
export async function noteOnRun(tx: Tx, runId: string, note: string) {
  const run = await tx.importRun.findUnique({ where: { id: runId }, select: { error: true } });
  const text = run?.error ? `${run.error}\n${note}` : note;
  await tx.importRun.update({ where: { id: runId }, data: { error: text.slice(0, 4000) } });
}

/** The run of this shop that waits for the platform's export `operationId`, if any. */
export async function findRunAwaitingExport(tx: Tx, shopId: string, operationId: string): Promise<{ id: string } | null> {
  return tx.importRun.findFirst({
    where: { shopId, bulkOperationId: operationId, status: "RUNNING" },
    select: { id: true },
  });
}

/**
 * When the shop was last known to be in sync: the start of the latest completed run (whatever
 * changed after that start may be missing, so the next reconciliation looks from there).
 */
export async function lastSuccessfulSyncAt(db: Db | Tx, shopId: string): Promise<Date | null> {
  const run = await db.importRun.findFirst({
    where: { shopId, status: "COMPLETED" },
    orderBy: { startedAt: "desc" },
    select: { startedAt: true },
  });
  return run?.startedAt ?? null;
}

/** Daily at 03:00 UTC plus a per-shop offset of up to an hour, so shops do not all start at once. */
export function nextDailyReconcileAt(after: Date, shopId: string): Date {
  let spread = 0;
  for (const char of shopId) spread = (spread * 31 + char.charCodeAt(0)) % 3600;
  const next = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), 3, 0, spread));
  if (next.getTime() <= after.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}
