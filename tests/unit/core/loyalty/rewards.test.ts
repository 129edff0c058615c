import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quoteRedemption, RedemptionRefused, rewardCode, rewardCodeRequest, rewardSchema, type Reward } from "~/core/loyalty/rewards";

const base = { id: "r", title: { de: "5 € Rabatt", en: "€5 off" }, active: true, minimumSubtotalMinor: null, codeValidDays: 30 };
const fiveOff: Reward = { ...base, kind: "amount_off", pointsCost: 500, amountMinor: 500 };
const slider: Reward = { ...base, id: "v", kind: "variable_amount", pointsPerUnit: 100, minPoints: 500, maxPoints: 5_000 };

describe("rewards", () => {
  it("quotes fixed rewards at their price", () => {
    expect(quoteRedemption(fiveOff, "EUR", 100)).toEqual({ points: 500, value: { kind: "amount", amountMinor: 500n, currency: "EUR" } });
    expect(quoteRedemption({ ...base, kind: "free_shipping", pointsCost: 300 }, "EUR", 100).value).toEqual({ kind: "free_shipping" });
    expect(quoteRedemption({ ...base, kind: "free_product", pointsCost: 900, variantId: "4711" }, "EUR", 100).value).toEqual({
      kind: "free_product",
      variantPlatformId: "4711",
      quantity: 1,
    });
  });

  it("quotes a variable reward in whole units between its bounds", () => {
    expect(quoteRedemption(slider, "EUR", 100, 1_200).value).toEqual({ kind: "amount", amountMinor: 1_200n, currency: "EUR" });
    expect(() => quoteRedemption(slider, "EUR", 100, 400)).toThrow(RedemptionRefused);
    expect(() => quoteRedemption(slider, "EUR", 100, 5_100)).toThrow(RedemptionRefused);
    expect(() => quoteRedemption(slider, "EUR", 100, 1_250)).toThrow(RedemptionRefused);
    expect(() => quoteRedemption({ ...fiveOff, active: false }, "EUR", 100)).toThrow(RedemptionRefused);
  });

  it("asks for a single-use code for the member only, with minimum and expiry", () => {
    const now = new Date("2026-12-04T10:00:00Z");
    const reward = { ...fiveOff, minimumSubtotalMinor: 2_000 };
    const request = rewardCodeRequest({ reward, quote: quoteRedemption(reward, "EUR", 100), code: "TREUE-AAAAA-BBBBB", title: "Treue", customerPlatformId: "42", currency: "EUR", now });
    expect(request).toMatchObject({
      customerPlatformId: "42",
      usageLimit: 1,
      oncePerCustomer: true,
      minimumSubtotal: { amountMinor: 2_000n, currency: "EUR" },
      endsAt: new Date("2027-01-03T10:00:00Z"),
    });
  });

  it("validates catalog entries", () => {
    expect(rewardSchema.safeParse(fiveOff).success).toBe(true);
    expect(rewardSchema.safeParse({ ...fiveOff, pointsCost: 0 }).success).toBe(false);
    expect(rewardSchema.safeParse({ ...fiveOff, kind: "percent_off", percent: 150 }).success).toBe(false);
  });

  it("codes use an unambiguous alphabet and differ with their randomness", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (bytes) => {
        expect(rewardCode("TREUE", bytes)).toMatch(/^TREUE-[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$/);
      }),
    );
  });
});
