import { orderWeight, rebaseShift } from "./decay";
import { PairTable } from "./pair-table";

// Pair co-occurrence of products in paid orders, decayed over time (./decay.ts).
//
// The state holds, each as a decayed weight beside an exact order count:
// - the total of orders that contributed any product,
// - per product, the orders containing it,
// - per unordered product pair, the orders containing both.
// An order's contribution is the set of its products with remaining quantity (refunded lines
// removed) and the time it was placed. Every change to an order — paid, refunded, cancelled — is one
// operation: take its previous contribution out and put its current one in (orderChange). The
// service stores per order the contribution it last applied; a full rebuild is the fold of
// applyOrder over every order's final contribution from an empty state, so both paths run the same
// arithmetic.
//
// Layout, for the rebuild of a million order lines in one process: products are interned to dense
// indices with per-product weights and counts in plain arrays; pairs live in a typed-array hash
// table (./pair-table.ts). No object per pair. Applying an order of n distinct products costs O(n²)
// table operations (its pairs), so a rebuild is O(Σ n²) expected time and O(distinct products +
// distinct pairs) memory.

export type EpochMs = number;

/** What one order adds to the state. `products` are distinct and sorted (see contributionOf). */
export interface Contribution {
  readonly products: readonly string[];
  readonly at: EpochMs;
}

export interface OrderLine {
  /** Null for a custom item or a line whose product is gone: it pairs with nothing. */
  readonly productId: string | null;
  /** Quantity minus refunded quantity. */
  readonly remainingQuantity: number;
}

/**
 * An order's contribution: the distinct products with quantity left, at the time it was placed.
 * Quantity does not matter (three of a product are one product in the order). Null when nothing is
 * left — a cancelled or fully refunded order is not an order in these figures at all.
 */
export function contributionOf(lines: readonly OrderLine[], placedAt: EpochMs): Contribution | null {
  const products = new Set<string>();
  for (const line of lines) {
    if (line.productId !== null && line.remainingQuantity > 0) products.add(line.productId);
  }
  return products.size === 0 ? null : { products: [...products].sort(), at: placedAt };
}

/**
 * The net change of replacing an order's previous contribution by its current one, weighed against
 * `referenceMs`. `products` is the union of both contributions; a product (or pair) whose
 * membership and time did not change nets to exactly zero (count 0, weight 0) and the service skips
 * it, so an update writes only what moved and leaves no floating-point residue on the rest. Pairs
 * are indices into `products`, the first the lower, and only changed pairs are listed.
 */
export interface OrderChange {
  readonly totalWeight: number;
  readonly totalCount: number;
  readonly products: readonly string[];
  readonly productWeight: readonly number[];
  readonly productCount: readonly number[];
  readonly pairFirst: readonly number[];
  readonly pairSecond: readonly number[];
  readonly pairWeight: readonly number[];
  readonly pairCount: readonly number[];
}

export function orderChange(
  previous: Contribution | null,
  current: Contribution | null,
  referenceMs: EpochMs,
  halfLifeMs: number,
): OrderChange {
  // A NaN time would poison every sum it touches, silently and for good.
  for (const contribution of [previous, current]) {
    if (contribution && !Number.isFinite(contribution.at)) throw new RangeError("An order's time must be a finite epoch millisecond");
  }
  // Normalised here too, so a contribution stored by an older version (or built by hand) still
  // counts each product once.
  const before = new Set(previous?.products ?? []);
  const after = new Set(current?.products ?? []);
  const removed = previous && before.size > 0 ? orderWeight(previous.at, referenceMs, halfLifeMs) : 0;
  const added = current && after.size > 0 ? orderWeight(current.at, referenceMs, halfLifeMs) : 0;

  const products = [...new Set([...before, ...after])].sort();
  const inBefore = products.map((product) => before.has(product));
  const inAfter = products.map((product) => after.has(product));
  const productWeight = products.map((_, i) => (inAfter[i] ? added : 0) - (inBefore[i] ? removed : 0));
  const productCount = products.map((_, i) => (inAfter[i] ? 1 : 0) - (inBefore[i] ? 1 : 0));

  const pairFirst: number[] = [];
  const pairSecond: number[] = [];
  const pairWeight: number[] = [];
  const pairCount: number[] = [];
  for (let i = 0; i < products.length; i += 1) {
    for (let j = i + 1; j < products.length; j += 1) {
      const wasPair = inBefore[i] === true && inBefore[j] === true;
      const isPair = inAfter[i] === true && inAfter[j] === true;
      const count = (isPair ? 1 : 0) - (wasPair ? 1 : 0);
      const weight = (isPair ? added : 0) - (wasPair ? removed : 0);
      if (count === 0 && weight === 0) continue;
      pairFirst.push(i);
      pairSecond.push(j);
      pairWeight.push(weight);
      pairCount.push(count);
    }
  }
  return {
    totalWeight: added - removed,
    totalCount: (after.size > 0 ? 1 : 0) - (before.size > 0 ? 1 : 0),
    products,
    productWeight,
    productCount,
    pairFirst,
    pairSecond,
    pairWeight,
    pairCount,
  };
}

