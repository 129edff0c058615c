import { Prisma } from "~/db/generated/client";
import { refundedQuantity } from "~/core/orders/refunded-quantity.sql";
import type { Db } from "~/db/prisma.server";
import { addToCartRate, dayRange, summarizeAttribution, type AttributedLine } from "./attribution";
import type { Money } from "./storefront-lists";

// The cross-sell blocks' figures over a period [from, to): impressions and add-to-carts from the
// blocks' daily counters (RecommendationDailyStat), attributed orders and revenue from the orders'
// lines added from a block (./attribution.ts). For the whole shop or for one product's block, and
// per recommended product within it. Plain JSON for the loaders.

export interface StatisticsPeriod {
  readonly from: Date;
  readonly to: Date;
}

export interface RecommendationStatistics {
  readonly impressions: number;
  readonly addToCarts: number;
  /** Add-to-carts per impression; null when nothing was shown. */
  readonly addToCartRate: number | null;
  readonly attributedOrders: number;
  readonly attributedRevenue: readonly Money[];
}

interface CounterRow {
  target: string;
  impressions: number;
  addToCarts: number;
}

async function counters(db: Db, shopId: string, period: StatisticsPeriod, productId: string | null): Promise<CounterRow[]> {
  const { firstDay, endDay } = dayRange(period);
  const product = productId === null ? Prisma.empty : Prisma.sql`AND "productId" = ${productId}`;
  const target = productId === null ? Prisma.sql`''` : Prisma.sql`"targetProductId"`;
  return db.$queryRaw<CounterRow[]>`
    SELECT ${target} AS target, coalesce(sum(impressions), 0)::int AS impressions, coalesce(sum("addToCarts"), 0)::int AS "addToCarts"
    FROM "RecommendationDailyStat"
    WHERE "shopId" = ${shopId}::uuid AND day >= ${firstDay}::date AND day < ${endDay}::date ${product}
    GROUP BY 1`;
}

/** The lines added from a block in orders placed in the period, each with its refunded quantity. */
function attributedLines(db: Db, shopId: string, period: StatisticsPeriod, productId: string | null): Promise<AttributedLine[]> {
  const product = productId === null ? Prisma.empty : Prisma.sql`AND l."recommendedFrom" = ${productId}`;
  return db.$queryRaw<AttributedLine[]>`
    SELECT o.id::text AS "orderId", o."financialStatus", o."cancelledAt" IS NOT NULL AS cancelled, o.test,
      l."recommendedFrom", l."productPlatformId" AS "productId", l.quantity, l."unitPriceMinor", l."totalDiscountMinor", l.currency,
      ${refundedQuantity("l")}::int AS "refundedQuantity"
    FROM "Order" o JOIN "OrderLineItem" l ON l."orderId" = o.id AND l."shopId" = o."shopId"
    WHERE o."shopId" = ${shopId}::uuid AND o."processedAt" >= ${period.from} AND o."processedAt" < ${period.to}
      AND l."recommendedFrom" IS NOT NULL ${product}`;
}

function statistics(counter: Pick<CounterRow, "impressions" | "addToCarts"> | undefined, lines: readonly AttributedLine[]): RecommendationStatistics {
  const impressions = counter?.impressions ?? 0;
  const addToCarts = counter?.addToCarts ?? 0;
  const attribution = summarizeAttribution(lines);
  return { impressions, addToCarts, addToCartRate: addToCartRate(impressions, addToCarts), attributedOrders: attribution.orders, attributedRevenue: attribution.revenue };
}

/** The figures of every block of the shop, or of one product's block. */
export async function recommendationStatistics(db: Db, shopId: string, period: StatisticsPeriod, productId: string | null = null): Promise<RecommendationStatistics> {
  const [rows, lines] = await Promise.all([counters(db, shopId, period, productId), attributedLines(db, shopId, period, productId)]);
  const total = rows.reduce((sum, row) => ({ impressions: sum.impressions + row.impressions, addToCarts: sum.addToCarts + row.addToCarts }), {
    impressions: 0,
    addToCarts: 0,
  });
  return statistics(total, lines);
}

/** One product's block, per recommended product (platform id): those it was shown or added from. */
export async function statisticsByTarget(db: Db, shopId: string, period: StatisticsPeriod, productId: string): Promise<Map<string, RecommendationStatistics>> {
  const [rows, lines] = await Promise.all([counters(db, shopId, period, productId), attributedLines(db, shopId, period, productId)]);
  const countersOf = new Map(rows.map((row) => [row.target, row] as const));
  const linesOf = new Map<string, AttributedLine[]>();
  for (const line of lines) {
    if (line.productId === null) continue;
    const list = linesOf.get(line.productId) ?? [];
    list.push(line);
    linesOf.set(line.productId, list);
  }
  const targets = new Set([...countersOf.keys(), ...linesOf.keys()]);
  return new Map([...targets].map((target) => [target, statistics(countersOf.get(target), linesOf.get(target) ?? [])] as const));
}
