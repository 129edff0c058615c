import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateTier, progressToNextTier, qualifyingValue, tierForValue, tiersEntered, windowStart, type TierRules } from "~/core/loyalty/tiers";

const RULES: TierRules = {
  basis: "spend",
  window: "rolling_12_months",
  demotion: "recalculate",
  tiers: [
    { id: "bronze", threshold: 0, multiplier: 1, entryRewardPoints: 0 },
    { id: "silver", threshold: 25_000, multiplier: 1.25, entryRewardPoints: 100 },
    { id: "gold", threshold: 75_000, multiplier: 1.5, entryRewardPoints: 250 },
  ],
};
const NOW = new Date("2026-12-04T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe("tiers", () => {
  it("counts only the window, and refunds against it", () => {
    const events = [
      { at: daysAgo(400), points: 0, spendMinor: 90_000 },
      { at: daysAgo(100), points: 0, spendMinor: 30_000 },
      { at: daysAgo(50), points: 0, spendMinor: -10_000 },
    ];
    expect(qualifyingValue(RULES, events, NOW)).toBe(20_000);
    expect(qualifyingValue({ ...RULES, window: "lifetime" }, events, NOW)).toBe(110_000);
    expect(qualifyingValue({ ...RULES, window: "calendar_year" }, events, NOW)).toBe(20_000);
    expect(windowStart("calendar_year", NOW)?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(qualifyingValue({ ...RULES, basis: "points" }, [{ at: daysAgo(1), points: 40, spendMinor: 0 }], NOW)).toBe(40);
  });

  it("finds the highest tier reached; demotion follows the policy", () => {
    expect(tierForValue(RULES, 24_999)?.id).toBe("bronze");
    expect(tierForValue(RULES, 25_000)?.id).toBe("silver");
    expect(evaluateTier(RULES, "gold", 30_000)?.id).toBe("silver");
    expect(evaluateTier({ ...RULES, demotion: "keep" }, "gold", 30_000)?.id).toBe("gold");
    expect(evaluateTier({ ...RULES, demotion: "keep" }, "silver", 80_000)?.id).toBe("gold");
    expect(evaluateTier({ ...RULES, demotion: "keep" }, null, 0)?.id).toBe("bronze");
  });

  it("says what is missing to the next tier and which tiers were entered", () => {
    expect(progressToNextTier(RULES, "bronze", 20_000)).toMatchObject({ next: { id: "silver" }, missing: 5_000 });
    expect(progressToNextTier(RULES, "gold", 90_000)).toBeNull();
    expect(tiersEntered(RULES, "bronze", "gold").map((tier) => tier.id)).toEqual(["silver", "gold"]);
    expect(tiersEntered(RULES, "gold", "silver")).toEqual([]);
  });

  it("a higher value never gives a lower tier", () => {
    fc.assert(
      fc.property(fc.nat(200_000), fc.nat(200_000), (a, b) => {
        const [low, high] = a < b ? [a, b] : [b, a];
        const index = (value: number) => RULES.tiers.findIndex((tier) => tier.id === tierForValue(RULES, value)?.id);
        expect(index(low)).toBeLessThanOrEqual(index(high));
      }),
    );
  });
});