/**
 * Several orders' changes as one, all weighed against the same reference time: applying it equals
 * applying them one after another (up to the order of floating-point additions), so a batch of
 * orders is written with one statement per table. Entries that net to nothing are left out.
 */
export function mergeChanges(changes: readonly OrderChange[]): OrderChange {
  const productTotals = new Map<string, { weight: number; count: number }>();
  const pairTotals = new Map<string, { first: string; second: string; weight: number; count: number }>();
  let totalWeight = 0;
  let totalCount = 0;
  for (const change of changes) {
    totalWeight += change.totalWeight;
    totalCount += change.totalCount;
    change.products.forEach((productId, i) => {
      const entry = productTotals.get(productId) ?? { weight: 0, count: 0 };
      entry.weight += change.productWeight[i] as number;
      entry.count += change.productCount[i] as number;
      productTotals.set(productId, entry);
    });
    for (let p = 0; p < change.pairFirst.length; p += 1) {
      const first = change.products[change.pairFirst[p] as number] as string;
      const second = change.products[change.pairSecond[p] as number] as string;
      const key = `${first}\u0000${second}`;
      const entry = pairTotals.get(key) ?? { first, second, weight: 0, count: 0 };
      entry.weight += change.pairWeight[p] as number;
      entry.count += change.pairCount[p] as number;
      pairTotals.set(key, entry);
    }
  }
  const products = [...productTotals.keys()].sort();
  const index = new Map(products.map((productId, i) => [productId, i] as const));
  const pairs = [...pairTotals.values()].filter((pair) => pair.count !== 0 || pair.weight !== 0);
  return {
    totalWeight,
    totalCount,
    products,
    productWeight: products.map((productId) => productTotals.get(productId)?.weight ?? 0),
    productCount: products.map((productId) => productTotals.get(productId)?.count ?? 0),
    pairFirst: pairs.map((pair) => index.get(pair.first) as number),
    pairSecond: pairs.map((pair) => index.get(pair.second) as number),
    pairWeight: pairs.map((pair) => pair.weight),
    pairCount: pairs.map((pair) => pair.count),
  };
}

export interface CoOccurrenceState {
  readonly halfLifeMs: number;
  /** t0 of ./decay.ts: stored weights are relative to an order placed at this time. */
  referenceMs: EpochMs;
  totalWeight: number;
  totalCount: number;
  readonly productIndex: Map<string, number>;
  readonly productIds: string[];
  readonly productWeight: number[];
  readonly productCount: number[];
  /** Per pair of product indices: decayed weight and order count. */
  readonly pairs: PairTable;
}

export function emptyState(halfLifeMs: number, referenceMs: EpochMs): CoOccurrenceState {
  if (!(halfLifeMs > 0) || !Number.isFinite(halfLifeMs)) throw new RangeError("The half-life must be positive and finite");
  return {
    halfLifeMs,
    referenceMs,
    totalWeight: 0,
    totalCount: 0,
    productIndex: new Map(),
    productIds: [],
    productWeight: [],
    productCount: [],
    pairs: new PairTable(),
  };
}

