import { Prisma } from "~/db/generated/client";
import type { Db, Tx } from "~/db/prisma.server";
import { LIST_MARGIN } from "./lists.server";
import type { ScoredPair } from "./pair-scores";
import { parseSettings } from "./program.server";
import type { RecommendationSource } from "./recommend";
import { DEFAULT_RECOMMENDATION_SETTINGS } from "./settings";
import { bundleTotal, storefrontList, type Money } from "./storefront-lists";

// What the storefront's "frequently bought together" block shows (the app-proxy JSON of
// /recommendations, and the admin's preview): read on every product page view, so it takes two
// statements whatever the shop's size — the shop's settings, stored lists and rules for the
// shopper's products, then every candidate's details with the fallbacks' bestsellers ranked in
// SQL — and composes them with the pure rules (./recommend.ts, ./storefront-lists.ts).
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
}

interface CandidateRow {
  productId: string;
  variantId: string;
  title: string;
  handle: string | null;
  imageUrl: string | null;
  priceMinor: bigint;
  currency: string;
  collectionRank: bigint | null;
  shopRank: bigint | null;
  bought: boolean;
}

/** The block's items for the shopper's products, at most the shop's k. */
export async function recommendationsFor(db: Db | Tx, shopId: string, request: StorefrontRequest): Promise<StorefrontRecommendations> {
  const productIds = [...new Set(request.productIds)];
  if (productIds.length === 0) return { items: [], total: null };
  const [shop] = await db.$queryRaw<ShopListsRow[]>`
    SELECT
      (SELECT settings FROM "RecommendationProgram" WHERE "shopId" = ${shopId}::uuid) AS settings,
      coalesce((SELECT jsonb_object_agg("productId", pairs) FROM "RecommendationList"
        WHERE "shopId" = ${shopId}::uuid AND "productId" = ANY(${productIds}::text[])), '{}'::jsonb) AS lists,
      coalesce((SELECT jsonb_agg(jsonb_build_object('productId', "productId", 'targetProductId', "targetProductId", 'kind', kind)
          ORDER BY position, "createdAt", "targetProductId")
        FROM "RecommendationRule" WHERE "shopId" = ${shopId}::uuid AND "productId" = ANY(${productIds}::text[])), '[]'::jsonb) AS rules`;
  const settings = shop?.settings == null ? DEFAULT_RECOMMENDATION_SETTINGS : parseSettings(shop.settings);
  const lists = new Map(productIds.map((productId) => [productId, storedPairs(shop?.lists[productId])] as const));
  const rules = shop?.rules ?? [];
  const rulesOf = (productId: string, kind: "pin" | "exclude") =>
    rules.filter((rule) => rule.productId === productId && rule.kind === kind).map((rule) => rule.targetProductId);

  const named = [...new Set([...rules.map((rule) => rule.targetProductId), ...[...lists.values()].flat().map((pair) => pair.productId)])];
  const candidates = await candidateRows(db, shopId, {
    productIds,
    named,
    customerId: settings.excludeAlreadyBought ? request.customerId : null,
    // The fallbacks' filters (the shopper's own products, exclusions, already bought) leave fewer.
    depth: settings.k + LIST_MARGIN + productIds.length,
  });
  const byId = new Map(candidates.map((row) => [row.productId, row] as const));
  const ranked = (rank: (row: CandidateRow) => bigint | null) =>
    candidates
      .filter((row) => rank(row) !== null)
      .sort((a, b) => Number(rank(a)! - rank(b)!))
      .map((row) => row.productId);

  const chosen = storefrontList(
    {
      productIds,
      pinsOf: (productId) => rulesOf(productId, "pin"),
      pairsOf: (productId) => lists.get(productId) ?? [],
      exclusionsOf: (productId) => rulesOf(productId, "exclude"),
      collectionBestsellers: ranked((row) => row.collectionRank),
      shopBestsellers: ranked((row) => row.shopRank),
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

/** A stored list as ./lists.server.ts writes it; anything else (a hand-edited row) counts as none. */
function storedPairs(json: unknown): ScoredPair[] {
  if (!Array.isArray(json)) return [];
  return json.filter((pair): pair is ScoredPair => typeof pair?.productId === "string" && typeof pair?.figures === "object" && pair.figures !== null);
}

/**
 * The purchasable products among `named` and the fallbacks' bestsellers, with their rank in each
 * fallback and whether the shopper bought them before. Bestsellers are the products with the most
 * decayed order weight (./bestsellers.ts): the collection's among the products sharing a
 * collection with the shopper's products, the shop's among the shop's top 4 × depth by weight
 * (sorting only the weights keeps the read cheap; a shop whose top products are nearly all sold
 * out gets fewer).
 */
async function candidateRows(
  db: Db | Tx,
  shopId: string,
  query: { productIds: readonly string[]; named: readonly string[]; customerId: string | null; depth: number },
): Promise<CandidateRow[]> {
  const { depth } = query;
  const purchasable = (product: Prisma.Sql) => Prisma.sql`
    ${product}."deletedAt" IS NULL AND lower(coalesce(${product}.status, 'active')) = 'active'
    AND EXISTS (SELECT 1 FROM "ProductVariant" av WHERE av."productId" = ${product}.id AND av.available)`;
  return db.$queryRaw<CandidateRow[]>`
    WITH own_collections AS (
      SELECT coalesce(array_agg(DISTINCT c), '{}') AS ids
      FROM "Product" p, unnest(p."collectionIds") AS c
      WHERE p."shopId" = ${shopId}::uuid AND p."platformId" = ANY(${[...query.productIds]}::text[])
    ), collection_top AS (
      SELECT r."productId", row_number() OVER (ORDER BY r.weight DESC, r."productId") AS rank
      FROM "RecommendationProduct" r
      JOIN "Product" cp ON cp."shopId" = r."shopId" AND cp."platformId" = r."productId"
      WHERE r."shopId" = ${shopId}::uuid AND cp."collectionIds" && (SELECT ids FROM own_collections) AND ${purchasable(Prisma.sql`cp`)}
      ORDER BY r.weight DESC, r."productId" LIMIT ${depth}
    ), shop_top AS (
      SELECT t."productId", row_number() OVER (ORDER BY t.weight DESC, t."productId") AS rank
      FROM (SELECT "productId", weight FROM "RecommendationProduct" WHERE "shopId" = ${shopId}::uuid
        ORDER BY weight DESC, "productId" LIMIT ${depth * 4}) t
    ), wanted AS (
      SELECT "productId" FROM collection_top UNION SELECT "productId" FROM shop_top UNION SELECT unnest(${[...query.named]}::text[])
    )
    SELECT p."platformId" AS "productId", v."platformId" AS "variantId", p.title, p.handle, p."imageUrl", v."priceMinor", v.currency,
      (SELECT rank FROM collection_top c WHERE c."productId" = p."platformId") AS "collectionRank",
      (SELECT rank FROM shop_top s WHERE s."productId" = p."platformId") AS "shopRank",
      (${query.customerId}::uuid IS NOT NULL AND EXISTS (
        SELECT 1 FROM "Order" o JOIN "OrderLineItem" li ON li."orderId" = o.id
        WHERE o."shopId" = ${shopId}::uuid AND o."customerId" = ${query.customerId}::uuid AND o."cancelledAt" IS NULL
          AND li."productPlatformId" = p."platformId")) AS bought
    FROM "Product" p
    JOIN LATERAL (
      SELECT "platformId", "priceMinor", currency FROM "ProductVariant" fv
      WHERE fv."productId" = p.id AND fv.available ORDER BY length(fv."platformId"), fv."platformId" LIMIT 1
    ) v ON true
    WHERE p."shopId" = ${shopId}::uuid AND p."platformId" IN (SELECT "productId" FROM wanted)
      AND p."deletedAt" IS NULL AND lower(coalesce(p.status, 'active')) = 'active'`;
}
