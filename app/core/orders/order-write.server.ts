import type { OrderSnapshot } from "~/core/platform";
import { incomingIsNewerSql } from "~/core/sync/freshness-sql";
import { columnList, recordsetWithNewIds, takeExcluded, type RowOf } from "~/core/sync/json-recordset";
import { Prisma } from "~/db/generated/client";
import type { Tx } from "~/db/prisma.server";

// Order rows and what is replaced whole with each new version: line items and discount codes.

const ORDER_COLUMNS = {
  customerId: "uuid",
  name: "text",
  orderNumber: "integer",
  email: "text",
  currency: "text",
  subtotalMinor: "bigint",
  totalDiscountsMinor: "bigint",
  totalShippingMinor: "bigint",
  totalTaxMinor: "bigint",
  totalMinor: "bigint",
  presentmentCurrency: "text",
  presentmentTotalMinor: "bigint",
  financialStatus: "text",
  fulfillmentStatus: "text",
  cancelledAt: "timestamp(3)",
  cancelReason: "text",
  test: "boolean",
  tags: "text[]",
  sourceName: "text",
  landingSite: "text",
  referringSite: "text",
  shippingAddress1: "text",
  shippingAddress2: "text",
  shippingZip: "text",
  shippingCity: "text",
  shippingCountryCode: "text",
  billingCity: "text",
  billingCountryCode: "text",
  processedAt: "timestamp(3)",
  sourceCreatedAt: "timestamp(3)",
  sourceUpdatedAt: "timestamp(3)",
} as const;

const ORDER_ROW = { platformId: "text", ...ORDER_COLUMNS } as const;

const LINE_COLUMNS = {
  orderId: "uuid",
  platformId: "text",
  productPlatformId: "text",
  variantPlatformId: "text",
  title: "text",
  variantTitle: "text",
  sku: "text",
  quantity: "integer",
  unitPriceMinor: "bigint",
  totalDiscountMinor: "bigint",
  totalTaxMinor: "bigint",
  currency: "text",
  recommendedFrom: "text",
} as const;

const CODE_COLUMNS = {
  orderId: "uuid",
  code: "text",
  kind: "text",
  amountMinor: "bigint",
  currency: "text",
} as const;

export interface OrderWithCustomer {
  order: OrderSnapshot;
  customerId: string | null;
}

function orderRow({ order, customerId }: OrderWithCustomer): RowOf<typeof ORDER_ROW> {
  return {
    platformId: order.platformId,
    customerId,
    name: order.name,
    orderNumber: order.orderNumber,
    email: order.email,
    currency: order.currency,
    subtotalMinor: order.subtotalMinor,
    totalDiscountsMinor: order.totalDiscountsMinor,
    totalShippingMinor: order.totalShippingMinor,
    totalTaxMinor: order.totalTaxMinor,
    totalMinor: order.totalMinor,
    presentmentCurrency: order.presentmentCurrency,
    presentmentTotalMinor: order.presentmentTotalMinor,
    financialStatus: order.financialStatus,
    fulfillmentStatus: order.fulfillmentStatus,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    test: order.test,
    tags: order.tags,
    sourceName: order.sourceName,
    landingSite: order.landingSite,
    referringSite: order.referringSite,
    shippingAddress1: order.shippingAddress?.address1 ?? null,
    shippingAddress2: order.shippingAddress?.address2 ?? null,
    shippingZip: order.shippingAddress?.zip ?? null,
    shippingCity: order.shippingAddress?.city ?? null,
    shippingCountryCode: order.shippingAddress?.countryCode ?? null,
    billingCity: order.billingAddress?.city ?? null,
    billingCountryCode: order.billingAddress?.countryCode ?? null,
    processedAt: order.processedAt,
    sourceCreatedAt: order.createdAt,
    sourceUpdatedAt: order.updatedAt,
  };
}

export interface WrittenOrder {
  id: string;
  platformId: string;
  /** True when the statement created the row, false when it updated a stored one. */
  inserted: boolean;
}

/**
 * Inserts new orders and updates stored ones whose version is older, in one statement (the
 * database decides, so a concurrent newer write is never rolled back). Returns the rows written;
 * an order missing from the result was not newer. The platform ids must be distinct.
 */
