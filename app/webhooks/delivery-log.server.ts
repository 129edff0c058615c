import type { PlatformName } from "~/core/platform";
import { REDACTED_BODY } from "~/core/privacy/redaction-keys";
import { recordset, type RowOf } from "~/core/sync/json-recordset";
import type { Db, SqlClient, Tx } from "~/db/prisma.server";
import { attemptsSpanning } from "~/jobs/backoff";

export const PROCESS_DELIVERY_JOB = "webhook.process";

/**
 * A delivery that fails for a passing reason (the database away, a deadlock) is retried for as
 * long as Shopify itself would resend it: 48 hours. One that fails the same way every time is
 * parked at once (see the delivery job).
 */
export const DELIVERY_MAX_ATTEMPTS = attemptsSpanning(48 * 3_600_000);

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

const DELIVERY_COLUMNS = 10;

/** VALUES rows of `count` deliveries: ordinal first, then the delivery's parameters. */
function deliveryRows(count: number): string {
  return Array.from({ length: count }, (_, row) => {
    const p = (column: number) => `$${row * DELIVERY_COLUMNS + column + 2}`;
    return `(${row}, ${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}::timestamptz, ${p(7)}, ${p(8)}::jsonb, ${p(9)})`;
  }).join(",\n      ");
}

// Plain SQL: this runs on every webhook before Shopify gets its answer, and Prisma's per-query
// work costs more here than the database does.
function recordDeliveriesSql(count: number): string {
  return `
  WITH input (ord, platform, domain, topic, dedupe_key, webhook_id, event_id, triggered_at, api_version, headers, raw_body) AS (
    VALUES
      ${deliveryRows(count)}
  ), delivery AS (
    INSERT INTO "WebhookDelivery" (id, "shopId", platform, "shopDomain", topic, "dedupeKey",
      "webhookId", "eventId", "triggeredAt", "apiVersion", headers, "rawBody")
    SELECT crm_uuid_v7(),
      (SELECT s.id FROM "Shop" s WHERE s.platform = i.platform::"Platform" AND s.domain = i.domain),
      i.platform::"Platform", i.domain, i.topic, i.dedupe_key, i.webhook_id, i.event_id,
      i.triggered_at AT TIME ZONE 'UTC', i.api_version, i.headers, i.raw_body
    FROM input i ORDER BY i.ord
    ON CONFLICT (platform, "shopDomain", topic, "dedupeKey") DO NOTHING
    RETURNING id, platform::text AS platform, "shopDomain", topic, "dedupeKey", octet_length("rawBody") AS bytes
  ), job AS (
    -- The body's size: the queue cuts a batch by the bytes its jobs will hold in memory.
    INSERT INTO "Job" (kind, payload, "uniqueKey", "maxAttempts", bytes)
    SELECT $1, jsonb_build_object('deliveryId', id), 'webhook:' || id, ${DELIVERY_MAX_ATTEMPTS}, bytes FROM delivery
  )
  SELECT id::text AS id, platform, "shopDomain", topic, "dedupeKey" FROM delivery`;
}

const deliveryKey = (delivery: { platform: string; shopDomain: string; topic: string; dedupeKey: string }) =>
  JSON.stringify([delivery.platform, delivery.shopDomain, delivery.topic, delivery.dedupeKey]);

/**
 * Stores verified deliveries, each with its processing job, in one statement: a delivery is never
 * stored without its job nor queued twice. Per delivery, in order: its id, or null for a repeat
 * (of a stored delivery, or of an earlier one in the same call).
 */
export async function recordDeliveries(
  sql: SqlClient,
  deliveries: readonly IncomingDelivery[],
  options: { namedStatements: boolean } = { namedStatements: false },
): Promise<Array<string | null>> {
  if (deliveries.length === 0) return [];
  const values: unknown[] = [PROCESS_DELIVERY_JOB];
  for (const delivery of deliveries) {
    values.push(
      delivery.platform,
      delivery.shopDomain,
      delivery.topic,
      delivery.dedupeKey,
      delivery.webhookId,
      delivery.eventId,
      delivery.triggeredAt?.toISOString() ?? null,
      delivery.apiVersion,
      JSON.stringify(delivery.headers),
      delivery.rawBody,
    );
  }
  // A named statement is parsed and planned once per connection instead of on every write (a
  // third of the write's time). Not on PGlite: it serves every connection from one session, where
  // a reconnected client's named statements collide with those its predecessor left behind.
  const { rows } = await sql.query<{ id: string; platform: string; shopDomain: string; topic: string; dedupeKey: string }>({
    name: options.namedStatements ? `record-deliveries-${deliveries.length}` : undefined,
    text: recordDeliveriesSql(deliveries.length),
    values,
  });
  const stored = new Map(rows.map((row) => [deliveryKey(row), row.id]));
  return deliveries.map((delivery) => {
    const key = deliveryKey(delivery);
    const id = stored.get(key) ?? null;
    stored.delete(key); // a later repeat within the call gets null
    return id;
  });
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

/** Drops deliveries that must not be applied (a redacted shop's); their jobs then find nothing. */
export async function deleteDeliveries(tx: Tx, deliveryIds: readonly string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  await tx.$executeRaw`DELETE FROM "WebhookDelivery" WHERE id = ANY(${deliveryIds}::uuid[])`;
}

/** Keeps deliveries that named a redacted person without their body and headers. */
export async function scrubDeliveryBodies(tx: Tx, deliveryIds: readonly string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  await tx.$executeRaw`
    UPDATE "WebhookDelivery" SET "rawBody" = ${REDACTED_BODY}, headers = '{}'::jsonb
    WHERE id = ANY(${deliveryIds}::uuid[])`;
}
