import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { basePoints, lineMultiplier, tierBonusPoints, type EarnRules, type EarningOrder } from "~/core/loyalty/earn-rules";

const RULES: EarnRules = {
  version: 1,
  pointsPerUnit: 1,
  rounding: "down",
  includeShipping: false,
  productMultipliers: {},
  collectionMultipliers: {},
};

const order = (overrides: Partial<EarningOrder> = {}): EarningOrder => ({
  eligibleMinor: 4_990n,
  shippingMinor: 490n,
  lines: [{ productId: "p1", collectionIds: ["coffee"], amountMinor: 4_990n }],
  minorPerUnit: 100,
  ...overrides,
});

describe("earning rules", () => {
  it("earns per whole currency unit of the eligible value, rounded as chosen", () => {
    expect(basePoints(RULES, order())).toBe(49);
    expect(basePoints({ ...RULES, rounding: "nearest" }, order())).toBe(50);
    expect(basePoints({ ...RULES, rounding: "up" }, order({ eligibleMinor: 4_901n }))).toBe(50);
    expect(basePoints({ ...RULES, pointsPerUnit: 10 }, order())).toBe(499);
    expect(basePoints(RULES, order({ minorPerUnit: 1, eligibleMinor: 1_200n }))).toBe(1_200);
  });

  it("counts shipping only when the shop says so", () => {
    expect(basePoints({ ...RULES, includeShipping: true }, order())).toBe(54);
  });

  it("weights lines by product, else by their best collection; 0 excludes", () => {
    const rules = { ...RULES, productMultipliers: { gift: 0 }, collectionMultipliers: { coffee: 2, tea: 3 } };
    expect(lineMultiplier(rules, { productId: "gift", collectionIds: ["tea"], amountMinor: 1n })).toBe(0);
    expect(lineMultiplier(rules, { productId: "x", collectionIds: ["coffee", "tea"], amountMinor: 1n })).toBe(3);
    expect(lineMultiplier(rules, { productId: "x", collectionIds: [], amountMinor: 1n })).toBe(1);
    const mixed = order({
      eligibleMinor: 3_000n,
      lines: [
        { productId: "gift", collectionIds: [], amountMinor: 2_000n },
        { productId: "beans", collectionIds: ["coffee"], amountMinor: 1_000n },
      ],
    });
    // The gift card's two thirds earn nothing; the coffee's third (10 €) earns double.
    expect(basePoints(rules, mixed)).toBe(20);
  });

  it("earns nothing on nothing, and never less than nothing", () => {
    expect(basePoints(RULES, order({ eligibleMinor: 0n }))).toBe(0);
    expect(basePoints(RULES, order({ eligibleMinor: -5n }))).toBe(0);
  });

  it("without multipliers, points grow with the eligible value and stay within a point of value × rate", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10_000_000n }), fc.bigInt({ min: 0n, max: 10_000_000n }), fc.integer({ min: 1, max: 20 }), (a, b, rate) => {
        const [low, high] = a < b ? [a, b] : [b, a];
        const rules = { ...RULES, pointsPerUnit: rate };
        expect(basePoints(rules, order({ eligibleMinor: low }))).toBeLessThanOrEqual(basePoints(rules, order({ eligibleMinor: high })));
        const exact = (Number(high) / 100) * rate;
        expect(Math.abs(basePoints(rules, order({ eligibleMinor: high })) - exact)).toBeLessThan(1);
      }),
    );
  });

  it("a tier multiplier adds the extra points, rounded down", () => {
    expect(tierBonusPoints(33, 1.5)).toBe(16);
    expect(tierBonusPoints(10, 1)).toBe(0);
    expect(tierBonusPoints(10, 1.1)).toBe(1);
  });
});
