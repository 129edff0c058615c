import {
  recomputeLifetimeStats,
  resolveOrderCustomer,
} from "~/core/customers/customer-sync.server";
import type { OrderSnapshot, RefundSnapshot } from "~/core/platform";
import { isNewerThanStored } from "~/core/sync/freshness";
import { recordTimelineEvents, type TimelineEntry } from "~/core/timeline/timeline.server";
import type { Tx } from "~/db/prisma.server";

/** A refund arrived before its order: retrying later (or the reconciliation) brings the order. */
export class OrderNotSyncedError extends Error {
  override name = "OrderNotSyncedError";
  constructor(orderPlatformId: string) {
    super(`Order ${orderPlatformId} is not in the store yet`);
  }
}

function orderColumns(order: OrderSnapshot) {
  return {
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
    processedAt: order.processedAt,
    sourceCreatedAt: order.createdAt,
    sourceUpdatedAt: order.updatedAt,
  };
}

export async function upsertOrder(
  tx: Tx,
  shopId: string,
  order: OrderSnapshot,
): Promise<{ orderId: string; applied: boolean }> {
  const existing = await tx.order.findUnique({
    where: { shopId_platformId: { shopId, platformId: order.platformId } },
    select: { id: true, customerId: true, sourceUpdatedAt: true },
  });
  if (existing && !isNewerThanStored(order.updatedAt, existing)) {
    return { orderId: existing.id, applied: false };
  }
  const customerId = await resolveOrderCustomer(tx, shopId, order.buyer, order.email);
  const columns = { ...orderColumns(order), customerId };
  const saved = existing
    ? await tx.order.update({ where: { id: existing.id }, data: columns, select: { id: true } })
    : await tx.order.create({ data: { ...columns, shopId, platformId: order.platformId }, select: { id: true } });

  // Line items and codes are replaced whole: the newest order version is the truth about them.
  if (existing) {
    await tx.orderLineItem.deleteMany({ where: { orderId: saved.id } });
    await tx.orderDiscountCode.deleteMany({ where: { orderId: saved.id } });
  }
  await tx.orderLineItem.createMany({
    data: order.lineItems.map((line) => ({
      ...line,
      shopId,
      orderId: saved.id,
      currency: order.currency,
    })),
  });
  await tx.orderDiscountCode.createMany({
    data: order.discountCodes.map((code) => ({
      ...code,
      shopId,
      orderId: saved.id,
      currency: order.currency,
    })),
    skipDuplicates: true,
  });
  for (const refund of order.refunds) await insertRefund(tx, shopId, saved.id, refund);
  await recomputeOrderRefunded(tx, saved.id);

  const affectedCustomers = new Set([customerId, existing?.customerId].filter((id) => id != null));
  for (const id of affectedCustomers) await recomputeLifetimeStats(tx, shopId, id);
  if (customerId) await recordTimelineEvents(tx, orderTimeline(shopId, customerId, order));
  return { orderId: saved.id, applied: true };
}

function orderTimeline(shopId: string, customerId: string, order: OrderSnapshot): TimelineEntry[] {
  const amounts = { name: order.name, totalMinor: order.totalMinor.toString(), currency: order.currency };
  const entries: TimelineEntry[] = [
    {
      shopId,
      customerId,
      kind: "order.placed",
      occurredAt: order.processedAt,
      sourceKey: `order:${order.platformId}:placed`,
      data: amounts,
    },
  ];
  if (order.cancelledAt) {
    entries.push({
      shopId,
      customerId,
      kind: "order.cancelled",
      occurredAt: order.cancelledAt,
      sourceKey: `order:${order.platformId}:cancelled`,
      data: { ...amounts, reason: order.cancelReason },
    });
  }
  for (const refund of order.refunds) entries.push(refundTimelineEntry(shopId, customerId, order.name, refund));
  return entries;
}

function refundTimelineEntry(
  shopId: string,
  customerId: string,
  orderName: string | null,
  refund: RefundSnapshot,
): TimelineEntry {
  return {
    shopId,
    customerId,
    kind: "order.refunded",
    occurredAt: refund.processedAt,
    sourceKey: `refund:${refund.platformId}`,
    data: { name: orderName, amountMinor: refund.amountMinor.toString(), currency: refund.currency },
  };
}

/** Refunds never change once issued: the first copy seen is kept. */
async function insertRefund(tx: Tx, shopId: string, orderId: string, refund: RefundSnapshot) {
  const known = await tx.refund.findUnique({
    where: { shopId_platformId: { shopId, platformId: refund.platformId } },
    select: { id: true },
  });
  if (known) return false;
  await tx.refund.create({
    data: {
      shopId,
      orderId,
      platformId: refund.platformId,
      note: refund.note,
      amountMinor: refund.amountMinor,
      currency: refund.currency,
      processedAt: refund.processedAt,
      lineItems: { createMany: { data: refund.lineItems.map((line) => ({ ...line, shopId })) } },
    },
  });
  return true;
}

async function recomputeOrderRefunded(tx: Tx, orderId: string) {
  await tx.$executeRaw`
    UPDATE "Order" SET "totalRefundedMinor" =
      (SELECT coalesce(sum("amountMinor"), 0) FROM "Refund" WHERE "orderId" = ${orderId}::uuid)
    WHERE id = ${orderId}::uuid`;
}

export async function applyRefund(tx: Tx, shopId: string, refund: RefundSnapshot): Promise<boolean> {
  const order = await tx.order.findUnique({
    where: { shopId_platformId: { shopId, platformId: refund.orderPlatformId } },
    select: { id: true, name: true, customerId: true },
  });
  if (!order) throw new OrderNotSyncedError(refund.orderPlatformId);
  if (!(await insertRefund(tx, shopId, order.id, refund))) return false;
  await recomputeOrderRefunded(tx, order.id);
  if (order.customerId) {
    await recomputeLifetimeStats(tx, shopId, order.customerId);
    await recordTimelineEvents(tx, [refundTimelineEntry(shopId, order.customerId, order.name, refund)]);
  }
  return true;
}
