import { z } from "zod";
import type { Tx } from "~/db/prisma.server";
import { enqueueJob, PermanentJobError, type JobHandler } from "~/jobs/queue.server";
import { isRedactedPlatformId, REDACTED_BODY } from "./redaction-keys";

// The second half of a customer redaction: the stored webhook bodies (and job payloads) that hold
// copies of the person's data. A shop can hold gigabytes of bodies, so this is a chain of jobs,
// each scanning the next slice of the shop's deliveries in id order in its own short transaction,
// outside the shop's sync lock, and recording how far it got on the request: a crash or restart
// goes on from there, and the shop's webhooks wait for no more than one slice.

export const PRIVACY_SCRUB_JOB = "privacy.scrub";

export interface ScrubSlices {
  /** A slice: at most this many deliveries … */
  sliceRows?: number;
  /** … and this many stored (compressed) bytes, so a slice of large bodies stays short too. */
  sliceBytes?: number;
}
/** A delivery still waiting to be processed is scrubbed once it is: look again after this. */
const WAIT_FOR_UNPROCESSED_MS = 2_000;

/** Values shorter than this would match unrelated text (and identify no one on their own). */
const MIN_NEEDLE_LENGTH = 5;

/** The identifying values to search stored copies for: lower case, as the search compares them. */
export function identifyingNeedles(values: ReadonlyArray<string | null | undefined>): string[] {
  const needles = new Set<string>();
  for (const value of values) {
    const needle = value?.trim().toLowerCase();
    if (needle && needle.length >= MIN_NEEDLE_LENGTH && !isRedactedPlatformId(needle)) needles.add(needle);
  }
  return [...needles];
}

export async function enqueueScrub(tx: Tx, requestId: string, runAt?: Date): Promise<void> {
  await enqueueJob(tx, { kind: PRIVACY_SCRUB_JOB, payload: { requestId }, ...(runAt ? { runAt } : {}) });
}

interface ScannedDelivery {
  id: string;
  unprocessed: boolean;
  hit: boolean;
}

/** The next slice of the shop's deliveries after `cursor`, each with whether it holds a needle. */
async function scanSlice(
  tx: Tx,
  shopDomain: string,
  cursor: string | null,
  needles: readonly string[],
  { sliceRows = 2_000, sliceBytes = 16 * 1024 * 1024 }: ScrubSlices,
) {
  // lower() once per body (OFFSET 0 keeps the planner from inlining it into every needle's test).
  return tx.$queryRaw<ScannedDelivery[]>`
    WITH candidates AS (
      SELECT id, status, row_number() OVER w AS n, sum(pg_column_size("rawBody")) OVER w AS bytes
      FROM "WebhookDelivery"
      WHERE "shopDomain" = ${shopDomain} AND id > coalesce(${cursor}::uuid, '00000000-0000-0000-0000-000000000000'::uuid)
      WINDOW w AS (ORDER BY id)
      ORDER BY id LIMIT ${sliceRows}
    )
    SELECT c.id::text AS id, c.status IN ('RECEIVED', 'FAILED') AS unprocessed,
      EXISTS (SELECT 1 FROM unnest(${needles}::text[]) AS needle WHERE strpos(body.text, needle) > 0) AS hit
    FROM candidates c
    JOIN "WebhookDelivery" d ON d.id = c.id
    CROSS JOIN LATERAL (SELECT lower(d."rawBody") AS text OFFSET 0) body
    WHERE c.n = 1 OR c.bytes <= ${sliceBytes}
    ORDER BY c.id`;
}

/**
 * What a slice lets the scrub do: scrub the hits up to the first one still waiting to be processed
 * (processing must see its body; the slice after it is scanned again later), and move the cursor
 * to the last delivery before that one.
 */
export function planSlice(scanned: readonly ScannedDelivery[], cursor: string | null) {
  const waiting = scanned.findIndex((delivery) => delivery.hit && delivery.unprocessed);
  const done = waiting === -1 ? scanned : scanned.slice(0, waiting);
  return {
    scrub: done.filter((delivery) => delivery.hit).map((delivery) => delivery.id),
    cursor: done.at(-1)?.id ?? cursor,
    scanned: done.length,
    waiting: waiting !== -1,
    /** Nothing after the cursor: every stored body has been searched. */
    finished: scanned.length === 0,
  };
}

const payloadSchema = z.object({ requestId: z.uuid() });

/** One slice per job; the next job is queued in the same transaction as the progress. */
export const createPrivacyScrubJobs = (slices: ScrubSlices = {}): Record<string, JobHandler> => ({
  [PRIVACY_SCRUB_JOB]: {
    async run(payload, tx) {
      const parsed = payloadSchema.safeParse(payload);
      if (!parsed.success) throw new PermanentJobError(`Bad ${PRIVACY_SCRUB_JOB} payload: ${parsed.error.message}`);
      const request = await tx.privacyRequest.findUnique({ where: { id: parsed.data.requestId } });
      // Gone with a shop redaction, or done by an earlier run of this job.
      if (!request || request.completedAt) return;
      const scanned = await scanSlice(tx, request.shopDomain, request.scrubCursor, request.scrubNeedles, slices);
      const slice = planSlice(scanned, request.scrubCursor);
      if (slice.scrub.length > 0) {
        await tx.$executeRaw`
          UPDATE "WebhookDelivery" SET "rawBody" = ${REDACTED_BODY}, headers = '{}'::jsonb,
            -- A parked delivery of the person can never be re-run now: it is settled.
            status = CASE WHEN status IN ('PARKED', 'DEAD') THEN 'IGNORED'::"DeliveryStatus" ELSE status END,
            error = CASE WHEN status IN ('PARKED', 'DEAD') THEN 'Redacted before it could be applied' ELSE error END
          WHERE id = ANY(${slice.scrub}::uuid[])`;
      }
      if (slice.finished) await scrubJobPayloads(tx, request.scrubNeedles);
      await tx.privacyRequest.update({
        where: { id: request.id },
        data: {
          scrubCursor: slice.cursor,
          bodiesScanned: { increment: slice.scanned },
          bodiesScrubbed: { increment: slice.scrub.length },
          ...(slice.finished ? { completedAt: new Date(), scrubNeedles: [] } : {}),
        },
      });
      if (!slice.finished) {
        await enqueueScrub(tx, request.id, slice.waiting ? new Date(Date.now() + WAIT_FOR_UNPROCESSED_MS) : undefined);
      }
    },
  },
});

/** Finished jobs whose payload holds a needle keep a placeholder (running and queued ones need theirs). */
async function scrubJobPayloads(tx: Tx, needles: readonly string[]) {
  await tx.$executeRaw`
    UPDATE "Job" SET payload = ${REDACTED_BODY}::jsonb
    WHERE status IN ('DONE', 'DEAD')
      AND EXISTS (SELECT 1 FROM unnest(${needles}::text[]) AS needle WHERE strpos(lower(payload::text), needle) > 0)`;
}
