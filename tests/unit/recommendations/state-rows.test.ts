import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyOrder, type Contribution, rebuild } from "~/core/recommendations/co-occurrence";
import { topPairs } from "~/core/recommendations/pair-scores";
import { pairRows, productRows, stateFromRows, stateTotals } from "~/core/recommendations/state-rows";

const H = 1_000;
const T0 = 1_700_000_000_000;
const PRODUCTS = ["a", "b", "c", "d", "e"];

describe("the state as rows", () => {
  it("writes each pair once with its ids ascending, and no entry without orders", () => {
    const state = rebuild(
      [
        { products: ["b", "c"], at: T0 },
        { products: ["a", "c"], at: T0 },
      ],
      H,
    );
    applyOrder(state, { products: ["a", "c"], at: T0 }, null);
    expect([...pairRows(state)]).toEqual([{ firstProductId: "b", secondProductId: "c", weight: 1, count: 1 }]);
    expect([...productRows(state)].map((row) => row.productId).sort()).toEqual(["b", "c"]);
    expect(stateTotals(state)).toEqual({ halfLifeMs: H, referenceMs: T0, totalWeight: 1, totalCount: 1 });
  });

  it("read back, give the same lists and take further orders the same way (property)", () => {
    const contribution = fc.record({ products: fc.subarray(PRODUCTS, { minLength: 1 }), at: fc.integer({ min: -5, max: 5 }).map((h) => T0 + h * H) });
    fc.assert(
      fc.property(fc.array(contribution, { maxLength: 30 }), fc.array(contribution, { maxLength: 10 }), (before, after) => {
        const original = rebuild(before, H);
        const loaded = stateFromRows(stateTotals(original), productRows(original), pairRows(original));
        const apply = (state: typeof original, orders: Contribution[]) => {
          for (const order of orders) applyOrder(state, null, order);
        };
        apply(original, after);
        apply(loaded, after);
        const now = T0 + 6 * H;
        const selection = { k: 3, minSupportWeight: 0, isAvailable: () => true };
        expect(topPairs(loaded, now, selection)).toEqual(topPairs(original, now, selection));
        expect(stateTotals(loaded)).toEqual(stateTotals(original));
      }),
    );
  });
});
