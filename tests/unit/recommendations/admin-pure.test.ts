import { describe, expect, test } from "vitest";
import { fieldsToRecommendationSettings, recommendationSettingsToFields } from "~/admin/recommendations/settings-form";
import { addToCartRate, attributedLineMinor, dayRange, summarizeAttribution, type AttributedLine } from "~/core/recommendations/attribution";
import { placePin } from "~/core/recommendations/rules.server";
import { DEFAULT_RECOMMENDATION_SETTINGS } from "~/core/recommendations/settings";

// The pure parts of the cross-sell admin: what an attributed line earned, which orders count, the
// daily counters' days for a period, where a pin goes, and the settings form both ways.

const line = (overrides: Partial<AttributedLine> = {}): AttributedLine => ({
  orderId: "o1",
  financialStatus: "paid",
  cancelled: false,
  test: false,
  recommendedFrom: "p1",
  productId: "p2",
  quantity: 2,
  unitPriceMinor: 1_250n,
  totalDiscountMinor: 100n,
  refundedQuantity: 0,
  currency: "EUR",
  ...overrides,
});

describe("attribution", () => {
  test("a line earns quantity × unit price less its discount, less the refunded units' share", () => {
    expect(attributedLineMinor(line())).toBe(2_400n);
    expect(attributedLineMinor(line({ refundedQuantity: 1 }))).toBe(1_200n);
    expect(attributedLineMinor(line({ refundedQuantity: 2 }))).toBe(0n);
    // More refunded than bought (a platform's oddity) is nothing, not a negative amount.
    expect(attributedLineMinor(line({ refundedQuantity: 5 }))).toBe(0n);
    // Rounded toward zero, in whole minor units.
    expect(attributedLineMinor(line({ quantity: 3, unitPriceMinor: 100n, totalDiscountMinor: 1n, refundedQuantity: 1 }))).toBe(199n);
  });

  test("only paid orders that stand count; an order counts once; currencies are never added", () => {
    const result = summarizeAttribution([
      line(),
      line({ productId: "p3" }),
      line({ orderId: "o2", financialStatus: "partially_refunded", currency: "CHF", unitPriceMinor: 500n, totalDiscountMinor: 0n, quantity: 1 }),
      line({ orderId: "o3", financialStatus: "pending" }),
      line({ orderId: "o4", cancelled: true }),
      line({ orderId: "o5", test: true }),
      line({ orderId: "o6", financialStatus: "PAID", quantity: 1, totalDiscountMinor: 0n }),
    ]);
    expect(result.orders).toBe(3);
    expect(result.revenue).toEqual([
      { currency: "EUR", amountMinor: 2_400 * 2 + 1_250 },
      { currency: "CHF", amountMinor: 500 },
    ]);
  });

  test("the add-to-cart rate is undefined before the block was shown", () => {
    expect(addToCartRate(0, 0)).toBeNull();
    expect(addToCartRate(200, 5)).toBe(0.025);
  });

  test("a period's days: from the day it starts, up to the day it ends unless it ends at midnight", () => {
    expect(dayRange({ from: new Date("2026-11-04T15:00:00Z"), to: new Date("2026-12-04T15:00:00Z") })).toEqual({ firstDay: "2026-11-04", endDay: "2026-12-05" });
    expect(dayRange({ from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") })).toEqual({ firstDay: "2026-11-01", endDay: "2026-12-01" });
  });
});

describe("placing a pin", () => {
  test("at a position among the others (1 is first), at the end without one or beyond the last", () => {
    expect(placePin(["a", "b"], "c", 1)).toEqual(["c", "a", "b"]);
    expect(placePin(["a", "b"], "c", 2)).toEqual(["a", "c", "b"]);
    expect(placePin(["a", "b"], "c", null)).toEqual(["a", "b", "c"]);
    expect(placePin(["a", "b"], "c", 9)).toEqual(["a", "b", "c"]);
  });

  test("a product already pinned moves rather than appearing twice", () => {
    expect(placePin(["a", "b", "c"], "c", 1)).toEqual(["c", "a", "b"]);
    expect(placePin(["a", "b", "c"], "a", null)).toEqual(["b", "c", "a"]);
  });
});

describe("the settings form", () => {
  test("round-trips the settings, decimals the German way", () => {
    const settings = { ...DEFAULT_RECOMMENDATION_SETTINGS, halfLifeDays: 30.5, minSupportWeight: 2.5, k: 6, fallbacks: { collection: false, shop: true } };
    const fields = recommendationSettingsToFields(settings, "de");
    expect(fields.halfLifeDays).toBe("30,5");
    expect(fieldsToRecommendationSettings(fields)).toEqual({ ok: true, settings });
  });

  test("names each field it cannot accept, with the schema's bound", () => {
    const fields = { ...recommendationSettingsToFields(DEFAULT_RECOMMENDATION_SETTINGS, "en"), halfLifeDays: "0,5", k: "2.5", minSupportWeight: "viele" };
    expect(fieldsToRecommendationSettings(fields)).toEqual({
      ok: false,
      errors: { halfLifeDays: { code: "min", limit: 1 }, k: { code: "wholeNumber" }, minSupportWeight: { code: "number" } },
    });
    expect(fieldsToRecommendationSettings({ ...recommendationSettingsToFields(DEFAULT_RECOMMENDATION_SETTINGS, "en"), k: "60" })).toEqual({
      ok: false,
      errors: { k: { code: "max", limit: 50 } },
    });
  });
});
