import type { Db, Tx } from "~/db/prisma.server";
import { byOrderWeight, type WeightedProduct } from "./bestsellers";

// The fallbacks' bestsellers for the storefront block: the shop's and each collection's products by
// decayed order weight (./bestsellers.ts), read in one statement. Ranking them reads every product
// of the shop, too much for every product page view; the app-proxy route keeps them a minute per
// shop (cachedBestsellers): weights move with orders over a half-life of days, and whether a
// product can be bought is checked on every read anyway.

/** Products kept per list: enough for the largest k with the read-time filters (sold out, the shopper's own, exclusions). */
export const BESTSELLERS_KEPT = 100;

export interface ShopBestsellers {
  readonly shop: readonly WeightedProduct[];
  readonly byCollection: ReadonlyMap<string, readonly WeightedProduct[]>;
}

export type BestsellerLookup = (db: Db | Tx, shopId: string) => Promise<ShopBestsellers>;

interface BestsellerRow {
  collectionId: string | null;
  productId: string;
  weight: number;
}

/** The shop's bestsellers, read now. Products deleted from the catalogue are left out; availability is the reader's check. */
export const loadBestsellers: BestsellerLookup = async (db, shopId) => {
  const rows = await db.$queryRaw<BestsellerRow[]>`
    (SELECT NULL::text AS "collectionId", "productId", weight FROM "RecommendationProduct"
      WHERE "shopId" = ${shopId}::uuid ORDER BY weight DESC, "productId" LIMIT ${BESTSELLERS_KEPT})
    UNION ALL
    SELECT "collectionId", "productId", weight FROM (
      SELECT c AS "collectionId", r."productId", r.weight,
        row_number() OVER (PARTITION BY c ORDER BY r.weight DESC, r."productId") AS rank
      FROM "RecommendationProduct" r
      JOIN "Product" p ON p."shopId" = r."shopId" AND p."platformId" = r."productId" AND p."deletedAt" IS NULL
      CROSS JOIN LATERAL unnest(p."collectionIds") AS c
      WHERE r."shopId" = ${shopId}::uuid
    ) ranked WHERE rank <= ${BESTSELLERS_KEPT}`;
  const shop: WeightedProduct[] = [];
  const byCollection = new Map<string, WeightedProduct[]>();
  for (const row of rows) {
    const entry = { productId: row.productId, weight: row.weight };
    if (row.collectionId === null) shop.push(entry);
    else byCollection.set(row.collectionId, [...(byCollection.get(row.collectionId) ?? []), entry]);
  }
  shop.sort(byOrderWeight);
  for (const list of byCollection.values()) list.sort(byOrderWeight);
  return { shop, byCollection };
};

/** Shops kept at most: past it the cache starts again (a process serves a bounded number of shops' traffic at once). */
const SHOPS_KEPT = 1_000;

/**
 * loadBestsellers, each shop's answer kept for `ttlMs`. Concurrent first requests share one read;
 * a failed read is not kept.
 */
export function cachedBestsellers(ttlMs: number, now: () => number = Date.now, load: BestsellerLookup = loadBestsellers): BestsellerLookup {
  const kept = new Map<string, { until: number; answer: Promise<ShopBestsellers> }>();
  return (db, shopId) => {
    const hit = kept.get(shopId);
    if (hit && hit.until > now()) return hit.answer;
    if (kept.size >= SHOPS_KEPT) kept.clear();
    const answer = load(db, shopId);
    kept.set(shopId, { until: now() + ttlMs, answer });
    answer.catch(() => kept.delete(shopId));
    return answer;
  };
}
