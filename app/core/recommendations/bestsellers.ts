import { type CoOccurrenceState, productEntry } from "./co-occurrence";

// Bestsellers for the fallbacks, from the same decayed per-product order weights the pairs use:
// "bestseller" means most orders recently, with the same half-life, not most units ever. Weights
// share one decay factor, so the ranking is the same at any time and needs no "now".
//
// The lists are ranked before the storefront filters unavailable and already-bought products; the
// service should keep more than k per list so the filters leave enough.

export interface WeightedProduct {
  readonly productId: string;
  /** Decayed order weight: comparable across lists of the same shop. */
  readonly weight: number;
}

/** The bestseller order: decayed order weight, highest first, ties by product id. */
export function byOrderWeight(a: WeightedProduct, b: WeightedProduct): number {
  return b.weight - a.weight || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0);
}

/** Products by decayed order weight (byOrderWeight); products without orders left out. */
export function rankByOrders(state: CoOccurrenceState, productIds: Iterable<string>, limit: number): string[] {
  const ranked: WeightedProduct[] = [];
  for (const productId of new Set(productIds)) {
    const { weight } = productEntry(state, productId);
    if (weight > 0) ranked.push({ productId, weight });
  }
  ranked.sort(byOrderWeight);
  return ranked.slice(0, limit).map((entry) => entry.productId);
}

/** The shop's bestsellers. O(n log n) in the products ever ordered. */
export function shopBestsellers(state: CoOccurrenceState, limit: number): string[] {
  return rankByOrders(state, state.productIds, limit);
}
