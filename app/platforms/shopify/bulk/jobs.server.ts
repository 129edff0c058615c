import { z } from "zod";
import { failRun } from "~/core/sync/import-runs.server";
import { PermanentJobError, type JobHandler } from "~/jobs/queue.server";
import { IMPORT_BULK_FINISHED_JOB, IMPORT_START_JOB, RECONCILE_SHOP_JOB } from "./import-requests.server";
import { continueImport, startImport, type ImportDeps } from "./import.server";
import { IMPORT_PHASES } from "./queries";
import { reconcileGaveUp, reconcileStep } from "./reconcile.server";

// The job handlers of the Shopify import and reconciliation. Every step is short (one bulk
// operation call, one poll, one batch of the result, one page), so the queue's ordinary lease
// and transaction timeout fit; a long result is many jobs, not one long one.

/** The import's settings besides its clients: chunks of 1,000 records, a poll every 30 s. */
export const IMPORT_DEFAULTS = { chunkSize: 1_000, pollIntervalMs: 30_000 } as const;

// A job holds its connection for its whole batch. On a PostgreSQL server large batches keep the
// per-job overhead and the fill and drain of the chunk pipeline small (~5 s a job for 20,000
// orders); the embedded database has one connection, which webhook intake needs as well, so its
// jobs stay short.
export const importBatchSize = (embedded: boolean) => (embedded ? 500 : 20_000);

const startPayload = z.object({ shopId: z.uuid(), importRunId: z.uuid() });
const finishedPayload = z.object({
  importRunId: z.uuid(),
  operationId: z.string().min(1),
  poll: z.number().int().positive().optional(),
  cursor: z
    .object({ url: z.string().min(1), offset: z.number().int().nonnegative(), expectedId: z.string().nullable() })
    .optional(),
});
const reconcilePayload = z.object({
  shopId: z.uuid(),
  scheduled: z.boolean().default(false),
  importRunId: z.uuid().optional(),
  phase: z.enum(IMPORT_PHASES as [string, ...string[]]).optional(),
  after: z.string().nullish(),
  since: z.iso.datetime().optional(),
});

function parse<T extends z.ZodType>(kind: string, schema: T, payload: unknown): z.output<T> {
  const result = schema.safeParse(payload);
  if (!result.success) throw new PermanentJobError(`Bad ${kind} payload: ${result.error.message}`);
  return result.data;
}

export function createShopifyImportJobs(deps: ImportDeps): Record<string, JobHandler> {
  return {
    [IMPORT_START_JOB]: {
      async run(payload, tx) {
        const { importRunId } = parse(IMPORT_START_JOB, startPayload, payload);
        await startImport(tx, deps, importRunId);
      },
      async onFailure(payload, db, failure) {
        const parsed = startPayload.safeParse(payload);
        if (parsed.success && failure.dead) await failRun(db, parsed.data.importRunId, failure.error);
      },
    },
    [IMPORT_BULK_FINISHED_JOB]: {
      async run(payload, tx) {
        await continueImport(tx, deps, parse(IMPORT_BULK_FINISHED_JOB, finishedPayload, payload));
      },
      async onFailure(payload, db, failure) {
        const parsed = finishedPayload.safeParse(payload);
        if (parsed.success && failure.dead) await failRun(db, parsed.data.importRunId, failure.error);
      },
    },
    [RECONCILE_SHOP_JOB]: {
      async run(payload, tx) {
        const parsed = parse(RECONCILE_SHOP_JOB, reconcilePayload, payload);
        await reconcileStep(tx, deps, { ...parsed, phase: parsed.phase as (typeof IMPORT_PHASES)[number] | undefined });
      },
      async onFailure(payload, db, failure) {
        const parsed = reconcilePayload.safeParse(payload);
        if (!parsed.success || !failure.dead) return;
        await reconcileGaveUp(db, deps, { ...parsed.data, phase: parsed.data.phase as (typeof IMPORT_PHASES)[number] | undefined }, failure.error);
      },
    },
  };
}
