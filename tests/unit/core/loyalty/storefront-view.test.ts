import { describe, expect, test } from "vitest";
import { DEFAULT_PROGRAM_SETTINGS, tierRules } from "~/core/loyalty/program-settings";
import type { Reward } from "~/core/loyalty/rewards";
import { earnText, rewardViews, tierProgress } from "~/core/loyalty/storefront-view";
import type { TierRules } from "~/core/loyalty/tiers";

// The program as the storefront shows it: earning rate, reward prices and affordability, the way
// to the next tier.

const NBSP = "\u00a0";
const spendRules = tierRules(DEFAULT_PROGRAM_SETTINGS);
const names = new Map([
  ["bronze", "Bronze"],
  ["silver", "Silber"],
  ["gold", "Gold"],
]);

const flex: Reward = {
  id: "flex",
  kind: "variable_amount",
  title: { de: "Wunschrabatt", en: "Discount of your choice" },
  active: true,
  pointsPerUnit: 100,
  minPoints: 200,
  maxPoints: 1_000,
  minimumSubtotalMinor: null,
  codeValidDays: null,
};
const retired: Reward = { ...DEFAULT_PROGRAM_SETTINGS.rewards[0]!, id: "old", active: false };

describe("earning rate", () => {
  test("one point, and several, per currency unit", () => {
    expect(earnText(DEFAULT_PROGRAM_SETTINGS, "EUR", "de")).toBe(`Sammeln Sie 1 Punkt für jeden Einkauf von 1,00${NBSP}€`);
    const five = { ...DEFAULT_PROGRAM_SETTINGS, earning: { ...DEFAULT_PROGRAM_SETTINGS.earning, pointsPerUnit: 5 } };
    expect(earnText(five, "USD", "en")).toBe("Earn 5 points for every $1.00 you spend");
    expect(earnText(five, "JPY", "en")).toBe("Earn 5 points for every ¥1 you spend");
  });
});

describe("rewards", () => {
  test("active rewards only, priced, affordable by the available points", () => {
    const views = rewardViews([...DEFAULT_PROGRAM_SETTINGS.rewards, flex, retired], "EUR", "en", 500);
    expect(views.map((view) => [view.id, view.title, view.priceText, view.affordable])).toEqual([
      ["five-off", "€5 off", "500 points", true],
      ["ten-percent", "10% off", "800 points", false],
      ["free-shipping", "Free shipping", "300 points", true],
      ["flex", "Discount of your choice", "200 to 1,000 points (100 points = €1.00)", true],
    ]);
    expect(views[3]).toMatchObject({ points: 200, maxPoints: 1_000, step: 100 });
    expect(views[0]).toMatchObject({ points: 500, maxPoints: null, step: null });
  });

  test("nothing is affordable for a shopper who is not signed in", () => {
    expect(rewardViews([flex], "EUR", "de", null)).toEqual([
      expect.objectContaining({ title: "Wunschrabatt", priceText: `200 bis 1.000 Punkte (100 Punkte = 1,00${NBSP}€)`, affordable: false }),
    ]);
  });
});

describe("tier progress", () => {
  test("spend: what is missing to the next tier in money, and the share of the way", () => {
    expect(tierProgress(spendRules, "silver", 50_000, names, "EUR", "de")).toEqual({
      tier: { id: "silver", name: "Silber" },
      next: { id: "gold", name: "Gold", missing: 25_000, text: `Noch 250,00${NBSP}€ Einkaufswert bis Gold` },
      progress: 0.5,
      topText: null,
    });
  });

  test("points: what is missing in points", () => {
    const rules: TierRules = { ...spendRules, basis: "points", tiers: [{ ...spendRules.tiers[0]! }, { ...spendRules.tiers[1]!, threshold: 1_000 }] };
    expect(tierProgress(rules, "bronze", 250, names, "EUR", "en")).toMatchObject({
      next: { id: "silver", missing: 750, text: "750 more points to reach Silber" },
      progress: 0.25,
    });
  });

  test("at the top there is nothing to reach", () => {
    expect(tierProgress(spendRules, "gold", 90_000, names, "EUR", "en")).toEqual({
      tier: { id: "gold", name: "Gold" },
      next: null,
      progress: 1,
      topText: "You have reached the highest tier",
    });
  });

  test("a member kept in a tier above their value (demotion 'keep') shows no negative progress", () => {
    expect(tierProgress(spendRules, "silver", 10_000, names, "EUR", "en").progress).toBe(0);
  });

  test("a program without tiers shows none", () => {
    expect(tierProgress({ ...spendRules, tiers: [] }, null, 0, names, "EUR", "en")).toEqual({ tier: null, next: null, progress: 1, topText: null });
  });
});
