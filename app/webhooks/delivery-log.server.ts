import type { PlatformName } from "~/core/platform";
import type { Db, Tx } from "~/db/prisma.server";

export const PROCESS_DELIVERY_JOB = "webhook.process";

export interface IncomingDelivery {
  platform: PlatformName;
  shopDomain: string;
  topic: string;
  /** The platform's id of the event (falls back to the delivery id): repeats share it. */
  dedupeKey: string;
  webhookId: string | null;
  eventId: string | null;
  triggeredAt: Date | null;
  apiVersion: string | null;
  headers: Record<string, string>;
  rawBody: string;
}

/**
 * Stores a verified delivery and queues its processing in one statement, so a delivery is never
 * stored without its job nor queued twice. Returns null for a repeat of a stored delivery.
 */
export async function recordDelivery(db: Db | Tx, delivery: IncomingDelivery): Promise<string | null> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    WITH delivery AS (
      INSERT INTO "WebhookDelivery" (id, "shopId", platform, "shopDomain", topic, "dedupeKey",
        "webhookId", "eventId", "triggeredAt", "apiVersion", headers, "rawBody")
      VALUES (gen_random_uuid(),
        (SELECT id FROM "Shop" WHERE platform = ${delivery.platform}::"Platform" AND domain = ${delivery.shopDomain}),
        ${delivery.platform}::"Platform", ${delivery.shopDomain}, ${delivery.topic}, ${delivery.dedupeKey},
        ${delivery.webhookId}, ${delivery.eventId}, ${delivery.triggeredAt}, ${delivery.apiVersion},
        ${JSON.stringify(delivery.headers)}::jsonb, ${delivery.rawBody})
      ON CONFLICT (platform, "shopDomain", topic, "dedupeKey") DO NOTHING
      RETURNING id
    ), job AS (
      INSERT INTO "Job" (kind, payload, "uniqueKey")
      SELECT ${PROCESS_DELIVERY_JOB}, jsonb_build_object('deliveryId', id), 'webhook:' || id FROM delivery
    )
    SELECT id::text AS id FROM delivery`;
  return rows[0]?.id ?? null;
}

export async function markDelivery(
  db: Db | Tx,
  deliveryId: string,
  outcome:
    | { status: "PROCESSED" | "IGNORED"; shopId: string | null }
    | { status: "PARKED" | "FAILED" | "DEAD"; error: string; attempts: number },
): Promise<void> {
  if ("shopId" in outcome) {
    // updateMany: a shop redaction may have removed the delivery itself.
    await db.webhookDelivery.updateMany({
      where: { id: deliveryId },
      data: { status: outcome.status, shopId: outcome.shopId, processedAt: new Date(), error: null },
    });
    return;
  }
  await db.webhookDelivery.updateMany({
    where: { id: deliveryId },
    data: { status: outcome.status, error: outcome.error, attempts: outcome.attempts },
  });
}
