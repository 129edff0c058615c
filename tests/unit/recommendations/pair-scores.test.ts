import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Contribution, rebuild } from "~/core/recommendations/co-occurrence";
import { decayFactor, MAX_EXPONENT, orderWeight, rebaseShift } from "~/core/recommendations/decay";
import { comparePairs, pairFigures, rankPairs, scorePair, type ScoredPair, topPairs } from "~/core/recommendations/pair-scores";

const H = 1_000;
const T0 = 1_700_000_000_000;
const at = (halfLives: number) => T0 + halfLives * H;
const order = (products: string[], halfLives = 0): Contribution => ({ products: [...products].sort(), at: at(halfLives) });
const times = (count: number, products: string[], halfLives = 0): Contribution[] => Array.from({ length: count }, () => order(products, halfLives));

describe("decay", () => {
  it("an order placed at the reference weighs 1, one half-life earlier 0.5, later 2", () => {
    expect(orderWeight(T0, T0, H)).toBe(1);
    expect(orderWeight(T0 - H, T0, H)).toBe(0.5);
    expect(orderWeight(T0 + 3 * H, T0, H)).toBe(8);
    expect(decayFactor(T0, T0 + H, H)).toBe(0.5);
  });

  it("moves the reference only past MAX_EXPONENT half-lives, by whole half-lives", () => {
    expect(rebaseShift(T0 + MAX_EXPONENT * H, T0, H)).toBe(0);
    expect(rebaseShift(T0 + (MAX_EXPONENT + 0.5) * H, T0, H)).toBe(MAX_EXPONENT);
    expect(rebaseShift(T0 - 10_000 * H, T0, H)).toBe(0);
  });

  it("a pair's weight halves with each half-life that passes, and its ratios do not change", () => {
    const state = rebuild([...times(4, ["a", "b"], 0), ...times(4, ["a", "c"], 0), order(["b"], 0)], H);
    const now = scorePair(state, "a", "b", at(0));
    const later = scorePair(state, "a", "b", at(1));
    const muchLater = scorePair(state, "a", "b", at(10));
    expect(now?.weight).toBe(4);
    expect(later?.weight).toBe(2);
    expect(muchLater?.weight).toBe(4 / 1024);
    expect(later).toEqual({ ...now, weight: 2 });
  });

  it("as of any time, after one half-life any pair's weight is half (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 20 }), fc.double({ min: -20, max: 40, noNaN: true }), (placed, now) => {
        const state = rebuild(
          placed.map((halfLives) => order(["a", "b"], halfLives)),
          H,
        );
        const before = scorePair(state, "a", "b", at(now))?.weight ?? NaN;
        const after = scorePair(state, "a", "b", at(now + 1))?.weight ?? NaN;
        expect(after / before).toBeCloseTo(0.5, 12);
      }),
    );
  });
});

describe("pair figures", () => {
  // 10 orders: 4 with a and b, 2 with a only, 1 with b only, 3 with c only.
  const state = rebuild([...times(4, ["a", "b"]), ...times(2, ["a"]), order(["b"]), ...times(3, ["c"])], H);

  it("support, confidence and lift by their definitions", () => {
    expect(scorePair(state, "a", "b", at(0))).toEqual({ orders: 4, weight: 4, support: 0.4, confidence: 4 / 6, lift: 4 / 6 / 0.5 });
    expect(scorePair(state, "b", "a", at(0))).toEqual({ orders: 4, weight: 4, support: 0.4, confidence: 0.8, lift: 0.8 / 0.6 });
  });

  it("none for a pair never bought together, or a product paired with itself", () => {
    expect(scorePair(state, "a", "c", at(0))).toBeNull();
    expect(scorePair(state, "a", "a", at(0))).toBeNull();
    expect(scorePair(state, "a", "unknown", at(0))).toBeNull();
  });

  it("an independent pair has lift 1, a pair always together the largest lift", () => {
    const independent = rebuild([order(["a", "b"]), order(["a"]), order(["b"]), order(["c"])], H);
    expect(scorePair(independent, "a", "b", at(0))?.lift).toBe(1);
    const always = rebuild([order(["a", "b"]), ...times(3, ["c"])], H);
    expect(scorePair(always, "a", "b", at(0))).toMatchObject({ confidence: 1, lift: 4 });
  });

  it("recent orders count more: a pair bought a half-life ago counts half", () => {
    const decayed = rebuild([order(["a", "b"], -1), order(["a"], 0)], H);
    // a: 0.5 + 1; together: 0.5; total 1.5.
    expect(scorePair(decayed, "a", "b", at(0))).toEqual({ orders: 1, weight: 0.5, support: 1 / 3, confidence: 1 / 3, lift: 1 });
  });

  it("clamps the rounding excess of sums added in different orders", () => {
    const figures = pairFigures({ pairCount: 1, pairWeight: 1 + 1e-15, antecedentWeight: 1, consequentWeight: 1, totalWeight: 1 }, 1);
    expect(figures).toMatchObject({ support: 1, confidence: 1, lift: 1 });
    expect(pairFigures({ pairCount: 1, pairWeight: 0, antecedentWeight: 1, consequentWeight: 1, totalWeight: 1 }, 1)).toBeNull();
  });

  it("support and confidence lie in [0, 1], lift in [0, total / consequent], support ≤ confidence (property)", () => {
    const products = ["a", "b", "c", "d", "e"];
    fc.assert(
      fc.property(
        fc.array(fc.record({ products: fc.subarray(products, { minLength: 1 }), at: fc.double({ min: -10, max: 10, noNaN: true }).map(at) }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: -10, max: 20, noNaN: true }),
        (orders, now) => {
          const built = rebuild(orders, H);
          for (const x of products) {
            for (const y of products) {
              const figures = scorePair(built, x, y, at(now));
              if (!figures) continue;
              expect(figures.support).toBeGreaterThan(0);
              expect(figures.support).toBeLessThanOrEqual(1);
              expect(figures.confidence).toBeLessThanOrEqual(1);
              expect(figures.support).toBeLessThanOrEqual(figures.confidence * (1 + 1e-12));
              expect(figures.lift).toBeGreaterThan(0);
              const consequentShare = (scorePair(built, y, x, at(now))?.support ?? NaN) / (scorePair(built, y, x, at(now))?.confidence ?? NaN);
              expect(figures.lift * consequentShare).toBeLessThanOrEqual(1 + 1e-9);
              expect(figures.orders).toBeGreaterThanOrEqual(1);
            }
          }
        },
      ),
    );
  });
});

