import { Prisma } from "~/db/generated/client";
import type { Tx } from "~/db/prisma.server";
import { decayFactor } from "./decay";
import { pairFigures, rankPairs, type PairSelection, type ScoredPair } from "./pair-scores";
import type { RecommendationProgramRow } from "./program.server";

// The stored lists (RecommendationList): per product its best pairs, recomputed from the stored
// rows for the products an order or a product change touched, or all at once by the rebuild.

/**
 * Places stored beyond k: the storefront filters again when it reads (a product sold out since,
 * one the shopper already bought, the merchant's exclusions), and these fill the places it frees.
 */
export const LIST_MARGIN = 4;

/**
 * The products among `productIds` (all of the shop's when null) that cannot be bought: deleted,
 * not active, or with variants none of which is available. A product the store does not know is
 * not among them — the catalogue may not be synced yet, and nothing says it cannot be bought.
 */
export async function unavailableProducts(tx: Tx, shopId: string, productIds: readonly string[] | null): Promise<Set<string>> {
  if (productIds !== null && productIds.length === 0) return new Set();
  const scope = productIds === null ? Prisma.empty : Prisma.sql`AND p."platformId" = ANY(${[...productIds]}::text[])`;
  const rows = await tx.$queryRaw<{ platformId: string }[]>`
    SELECT p."platformId" FROM "Product" p
    WHERE p."shopId" = ${shopId}::uuid ${scope}
      AND (p."deletedAt" IS NOT NULL
        OR lower(coalesce(p.status, 'active')) <> 'active'
        OR (EXISTS (SELECT 1 FROM "ProductVariant" v WHERE v."productId" = p.id)
          AND NOT EXISTS (SELECT 1 FROM "ProductVariant" v WHERE v."productId" = p.id AND v.available)))`;
  return new Set(rows.map((row) => row.platformId));
}

export function listSelection(program: RecommendationProgramRow, unavailable: ReadonlySet<string>): PairSelection {
  return {
    k: program.settings.k + LIST_MARGIN,
    minSupportWeight: program.settings.minSupportWeight,
    isAvailable: (productId) => !unavailable.has(productId),
  };
}

/** Replaces the stored lists of `productIds` by `lists`; a product without a list loses its row. */
export async function writeLists(tx: Tx, shopId: string, productIds: readonly string[], lists: ReadonlyMap<string, readonly ScoredPair[]>, now: Date) {
  const kept = productIds.filter((productId) => (lists.get(productId)?.length ?? 0) > 0);
  const emptied = productIds.filter((productId) => (lists.get(productId)?.length ?? 0) === 0);
  if (emptied.length > 0) {
    await tx.$executeRaw`DELETE FROM "RecommendationList" WHERE "shopId" = ${shopId}::uuid AND "productId" = ANY(${emptied}::text[])`;
  }
  if (kept.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "RecommendationList" ("shopId", "productId", pairs, "computedAt")
    SELECT ${shopId}::uuid, l.product, l.pairs::jsonb, ${now}
    FROM unnest(${kept}::text[], ${kept.map((productId) => JSON.stringify(lists.get(productId)))}::text[]) AS l(product, pairs)
    ON CONFLICT ("shopId", "productId") DO UPDATE SET pairs = EXCLUDED.pairs, "computedAt" = EXCLUDED."computedAt"`;
}

interface PairSqlRow {
  firstProductId: string;
  secondProductId: string;
  weight: number;
  orders: number;
}

/**
 * Recomputes the stored lists of `productIds` from their pairs in RecommendationPair (found by
 * either product) and the products' weights, as of `now`.
 */
export async function recomputeLists(tx: Tx, program: RecommendationProgramRow, productIds: readonly string[], now: Date): Promise<void> {
  const products = [...new Set(productIds)];
  if (products.length === 0) return;
  const { shopId } = program;
  const pairs = await tx.$queryRaw<PairSqlRow[]>`
    SELECT "firstProductId", "secondProductId", weight, orders FROM "RecommendationPair"
    WHERE "shopId" = ${shopId}::uuid AND "firstProductId" = ANY(${products}::text[])
    UNION ALL
    SELECT "firstProductId", "secondProductId", weight, orders FROM "RecommendationPair"
    WHERE "shopId" = ${shopId}::uuid AND "secondProductId" = ANY(${products}::text[]) AND NOT ("firstProductId" = ANY(${products}::text[]))`;
  const involved = [...new Set([...products, ...pairs.flatMap((pair) => [pair.firstProductId, pair.secondProductId])])];
  const weights = new Map(
    (await tx.recommendationProduct.findMany({ where: { shopId, productId: { in: involved } }, select: { productId: true, weight: true } })).map(
      (row) => [row.productId, row.weight] as const,
    ),
  );
  const selection = listSelection(program, await unavailableProducts(tx, shopId, involved));
  const factor = decayFactor(program.referenceAt.getTime(), now.getTime(), program.halfLifeMs);
  const wanted = new Set(products);
  const candidates = new Map<string, ScoredPair[]>(products.map((productId) => [productId, []]));
  const score = (antecedent: string, consequent: string, pair: PairSqlRow) => {
    if (!wanted.has(antecedent)) return;
    const figures = pairFigures(
      {
        pairCount: pair.orders,
        pairWeight: pair.weight,
        antecedentWeight: weights.get(antecedent) ?? 0,
        consequentWeight: weights.get(consequent) ?? 0,
        totalWeight: program.totalWeight,
      },
      factor,
    );
    if (figures) candidates.get(antecedent)?.push({ productId: consequent, figures });
  };
  for (const pair of pairs) {
    score(pair.firstProductId, pair.secondProductId, pair);
    score(pair.secondProductId, pair.firstProductId, pair);
  }
  const lists = new Map([...candidates].map(([productId, list]) => [productId, rankPairs(list, selection)] as const));
  await writeLists(tx, shopId, products, lists, now);
}

/** The products whose lists may hold any of `productIds`: their partners in the stored pairs. */
export async function partnersOf(tx: Tx, shopId: string, productIds: readonly string[]): Promise<string[]> {
  if (productIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ partner: string }[]>`
    SELECT "secondProductId" AS partner FROM "RecommendationPair" WHERE "shopId" = ${shopId}::uuid AND "firstProductId" = ANY(${[...productIds]}::text[])
    UNION
    SELECT "firstProductId" AS partner FROM "RecommendationPair" WHERE "shopId" = ${shopId}::uuid AND "secondProductId" = ANY(${[...productIds]}::text[])`;
  return rows.map((row) => row.partner);
}
