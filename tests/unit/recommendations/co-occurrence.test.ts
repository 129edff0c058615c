import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyChange,
  applyOrder,
  type Contribution,
  contributionOf,
  emptyState,
  mergeChanges,
  orderChange,
  pairEntry,
  productEntry,
  rebuild,
  type CoOccurrenceState,
} from "~/core/recommendations/co-occurrence";
import { scorePair, topPairs, type ScoredPair } from "~/core/recommendations/pair-scores";

const H = 1_000; // half-life in ms: short, so times read as half-lives
const T0 = 1_700_000_000_000;
const at = (halfLives: number) => T0 + halfLives * H;
const order = (products: string[], halfLives = 0): Contribution => ({ products: [...new Set(products)].sort(), at: at(halfLives) });

function stateOf(...orders: Contribution[]): CoOccurrenceState {
  return rebuild(orders, H);
}

describe("contributionOf", () => {
  it("is the distinct products with quantity left, sorted; quantity does not matter", () => {
    const lines = [
      { productId: "b", remainingQuantity: 3 },
      { productId: "a", remainingQuantity: 1 },
      { productId: "b", remainingQuantity: 1 },
      { productId: "c", remainingQuantity: 0 },
      { productId: null, remainingQuantity: 2 },
    ];
    expect(contributionOf(lines, 5)).toEqual({ products: ["a", "b"], at: 5 });
  });

  it("is null when nothing is left: cancelled, fully refunded, or only custom items", () => {
    expect(contributionOf([{ productId: "a", remainingQuantity: 0 }], 5)).toBeNull();
    expect(contributionOf([{ productId: null, remainingQuantity: 1 }], 5)).toBeNull();
    expect(contributionOf([], 5)).toBeNull();
  });
});

describe("the co-occurrence state", () => {
  it("counts each pair once per order, in both directions of one entry", () => {
    const state = stateOf(order(["a", "b", "c"]), order(["b", "a"]), order(["c"]));
    expect(state.totalCount).toBe(3);
    expect(state.totalWeight).toBe(3);
    expect(pairEntry(state, "a", "b")).toEqual({ count: 2, weight: 2 });
    expect(pairEntry(state, "b", "a")).toEqual({ count: 2, weight: 2 });
    expect(pairEntry(state, "a", "c")).toEqual({ count: 1, weight: 1 });
    expect(productEntry(state, "c")).toEqual({ count: 2, weight: 2 });
    expect(pairEntry(state, "a", "a")).toEqual({ count: 0, weight: 0 });
    expect(pairEntry(state, "a", "unknown")).toEqual({ count: 0, weight: 0 });
  });

  it("an order of one product adds to its product and the total, but no pair", () => {
    const state = stateOf(order(["a"]), order(["a", "a"]));
    expect(state.totalCount).toBe(2);
    expect(productEntry(state, "a")).toEqual({ count: 2, weight: 2 });
    expect(state.pairs.size).toBe(0);
  });

  it("weighs an order by 2^(t − t0)/h: one half-life earlier counts half", () => {
    const state = stateOf(order(["a", "b"], 0), order(["a", "b"], -1), order(["a", "b"], -2));
    expect(pairEntry(state, "a", "b")).toEqual({ count: 3, weight: 1 + 0.5 + 0.25 });
  });

  it("a partial refund takes out only the refunded product's pairs", () => {
    const state = emptyState(H, T0);
    const paid = order(["a", "b", "c"]);
    applyOrder(state, null, paid);
    const refunded = order(["a", "b"]);
    applyOrder(state, paid, refunded);
    expect(pairEntry(state, "a", "b")).toEqual({ count: 1, weight: 1 });
    expect(pairEntry(state, "a", "c")).toEqual({ count: 0, weight: 0 });
    expect(productEntry(state, "c")).toEqual({ count: 0, weight: 0 });
    expect(state.totalCount).toBe(1);
    expect(state.pairs.size).toBe(1);
  });

  it("a cancellation takes the whole order out, back to exactly zero", () => {
    const state = emptyState(H, T0);
    const paid = order(["a", "b"], -0.3);
    applyOrder(state, null, paid);
    applyOrder(state, paid, null);
    expect(state.totalCount).toBe(0);
    expect(state.totalWeight).toBe(0);
    expect(productEntry(state, "a")).toEqual({ count: 0, weight: 0 });
    expect(state.pairs.size).toBe(0);
  });
});

