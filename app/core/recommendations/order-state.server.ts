import type { Tx } from "~/db/prisma.server";
import { isPaidStatus } from "~/core/facts/eligible-amount";
import { refundedQuantity } from "~/core/orders/refunded-quantity.sql";
import { contributionOf, mergeChanges, orderChange, type Contribution, type OrderChange } from "./co-occurrence";
import { rebaseShift } from "./decay";
import type { RecommendationProgramRow } from "./program.server";

// Orders' changes applied to the stored figures: their contributions now (from the store) against
// the ones last applied (RecommendationOrder), netted by the engine's orderChange, merged, and
// written set-based — one statement per table, whatever the number and size of the orders.

interface OrderSqlRow {
  id: string;
  processedAt: Date;
  financialStatus: string | null;
}

/**
 * What the orders contribute now, by our id: their products with quantity left after their
 * refunds, for those that are paid, not cancelled and not a test; the others (and orders the store
 * does not have) are left out: they contribute nothing.
 */
export async function storedContributions(tx: Tx, shopId: string, orderIds: readonly string[]): Promise<Map<string, Contribution>> {
  const contributions = new Map<string, Contribution>();
  if (orderIds.length === 0) return contributions;
  const orders = (
    await tx.$queryRaw<OrderSqlRow[]>`
      SELECT id::text, "processedAt", "financialStatus" FROM "Order"
      WHERE id = ANY(${[...orderIds]}::uuid[]) AND "shopId" = ${shopId}::uuid AND "cancelledAt" IS NULL AND NOT test`
  ).filter((order) => isPaidStatus(order.financialStatus?.toLowerCase()));
  if (orders.length === 0) return contributions;
  const lines = await tx.$queryRaw<{ orderId: string; productId: string | null; remaining: number }[]>`
    SELECT l."orderId"::text AS "orderId", l."productPlatformId" AS "productId", (l.quantity - ${refundedQuantity("l")})::int AS remaining
    FROM "OrderLineItem" l WHERE l."orderId" = ANY(${orders.map((order) => order.id)}::uuid[]) AND l."shopId" = ${shopId}::uuid`;
  const linesOf = new Map<string, { productId: string | null; remainingQuantity: number }[]>();
  for (const line of lines) {
    const list = linesOf.get(line.orderId) ?? [];
    list.push({ productId: line.productId, remainingQuantity: line.remaining });
    linesOf.set(line.orderId, list);
  }
  for (const order of orders) {
    const contribution = contributionOf(linesOf.get(order.id) ?? [], order.processedAt.getTime());
    if (contribution) contributions.set(order.id, contribution);
  }
  return contributions;
}

/** The contributions last applied for the orders, by our id; an order without one is not in the map. */
async function appliedContributions(tx: Tx, shopId: string, orderIds: readonly string[]): Promise<Map<string, Contribution>> {
  const rows = await tx.recommendationOrder.findMany({ where: { shopId, orderId: { in: [...orderIds] } }, select: { orderId: true, products: true, placedAt: true } });
  return new Map(rows.map((row) => [row.orderId, { products: row.products, at: row.placedAt.getTime() }] as const));
}

function sameContribution(a: Contribution | null, b: Contribution | null): boolean {
  if (a === null || b === null) return a === b;
  return a.at === b.at && a.products.length === b.products.length && a.products.every((product, i) => product === b.products[i]);
}

/** Stores the contributions as the ones applied for their orders (replacing what was stored). */
export async function recordAppliedContributions(tx: Tx, shopId: string, contributions: ReadonlyMap<string, Contribution>): Promise<void> {
  if (contributions.size === 0) return;
  const orders = [...contributions];
  await tx.$executeRaw`
    INSERT INTO "RecommendationOrder" ("orderId", "shopId", products, "placedAt")
    SELECT o.id, ${shopId}::uuid, ARRAY(SELECT jsonb_array_elements_text(o.products::jsonb)), o.at::timestamptz AT TIME ZONE 'UTC'
    FROM unnest(${orders.map(([orderId]) => orderId)}::uuid[], ${orders.map(([, c]) => JSON.stringify(c.products))}::text[],
      ${orders.map(([, c]) => new Date(c.at).toISOString())}::text[]) AS o(id, products, at)
    ON CONFLICT ("orderId") DO UPDATE SET products = EXCLUDED.products, "placedAt" = EXCLUDED."placedAt"`;
}

/**
 * Moves the reference time forward by `shift` half-lives: every stored weight times 2^−shift, one
 * statement per table (exact, a power of two). Returns the program as it now stands.
 */
export async function rebaseStored(tx: Tx, program: RecommendationProgramRow, shift: number): Promise<RecommendationProgramRow> {
  if (shift <= 0) return program;
  const factor = 2 ** -shift;
  const referenceAt = new Date(program.referenceAt.getTime() + shift * program.halfLifeMs);
  const totalWeight = program.totalWeight * factor;
  await tx.$executeRaw`UPDATE "RecommendationProduct" SET weight = weight * ${factor} WHERE "shopId" = ${program.shopId}::uuid`;
  await tx.$executeRaw`UPDATE "RecommendationPair" SET weight = weight * ${factor} WHERE "shopId" = ${program.shopId}::uuid`;
  await tx.recommendationProgram.update({ where: { id: program.id }, data: { referenceAt, totalWeight } });
  return { ...program, referenceAt, totalWeight };
}

