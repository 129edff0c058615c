import type { Db } from "~/db/prisma.server";
import { refundedQuantity } from "~/core/orders/refunded-quantity.sql";

// What a customer's page shows beyond the profile and figures: the products they bought.

export interface ProductBought {
  /** The product's platform id, or null for a line without a product (a custom item). */
  productId: string | null;
  title: string;
  /** Units kept: bought less refunded, on orders that count (not cancelled, not test). */
  quantity: number;
  orders: number;
  lastBoughtAt: string;
}

/** The products a customer bought most (by units kept), newest purchase first among equals. */
export async function productsBought(db: Db, shopId: string, customerId: string, limit = 10): Promise<ProductBought[]> {
  const rows = await db.$queryRaw<Array<{ productId: string | null; title: string; quantity: bigint; orders: bigint; lastBoughtAt: Date }>>`
    WITH lines AS (
      SELECT li."productPlatformId" AS product_id, li.title, li.quantity - ${refundedQuantity("li")} AS quantity,
             o.id AS order_id, o."processedAt" AS processed_at
      FROM "Order" o
      JOIN "OrderLineItem" li ON li."orderId" = o.id
      WHERE o."shopId" = ${shopId}::uuid AND o."customerId" = ${customerId}::uuid AND o."cancelledAt" IS NULL AND NOT o.test
    )
    SELECT l.product_id AS "productId",
           coalesce(max(p.title), (array_agg(l.title ORDER BY l.processed_at DESC))[1]) AS title,
           sum(l.quantity) AS quantity, count(DISTINCT l.order_id) AS orders, max(l.processed_at) AS "lastBoughtAt"
    FROM lines l
    LEFT JOIN "Product" p ON p."shopId" = ${shopId}::uuid AND p."platformId" = l.product_id
    GROUP BY l.product_id, CASE WHEN l.product_id IS NULL THEN l.title END
    HAVING sum(l.quantity) > 0
    ORDER BY sum(l.quantity) DESC, max(l.processed_at) DESC
    LIMIT ${limit}`;
  return rows.map((row) => ({
    productId: row.productId,
    title: row.title,
    quantity: Number(row.quantity),
    orders: Number(row.orders),
    lastBoughtAt: row.lastBoughtAt.toISOString(),
  }));
}
