import { recomputeLifetimeStats } from "~/core/customers/lifetime-stats.server";
import { resolveOrderCustomers } from "~/core/customers/order-buyers.server";
import type { OrderSnapshot, PlatformId, RefundSnapshot } from "~/core/platform";
import { chunk, distinct, firstPerKey, newestPerKey } from "~/core/sync/batch";
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
}

async function findOrders(tx: Tx, shopId: string, platformIds: readonly string[]) {
  if (platformIds.length === 0) return new Map<PlatformId, StoredOrder>();
  const rows = await tx.$queryRaw<StoredOrder[]>`
    SELECT id, "platformId", "customerId", name, "sourceUpdatedAt" FROM "Order"
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
}

export interface UpsertOrdersResult {
  /** Platform ids of the orders written (new, or newer than the stored version). */
  applied: PlatformId[];
  /** Store id per platform id, for every order of the batch. */
  orderIds: Map<PlatformId, string>;
  /** Platform ids of the refunds in the written orders: each is stored now (new or as it was). */
  refundsStored: PlatformId[];
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
  const result: UpsertOrdersResult = { applied: [], orderIds: new Map(), refundsStored: [] };
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
): Promise<{ applied: PlatformId[] }> {
  const orders = await findOrders(tx, shopId, distinct(refunds.map((refund) => refund.orderPlatformId)));
  const missing = refunds.find((refund) => !orders.has(refund.orderPlatformId));
  if (missing) throw new OrderNotSyncedError(missing.orderPlatformId);

  const inserted = await insertRefunds(
    tx,
    shopId,
    refunds.map((refund) => ({ orderId: orders.get(refund.orderPlatformId)!.id, refund })),
  );
  if (inserted.length === 0) return { applied: [] };
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
  return { applied: newRefunds.map((refund) => refund.platformId) };
}