describe("orderChange", () => {
  it("lists only what moved: a refund of one line changes that product and its pairs", () => {
    const change = orderChange(order(["a", "b", "c"]), order(["a", "b"]), T0, H);
    expect(change.totalCount).toBe(0);
    expect(change.totalWeight).toBe(0);
    expect(change.products).toEqual(["a", "b", "c"]);
    expect(change.productCount).toEqual([0, 0, -1]);
    expect(change.productWeight).toEqual([0, 0, -1]);
    const pairs = change.pairFirst.map((first, i) => [change.products[first], change.products[change.pairSecond[i] ?? -1], change.pairCount[i]]);
    expect(pairs).toEqual([
      ["a", "c", -1],
      ["b", "c", -1],
    ]);
  });

  it("a paid order adds every pair; an unchanged order changes nothing", () => {
    const paid = orderChange(null, order(["c", "a", "b"]), T0, H);
    expect(paid.totalCount).toBe(1);
    expect(paid.pairCount).toEqual([1, 1, 1]);
    const same = orderChange(order(["a", "b"]), order(["a", "b"]), T0, H);
    expect(same.pairFirst).toEqual([]);
    expect(same.productCount).toEqual([0, 0]);
    expect(same.totalCount).toBe(0);
  });

  it("refuses a time that is not a number, which would poison every sum", () => {
    expect(() => orderChange(null, { products: ["a"], at: Number.NaN }, T0, H)).toThrow(RangeError);
    expect(() => emptyState(0, T0)).toThrow(RangeError);
  });

  it("an order with nothing left was never in the total", () => {
    expect(orderChange({ products: [], at: T0 }, null, T0, H).totalCount).toBe(0);
  });
});

// ---- Incremental updates against the rebuild -------------------------------------------------
//
// A small service model: per order it keeps the facts (paid, cancelled, refunded quantities) and
// the contribution it applied last, and every fact replaces that contribution. The rebuild folds
// the final contributions. Both must give the same state up to the reference time.

interface GeneratedOrder {
  readonly placedAt: number; // in half-lives
  readonly lines: readonly { productId: string; quantity: number }[];
}
type Fact =
  | { kind: "paid"; order: number }
  | { kind: "refund"; order: number; line: number; quantity: number }
  | { kind: "cancelled"; order: number };

const PRODUCTS = ["p1", "p2", "p3", "p4", "p5", "p6", "p7"];

function streamArbitrary(placedAt: fc.Arbitrary<number>) {
  const orderArbitrary = fc.record({
    placedAt,
    lines: fc.array(fc.record({ productId: fc.constantFrom(...PRODUCTS), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 5 }),
  });
  return fc.array(orderArbitrary, { minLength: 1, maxLength: 25 }).chain((orders) => {
    const fact: fc.Arbitrary<Fact> = fc.oneof(
      { weight: 4, arbitrary: fc.nat({ max: orders.length - 1 }).map((index): Fact => ({ kind: "paid", order: index })) },
      {
        weight: 3,
        arbitrary: fc
          .record({ order: fc.nat({ max: orders.length - 1 }), line: fc.nat({ max: 4 }), quantity: fc.integer({ min: 1, max: 3 }) })
          .map((refund): Fact => ({ kind: "refund", ...refund })),
      },
      { weight: 1, arbitrary: fc.nat({ max: orders.length - 1 }).map((index): Fact => ({ kind: "cancelled", order: index })) },
    );
    return fc.tuple(fc.constant(orders), fc.array(fact, { maxLength: 80 }));
  });
}

function playIncrementally(orders: readonly GeneratedOrder[], facts: readonly Fact[], referenceMs: number) {
  const state = emptyState(H, referenceMs);
  const paid = new Set<number>();
  const cancelled = new Set<number>();
  const refunded = orders.map((generated) => generated.lines.map(() => 0));
  const applied = new Map<number, Contribution | null>();
  const current = (index: number): Contribution | null => {
    const generated = orders[index] as GeneratedOrder;
    if (!paid.has(index) || cancelled.has(index)) return null;
    const lines = generated.lines.map((line, i) => ({ productId: line.productId, remainingQuantity: line.quantity - (refunded[index]?.[i] ?? 0) }));
    return contributionOf(lines, at(generated.placedAt));
  };
  for (const fact of facts) {
    if (fact.kind === "paid") paid.add(fact.order);
    if (fact.kind === "cancelled") cancelled.add(fact.order);
    if (fact.kind === "refund") {
      const lines = refunded[fact.order] as number[];
      const quantity = orders[fact.order]?.lines[fact.line]?.quantity;
      if (quantity === undefined) continue; // a refund of a line the order does not have: ignored, as the service would
      lines[fact.line] = Math.min(quantity, (lines[fact.line] ?? 0) + fact.quantity);
    }
    const next = current(fact.order);
    applyOrder(state, applied.get(fact.order) ?? null, next);
    applied.set(fact.order, next);
  }
  const finals = [...applied.values()].filter((contribution): contribution is Contribution => contribution !== null);
  return { state, finals };
}

/** Stored sums as of one moment, so states with different reference times compare. */
function asOf(state: CoOccurrenceState, nowMs: number) {
  const factor = 2 ** ((state.referenceMs - nowMs) / H);
  const pairs = new Map<string, { count: number; weight: number }>();
  for (const a of PRODUCTS) {
    for (const b of PRODUCTS) {
      const entry = pairEntry(state, a, b);
      if (a < b && entry.count > 0) pairs.set(`${a}|${b}`, { count: entry.count, weight: entry.weight * factor });
    }
  }
  const products = new Map(
    PRODUCTS.map((product) => {
      const entry = productEntry(state, product);
      return [product, { count: entry.count, weight: entry.weight * factor }];
    }),
  );
  return { total: { count: state.totalCount, weight: state.totalWeight * factor }, products, pairs };
}

/**
 * Tolerance of the general case. Every stored sum is built from the weights of the orders that
 * touch it, added and taken away up to 80 times (the facts). Each operation rounds by at most
 * 2^−53 of the running sum, and the running sum is at most 2^16 times the final one (order times
 * span 16 half-lives, so a cancelled recent order can leave behind only orders 2^16 lighter). The
 * relative error is therefore below 80 · 2^16 · 2^−53 ≈ 6·10^−10 per sum, and a figure divides at
 * most three sums: 10^−8 leaves a margin of five.
 */
const RELATIVE_TOLERANCE = 1e-8;

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(RELATIVE_TOLERANCE * Math.max(Math.abs(expected), Number.MIN_VALUE));
}

