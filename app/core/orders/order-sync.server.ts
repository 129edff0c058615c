import { recomputeLifetimeStats } from "~/core/customers/lifetime-stats.server";
import { resolveOrderCustomers } from "~/core/customers/order-buyers.server";
import { orderWriteFacts, refundFacts, type RefundTotals } from "~/core/facts/order-facts";
import type { DomainFact } from "~/core/facts/types";
import type { OrderSnapshot, PlatformId, RefundSnapshot } from "~/core/platform";
import { chunk, distinct, firstPerKey, groupBy, newestPerKey } from "~/core/sync/batch";
import { isNewerThanStored } from "~/core/sync/freshness";
import { recordTimelineEvents } from "~/core/timeline/timeline.server";
import type { Tx } from "~/db/prisma.server";
import { orderTimeline, refundTimelineEntry } from "./order-timeline";
import { replaceOrderItems, writeOrders } from "./order-write.server";
import { insertRefunds, recomputeOrderRefunds } from "./refund-write.server";

// One path for a single webhook and for a page of the full-history import: every step is a
// statement over the whole batch, so the cost per order falls with the batch size.

/** A refund arrived before its order: retrying later (or the reconciliation) brings the order. */
export class OrderNotSyncedError extends Error {
  override name = "OrderNotSyncedError";
  constructor(orderPlatformId: string) {
    super(`Order ${orderPlatformId} is not in the store yet`);
  }
}

// Bounds the size of one statement; any batch size works.
const ORDERS_PER_ROUND = 1000;

interface StoredOrder {
  id: string;
  platformId: string;
  customerId: string | null;
  name: string | null;
  sourceUpdatedAt: Date;
  financialStatus: string | null;
  cancelledAt: Date | null;
}

async function findOrders(tx: Tx, shopId: string, platformIds: readonly string[]) {
  if (platformIds.length === 0) return new Map<PlatformId, StoredOrder>();
  const rows = await tx.$queryRaw<StoredOrder[]>`
    SELECT id, "platformId", "customerId", name, "sourceUpdatedAt", "financialStatus", "cancelledAt" FROM "Order"
    WHERE "shopId" = ${shopId}::uuid AND "platformId" = ANY(${[...platformIds]}::text[])`;
  return new Map(rows.map((row) => [row.platformId, row]));
}

export interface OrderWriteOptions {
  /**
   * "defer" leaves the customers' lifetime figures to the caller, which recomputes them once when
   * it is done: a bulk load would otherwise recompute a customer with every batch that holds one
   * of its orders (and rewrite its row each time).
   */
  lifetimeStats?: "recompute" | "defer";
  /**
   * The full-history import: a new order's facts are one order.placed stating where it stands
   * (~/core/facts/order-facts), and the outbox marks them as history.
   */
  history?: boolean;
}

export interface UpsertOrdersResult {
  /** Platform ids of the orders written (new, or newer than the stored version). */
  applied: PlatformId[];
  /** Store id per platform id, for every order of the batch. */
  orderIds: Map<PlatformId, string>;
  /** Platform ids of the refunds in the written orders: each is stored now (new or as it was). */
  refundsStored: PlatformId[];
  /** What the written orders changed (~/core/facts). */
  facts: DomainFact[];
}

/**
 * Applies order versions: an order is written only when its version is strictly newer than the
 * stored one (of repeats within the batch, the newest counts). Buyers are resolved or made,
 * line items and codes replaced, refunds added once, refunded totals and the customers' lifetime
 * figures recomputed, and the timeline extended.
 */
