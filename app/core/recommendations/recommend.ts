import type { PairFigures, ScoredPair } from "./pair-scores";
import type { RecommendationSettings } from "./settings";

// The "frequently bought together" list for one product, from the stored lists: the merchant's pins
// first (they know their catalogue), then the automatic pairs in their stored order, then the
// bestsellers of the product's collections, then the shop's. Every source passes the same filters,
// so a fallback only fills places the earlier sources could not.

export type Recommendation =
  | { readonly productId: string; readonly source: "pin" }
  | { readonly productId: string; readonly source: "pair"; readonly figures: PairFigures }
  | { readonly productId: string; readonly source: "collection" }
  | { readonly productId: string; readonly source: "bestseller" };

export type RecommendationSource = Recommendation["source"];

export interface RecommendationInput {
  /** The product the shopper is looking at (or the cart's product). */
  readonly productId: string;
  /** The merchant's pins for this product, in the merchant's order. */
  readonly pins: readonly string[];
  /** Never recommended with this product, pinned or not: an exclusion is the merchant's later, narrower word. */
  readonly exclusions: ReadonlySet<string>;
  /** The product's stored automatic pairs, best first (./pair-scores.ts rankPairs). */
  readonly pairs: readonly ScoredPair[];
  /** Bestsellers of the product's collections, best first (./bestsellers.ts rankByOrders over their members). */
  readonly collectionBestsellers: readonly string[];
  readonly shopBestsellers: readonly string[];
  /** False for a deleted, unpublished or out-of-stock product: it cannot be bought, so it is not offered. */
  readonly isAvailable: (productId: string) => boolean;
  /** The signed-in shopper's purchased products; null for a guest. */
  readonly alreadyBought: ReadonlySet<string> | null;
}

export type RecommendSettings = Pick<RecommendationSettings, "k" | "fallbacks" | "excludeAlreadyBought">;

/** At most k products, each once, never the product itself, each with the source that put it there. */
export function recommend(input: RecommendationInput, settings: RecommendSettings): Recommendation[] {
  const excludeBought = settings.excludeAlreadyBought ? input.alreadyBought : null;
  const taken = new Set<string>([input.productId]);
  const result: Recommendation[] = [];

  const offer = (recommendation: Recommendation): void => {
    const { productId } = recommendation;
    if (result.length >= settings.k || taken.has(productId)) return;
    if (input.exclusions.has(productId) || excludeBought?.has(productId) || !input.isAvailable(productId)) return;
    taken.add(productId);
    result.push(recommendation);
  };

  for (const productId of input.pins) offer({ productId, source: "pin" });
  for (const pair of input.pairs) offer({ productId: pair.productId, source: "pair", figures: pair.figures });
  if (settings.fallbacks.collection) for (const productId of input.collectionBestsellers) offer({ productId, source: "collection" });
  if (settings.fallbacks.shop) for (const productId of input.shopBestsellers) offer({ productId, source: "bestseller" });
  return result;
}
