import type { SyncShopScope } from "~/core/sync/sync-status.server";
import type { Db } from "~/db/prisma.server";
import { DELIVERY_MAX_ATTEMPTS, PROCESS_DELIVERY_JOB } from "./delivery-log.server";
import { waitingDeliveriesOf } from "./delivery-problems.server";
import { failureReason, WAITING_STATUSES, type FailureReasonCode } from "./failure-reasons";

// Re-running deliveries after a fix: a parked, given-up or failing delivery goes back to RECEIVED
// and its processing job runs again. Processing is idempotent (a change applies only when it is
// newer than what is stored, facts only for what changed), so a delivery whose effect is already
// in the store changes nothing the second time.

/**
 * Puts deliveries back to RECEIVED and queues their processing again, in one statement.
 *
 * The job is the delivery's own row (uniqueKey 'webhook:' + id), reset to QUEUED with no attempts
 * made, rather than a second job under a new key: the key keeps meaning "one job per delivery",
 * so a delivery is never processed by two jobs at once, and the DEAD job a parked delivery left
 * behind stops counting as given up. A job row retention has already deleted (a parked delivery's
 * job finished DONE) is made anew, like the intake's. A job that is running right now is left to
 * finish: it processes the delivery anyway and records its outcome.
 *
 * Only deliveries still waiting are touched (checked again here: one may have been processed
 * since it was listed). Returns how many were queued again.
 */
async function requeue(db: Db, deliveryIds: readonly string[]): Promise<number> {
  if (deliveryIds.length === 0) return 0;
  const rows = await db.$queryRaw<Array<{ count: number }>>`
    WITH delivery AS (
      UPDATE "WebhookDelivery" SET status = 'RECEIVED', error = NULL, attempts = 0
      WHERE id = ANY(${deliveryIds}::uuid[]) AND status::text = ANY(${[...WAITING_STATUSES]}::text[])
      RETURNING id, octet_length("rawBody") AS bytes
    ), job AS (
      INSERT INTO "Job" AS j (kind, payload, "uniqueKey", "maxAttempts", bytes)
      SELECT ${PROCESS_DELIVERY_JOB}, jsonb_build_object('deliveryId', id), 'webhook:' || id, ${DELIVERY_MAX_ATTEMPTS}, bytes
      FROM delivery
      ON CONFLICT ("uniqueKey") DO UPDATE SET status = 'QUEUED', attempts = 0, "maxAttempts" = EXCLUDED."maxAttempts",
        "runAt" = now(), "lastError" = NULL, "lockedBy" = NULL, "lockedUntil" = NULL, "finishedAt" = NULL
      WHERE j.status <> 'RUNNING'
    )
    SELECT count(*)::int AS count FROM delivery`;
  return rows[0]?.count ?? 0;
}

/** Re-runs one delivery of the shop; 0 when it is not the shop's or not waiting (processed meanwhile). */
export async function replayDelivery(db: Db, shop: SyncShopScope, deliveryId: string): Promise<number> {
  const delivery = await db.webhookDelivery.findFirst({
    where: { AND: [waitingDeliveriesOf(shop), { id: deliveryId }] },
    select: { id: true },
  });
  return delivery ? requeue(db, [delivery.id]) : 0;
}

/** A kind of problem: deliveries of one topic failing for one reason. */
export interface ProblemKind {
  topic: string;
  reason: FailureReasonCode;
}

/** Re-runs every waiting delivery of the shop of one kind; returns how many. */
export async function replayKind(db: Db, shop: SyncShopScope, kind: ProblemKind): Promise<number> {
  const candidates = await db.webhookDelivery.findMany({
    where: { AND: [waitingDeliveriesOf(shop), { topic: kind.topic }] },
    select: { id: true, error: true },
  });
  // The reason is read from the error text, which SQL cannot do: the topic narrows it down first.
  const ids = candidates.filter((delivery) => failureReason(delivery.error).code === kind.reason).map(({ id }) => id);
  return requeue(db, ids);
}
