import { byOrderWeight, type WeightedProduct } from "./bestsellers";
import { recommend, type Recommendation, type RecommendationInput, type RecommendSettings } from "./recommend";

// The storefront block's list for what the shopper looks at: one product page, or a cart of
// several products. A cart asks recommend() once per product and interleaves the answers by rank
// (every product's best first, then every product's second, …), the merchant's pins and the
// automatic pairs of every product before any fallback: the cart's first product does not take
// all places, a fallback does not push out another product's real pair, and a product recommended
// for two cart products keeps its better place.

/** What the block's products are recommended for, with everything recommend() needs besides the product. */
export interface StorefrontListInput extends Omit<RecommendationInput, "productId" | "pins" | "pairs" | "exclusions"> {
  /** The product page's product, or the cart's products in cart order. */
  readonly productIds: readonly string[];
  readonly pinsOf: (productId: string) => readonly string[];
  readonly pairsOf: (productId: string) => RecommendationInput["pairs"];
  readonly exclusionsOf: (productId: string) => readonly string[];
}

/** A block's product, with the shopper's product whose list brought it in (a cart has several). */
export type BlockRecommendation = Recommendation & { readonly recommendedFrom: string };

/**
 * At most k products for the block. None of the shopper's products is offered (a cart's products
 * are already in it), and a merchant's exclusion for any of them holds for the whole block: it is
 * their word that the two do not go together, whichever other product brought it in.
 */
export function storefrontList(input: StorefrontListInput, settings: RecommendSettings): BlockRecommendation[] {
  const exclusions = new Set([...input.productIds, ...input.productIds.flatMap(input.exclusionsOf)]);
  const lists = [...new Set(input.productIds)].map((productId) =>
    recommend({ ...input, productId, pins: input.pinsOf(productId), pairs: input.pairsOf(productId), exclusions }, settings).map(
      (recommendation) => ({ ...recommendation, recommendedFrom: productId }),
    ),
  );
  return mergeLists(lists, settings.k);
}

/** The sources in the order a merged list takes them: what the merchant or the orders say about a product, then the fallbacks. */
const TIERS: readonly (readonly Recommendation["source"][])[] = [["pin", "pair"], ["collection"], ["bestseller"]];

/**
 * The lists merged into one of at most `limit`: tier by tier (TIERS), round-robin over the lists by
 * rank within a tier, each product once (at its best place, from the earlier list on a tie).
 */
export function mergeLists<T extends Recommendation>(lists: readonly (readonly T[])[], limit: number): T[] {
  const taken = new Set<string>();
  const merged: T[] = [];
  for (const sources of TIERS) {
    const tierLists = lists.map((list) => list.filter((entry) => sources.includes(entry.source)));
    const depth = Math.max(0, ...tierLists.map((list) => list.length));
    for (let rank = 0; rank < depth; rank += 1) {
      for (const list of tierLists) {
        const entry = list[rank];
        if (!entry || taken.has(entry.productId)) continue;
        if (merged.length >= limit) return merged;
        taken.add(entry.productId);
        merged.push(entry);
      }
    }
  }
  return merged;
}

export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

/** The price of all the items together; null for no items or prices in different currencies (nothing to add up honestly). */
export function bundleTotal(prices: readonly Money[]): Money | null {
  const [first] = prices;
  if (!first || prices.some((price) => price.currency !== first.currency)) return null;
  return { amountMinor: prices.reduce((sum, price) => sum + price.amountMinor, 0), currency: first.currency };
}

/**
 * The bestsellers of the given collections together (a product page's product is often in
 * several): by weight, ties by product id, each product once, at most `limit`.
 */
export function collectionBestsellers(byCollection: ReadonlyMap<string, readonly WeightedProduct[]>, collectionIds: readonly string[], limit: number): string[] {
  const weights = new Map<string, number>();
  for (const collectionId of new Set(collectionIds)) for (const entry of byCollection.get(collectionId) ?? []) weights.set(entry.productId, entry.weight);
  return [...weights]
    .map(([productId, weight]) => ({ productId, weight }))
    .sort(byOrderWeight)
    .slice(0, limit)
    .map((entry) => entry.productId);
}