describe("incremental updates give the rebuild's result", () => {
  it("for any interleaving of paid orders, refunds and cancellations (times anywhere within 16 half-lives)", () => {
    fc.assert(
      fc.property(streamArbitrary(fc.double({ min: -8, max: 8, noNaN: true })), fc.double({ min: -8, max: 8, noNaN: true }), ([orders, facts], reference) => {
        const { state, finals } = playIncrementally(orders, facts, at(reference));
        const rebuilt = rebuild(finals, H);
        const now = at(9);
        const incremental = asOf(state, now);
        const full = asOf(rebuilt, now);
        // Counts are exact integers: the same entries exist on both sides.
        expect(incremental.total.count).toBe(full.total.count);
        expect([...incremental.pairs.keys()].sort()).toEqual([...full.pairs.keys()].sort());
        expectClose(incremental.total.weight, full.total.weight);
        for (const [product, entry] of incremental.products) {
          const other = full.products.get(product);
          expect(entry.count).toBe(other?.count);
          expectClose(entry.weight, other?.weight ?? NaN);
        }
        for (const [pair, entry] of incremental.pairs) {
          const other = full.pairs.get(pair);
          expect(entry.count).toBe(other?.count);
          expectClose(entry.weight, other?.weight ?? NaN);
        }
        // Whole lists (k = every product): the guard lift > 1 is a boundary that rounding may
        // put a pair on either side of, so pairs within the tolerance of it are left out on both
        // sides; a cut at k would let such a pair push another out of one list only.
        const selection = { k: PRODUCTS.length, minSupportWeight: 0, isAvailable: () => true };
        const clearOfGuard = (lists: Map<string, ScoredPair[]>) =>
          new Map(
            [...lists]
              .map(([product, list]) => [product, list.filter((scored) => scored.figures.lift > 1 + RELATIVE_TOLERANCE)] as const)
              .filter(([, list]) => list.length > 0),
          );
        const listsIncremental = clearOfGuard(topPairs(state, now, selection));
        const listsRebuilt = clearOfGuard(topPairs(rebuilt, now, selection));
        expect([...listsIncremental.keys()].sort()).toEqual([...listsRebuilt.keys()].sort());
        for (const [product, list] of listsIncremental) {
          const rebuiltList = listsRebuilt.get(product) ?? [];
          expect(list).toHaveLength(rebuiltList.length);
          list.forEach((scored, i) => {
            // Pairs whose confidences (the ranking's first key) tie but for rounding may swap
            // places, so the lists agree in their confidences place by place, and each listed
            // pair's figures agree with the rebuild's figures for the same pair.
            expectClose(scored.figures.confidence, rebuiltList[i]?.figures.confidence ?? NaN);
            const rebuiltFigures = scorePair(rebuilt, product, scored.productId, now);
            expectClose(scored.figures.confidence, rebuiltFigures?.confidence ?? NaN);
            expectClose(scored.figures.support, rebuiltFigures?.support ?? NaN);
            expectClose(scored.figures.weight, rebuiltFigures?.weight ?? NaN);
            expect(scored.figures.orders).toBe(rebuiltFigures?.orders);
          });
        }
      }),
      { numRuns: 500 },
    );
  }, 30_000);

  it("exactly, stored lists included, when orders are placed on whole half-lives (all weights powers of two)", () => {
    fc.assert(
      fc.property(streamArbitrary(fc.integer({ min: -8, max: 8 })), fc.integer({ min: -8, max: 8 }), ([orders, facts], reference) => {
        const { state, finals } = playIncrementally(orders, facts, at(reference));
        const rebuilt = rebuild(finals, H);
        const now = at(9);
        expect(asOf(state, now)).toEqual(asOf(rebuilt, now));
        const selection = { k: 3, minSupportWeight: 0.25, isAvailable: () => true };
        expect(topPairs(state, now, selection)).toEqual(topPairs(rebuilt, now, selection));
      }),
      { numRuns: 500 },
    );
  }, 30_000);

  it("whatever order the rebuild folds the contributions in", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ products: fc.subarray(PRODUCTS, { minLength: 1 }), at: fc.integer({ min: -8, max: 8 }).map(at) }), { maxLength: 30 }),
        fc.integer(),
        (contributions, seed) => {
          const shuffled = [...contributions].sort((a, b) => ((a.at * 31 + seed) % 7) - ((b.at * 31 + seed) % 7));
          expect(asOf(rebuild(shuffled, H), at(9))).toEqual(asOf(rebuild(contributions, H), at(9)));
        },
      ),
    );
  });
});

