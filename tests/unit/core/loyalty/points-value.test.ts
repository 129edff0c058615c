import { describe, expect, it } from "vitest";
import { pointsValueMinor, pointValueBasis } from "~/core/loyalty/points-value";
import { DEFAULT_PROGRAM_SETTINGS } from "~/core/loyalty/program-settings";
import type { Reward } from "~/core/loyalty/rewards";

const common = { active: true, minimumSubtotalMinor: null, codeValidDays: null } as const;
const amountOff = (id: string, pointsCost: number, amountMinor: number, active = true): Reward => ({
  ...common,
  id,
  kind: "amount_off",
  title: { de: id, en: id },
  active,
  pointsCost,
  amountMinor,
});
const variable: Reward = { ...common, id: "slider", kind: "variable_amount", title: { de: "Frei", en: "Any" }, pointsPerUnit: 100, minPoints: 100, maxPoints: 5_000 };
const percent: Reward = { ...common, id: "percent", kind: "percent_off", title: { de: "10 %", en: "10%" }, pointsCost: 10, percent: 10 };

describe("a point's value", () => {
  it("comes from the cheapest active fixed-amount reward", () => {
    const basis = pointValueBasis([amountOff("ten", 900, 1_000), amountOff("five", 500, 500), amountOff("cheap-off", 100, 5_000, false), variable], 100);
    expect(basis).toMatchObject({ kind: "amount_off", rewardId: "five", amountMinor: 500, points: 500 });
  });

  it("falls back to a variable reward's rate: points per whole currency unit", () => {
    expect(pointValueBasis([percent, variable], 100)).toMatchObject({ kind: "variable_amount", rewardId: "slider", amountMinor: 100, points: 100 });
  });

  it("is unknown when no reward turns points into an amount", () => {
    expect(pointValueBasis([percent], 100)).toBeNull();
    expect(pointValueBasis([], 100)).toBeNull();
  });

  it("of the default catalog is 1 cent per point", () => {
    expect(pointValueBasis(DEFAULT_PROGRAM_SETTINGS.rewards, 100)).toMatchObject({ rewardId: "five-off", amountMinor: 500, points: 500 });
  });
});

describe("points' value in minor units", () => {
  it("is exact and rounds half up", () => {
    expect(pointsValueMinor(12_345, { amountMinor: 500, points: 500 })).toBe(12_345);
    expect(pointsValueMinor(1, { amountMinor: 1_000, points: 800 })).toBe(1);
    expect(pointsValueMinor(3, { amountMinor: 1, points: 2 })).toBe(2);
    expect(pointsValueMinor(1, { amountMinor: 1, points: 3 })).toBe(0);
    expect(pointsValueMinor(0, { amountMinor: 500, points: 500 })).toBe(0);
  });

  it("stays exact where points × amount is beyond what floating point keeps exact", () => {
    expect(pointsValueMinor(9_000_000_000_001, { amountMinor: 1_000, points: 3 })).toBe(3_000_000_000_000_333);
  });
});
