import { z } from "zod";
import type { Db, Tx } from "~/db/prisma.server";
import { enqueueJob, PermanentJobError, type JobHandler } from "~/jobs/queue.server";

// Retention: processed webhook bodies and finished jobs are deleted after a while, so the store
// does not grow without end. Parked, failed and dead deliveries and jobs stay until someone deals
// with them. A delivery's row is also its dedupe key: it is kept past Shopify's 48-hour retry
// window with room to spare (the setting cannot go below four days), so a resend is still known.

export const RETENTION_JOB = "maintenance.retention";

const DAY_MS = 24 * 3_600_000;

export interface RetentionSettings {
  /** How long processed deliveries and finished jobs are kept. */
  retentionDays: number;
  /** Rows deleted per kind and run: each run is one short transaction (default 5,000). */
  rowsPerRun?: number;
}

export interface PrunedRows {
  deliveries: number;
  jobs: number;
}

/** Deletes up to `limit` each of the processed deliveries and finished jobs older than `before`. */
export async function pruneFinished(tx: Tx | Db, before: Date, limit: number): Promise<PrunedRows> {
  const deliveries = await tx.$executeRaw`
    DELETE FROM "WebhookDelivery" WHERE id IN (
      SELECT id FROM "WebhookDelivery"
      WHERE status IN ('PROCESSED', 'IGNORED') AND "receivedAt" < ${before}
      LIMIT ${limit})`;
  const jobs = await tx.$executeRaw`
    DELETE FROM "Job" WHERE id IN (
      SELECT id FROM "Job" WHERE status = 'DONE' AND "finishedAt" < ${before} LIMIT ${limit})`;
  return { deliveries, jobs };
}

/** The next daily run: 04:00 UTC after `after`. */
export function nextRetentionRunAt(after: Date): Date {
  const next = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), 4));
  if (next.getTime() <= after.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/** Queues the retention run at `runAt` (its `part`-th of that day); a repeat adds nothing. */
export async function scheduleRetention(db: Db | Tx, runAt: Date, part = 0): Promise<boolean> {
  return enqueueJob(db, {
    kind: RETENTION_JOB,
    payload: { part },
    uniqueKey: `retention:${runAt.toISOString().slice(0, 10)}:${part}`,
    runAt,
  });
}

const payloadSchema = z.object({ part: z.number().int().nonnegative() });

/** The daily retention run: prunes a bounded slice and comes back at once while more is due. */
export function createRetentionJobs(settings: RetentionSettings, now: () => Date = () => new Date()): Record<string, JobHandler> {
  return {
    [RETENTION_JOB]: {
      async run(payload, tx) {
        const parsed = payloadSchema.safeParse(payload);
        if (!parsed.success) throw new PermanentJobError(`Bad ${RETENTION_JOB} payload: ${parsed.error.message}`);
        const at = now();
        const limit = settings.rowsPerRun ?? 5_000;
        const pruned = await pruneFinished(tx, new Date(at.getTime() - settings.retentionDays * DAY_MS), limit);
        const more = pruned.deliveries === limit || pruned.jobs === limit;
        if (more) await scheduleRetention(tx, at, parsed.data.part + 1);
        else await scheduleRetention(tx, nextRetentionRunAt(at));
      },
    },
  };
}
