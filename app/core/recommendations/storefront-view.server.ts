import type { Db, Tx } from "~/db/prisma.server";
import { LIST_MARGIN } from "./lists.server";
import type { ScoredPair } from "./pair-scores";
import { parseSettings } from "./program.server";
import type { RecommendationSource } from "./recommend";
import { DEFAULT_RECOMMENDATION_SETTINGS } from "./settings";
import { loadBestsellers, type BestsellerLookup } from "./storefront-bestsellers.server";
import { bundleTotal, collectionBestsellers, storefrontList, type Money } from "./storefront-lists";

// What the storefront's "frequently bought together" block shows (the app-proxy JSON of
// /recommendations, and the admin's preview): read on every product page view, so it takes two
// statements whatever the shop's size — the shop's settings, stored lists, rules and the
// collections of the shopper's products; then the candidates' details — plus the bestsellers,
// which the app-proxy route keeps a minute per shop (./storefront-bestsellers.server.ts), and
// composes them with the pure rules (./recommend.ts, ./storefront-lists.ts).
//
// A product is offered only when it can be put in the cart: not deleted, active, and with an
// available variant (the first available one by platform id, i.e. the earliest created, is the
// one added). That is stricter than ./lists.server.ts unavailableProducts, which keeps products it
// does not know: the block needs a variant, a title and a price to show one.

export interface StorefrontItem {
  /** The product's platform id. */
  readonly productId: string;
  /** The platform id of the variant the block adds. */
  readonly variantId: string;
  readonly title: string;
  readonly handle: string | null;
  readonly imageUrl: string | null;
  readonly price: Money;
  readonly source: RecommendationSource;
  /** The shopper's product whose list brought it in: the cart line's `_crm_rec` property, the statistics' product. */
  readonly recommendedFrom: string;
}

export interface StorefrontRecommendations {
  readonly items: StorefrontItem[];
  /** All items together; null without items (or with prices in different currencies). */
  readonly total: Money | null;
}

export interface StorefrontRequest {
  /** The product page's product, or the cart's products (platform ids). */
  readonly productIds: readonly string[];
  /** Our id of the signed-in shopper; null for a guest. */
  readonly customerId: string | null;
}

interface ShopListsRow {
  settings: unknown;
  lists: Record<string, unknown>;
  rules: { productId: string; targetProductId: string; kind: string }[];
  collections: string[];
}

interface CandidateRow {
  productId: string;
  variantId: string;
  title: string;
  handle: string | null;
  imageUrl: string | null;
  priceMinor: bigint;
  currency: string;
  bought: boolean;
}

/**
 * The block's items for the shopper's products, at most the shop's k. `bestsellers` reads the
 * fallbacks' rankings (the route passes a cached one; by default they are read now).
 */
export async function recommendationsFor(
  db: Db | Tx,
  shopId: string,
  request: StorefrontRequest,
  bestsellers: BestsellerLookup = loadBestsellers,
): Promise<StorefrontRecommendations> {
  const productIds = [...new Set(request.productIds)];
  if (productIds.length === 0) return { items: [], total: null };
  // One after the other: `db` may be a transaction, whose one connection takes one query at a time.
  const [shop] = await shopLists(db, shopId, productIds);
  const ranked = await bestsellers(db, shopId);
  const settings = shop?.settings == null ? DEFAULT_RECOMMENDATION_SETTINGS : parseSettings(shop.settings);
  const lists = new Map(productIds.map((productId) => [productId, storedPairs(shop?.lists[productId])] as const));
  const rules = shop?.rules ?? [];
  const rulesOf = (productId: string, kind: "pin" | "exclude") =>
    rules.filter((rule) => rule.productId === productId && rule.kind === kind).map((rule) => rule.targetProductId);
  // The fallbacks' filters (the shopper's own products, exclusions, already bought, sold out) leave fewer.
  const depth = 4 * (settings.k + LIST_MARGIN + productIds.length);
  const fromCollections = collectionBestsellers(ranked.byCollection, shop?.collections ?? [], depth);
  const fromShop = ranked.shop.slice(0, depth).map((entry) => entry.productId);

  const named = [...rules.map((rule) => rule.targetProductId), ...[...lists.values()].flat().map((pair) => pair.productId)];
  const candidates = await candidateRows(db, shopId, {
    productIds: [...new Set([...named, ...fromCollections, ...fromShop])],
    customerId: settings.excludeAlreadyBought ? request.customerId : null,
  });
  const byId = new Map(candidates.map((row) => [row.productId, row] as const));

  const chosen = storefrontList(
    {
      productIds,
      pinsOf: (productId) => rulesOf(productId, "pin"),
      pairsOf: (productId) => lists.get(productId) ?? [],
      exclusionsOf: (productId) => rulesOf(productId, "exclude"),
      collectionBestsellers: fromCollections,
      shopBestsellers: fromShop,
      isAvailable: (productId) => byId.has(productId),
      alreadyBought: request.customerId === null ? null : new Set(candidates.filter((row) => row.bought).map((row) => row.productId)),
    },
    settings,
  );
  const items = chosen.map(({ productId, source, recommendedFrom }): StorefrontItem => {
    const row = byId.get(productId)!;
    return {
      productId,
      variantId: row.variantId,
      title: row.title,
      handle: row.handle,
      imageUrl: row.imageUrl,
      price: { amountMinor: Number(row.priceMinor), currency: row.currency },
      source,
      recommendedFrom,
    };
  });
  return { items, total: bundleTotal(items.map((item) => item.price)) };
}