export async function upsertOrders(
  tx: Tx,
  shopId: string,
  orders: readonly OrderSnapshot[],
  options: OrderWriteOptions = {},
): Promise<UpsertOrdersResult> {
  const result: UpsertOrdersResult = { applied: [], orderIds: new Map(), refundsStored: [], facts: [] };
  const newest = newestPerKey(orders, (order) => order.platformId, (order) => order.updatedAt);
  for (const round of chunk(newest, ORDERS_PER_ROUND)) {
    const stored = await findOrders(tx, shopId, round.map((order) => order.platformId));
    for (const row of stored.values()) result.orderIds.set(row.platformId, row.id);
    // Checked before buyers are resolved, so that a stale version makes no customer rows.
    const fresh = round.filter((order) => isNewerThanStored(order.updatedAt, stored.get(order.platformId) ?? null));
    if (fresh.length === 0) continue;

    const customerIds = await resolveOrderCustomers(tx, shopId, fresh);
    const withCustomers = fresh.map((order, i) => ({ order, customerId: customerIds[i]! }));
    const written = new Map((await writeOrders(tx, shopId, withCustomers)).map((row) => [row.platformId, row]));
    const applied = withCustomers.flatMap((item) => {
      const row = written.get(item.order.platformId);
      return row === undefined ? [] : [{ id: row.id, inserted: row.inserted, ...item }];
    });
    for (const { id, order } of applied) {
      result.orderIds.set(order.platformId, id);
      result.applied.push(order.platformId);
      for (const refund of order.refunds) result.refundsStored.push(refund.platformId);
    }

    await replaceOrderItems(tx, shopId, applied);
    const refunded = await insertRefunds(
      tx,
      shopId,
      applied.flatMap(({ id, order }) => order.refunds.map((refund) => ({ orderId: id, refund }))),
    );
    await recomputeOrderRefunds(tx, shopId, refunded.map((refund) => refund.orderId));
    const newRefunds = new Map(refunded.map((refund) => [refund.platformId, refund.id]));
    for (const { id, inserted, order, customerId } of applied) {
      const before = inserted ? null : (stored.get(order.platformId) ?? { financialStatus: null, cancelledAt: null });
      result.facts.push(...orderWriteFacts({ orderId: id, order, customerId, before, newRefunds }, { history: options.history ?? false }));
    }
    if (options.lifetimeStats !== "defer") {
      // The customer an order leaves loses it from its figures as well.
      await recomputeLifetimeStats(
        tx,
        shopId,
        distinct(applied.flatMap(({ order, customerId }) => [customerId, stored.get(order.platformId)?.customerId])),
      );
    }
    await recordTimelineEvents(
      tx,
      applied.flatMap(({ order, customerId }) => (customerId ? orderTimeline(shopId, customerId, order) : [])),
    );
  }
  return result;
}

/** One order: the batch path with a batch of one. */
export async function upsertOrder(
  tx: Tx,
  shopId: string,
  order: OrderSnapshot,
): Promise<{ orderId: string; applied: boolean }> {
  const { applied, orderIds } = await upsertOrders(tx, shopId, [order]);
  return { orderId: orderIds.get(order.platformId)!, applied: applied.length > 0 };
}

/**
 * Adds refunds that arrived on their own. Throws OrderNotSyncedError, writing nothing, when an
 * order of the batch is not in the store yet, so that the delivery is retried.
 */
export async function applyRefunds(
  tx: Tx,
  shopId: string,
  refunds: readonly RefundSnapshot[],
  options: OrderWriteOptions = {},
): Promise<{ applied: PlatformId[]; facts: DomainFact[] }> {
  const orders = await findOrders(tx, shopId, distinct(refunds.map((refund) => refund.orderPlatformId)));
  const missing = refunds.find((refund) => !orders.has(refund.orderPlatformId));
  if (missing) throw new OrderNotSyncedError(missing.orderPlatformId);

  const inserted = await insertRefunds(
    tx,
    shopId,
    refunds.map((refund) => ({ orderId: orders.get(refund.orderPlatformId)!.id, refund })),
  );
  if (inserted.length === 0) return { applied: [], facts: [] };
  const insertedIds = new Set(inserted.map((refund) => refund.platformId));
  const newRefunds = firstPerKey(refunds, (refund) => refund.platformId).filter((refund) =>
    insertedIds.has(refund.platformId),
  );
  const ordersOf = newRefunds.map((refund) => orders.get(refund.orderPlatformId)!);

  await recomputeOrderRefunds(tx, shopId, ordersOf.map((order) => order.id));
  if (options.lifetimeStats !== "defer") {
    await recomputeLifetimeStats(tx, shopId, distinct(ordersOf.map((order) => order.customerId)));
  }
  await recordTimelineEvents(
    tx,
    newRefunds.flatMap((refund, i) => {
      const order = ordersOf[i]!;
      return order.customerId ? [refundTimelineEntry(shopId, order.customerId, order.name, refund)] : [];
    }),
  );
  const newIds = new Map(inserted.map((refund) => [refund.platformId, refund.id]));
  const facts = await standaloneRefundFacts(
    tx,
    shopId,
    newRefunds.map((refund, i) => ({ id: newIds.get(refund.platformId)!, orderId: ordersOf[i]!.id, refund })),
  );
  return { applied: newRefunds.map((refund) => refund.platformId), facts };
}

