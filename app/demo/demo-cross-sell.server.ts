import { recordBlockEvents, type BlockEvent } from "~/core/recommendations/block-events.server";
import { refreshLists } from "~/core/recommendations/lists-refresh.job.server";
import { excludeProduct, pinProduct } from "~/core/recommendations/rules.server";
import type { Runtime } from "~/runtime.server";
import { CROSS_SELL_BLOCK_DAYS } from "./cross-sell-plan";
import { Random } from "./random";

// The demo shop's cross-sell block after the history is processed: what it showed and what was
// added from it since it went live (./cross-sell-plan.ts), as the daily counters the storefront
// reports, and a merchant's two rules on the best-selling product. The lines it added are in the
// history's orders already (their line item property), so the attributed orders and revenue are
// the store's own figures; the counters here agree with them: every attributed line was an
// add-to-cart from a block that was seen, and more were added than bought.

const DAY_MS = 86_400_000;
/** Product page views per order of the product: most visitors look and leave (an add-to-cart rate of 2–3 %, as such blocks see). */
const VIEWS_PER_ORDER: readonly [number, number] = [3, 8];
/** Visitors who added a recommendation and did not buy it, per order. */
const ABANDONED_ADD = 0.35;

export interface WindowLine {
  orderId: string;
  processedAt: Date;
  productId: string | null;
  recommendedFrom: string | null;
}

export interface DemoCrossSellSummary {
  days: number;
  attributedLines: number;
  rules: number;
}

/** The block's events per UTC day, from the window's orders and the lists the block shows. */
export function demoBlockEvents(lines: readonly WindowLine[], shown: ReadonlyMap<string, readonly string[]>): Map<string, BlockEvent[]> {
  const rng = new Random(0x0c5e11).fork("cross-sell-counters");
  const byOrder = new Map<string, WindowLine[]>();
  for (const line of lines) byOrder.set(line.orderId, [...(byOrder.get(line.orderId) ?? []), line]);
  const days = new Map<string, BlockEvent[]>();
  for (const orderLines of byOrder.values()) {
    const [first] = orderLines;
    if (!first?.productId) continue;
    const source = first.productId;
    const added = orderLines.filter((line) => line.recommendedFrom === source && line.productId !== null).map((line) => line.productId as string);
    const targets = [...new Set([...added, ...(shown.get(source) ?? [])])].filter((target) => target !== source).slice(0, 4);
    if (targets.length === 0) continue;
    const day = first.processedAt.toISOString().slice(0, 10);
    const events = days.get(day) ?? [];
    const views = rng.int(VIEWS_PER_ORDER[0], VIEWS_PER_ORDER[1]);
    for (const targetProductId of targets) {
      for (let view = 0; view < views; view += 1) events.push({ type: "impression", productId: source, targetProductId });
    }
    for (const targetProductId of added) events.push({ type: "add_to_cart", productId: source, targetProductId });
    if (rng.chance(ABANDONED_ADD)) events.push({ type: "add_to_cart", productId: source, targetProductId: rng.pick(targets) });
    days.set(day, events);
  }
  return days;
}

/** Pins a bestseller the engine does not pair with the shop's top product, and excludes its weakest pair. */
async function demoRules(runtime: Runtime, shopId: string, shown: ReadonlyMap<string, readonly string[]>): Promise<number> {
  const { db } = runtime;
  const bestsellers = await db.recommendationProduct.findMany({ where: { shopId }, orderBy: [{ orders: "desc" }, { productId: "asc" }], take: 20, select: { productId: true } });
  const top = bestsellers.find((row) => (shown.get(row.productId)?.length ?? 0) >= 2);
  if (!top) return 0;
  const list = shown.get(top.productId) ?? [];
  const pin = bestsellers.find((row) => row.productId !== top.productId && !list.includes(row.productId));
  if (pin) await pinProduct(db, shopId, top.productId, pin.productId, 0);
  await excludeProduct(db, shopId, top.productId, list[list.length - 1] as string);
  return pin ? 2 : 1;
}

/**
 * Plays the block's past once (a later start finds its counters and does nothing): the counters
 * from the orders since it went live, and the rules.
 */
export async function playDemoCrossSell(runtime: Runtime, shopId: string, end: Date): Promise<DemoCrossSellSummary> {
  const { db } = runtime;
  const played = (await db.recommendationDailyStat.count({ where: { shopId } })) > 0;
  if (played) return { days: 0, attributedLines: 0, rules: 0 };
  // The lists as they stand after the whole history (the hourly refresh would come later).
  await db.$transaction((tx) => refreshLists(tx, shopId, end), { timeout: 120_000 });
  const lists = await db.recommendationList.findMany({ where: { shopId }, select: { productId: true, pairs: true } });
  const shown = new Map(lists.map((row) => [row.productId, (row.pairs as { productId: string }[]).map((pair) => pair.productId)] as const));
  const rules = await demoRules(runtime, shopId, shown);

  const since = new Date(end.getTime() - CROSS_SELL_BLOCK_DAYS * DAY_MS);
  const lines = await db.$queryRaw<WindowLine[]>`
    SELECT o.id::text AS "orderId", o."processedAt", l."productPlatformId" AS "productId", l."recommendedFrom"
    FROM "Order" o JOIN "OrderLineItem" l ON l."orderId" = o.id
    WHERE o."shopId" = ${shopId}::uuid AND o."processedAt" >= ${since} AND o."processedAt" < ${end}
    ORDER BY o."processedAt", o.id, l."platformId"::numeric`;
  const days = demoBlockEvents(lines, shown);
  for (const [day, events] of days) await recordBlockEvents(db, shopId, events, new Date(`${day}T12:00:00Z`));
  return { days: days.size, attributedLines: lines.filter((line) => line.recommendedFrom !== null).length, rules };
}
