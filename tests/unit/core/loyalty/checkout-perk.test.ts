import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseConfiguration } from "../../../../extensions/loyalty-discount/src/configuration";
import { checkoutPerkConfiguration, checkoutPerkDiscountTitle, hasCheckoutPerks, type TierWithPerk } from "~/core/loyalty/checkout-perk";
import { DEFAULT_PROGRAM_SETTINGS, programSettingsSchema } from "~/core/loyalty/program-settings";

const gold: TierWithPerk = { id: "gold", name: { de: "Gold", en: "Gold" }, checkoutPerk: { percent: 12.5, maxDiscountMinor: 2_500 } };
const silver: TierWithPerk = { id: "silver", name: { de: "Silber", en: "Silver" }, checkoutPerk: { percent: 5, maxDiscountMinor: null } };
const bronze: TierWithPerk = { id: "bronze", name: { de: "Bronze", en: "Bronze" } };

describe("the checkout perk configuration", () => {
  test("tiers with a perk, in the Function's terms: decimal strings, texts in both languages", () => {
    expect(checkoutPerkConfiguration([bronze, silver, gold], "EUR")).toEqual({
      version: 1,
      tiers: {
        silver: { percent: "5", maxDiscount: null, message: { de: "Silber: 5 % Treuerabatt", en: "Silver: 5% loyalty discount" } },
        gold: { percent: "12.5", maxDiscount: "25.00", message: { de: "Gold: 12,5 % Treuerabatt", en: "Gold: 12.5% loyalty discount" } },
      },
    });
  });

  test("the cap is written in the shop currency's own precision", () => {
    expect(checkoutPerkConfiguration([gold], "JPY").tiers.gold!.maxDiscount).toBe("2500");
    expect(checkoutPerkConfiguration([gold], "KWD").tiers.gold!.maxDiscount).toBe("2.500");
  });

  test("without perks there is nothing for an automatic discount to do", () => {
    expect(hasCheckoutPerks(checkoutPerkConfiguration([bronze], "EUR"))).toBe(false);
    expect(hasCheckoutPerks(checkoutPerkConfiguration([bronze, gold], "EUR"))).toBe(true);
  });

  test.each([0, -5, 100.5, 12.345, Number.NaN])("a percent of %s is refused", (percent) => {
    expect(() => checkoutPerkConfiguration([{ ...gold, checkoutPerk: { percent, maxDiscountMinor: null } }], "EUR")).toThrow();
  });

  test("the discount's title in the merchant's language", () => {
    expect(checkoutPerkDiscountTitle("de")).toBe("Treuestufen-Vorteil (Shop CRM)");
    expect(checkoutPerkDiscountTitle("en")).toBe("Loyalty tier perk (Shop CRM)");
  });

  test("program settings may carry a perk per tier, and older settings without one stay valid", () => {
    expect(programSettingsSchema.safeParse(DEFAULT_PROGRAM_SETTINGS).success).toBe(true);
    const levels = DEFAULT_PROGRAM_SETTINGS.tiers.levels.map((level) => (level.id === "gold" ? { ...level, checkoutPerk: gold.checkoutPerk } : level));
    const parsed = programSettingsSchema.parse({ ...DEFAULT_PROGRAM_SETTINGS, tiers: { ...DEFAULT_PROGRAM_SETTINGS.tiers, levels } });
    expect(checkoutPerkConfiguration(parsed.tiers.levels, "EUR").tiers).toHaveProperty("gold");
  });

  test("whatever the app writes, the Function reads back unchanged", () => {
    const perk = fc.record({
      percent: fc.integer({ min: 1, max: 10_000 }).map((hundredths) => hundredths / 100),
      maxDiscountMinor: fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: null }),
    });
    const tier = fc.record({
      id: fc.stringMatching(/^[a-z][a-z0-9-]{0,39}$/),
      name: fc.record({ de: fc.string({ minLength: 1, maxLength: 40 }), en: fc.string({ minLength: 1, maxLength: 40 }) }),
      checkoutPerk: fc.option(perk, { nil: null }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(tier, { selector: (t) => t.id, maxLength: 10 }), fc.constantFrom("EUR", "JPY", "CHF", "KWD"), (tiers, currency) => {
        const configuration = checkoutPerkConfiguration(tiers, currency);
        expect(parseConfiguration(JSON.stringify(configuration))).toEqual(configuration);
      }),
      { numRuns: 300 },
    );
  });
});