describe("the reference time", () => {
  it("moves forward before weights overflow, and the figures stay those of a state started later", () => {
    const state = emptyState(H, T0);
    // Ten thousand half-lives of orders: 2^10000 would be Infinity without the rebase.
    for (let day = 0; day <= 10_000; day += 50) applyOrder(state, null, order(["a", "b"], day));
    applyOrder(state, null, order(["a", "c"], 10_000));
    expect(Number.isFinite(state.totalWeight)).toBe(true);
    expect(state.referenceMs).toBeGreaterThan(T0);
    const late = stateOf(order(["a", "b"], 10_000), order(["a", "c"], 10_000));
    const now = at(10_000);
    // Orders 50 half-lives before the last weigh 2^−50: the two states agree to that precision.
    expect(Math.abs(asOf(state, now).total.weight - asOf(late, now).total.weight)).toBeLessThan(1e-14);
    expect(pairEntry(state, "a", "b").count).toBe(201);
    expect(pairEntry(state, "a", "b").weight * 2 ** ((state.referenceMs - now) / H)).toBeCloseTo(1, 12);
  });

  it("an order far before the reference weighs nothing but still leaves cleanly", () => {
    const state = emptyState(H, T0);
    const ancient = order(["a", "b"], -2_000);
    applyOrder(state, null, ancient);
    expect(pairEntry(state, "a", "b")).toEqual({ count: 1, weight: 0 });
    applyOrder(state, ancient, null);
    expect(pairEntry(state, "a", "b")).toEqual({ count: 0, weight: 0 });
    expect(state.totalCount).toBe(0);
  });
});

describe("mergeChanges", () => {
  const contribution = fc.option(fc.record({ products: fc.subarray(PRODUCTS, { minLength: 1 }), at: fc.integer({ min: -8, max: 8 }).map(at) }), { nil: null });

  it("applies a batch of orders' changes as applying them one after another does (exactly, on whole half-lives)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(contribution, contribution), { maxLength: 20 }), (replacements) => {
        // Each order is replaced once: its previous contribution first, then the batch's change.
        const before = replacements.flatMap(([previous]) => (previous ? [previous] : []));
        const start = () => {
          const state = emptyState(H, T0);
          for (const previous of before) applyOrder(state, null, previous);
          return state;
        };
        const oneByOne = start();
        const batched = start();
        const changes = replacements.map(([previous, current]) => orderChange(previous, current, oneByOne.referenceMs, H));
        for (const change of changes) applyChange(oneByOne, change);
        applyChange(batched, mergeChanges(changes));
        expect(asOf(batched, at(9))).toEqual(asOf(oneByOne, at(9)));
      }),
      { numRuns: 300 },
    );
  });

  it("leaves out pairs that net to nothing and keeps each pair's products in order", () => {
    const paid = order(["a", "b", "c"], 1);
    const merged = mergeChanges([orderChange(null, paid, T0, H), orderChange(paid, order(["a", "b"], 1), T0, H)]);
    expect(merged.products).toEqual(["a", "b", "c"]);
    expect(merged.totalCount).toBe(1);
    const pairs = merged.pairFirst.map((first, p) => `${merged.products[first]}${merged.products[merged.pairSecond[p] as number]}:${merged.pairCount[p]}`);
    expect(pairs).toEqual(["ab:1"]);
    expect(merged.productCount).toEqual([1, 1, 0]);
  });
});
