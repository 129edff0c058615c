import type { Db, Tx } from "~/db/prisma.server";

// What the storefront blocks report: a product shown in another's block (impression) or added to
// the cart from it, counted per UTC day in RecommendationDailyStat. Counts only for products the
// shop has: the endpoint is open to any visitor of the shop, and made-up ids would only add rows.

export type BlockEventType = "impression" | "add_to_cart";

export interface BlockEvent {
  readonly type: BlockEventType;
  /** The product whose block showed it (platform id). */
  readonly productId: string;
  /** The recommended product (platform id). */
  readonly targetProductId: string;
}

interface DayCounts {
  productId: string;
  targetProductId: string;
  impressions: number;
  addToCarts: number;
}

/** The events summed per pair of products (the statement below may touch each row once). */
export function countBlockEvents(events: readonly BlockEvent[]): DayCounts[] {
  const counts = new Map<string, DayCounts>();
  for (const event of events) {
    const key = JSON.stringify([event.productId, event.targetProductId]);
    const entry = counts.get(key) ?? { productId: event.productId, targetProductId: event.targetProductId, impressions: 0, addToCarts: 0 };
    if (event.type === "impression") entry.impressions += 1;
    else entry.addToCarts += 1;
    counts.set(key, entry);
  }
  return [...counts.values()];
}

/** Adds the events to the day's counters of `now`'s UTC day; returns how many pairs of products were counted. */
export async function recordBlockEvents(db: Db | Tx, shopId: string, events: readonly BlockEvent[], now: Date): Promise<number> {
  const counts = countBlockEvents(events);
  if (counts.length === 0) return 0;
  const day = now.toISOString().slice(0, 10);
  return db.$executeRaw`
    INSERT INTO "RecommendationDailyStat" ("shopId", day, "productId", "targetProductId", impressions, "addToCarts")
    SELECT ${shopId}::uuid, ${day}::date, e.product, e.target, e.impressions, e.adds
    FROM unnest(${counts.map((c) => c.productId)}::text[], ${counts.map((c) => c.targetProductId)}::text[],
      ${counts.map((c) => c.impressions)}::int[], ${counts.map((c) => c.addToCarts)}::int[]) AS e(product, target, impressions, adds)
    WHERE e.product <> e.target
      AND EXISTS (SELECT 1 FROM "Product" p WHERE p."shopId" = ${shopId}::uuid AND p."platformId" = e.product)
      AND EXISTS (SELECT 1 FROM "Product" p WHERE p."shopId" = ${shopId}::uuid AND p."platformId" = e.target)
    ON CONFLICT ("shopId", day, "productId", "targetProductId") DO UPDATE
      SET impressions = "RecommendationDailyStat".impressions + EXCLUDED.impressions,
        "addToCarts" = "RecommendationDailyStat"."addToCarts" + EXCLUDED."addToCarts"`;
}
