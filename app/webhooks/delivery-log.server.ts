import type { PlatformName } from "~/core/platform";
import { recordset, type RowOf } from "~/core/sync/json-recordset";
import type { Db, SqlClient, Tx } from "~/db/prisma.server";

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

// Plain SQL: this runs on every webhook before Shopify gets its answer, and Prisma's per-query
// work costs more here than the database does.
const RECORD_DELIVERY_SQL = `
  WITH delivery AS (
    INSERT INTO "WebhookDelivery" (id, "shopId", platform, "shopDomain", topic, "dedupeKey",
      "webhookId", "eventId", "triggeredAt", "apiVersion", headers, "rawBody")
    VALUES (gen_random_uuid(),
      (SELECT id FROM "Shop" WHERE platform = $1::"Platform" AND domain = $2),
      $1::"Platform", $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)
    ON CONFLICT (platform, "shopDomain", topic, "dedupeKey") DO NOTHING
    RETURNING id
  ), job AS (
    INSERT INTO "Job" (kind, payload, "uniqueKey")
    SELECT $11, jsonb_build_object('deliveryId', id), 'webhook:' || id FROM delivery
  )
  SELECT id::text AS id FROM delivery`;

/**
 * Stores a verified delivery and queues its processing in one statement, so a delivery is never
 * stored without its job nor queued twice. Returns null for a repeat of a stored delivery.
 */
export async function recordDelivery(sql: SqlClient, delivery: IncomingDelivery): Promise<string | null> {
  // Named: each connection parses and plans the statement once.
  const { rows } = await sql.query<{ id: string }>({ name: "record-delivery", text: RECORD_DELIVERY_SQL, values: [
    delivery.platform,
    delivery.shopDomain,
    delivery.topic,
    delivery.dedupeKey,
    delivery.webhookId,
    delivery.eventId,
    delivery.triggeredAt,
    delivery.apiVersion,
    JSON.stringify(delivery.headers),
    delivery.rawBody,
    PROCESS_DELIVERY_JOB,
  ] });
  return rows[0]?.id ?? null;
}

export type DeliveryOutcome = { deliveryId: string } & (
  | { status: "PROCESSED" | "IGNORED"; shopId: string }
  | { status: "PARKED" | "FAILED" | "DEAD"; error: string; attempts: number }
);

const OUTCOME_COLUMNS = {
  id: "uuid",
  status: '"DeliveryStatus"',
  // Processed or ignored: the shop and the time are recorded and any earlier error cleared.
  finished: "boolean",
  shopId: "uuid",
  processedAt: "timestamp(3)",
  error: "text",
  attempts: "integer",
} as const;

/**
 * Records the outcomes of deliveries in one statement. A delivery that is gone (a shop
 * redaction removes its deliveries) is skipped.
 */
export async function markDeliveries(db: Db | Tx, outcomes: readonly DeliveryOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const now = new Date();
  const rows = outcomes.map((outcome): RowOf<typeof OUTCOME_COLUMNS> => {
    const { deliveryId: id, status } = outcome;
    if ("shopId" in outcome) {
      return { id, status, finished: true, shopId: outcome.shopId, processedAt: now, error: null, attempts: null };
    }
    const { error, attempts } = outcome;
    return { id, status, finished: false, shopId: null, processedAt: null, error, attempts };
  });
  await db.$executeRaw`
    UPDATE "WebhookDelivery" AS d SET
      status = v.status,
      "shopId" = CASE WHEN v.finished THEN v."shopId" ELSE d."shopId" END,
      "processedAt" = CASE WHEN v.finished THEN v."processedAt" ELSE d."processedAt" END,
      error = v.error,
      attempts = coalesce(v.attempts, d.attempts)
    FROM ${recordset(OUTCOME_COLUMNS, rows)}
    WHERE d.id = v.id`;
}
