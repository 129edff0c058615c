import type { Tx } from "~/db/prisma.server";
import { isPaidStatus } from "~/core/facts/eligible-amount";
import { contributionOf, orderChange, type Contribution } from "./co-occurrence";
import { rebaseShift } from "./decay";
import type { RecommendationProgramRow } from "./program.server";

// One order's change applied to the stored figures: its contribution now (from the store) against
// the one last applied (RecommendationOrder), netted by the engine's orderChange and written
// set-based — one statement per table, whatever the order's size.

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
    SELECT l."orderId"::text AS "orderId", l."productPlatformId" AS "productId",
      (l.quantity - coalesce((
        SELECT sum(rl.quantity) FROM "RefundLineItem" rl JOIN "Refund" r ON r.id = rl."refundId"
        WHERE r."orderId" = l."orderId" AND rl."lineItemPlatformId" = l."platformId"), 0))::int AS remaining
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

/** The contribution last applied for the order; null when none is. */
export async function appliedContribution(tx: Tx, shopId: string, orderId: string): Promise<Contribution | null> {
  const row = await tx.recommendationOrder.findFirst({ where: { orderId, shopId }, select: { products: true, placedAt: true } });
  return row ? { products: row.products, at: row.placedAt.getTime() } : null;
}

function sameContribution(a: Contribution | null, b: Contribution | null): boolean {
  if (a === null || b === null) return a === b;
  return a.at === b.at && a.products.length === b.products.length && a.products.every((product, i) => product === b.products[i]);
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

/**
 * Brings the stored figures in line with the order as the store has it now. Returns the program
 * after the change and the products whose lists it may have changed (both contributions' products).
 */
export async function applyStoredOrder(
  tx: Tx,
  locked: RecommendationProgramRow,
  orderId: string,
): Promise<{ program: RecommendationProgramRow; touched: readonly string[] }> {
  const { shopId } = locked;
  const previous = await appliedContribution(tx, shopId, orderId);
  const current = (await storedContributions(tx, shopId, [orderId])).get(orderId) ?? null;
  if (sameContribution(previous, current)) return { program: locked, touched: [] };
  const program = current ? await rebaseStored(tx, locked, rebaseShift(current.at, locked.referenceAt.getTime(), locked.halfLifeMs)) : locked;
  const change = orderChange(previous, current, program.referenceAt.getTime(), program.halfLifeMs);

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
  const totalOrders = program.totalOrders + change.totalCount;
  const totalWeight = totalOrders === 0 ? 0 : program.totalWeight + change.totalWeight;
  await tx.recommendationProgram.update({ where: { id: program.id }, data: { totalOrders, totalWeight } });

  if (current) {
    const row = { products: [...current.products], placedAt: new Date(current.at) };
    await tx.recommendationOrder.upsert({ where: { orderId }, create: { orderId, shopId, ...row }, update: row });
  } else {
    await tx.recommendationOrder.deleteMany({ where: { orderId, shopId } });
  }
  return { program: { ...program, totalOrders, totalWeight }, touched: change.products };
}
