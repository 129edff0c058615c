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
      SELECT ids.id,
             count(o.id)::int AS orders_count,
             coalesce(sum(o."totalMinor" - o."totalRefundedMinor"), 0)::bigint AS spent,
             coalesce(sum(o."totalRefundedMinor"), 0)::bigint AS refunded,
             min(o."processedAt") AS first_order_at,
             max(o."processedAt") AS last_order_at
      FROM unnest(${ids}::uuid[]) AS ids(id)
      LEFT JOIN "Order" AS o
        ON o."shopId" = ${shopId}::uuid AND o."customerId" = ids.id
       AND o."cancelledAt" IS NULL AND o.test = false
      GROUP BY ids.id
    ) AS s
    WHERE c.id = s.id AND c."shopId" = ${shopId}::uuid`;
}