/** Adds the change to the stored product and pair rows; rows whose order count reaches zero go. */
async function writeChange(tx: Tx, shopId: string, change: OrderChange): Promise<void> {
  const moved = change.products.map((_, i) => i).filter((i) => change.productCount[i] !== 0 || change.productWeight[i] !== 0);
  if (moved.length > 0) {
    await tx.$executeRaw`
      INSERT INTO "RecommendationProduct" ("shopId", "productId", weight, orders)
      SELECT ${shopId}::uuid, c.product, c.weight, c.orders
      FROM unnest(${moved.map((i) => change.products[i] as string)}::text[], ${moved.map((i) => change.productWeight[i] as number)}::float8[],
        ${moved.map((i) => change.productCount[i] as number)}::int[]) AS c(product, weight, orders)
      ON CONFLICT ("shopId", "productId") DO UPDATE SET
        orders = "RecommendationProduct".orders + EXCLUDED.orders,
        weight = CASE WHEN "RecommendationProduct".orders + EXCLUDED.orders = 0 THEN 0 ELSE "RecommendationProduct".weight + EXCLUDED.weight END`;
    await tx.$executeRaw`
      DELETE FROM "RecommendationProduct" WHERE "shopId" = ${shopId}::uuid AND orders <= 0
        AND "productId" = ANY(${moved.map((i) => change.products[i] as string)}::text[])`;
  }
  if (change.pairFirst.length > 0) {
    const firsts = change.pairFirst.map((i) => change.products[i] as string);
    const seconds = change.pairSecond.map((i) => change.products[i] as string);
    await tx.$executeRaw`
      INSERT INTO "RecommendationPair" ("shopId", "firstProductId", "secondProductId", weight, orders)
      SELECT ${shopId}::uuid, c.first, c.second, c.weight, c.orders
      FROM unnest(${firsts}::text[], ${seconds}::text[], ${[...change.pairWeight]}::float8[], ${[...change.pairCount]}::int[]) AS c(first, second, weight, orders)
      ON CONFLICT ("shopId", "firstProductId", "secondProductId") DO UPDATE SET
        orders = "RecommendationPair".orders + EXCLUDED.orders,
        weight = CASE WHEN "RecommendationPair".orders + EXCLUDED.orders = 0 THEN 0 ELSE "RecommendationPair".weight + EXCLUDED.weight END`;
    await tx.$executeRaw`
      DELETE FROM "RecommendationPair" AS p USING unnest(${firsts}::text[], ${seconds}::text[]) AS c(first, second)
      WHERE p."shopId" = ${shopId}::uuid AND p."firstProductId" = c.first AND p."secondProductId" = c.second AND p.orders <= 0`;
  }
}

/**
 * Brings the stored figures in line with the orders as the store has them now, in a few
 * statements whatever the number of orders: their contributions now against the ones last applied
 * (RecommendationOrder), netted by the engine's orderChange and merged. Returns the program after
 * the change and the products whose lists it may have changed (both contributions' products).
 */
export async function applyStoredOrders(
  tx: Tx,
  locked: RecommendationProgramRow,
  orderIds: readonly string[],
): Promise<{ program: RecommendationProgramRow; touched: readonly string[] }> {
  const { shopId } = locked;
  const ids = [...new Set(orderIds)];
  if (ids.length === 0) return { program: locked, touched: [] };
  const previous = await appliedContributions(tx, shopId, ids);
  const current = await storedContributions(tx, shopId, ids);
  const changed = ids.filter((orderId) => !sameContribution(previous.get(orderId) ?? null, current.get(orderId) ?? null));
  if (changed.length === 0) return { program: locked, touched: [] };

  // One rebase for the batch, far enough for its latest order: the others then fit as well.
  let shift = 0;
  for (const contribution of current.values()) shift = Math.max(shift, rebaseShift(contribution.at, locked.referenceAt.getTime(), locked.halfLifeMs));
  const program = await rebaseStored(tx, locked, shift);
  const change = mergeChanges(
    changed.map((orderId) => orderChange(previous.get(orderId) ?? null, current.get(orderId) ?? null, program.referenceAt.getTime(), program.halfLifeMs)),
  );
  await writeChange(tx, shopId, change);
  const totalOrders = program.totalOrders + change.totalCount;
  const totalWeight = totalOrders === 0 ? 0 : program.totalWeight + change.totalWeight;
  await tx.recommendationProgram.update({ where: { id: program.id }, data: { totalOrders, totalWeight } });

  await recordAppliedContributions(tx, shopId, new Map(changed.flatMap((orderId) => {
    const contribution = current.get(orderId);
    return contribution ? [[orderId, contribution] as const] : [];
  })));
  const gone = changed.filter((orderId) => !current.has(orderId));
  if (gone.length > 0) await tx.recommendationOrder.deleteMany({ where: { shopId, orderId: { in: gone } } });
  return { program: { ...program, totalOrders, totalWeight }, touched: change.products };
}