/** The shop's settings, the stored lists and rules of the shopper's products, and the collections they are in. */
function shopLists(db: Db | Tx, shopId: string, productIds: readonly string[]) {
  return db.$queryRaw<ShopListsRow[]>`
    SELECT
      (SELECT settings FROM "RecommendationProgram" WHERE "shopId" = ${shopId}::uuid) AS settings,
      coalesce((SELECT jsonb_object_agg("productId", pairs) FROM "RecommendationList"
        WHERE "shopId" = ${shopId}::uuid AND "productId" = ANY(${productIds}::text[])), '{}'::jsonb) AS lists,
      coalesce((SELECT jsonb_agg(jsonb_build_object('productId', "productId", 'targetProductId', "targetProductId", 'kind', kind)
          ORDER BY position, "createdAt", "targetProductId")
        FROM "RecommendationRule" WHERE "shopId" = ${shopId}::uuid AND "productId" = ANY(${productIds}::text[])), '[]'::jsonb) AS rules,
      coalesce((SELECT array_agg(DISTINCT c) FROM "Product" p CROSS JOIN LATERAL unnest(p."collectionIds") AS c
        WHERE p."shopId" = ${shopId}::uuid AND p."platformId" = ANY(${productIds}::text[])), '{}') AS collections`;
}

/** A stored list as ./lists.server.ts writes it; anything else (a hand-edited row) counts as none. */
function storedPairs(json: unknown): ScoredPair[] {
  if (!Array.isArray(json)) return [];
  return json.filter((pair): pair is ScoredPair => typeof pair?.productId === "string" && typeof pair?.figures === "object" && pair.figures !== null);
}

/** The products among `productIds` that can be put in the cart, with the variant to add and whether the shopper bought them before. */
async function candidateRows(db: Db | Tx, shopId: string, query: { productIds: readonly string[]; customerId: string | null }): Promise<CandidateRow[]> {
  if (query.productIds.length === 0) return [];
  return db.$queryRaw<CandidateRow[]>`
    SELECT p."platformId" AS "productId", v."platformId" AS "variantId", p.title, p.handle, p."imageUrl", v."priceMinor", v.currency,
      (${query.customerId}::uuid IS NOT NULL AND EXISTS (
        SELECT 1 FROM "Order" o JOIN "OrderLineItem" li ON li."orderId" = o.id
        WHERE o."shopId" = ${shopId}::uuid AND o."customerId" = ${query.customerId}::uuid AND o."cancelledAt" IS NULL
          AND li."productPlatformId" = p."platformId")) AS bought
    FROM "Product" p
    JOIN LATERAL (
      SELECT "platformId", "priceMinor", currency FROM "ProductVariant" fv
      WHERE fv."productId" = p.id AND fv.available ORDER BY length(fv."platformId"), fv."platformId" LIMIT 1
    ) v ON true
    WHERE p."shopId" = ${shopId}::uuid AND p."platformId" = ANY(${[...query.productIds]}::text[])
      AND p."deletedAt" IS NULL AND lower(coalesce(p.status, 'active')) = 'active'`;
}
