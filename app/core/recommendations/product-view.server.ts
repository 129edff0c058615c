import { z } from "zod";
import type { Db } from "~/db/prisma.server";
import { decayFactor } from "./decay";
import { comparePairs, pairFigures, type PairFigures, type ScoredPair } from "./pair-scores";
import { parseSettings } from "./program.server";
import { productRules } from "./rules.server";
import { DEFAULT_RECOMMENDATION_SETTINGS, type RecommendationSettings } from "./settings";

// One product's recommendations as the merchant reviews them: every automatic pair the engine
// counted (those below the minimum support too, marked), scored as the stored lists score them
// (the page words each with ./explain.ts in the admin's language); the merchant's rules; and the
// list stored for the storefront.

/** Pairs shown at most, the most orders together first: a bestseller pairs with most of the catalogue. */
export const PRODUCT_VIEW_PAIRS = 200;

export interface NamedProduct {
  readonly productId: string;
  readonly title: string;
}

export interface ProductViewPair extends NamedProduct {
  readonly figures: PairFigures;
  /** The pair's decayed weight is below the minimum support: not recommended (yet). */
  readonly belowMinSupport: boolean;
  /** Bought together more often than chance (lift > 1), the other condition for the list. */
  readonly aboveChance: boolean;
}

export interface ProductView {
  readonly product: NamedProduct & { readonly inCatalogue: boolean; readonly imageUrl: string | null };
  readonly settings: RecommendationSettings;
  /** Orders the engine counted with this product. */
  readonly orders: number;
  readonly pairs: readonly ProductViewPair[];
  readonly pins: readonly NamedProduct[];
  readonly exclusions: readonly NamedProduct[];
  readonly storedList: { readonly computedAt: string; readonly pairs: readonly NamedProduct[] } | null;
}

const qualifies = (pair: ProductViewPair) => !pair.belowMinSupport && pair.aboveChance;

/** Product titles by platform id; a product the catalogue does not have is named by the title its order lines carry, else its id. */
export async function productTitles(db: Db, shopId: string, productIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(productIds)];
  if (ids.length === 0) return new Map();
  const products = await db.product.findMany({ where: { shopId, platformId: { in: ids } }, select: { platformId: true, title: true } });
  const titles = new Map(products.map((product) => [product.platformId, product.title] as const));
  const missing = ids.filter((id) => !titles.has(id));
  if (missing.length > 0) {
    const lines = await db.orderLineItem.findMany({
      where: { shopId, productPlatformId: { in: missing } },
      distinct: ["productPlatformId"],
      select: { productPlatformId: true, title: true },
    });
    for (const line of lines) if (line.productPlatformId) titles.set(line.productPlatformId, line.title);
  }
  return new Map(ids.map((id) => [id, titles.get(id) ?? id] as const));
}

const storedPairsSchema = z.array(z.object({ productId: z.string() }).loose());

/** The product's view as of `now`; null when the shop knows no such product. */
export async function productView(db: Db, shopId: string, productId: string, now: Date): Promise<ProductView | null> {
  const [catalogue, program, own, pairRows, rules, list] = await Promise.all([
    db.product.findUnique({ where: { shopId_platformId: { shopId, platformId: productId } }, select: { title: true, imageUrl: true, deletedAt: true } }),
    db.recommendationProgram.findUnique({ where: { shopId } }),
    db.recommendationProduct.findUnique({ where: { shopId_productId: { shopId, productId } } }),
    db.$queryRaw<{ other: string; weight: number; orders: number }[]>`
      SELECT CASE WHEN "firstProductId" = ${productId} THEN "secondProductId" ELSE "firstProductId" END AS other, weight, orders
      FROM "RecommendationPair"
      WHERE "shopId" = ${shopId}::uuid AND ("firstProductId" = ${productId} OR "secondProductId" = ${productId})
      ORDER BY orders DESC, weight DESC LIMIT ${PRODUCT_VIEW_PAIRS}`,
    productRules(db, shopId, productId),
    db.recommendationList.findUnique({ where: { shopId_productId: { shopId, productId } } }),
  ]);
  if (!catalogue && !own) return null;
  const settings = program ? parseSettings(program.settings) : DEFAULT_RECOMMENDATION_SETTINGS;
  const stored = list ? storedPairsSchema.parse(list.pairs).map((pair) => pair.productId) : [];
  const others = pairRows.map((row) => row.other);
  const [weights, titles] = await Promise.all([
    db.recommendationProduct.findMany({ where: { shopId, productId: { in: others } }, select: { productId: true, weight: true } }),
    productTitles(db, shopId, [productId, ...others, ...rules.pins, ...rules.exclusions, ...stored]),
  ]);
  const weightOf = new Map(weights.map((row) => [row.productId, row.weight] as const));
  const title = (id: string) => titles.get(id) ?? id;
  const factor = program ? decayFactor(program.referenceAt.getTime(), now.getTime(), program.halfLifeMs) : 1;

  const scored: ScoredPair[] = pairRows.flatMap((row) => {
    const figures = pairFigures(
      {
        pairCount: row.orders,
        pairWeight: row.weight,
        antecedentWeight: own?.weight ?? 0,
        consequentWeight: weightOf.get(row.other) ?? 0,
        totalWeight: program?.totalWeight ?? 0,
      },
      factor,
    );
    return figures ? [{ productId: row.other, figures }] : [];
  });
  const pairs = scored
    .map(
      (pair): ProductViewPair => ({
        productId: pair.productId,
        title: title(pair.productId),
        figures: pair.figures,
        belowMinSupport: pair.figures.weight < settings.minSupportWeight,
        aboveChance: pair.figures.lift > 1,
      }),
    )
    // The pairs the list takes first, in the list's order; then the others, ranked the same way.
    .sort((a, b) => Number(qualifies(b)) - Number(qualifies(a)) || comparePairs(a, b));
  const named = (ids: readonly string[]) => ids.map((id) => ({ productId: id, title: title(id) }));
  return {
    product: { productId, title: title(productId), inCatalogue: catalogue !== null && catalogue.deletedAt === null, imageUrl: catalogue?.imageUrl ?? null },
    settings,
    orders: own?.orders ?? 0,
    pairs,
    pins: named(rules.pins),
    exclusions: named(rules.exclusions),
    storedList: list ? { computedAt: list.computedAt.toISOString(), pairs: named(stored) } : null,
  };
}
