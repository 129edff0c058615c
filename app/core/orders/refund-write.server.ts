import type { PlatformId, RefundSnapshot } from "~/core/platform";
import { firstPerKey } from "~/core/sync/batch";
import { recordsetWithNewIds, type RowOf } from "~/core/sync/json-recordset";
import type { Tx } from "~/db/prisma.server";

const REFUND_COLUMNS = {
  platformId: "text",
  orderId: "uuid",
  note: "text",
  amountMinor: "bigint",
  currency: "text",
  processedAt: "timestamp(3)",
} as const;

const REFUND_LINE_COLUMNS = {
  refundPlatformId: "text",
  platformId: "text",
  lineItemPlatformId: "text",
  quantity: "integer",
  subtotalMinor: "bigint",
  totalTaxMinor: "bigint",
  restockType: "text",
} as const;

export interface RefundOfOrder {
  orderId: string;
  refund: RefundSnapshot;
}

/**
 * Refunds never change once issued: the first copy seen is kept and later copies add nothing.
 * Refunds and their lines go in one statement; returns the refunds that are new, with our ids.
 */
export async function insertRefunds(
  tx: Tx,
  shopId: string,
  refunds: readonly RefundOfOrder[],
): Promise<Array<{ id: string; platformId: PlatformId; orderId: string }>> {
  const first = firstPerKey(refunds, ({ refund }) => refund.platformId);
  if (first.length === 0) return [];
  const rows = first.map(
    ({ orderId, refund }): RowOf<typeof REFUND_COLUMNS> => ({
      platformId: refund.platformId,
      orderId,
      note: refund.note,
      amountMinor: refund.amountMinor,
      currency: refund.currency,
      processedAt: refund.processedAt,
    }),
  );
  const lines = first.flatMap(({ refund }) =>
    refund.lineItems.map(
      (line): RowOf<typeof REFUND_LINE_COLUMNS> => ({
        refundPlatformId: refund.platformId,
        platformId: line.platformId,
        lineItemPlatformId: line.lineItemPlatformId,
        quantity: line.quantity,
        subtotalMinor: line.subtotalMinor,
        totalTaxMinor: line.totalTaxMinor,
        restockType: line.restockType,
      }),
    ),
  );
  return tx.$queryRaw<Array<{ id: string; platformId: string; orderId: string }>>`
    WITH inserted AS (
      INSERT INTO "Refund" (id, "shopId", "orderId", "platformId", note, "amountMinor", currency, "processedAt")
      SELECT v."newId", ${shopId}::uuid, v."orderId", v."platformId", v.note, v."amountMinor", v.currency,
             v."processedAt"
      FROM ${recordsetWithNewIds(REFUND_COLUMNS, rows)}
      ORDER BY v."platformId"
      ON CONFLICT ("shopId", "platformId") DO NOTHING
      RETURNING id, "platformId", "orderId"
    ), lines AS (
      INSERT INTO "RefundLineItem" (id, "shopId", "refundId", "platformId", "lineItemPlatformId", quantity,
                                    "subtotalMinor", "totalTaxMinor", "restockType")
      SELECT l."newId", ${shopId}::uuid, r.id, l."platformId", l."lineItemPlatformId", l.quantity,
             l."subtotalMinor", l."totalTaxMinor", l."restockType"
      FROM ${recordsetWithNewIds(REFUND_LINE_COLUMNS, lines, "l")}
      JOIN inserted AS r ON r."platformId" = l."refundPlatformId"
    )
    SELECT id::text AS id, "platformId", "orderId"::text AS "orderId" FROM inserted`;
}

/** An order's refunded total is the sum of its stored refunds. */
export async function recomputeOrderRefunds(tx: Tx, shopId: string, orderIds: readonly string[]): Promise<void> {
  if (orderIds.length === 0) return;
  const ids = [...new Set(orderIds)].sort();
  await tx.$executeRaw`
    UPDATE "Order" AS o SET "totalRefundedMinor" = s.total
    FROM (
      SELECT ids.id, coalesce(sum(r."amountMinor"), 0)::bigint AS total
      FROM unnest(${ids}::uuid[]) AS ids(id)
      LEFT JOIN "Refund" AS r ON r."orderId" = ids.id
      GROUP BY ids.id
    ) AS s
    WHERE o.id = s.id AND o."shopId" = ${shopId}::uuid`;
}
