import { type CoOccurrenceState, type EpochMs, pairEntry, productEntry } from "./co-occurrence";
import { decayFactor } from "./decay";

// Support, confidence and lift of "bought X, also bought Y", from the co-occurrence state, and the
// top k per product that the service stores.
//
// With decayed weights (an order one half-life old counts 0.5), for antecedent X and consequent Y:
//   support    = w(X and Y) / w(all orders)   share of all orders that have both
//   confidence = w(X and Y) / w(X)            share of X's orders that also have Y
//   lift       = confidence / (w(Y) / w(all)) how much likelier Y is with X than in any order
// All three are ratios of stored sums, so the same at any time; only the pair's weight "as of now"
// (the minimum support compares it) decays.

export interface PairFigures {
  /** Orders with both products, counted exactly, old ones too: for the merchant's explanation. */
  readonly orders: number;
  /** The decayed weight of those orders as of the scoring time. */
  readonly weight: number;
  /** In [0, 1]. */
  readonly support: number;
  /** In [0, 1]. */
  readonly confidence: number;
  /** ≥ 0; 1 means Y is as likely in orders with X as in any order; at most 1 / (Y's share of orders). */
  readonly lift: number;
}

/** Stored sums against one common reference time (as ./co-occurrence.ts keeps them or the service's rows). */
export interface PairSums {
  readonly pairCount: number;
  readonly pairWeight: number;
  readonly antecedentWeight: number;
  readonly consequentWeight: number;
  readonly totalWeight: number;
}

/**
 * The figures from stored sums; `factor` (decayFactor) turns the pair's stored weight into its
 * weight as of now. Null when the pair has no weight left (never together, or decayed below the
 * smallest double).
 */
export function pairFigures(sums: PairSums, factor: number): PairFigures | null {
  if (!(sums.pairWeight > 0) || !(sums.antecedentWeight > 0) || !(sums.consequentWeight > 0) || !(sums.totalWeight > 0)) return null;
  // A pair's weight never exceeds its products' or the total's (each of its orders is in those
  // sums too), but the sums are added and taken away in different orders: clamp rounding's excess.
  const support = Math.min(1, sums.pairWeight / sums.totalWeight);
  const confidence = Math.min(1, sums.pairWeight / sums.antecedentWeight);
  const consequentShare = Math.min(1, sums.consequentWeight / sums.totalWeight);
  return { orders: sums.pairCount, weight: sums.pairWeight * factor, support, confidence, lift: confidence / consequentShare };
}

/** "Bought X, also bought Y" from the in-memory state, as of `nowMs`. */
export function scorePair(state: CoOccurrenceState, antecedent: string, consequent: string, nowMs: EpochMs): PairFigures | null {
  const pair = pairEntry(state, antecedent, consequent);
  return pairFigures(
    {
      pairCount: pair.count,
      pairWeight: pair.weight,
      antecedentWeight: productEntry(state, antecedent).weight,
      consequentWeight: productEntry(state, consequent).weight,
      totalWeight: state.totalWeight,
    },
    decayFactor(state.referenceMs, nowMs, state.halfLifeMs),
  );
}

export interface ScoredPair {
  /** The recommended product (the consequent). */
  readonly productId: string;
  readonly figures: PairFigures;
}

/**
 * The stored order of a product's pairs: confidence first (how often a shopper with this product
 * also takes the other: what the block is there to guess), then lift, then support (how much
 * evidence), then the product id, so that equal figures — common among pairs seen in the same few
 * orders — always rank the same way. Lift first was measured worse (`npm run eval:recs`: on 50,000
 * generated orders it fell below the bestseller baseline, 22 % against 25 % hit rate@4, because
 * rare pairs that just reached the minimum support came first; confidence first reached 50 %).
 * Lift guards instead: a pair bought together no more often than chance (lift ≤ 1) is left to the
 * bestseller fallback (rankPairs).
 */
export function comparePairs(a: ScoredPair, b: ScoredPair): number {
  return (
    b.figures.confidence - a.figures.confidence ||
    b.figures.lift - a.figures.lift ||
    b.figures.support - a.figures.support ||
    (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0)
  );
}

export interface PairSelection {
  readonly k: number;
  /** The pair's decayed weight as of the scoring time must reach this (settings.minSupportWeight). */
  readonly minSupportWeight: number;
  /**
   * False for a product that is deleted, unpublished or out of stock when the list is computed, so
   * the k stored places go to products that can be bought. The storefront filters again on read
   * (./recommend.ts) for changes since; when a product's availability changes, the lists of the
   * products paired with it are the ones to compute again.
   */
  readonly isAvailable: (productId: string) => boolean;
}

/** One product's candidates reduced to the stored list: available, minimum support, above chance (lift > 1), then the k best. */
export function rankPairs(candidates: readonly ScoredPair[], selection: PairSelection): ScoredPair[] {
  return candidates
    .filter(
      (candidate) =>
        candidate.figures.weight >= selection.minSupportWeight && candidate.figures.lift > 1 && selection.isAvailable(candidate.productId),
    )
    .sort(comparePairs)
    .slice(0, selection.k);
}

/**
 * Every product's stored list, as of `nowMs`, for the rebuild job. One pass over the pairs,
 * dropping those below the minimum support before any object is made, then a sort per product:
 * O(P + Σ_x d_x log d_x) for P pairs and d_x qualifying partners of product x.
 */
export function topPairs(state: CoOccurrenceState, nowMs: EpochMs, selection: PairSelection): Map<string, ScoredPair[]> {
  const factor = decayFactor(state.referenceMs, nowMs, state.halfLifeMs);
  const candidates: ScoredPair[][] = state.productIds.map(() => []);
  const { pairs } = state;
  for (const slot of pairs.slots()) {
    const pairWeight = pairs.weight(slot);
    if (pairWeight * factor < selection.minSupportWeight) continue;
    const pairCount = pairs.count(slot);
    const a = pairs.lower(slot);
    const b = pairs.higher(slot);
    const weightA = state.productWeight[a] as number;
    const weightB = state.productWeight[b] as number;
    const total = state.totalWeight;
    const aThenB = pairFigures({ pairCount, pairWeight, antecedentWeight: weightA, consequentWeight: weightB, totalWeight: total }, factor);
    const bThenA = pairFigures({ pairCount, pairWeight, antecedentWeight: weightB, consequentWeight: weightA, totalWeight: total }, factor);
    if (aThenB) candidates[a]?.push({ productId: state.productIds[b] as string, figures: aThenB });
    if (bThenA) candidates[b]?.push({ productId: state.productIds[a] as string, figures: bThenA });
  }
  const lists = new Map<string, ScoredPair[]>();
  candidates.forEach((list, index) => {
    if (list.length > 0) lists.set(state.productIds[index] as string, rankPairs(list, selection));
  });
  return lists;
}
