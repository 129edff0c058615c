import { describe, expect, it } from "vitest";
import { DEFAULT_RECOMMENDATION_SETTINGS, halfLifeMs, recommendationSettingsSchema } from "~/core/recommendations/settings";

describe("recommendation settings", () => {
  it("the defaults are valid settings", () => {
    expect(recommendationSettingsSchema.parse(DEFAULT_RECOMMENDATION_SETTINGS)).toEqual(DEFAULT_RECOMMENDATION_SETTINGS);
  });

  it.each([
    ["a half-life under a day", { halfLifeDays: 0.5 }],
    ["a negative minimum support", { minSupportWeight: -1 }],
    ["no products shown", { k: 0 }],
    ["a fractional k", { k: 2.5 }],
    ["more than 50 products", { k: 51 }],
  ])("rejects %s", (_, change) => {
    expect(recommendationSettingsSchema.safeParse({ ...DEFAULT_RECOMMENDATION_SETTINGS, ...change }).success).toBe(false);
  });

  it("gives the half-life in milliseconds", () => {
    expect(halfLifeMs({ halfLifeDays: 1 })).toBe(86_400_000);
  });
});
