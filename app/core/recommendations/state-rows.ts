import { type CoOccurrenceState, type EpochMs, emptyState, internProduct } from "./co-occurrence";

// The co-occurrence state as rows, for the service to store and load: one row for the shop's
// totals and reference time, one per product, one per pair (product ids, not the state's internal
// indices, which differ between processes). Entries without orders are never written: a pair whose
// last order went away is deleted, not kept at zero.

export interface StateTotals {
  readonly halfLifeMs: number;
  readonly referenceMs: EpochMs;
  readonly totalWeight: number;
  readonly totalCount: number;
}

export interface ProductRow {
  readonly productId: string;
  readonly weight: number;
  readonly count: number;
}

/** An unordered pair, written once with the ids in ascending order. */
export interface PairRow {
  readonly firstProductId: string;
  readonly secondProductId: string;
  readonly weight: number;
  readonly count: number;
}

export function stateTotals(state: CoOccurrenceState): StateTotals {
  return { halfLifeMs: state.halfLifeMs, referenceMs: state.referenceMs, totalWeight: state.totalWeight, totalCount: state.totalCount };
}

export function* productRows(state: CoOccurrenceState): Generator<ProductRow> {
  for (let index = 0; index < state.productIds.length; index += 1) {
    const count = state.productCount[index] as number;
    if (count > 0) yield { productId: state.productIds[index] as string, weight: state.productWeight[index] as number, count };
  }
}

/** Streams the pairs, so a rebuild can write millions in batches without a second copy in memory. */
export function* pairRows(state: CoOccurrenceState): Generator<PairRow> {
  const { pairs, productIds } = state;
  for (const slot of pairs.slots()) {
    const a = productIds[pairs.lower(slot)] as string;
    const b = productIds[pairs.higher(slot)] as string;
    const [firstProductId, secondProductId] = a < b ? [a, b] : [b, a];
    yield { firstProductId, secondProductId, weight: pairs.weight(slot), count: pairs.count(slot) };
  }
}

/** The state back from its rows (for a job that continues from the stored figures). */
export function stateFromRows(totals: StateTotals, products: Iterable<ProductRow>, pairs: Iterable<PairRow>): CoOccurrenceState {
  const state = emptyState(totals.halfLifeMs, totals.referenceMs);
  state.totalWeight = totals.totalWeight;
  state.totalCount = totals.totalCount;
  for (const row of products) {
    const index = internProduct(state, row.productId);
    state.productWeight[index] = row.weight;
    state.productCount[index] = row.count;
  }
  for (const row of pairs) {
    state.pairs.set(state.pairs.findOrAdd(internProduct(state, row.firstProductId), internProduct(state, row.secondProductId)), row.weight, row.count);
  }
  return state;
}
