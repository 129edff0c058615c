import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateRecommendations, type EvaluationOptions, type EvaluationOrder } from "~/core/recommendations/evaluation";
import { Random } from "~/demo/random";

const DAY = 86_400_000;
const SPLIT = 1_700_000_000_000;
const options: EvaluationOptions = { splitMs: SPLIT, k: 2, halfLifeMs: 90 * DAY, minSupportWeight: 1 };

let nextId = 0;
/** A paid order of one unit of each product, `days` after the split (negative: before). */
const order = (products: readonly string[], days: number, overrides: Partial<EvaluationOrder> = {}): EvaluationOrder => ({
  id: String((nextId += 1)),
  placedAt: SPLIT + days * DAY,
  lines: products.map((productId) => ({ productId, remainingQuantity: 1 })),
  paid: true,
  cancelled: false,
  ...overrides,
});
const times = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));

// Popular singles p0..p3 are the bestsellers; a_i and b_i are only ever bought together.
const COMPLEMENTS = times(5, (i) => [`a${i}`, `b${i}`] as const);
const POPULAR = times(4, (i) => `p${i}`);
const learnedHistory = (): EvaluationOrder[] => [
  ...COMPLEMENTS.flatMap((pair) => times(5, (i) => order(pair, -30 - i))),
  ...POPULAR.flatMap((product) => times(20, (i) => order([product], -10 - i))),
];

describe("evaluateRecommendations", () => {
  it("a perfect complement structure: every block names the complement, the bestsellers never do", () => {
    const test = COMPLEMENTS.flatMap((pair) => times(3, (i) => order(pair, 1 + i)));
    const result = evaluateRecommendations([...learnedHistory(), ...test], options);
    expect(result).toMatchObject({ learnedOrders: 25 + 80, testOrders: 15, queries: 30, coverage: 1 });
    expect(result.engine).toEqual({ hitRate: 1, recall: 1 });
    expect(result.baseline).toEqual({ hitRate: 0, recall: 0 });
  });

  it("recall counts the share of the order's other products in the block", () => {
    // The engine's pairs for a0 are b0 and c (k = 2); the test order also has d, never seen with a0.
    const history = [...learnedHistory(), ...times(5, (i) => order(["a0", "c"], -40 - i))];
    const result = evaluateRecommendations([...history, order(["a0", "b0", "d"], 1)], options);
    expect(result.queries).toBe(3);
    // a0 finds b0 (1 of 2 others); b0 finds a0 (1 of 2); d has no pairs: bestsellers, finds none.
    expect(result.engine.hitRate).toBeCloseTo(2 / 3);
    expect(result.engine.recall).toBeCloseTo((1 / 2 + 1 / 2 + 0) / 3);
    expect(result.coverage).toBeCloseTo(2 / 3);
  });

  it("without structure the engine does about as well as the bestsellers", () => {
    const rng = new Random(7);
    const products = times(20, (i) => `x${i}`);
    const basket = () => {
      const chosen = new Set<string>();
      const size = rng.int(2, 3);
      while (chosen.size < size) chosen.add(rng.pick(products));
      return [...chosen];
    };
    const orders = [...times(4000, (i) => order(basket(), -1 - (i % 300))), ...times(1500, (i) => order(basket(), i % 60))];
    const result = evaluateRecommendations(orders, { ...options, k: 4, minSupportWeight: 3 });
    // Pairs no more frequent than chance (lift ≤ 1, about half of them here) are left to the bestsellers.
    expect(result.coverage).toBeLessThan(0.6);
    expect(Math.abs(result.engine.hitRate - result.baseline.hitRate)).toBeLessThan(0.04);
    expect(Math.abs(result.engine.recall - result.baseline.recall)).toBeLessThan(0.03);
  });

  it("asks only about test orders with at least two distinct products", () => {
    const test = [order(["a0"], 1), order(["a0", "a0"], 2), order(["a1", "b1", "p0"], 3), order(["a2", "b2"], 4)];
    const result = evaluateRecommendations([...learnedHistory(), ...test], options);
    expect(result).toMatchObject({ testOrders: 2, queries: 5 });
  });

  it("splits strictly in time: an order at the split is tested, never learned", () => {
    const atSplit = times(10, () => order(["q", "r"], 0));
    const justBefore = order(["s", "t"], 0, { placedAt: SPLIT - 1 });
    const result = evaluateRecommendations([...learnedHistory(), justBefore, ...atSplit], options);
    expect(result).toMatchObject({ learnedOrders: 106, testOrders: 10, queries: 20, coverage: 0 });
    expect(result.engine).toEqual({ hitRate: 0, recall: 0 });
  });

  it("leaves out refunded lines, cancelled and unpaid orders, in learning and in testing", () => {
    const refundedLine = (products: readonly string[], days: number) =>
      order(products, days, { lines: [...products.map((productId) => ({ productId, remainingQuantity: 1 })), { productId: "gone", remainingQuantity: 0 }] });
    const history = [
      ...learnedHistory(),
      ...times(5, (i) => refundedLine(["c"], -50 - i)),
      ...times(5, (i) => order(["c", "gone"], -60 - i, { cancelled: true })),
      ...times(5, (i) => order(["c", "gone"], -70 - i, { paid: false })),
    ];
    const test = [refundedLine(["c"], 1), order(["c", "gone"], 2, { cancelled: true }), order(["c", "gone"], 3, { paid: false }), order(["c", "gone"], 4)];
    const result = evaluateRecommendations([...history, ...test], options);
    // Only the refunded-line orders' "c" was learned: no pair with "gone", so its block is bestsellers.
    expect(result).toMatchObject({ learnedOrders: 105 + 5, testOrders: 1, queries: 2, coverage: 0 });
    expect(result.engine).toEqual({ hitRate: 0, recall: 0 });
  });

  it("refuses a k that is not a positive integer", () => {
    expect(() => evaluateRecommendations([], { ...options, k: 0 })).toThrow(RangeError);
    expect(() => evaluateRecommendations([], { ...options, k: 1.5 })).toThrow(RangeError);
  });

  it("hit rate is at least recall, every share in [0, 1], one query per product of each test order", () => {
    const products = fc.constantFrom("a", "b", "c", "d", "e", "f");
    const anOrder = fc.record({
      products: fc.array(products, { minLength: 1, maxLength: 4 }),
      days: fc.integer({ min: -200, max: 100 }),
      refunded: fc.boolean(),
      cancelled: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(anOrder, { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, 1, 2), (specs, k, minSupportWeight) => {
        const orders = specs.map((spec) =>
          order(spec.products, spec.days, {
            cancelled: spec.cancelled && spec.days % 3 === 0,
            lines: spec.products.map((productId, i) => ({ productId, remainingQuantity: spec.refunded && i === 0 ? 0 : 1 })),
          }),
        );
        const result = evaluateRecommendations(orders, { ...options, k, minSupportWeight });
        for (const scores of [result.engine, result.baseline]) {
          expect(scores.hitRate).toBeGreaterThanOrEqual(scores.recall - 1e-12);
          for (const share of [scores.hitRate, scores.recall]) expect(share >= 0 && share <= 1).toBe(true);
        }
        expect(result.coverage >= 0 && result.coverage <= 1).toBe(true);
        const expectedQueries = orders
          .filter((o) => o.placedAt >= SPLIT && !o.cancelled)
          .map((o) => new Set(o.lines.filter((line) => line.remainingQuantity > 0).map((line) => line.productId)).size)
          .filter((size) => size >= 2)
          .reduce((sum, size) => sum + size, 0);
        expect(result.queries).toBe(expectedQueries);
      }),
    );
  });
});