export async function writeOrders(
  tx: Tx,
  shopId: string,
  orders: readonly OrderWithCustomer[],
): Promise<WrittenOrder[]> {
  if (orders.length === 0) return [];
  // A row the statement inserted has no deleting or locking transaction yet (xmax = 0); a row it
  // updated carries this transaction's id there.
  return tx.$queryRaw<WrittenOrder[]>`
    INSERT INTO "Order" (id, "shopId", "platformId", ${columnList(ORDER_COLUMNS)}, "updatedAt")
    SELECT v."newId", ${shopId}::uuid, v."platformId", ${columnList(ORDER_COLUMNS, "v")}, now()
    FROM ${recordsetWithNewIds(ORDER_ROW, orders.map(orderRow))}
    ORDER BY v."platformId"
    ON CONFLICT ("shopId", "platformId") DO UPDATE SET ${takeExcluded(ORDER_COLUMNS)}, "updatedAt" = now()
    WHERE ${incomingIsNewerSql("Order", Prisma.sql`EXCLUDED."sourceUpdatedAt"`, { tombstones: false })}
    RETURNING id, "platformId", (xmax = 0) AS inserted`;
}

/** Removes the stored line items and codes of updated orders (a new row has none to remove). */
async function deleteStoredItems(tx: Tx, shopId: string, orders: ReadonlyArray<{ id: string; inserted: boolean }>) {
  const ids = orders.flatMap(({ id, inserted }) => (inserted ? [] : [id])).sort();
  if (ids.length === 0) return;
  await tx.$executeRaw`
    WITH lines AS (
      DELETE FROM "OrderLineItem" WHERE "shopId" = ${shopId}::uuid AND "orderId" = ANY(${ids}::uuid[])
    )
    DELETE FROM "OrderDiscountCode" WHERE "shopId" = ${shopId}::uuid AND "orderId" = ANY(${ids}::uuid[])`;
}

/** The newest version is the truth about line items and codes: the stored ones are replaced. */
export async function replaceOrderItems(
  tx: Tx,
  shopId: string,
  orders: ReadonlyArray<{ id: string; inserted: boolean; order: OrderSnapshot }>,
): Promise<void> {
  if (orders.length === 0) return;
  await deleteStoredItems(tx, shopId, orders);

  const lines = orders.flatMap(({ id, order }) =>
    order.lineItems.map(
      (line): RowOf<typeof LINE_COLUMNS> => ({
        orderId: id,
        platformId: line.platformId,
        productPlatformId: line.productPlatformId,
        variantPlatformId: line.variantPlatformId,
        title: line.title,
        variantTitle: line.variantTitle,
        sku: line.sku,
        quantity: line.quantity,
        unitPriceMinor: line.unitPriceMinor,
        totalDiscountMinor: line.totalDiscountMinor,
        totalTaxMinor: line.totalTaxMinor,
        currency: order.currency,
        recommendedFrom: line.recommendedFrom,
      }),
    ),
  );
  if (lines.length > 0) {
    await tx.$executeRaw`
      INSERT INTO "OrderLineItem" (id, "shopId", ${columnList(LINE_COLUMNS)})
      SELECT v."newId", ${shopId}::uuid, ${columnList(LINE_COLUMNS, "v")}
      FROM ${recordsetWithNewIds(LINE_COLUMNS, lines)}`;
  }

  const codes = orders.flatMap(({ id, order }) =>
    order.discountCodes.map(
      (code): RowOf<typeof CODE_COLUMNS> => ({
        orderId: id,
        code: code.code,
        kind: code.kind,
        amountMinor: code.amountMinor,
        currency: order.currency,
      }),
    ),
  );
  if (codes.length > 0) {
    await tx.$executeRaw`
      INSERT INTO "OrderDiscountCode" (id, "shopId", ${columnList(CODE_COLUMNS)})
      SELECT v."newId", ${shopId}::uuid, ${columnList(CODE_COLUMNS, "v")}
      FROM ${recordsetWithNewIds(CODE_COLUMNS, codes)}
      ON CONFLICT ("orderId", code) DO NOTHING`;
  }
}