describe("the stored top k", () => {
  const scored = (productId: string, lift: number, confidence = 0.5, support = 0.1): ScoredPair => ({
    productId,
    figures: { orders: 5, weight: 5, support, confidence, lift },
  });

  it("orders by confidence, then lift, then support, then product id", () => {
    const ranked = [scored("e", 2, 0.5, 0.1), scored("d", 2, 0.5, 0.2), scored("c", 2, 0.6), scored("b", 3), scored("a", 2, 0.5, 0.1), scored("f", 9, 0.4)].sort(comparePairs);
    expect(ranked.map((pair) => pair.productId)).toEqual(["c", "b", "d", "a", "e", "f"]);
  });

  it("drops pairs below the minimum support weight or no better than chance, and keeps k", () => {
    const weak = { productId: "weak", figures: { orders: 1, weight: 0.9, support: 0.9, confidence: 1, lift: 100 } };
    const chance = scored("chance", 1, 0.9);
    const below = scored("below", 0.8, 0.95);
    const ranked = rankPairs([scored("a", 1.5, 0.3), scored("b", 2, 0.4), scored("c", 3, 0.2), weak, chance, below], { k: 2, minSupportWeight: 1, isAvailable: () => true });
    expect(ranked.map((pair) => pair.productId)).toEqual(["b", "a"]);
  });

  it("per product, from the state, both directions of each pair", () => {
    const state = rebuild([...times(3, ["a", "b"]), ...times(2, ["a", "c"]), order(["a", "d"]), ...times(4, ["e"])], H);
    const lists = topPairs(state, at(0), { k: 2, minSupportWeight: 2, isAvailable: () => true });
    expect([...lists.keys()].sort()).toEqual(["a", "b", "c"]);
    expect(lists.get("a")?.map((pair) => pair.productId)).toEqual(["b", "c"]);
    expect(lists.get("b")?.map((pair) => pair.productId)).toEqual(["a"]);
    expect(lists.get("c")?.[0]?.figures).toEqual(scorePair(state, "c", "a", at(0)));
  });

  it("gives the k places to products that can be bought", () => {
    const state = rebuild([...times(3, ["a", "b"]), ...times(2, ["a", "c"]), ...times(2, ["a", "d"]), ...times(3, ["e"])], H);
    const lists = topPairs(state, at(0), { k: 2, minSupportWeight: 0, isAvailable: (productId) => productId !== "b" });
    expect(lists.get("a")?.map((pair) => pair.productId)).toEqual(["c", "d"]);
    expect(lists.get("c")?.map((pair) => pair.productId)).toEqual(["a"]);
  });

  it("a pair falls below the minimum support as it ages", () => {
    const state = rebuild([...times(4, ["a", "b"]), ...times(4, ["c"])], H);
    expect(topPairs(state, at(0), { k: 4, minSupportWeight: 3, isAvailable: () => true }).get("a")).toHaveLength(1);
    expect(topPairs(state, at(1), { k: 4, minSupportWeight: 3, isAvailable: () => true }).size).toBe(0);
  });
});