/** refund.applied for refunds that came on their own, read against what their orders hold. */
async function standaloneRefundFacts(
  tx: Tx,
  shopId: string,
  refunds: ReadonlyArray<{ id: string; orderId: string; refund: RefundSnapshot }>,
): Promise<DomainFact[]> {
  const orderIds = distinct(refunds.map((refund) => refund.orderId));
  const newIds = refunds.map((refund) => refund.id);
  const orders = await tx.$queryRaw<
    Array<{ id: string; platformId: string; customerId: string | null; customerPlatformId: string | null; currency: string;
      subtotalMinor: bigint; totalMinor: bigint; test: boolean; cancelled: boolean }>
  >`
    SELECT o.id::text AS id, o."platformId", o."customerId"::text AS "customerId", c."platformId" AS "customerPlatformId",
           o.currency, o."subtotalMinor", o."totalMinor", o.test, o."cancelledAt" IS NOT NULL AS cancelled
    FROM "Order" AS o LEFT JOIN "Customer" AS c ON c.id = o."customerId"
    WHERE o."shopId" = ${shopId}::uuid AND o.id = ANY(${orderIds}::uuid[])`;
  // What the orders' other refunds returned.
  const others = await tx.$queryRaw<Array<{ orderId: string; refundedMinor: bigint; refundedMerchandiseMinor: bigint }>>`
    SELECT r."orderId"::text AS "orderId", sum(r."amountMinor")::bigint AS "refundedMinor",
           coalesce(sum(l.merchandise), 0)::bigint AS "refundedMerchandiseMinor"
    FROM "Refund" AS r
    LEFT JOIN LATERAL (SELECT sum("subtotalMinor") AS merchandise FROM "RefundLineItem" WHERE "refundId" = r.id) AS l ON true
    WHERE r."shopId" = ${shopId}::uuid AND r."orderId" = ANY(${orderIds}::uuid[]) AND NOT (r.id = ANY(${newIds}::uuid[]))
    GROUP BY r."orderId"`;
  const lines = await tx.$queryRaw<Array<{ orderId: string; platformId: string; productId: string | null; variantId: string | null }>>`
    SELECT "orderId"::text AS "orderId", "platformId", "productPlatformId" AS "productId", "variantPlatformId" AS "variantId"
    FROM "OrderLineItem" WHERE "shopId" = ${shopId}::uuid AND "orderId" = ANY(${orderIds}::uuid[])`;
  const base = new Map<string, RefundTotals>(others.map(({ orderId, ...totals }) => [orderId, totals]));
  const ordersById = new Map(orders.map((order) => [order.id, order]));
  const linesByOrder = new Map(groupBy(lines, (line) => line.orderId).map((group) => [group[0]!.orderId, group]));
  const facts: DomainFact[] = [];
  // Orders in the order their refunds came.
  for (const orderRefunds of groupBy(refunds, (refund) => refund.orderId)) {
    const order = ordersById.get(orderRefunds[0]!.orderId);
    if (!order) continue;
    facts.push(
      ...refundFacts(
        {
          order: { id: order.id, platformId: order.platformId },
          customer: order.customerId ? { id: order.customerId, platformId: order.customerPlatformId } : null,
          currency: order.currency,
          subtotalMinor: order.subtotalMinor,
          totalMinor: order.totalMinor,
          test: order.test,
          cancelled: order.cancelled,
          lines: new Map(
            (linesByOrder.get(order.id) ?? []).map((line) => [line.platformId, { productId: line.productId, variantId: line.variantId }]),
          ),
        },
        base.get(order.id) ?? { refundedMinor: 0n, refundedMerchandiseMinor: 0n },
        orderRefunds,
      ).facts,
    );
  }
  return facts;
}
