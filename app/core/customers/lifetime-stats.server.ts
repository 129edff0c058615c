import type { Tx } from "~/db/prisma.server";

/**
 * Lifetime figures from the store's own orders, never from payloads: cancelled and test orders do
 * not count. One statement for any number of customers; a customer without counting orders gets
 * zeros.
 */
export async function recomputeLifetimeStats(tx: Tx, shopId: string, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length === 0) return;
  // Sorted so that concurrent batches lock shared customers in the same order.
  const ids = [...new Set(customerIds)].sort();
  await tx.$executeRaw`
    UPDATE "Customer" AS c SET
      "ordersCount" = s.orders_count,
      "totalSpentMinor" = s.spent,
      "totalRefundedMinor" = s.refunded,
      "firstOrderAt" = s.first_order_at,
      "lastOrderAt" = s.last_order_at,
      "updatedAt" = now()
    FROM (
      -- Per customer through the (shopId, customerId, …) index: a join over the whole of "Order"
      -- would read every order of the shop for each batch, which a large import cannot afford.
      SELECT ids.id, totals.*
      FROM unnest(${ids}::uuid[]) AS ids(id)
      CROSS JOIN LATERAL (
        SELECT count(o.id)::int AS orders_count,
               coalesce(sum(o."totalMinor" - o."totalRefundedMinor"), 0)::bigint AS spent,
               coalesce(sum(o."totalRefundedMinor"), 0)::bigint AS refunded,
               min(o."processedAt") AS first_order_at,
               max(o."processedAt") AS last_order_at
        FROM "Order" AS o
        WHERE o."shopId" = ${shopId}::uuid AND o."customerId" = ids.id
          AND o."cancelledAt" IS NULL AND o.test = false
      ) AS totals
    ) AS s
    WHERE c.id = s.id AND c."shopId" = ${shopId}::uuid
      -- Unchanged figures leave the row (and its updatedAt) alone.
      AND (c."ordersCount", c."totalSpentMinor", c."totalRefundedMinor", c."firstOrderAt", c."lastOrderAt")
          IS DISTINCT FROM (s.orders_count, s.spent, s.refunded, s.first_order_at, s.last_order_at)`;
}

const CUSTOMERS_PER_RECOMPUTE = 5_000;

/**
 * Recomputes the figures of every customer of the shop (after a bulk load that deferred them), a
 * slice of customers per statement, in id order like every other recompute.
 */
export async function recomputeShopLifetimeStats(tx: Tx, shopId: string): Promise<void> {
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const slice = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM "Customer" WHERE "shopId" = ${shopId}::uuid AND id > ${after}::uuid
      ORDER BY id LIMIT ${CUSTOMERS_PER_RECOMPUTE}`;
    if (slice.length === 0) return;
    await recomputeLifetimeStats(tx, shopId, slice.map((row) => row.id));
    after = slice[slice.length - 1]!.id;
  }
}