/** The product's index in this state, added with no orders when new. */
export function internProduct(state: CoOccurrenceState, productId: string): number {
  let index = state.productIndex.get(productId);
  if (index === undefined) {
    index = state.productIds.length;
    state.productIndex.set(productId, index);
    state.productIds.push(productId);
    state.productWeight.push(0);
    state.productCount.push(0);
  }
  return index;
}

/**
 * Moves the reference time forward by whole half-lives, multiplying every stored weight by 2^−shift
 * (exact: a power of two). The service does the same to its stored rows in one statement per table.
 */
export function rebase(state: CoOccurrenceState, shift: number): void {
  if (shift <= 0) return;
  const factor = 2 ** -shift;
  state.referenceMs += shift * state.halfLifeMs;
  state.totalWeight *= factor;
  for (let i = 0; i < state.productWeight.length; i += 1) state.productWeight[i] = (state.productWeight[i] as number) * factor;
  state.pairs.scale(factor);
}

/**
 * The weight of an entry that now counts `count` orders: exactly zero at a count of zero, not the
 * rounding residue of adding and taking away the same orders. Stored rows follow the same rule: an
 * entry whose count reaches zero is deleted.
 */
function settle(weight: number, count: number): number {
  return count === 0 ? 0 : weight;
}

/**
 * Replaces an order's previous contribution by its current one (paid: previous null; cancelled or
 * fully refunded: current null). `previous` must be exactly what was applied for the order last —
 * the service stores it with the order — or the counts no longer describe the orders.
 */
export function applyOrder(state: CoOccurrenceState, previous: Contribution | null, current: Contribution | null): void {
  if (current) rebase(state, rebaseShift(current.at, state.referenceMs, state.halfLifeMs));
  applyChange(state, orderChange(previous, current, state.referenceMs, state.halfLifeMs));
}

/** Applies a change computed against this state's reference time. */
export function applyChange(state: CoOccurrenceState, change: OrderChange): void {
  state.totalCount += change.totalCount;
  state.totalWeight = settle(state.totalWeight + change.totalWeight, state.totalCount);
  const indices = change.products.map((productId) => internProduct(state, productId));
  for (let i = 0; i < indices.length; i += 1) {
    const index = indices[i] as number;
    const count = (state.productCount[index] as number) + (change.productCount[i] as number);
    state.productCount[index] = count;
    state.productWeight[index] = settle((state.productWeight[index] as number) + (change.productWeight[i] as number), count);
  }
  for (let p = 0; p < change.pairFirst.length; p += 1) {
    const slot = state.pairs.findOrAdd(indices[change.pairFirst[p] as number] as number, indices[change.pairSecond[p] as number] as number);
    const count = state.pairs.count(slot) + (change.pairCount[p] as number);
    if (count === 0) state.pairs.remove(slot);
    else state.pairs.set(slot, state.pairs.weight(slot) + (change.pairWeight[p] as number), count);
  }
}

/**
 * The full rebuild: every order's final contribution folded into an empty state. The reference time
 * starts at the first order's and moves forward as later ones arrive, in any order.
 */
export function rebuild(contributions: Iterable<Contribution>, halfLifeMs: number): CoOccurrenceState {
  let state: CoOccurrenceState | null = null;
  for (const contribution of contributions) {
    state ??= emptyState(halfLifeMs, contribution.at);
    applyOrder(state, null, contribution);
  }
  return state ?? emptyState(halfLifeMs, 0);
}

/** The pair's exact order count and stored weight; zeros when never bought together. */
export function pairEntry(state: CoOccurrenceState, first: string, second: string): { count: number; weight: number } {
  const a = state.productIndex.get(first);
  const b = state.productIndex.get(second);
  if (a === undefined || b === undefined || a === b) return { count: 0, weight: 0 };
  const slot = state.pairs.find(a, b);
  return slot < 0 ? { count: 0, weight: 0 } : { count: state.pairs.count(slot), weight: state.pairs.weight(slot) };
}

/** The product's exact order count and stored weight; zeros when unknown. */
export function productEntry(state: CoOccurrenceState, productId: string): { count: number; weight: number } {
  const index = state.productIndex.get(productId);
  return index === undefined ? { count: 0, weight: 0 } : { count: state.productCount[index] as number, weight: state.productWeight[index] as number };
}
