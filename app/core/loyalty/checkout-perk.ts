import { z } from "zod";
import { minorToDecimal } from "~/core/money";
import { intlLocale, LOCALES, type Locale } from "~/i18n/translate";
import type { LoyaltyDiscountConfiguration, TierPerk } from "../../../extensions/loyalty-discount/src/configuration";

// A tier's perk at checkout without a code: percent off the order subtotal, optionally capped,
// applied by the loyalty discount Function (extensions/loyalty-discount) to signed-in members of
// the tier. This module turns the program's tiers into the Function's configuration, the JSON the
// app writes into the automatic discount's metafield (the contract is
// extensions/loyalty-discount/src/configuration.ts). The member's tier reaches the Function
// through the customer metafield crm_loyalty.tier that the customer sync already writes.
//
// The buyer's texts are stored per language in the configuration because the Function cannot
// look anything up at checkout; they are kept here and not in the admin's translation areas
// because they are checkout copy, written once per perk change.

export const checkoutPerkSchema = z.object({
  /** Percent off, up to two decimals (12.5). */
  percent: z
    .number()
    .gt(0)
    .max(100)
    .refine((percent) => /^\d+(\.\d{1,2})?$/.test(String(percent)), "At most two decimals"),
  /** The most one order gets off, in the shop currency's minor units; null: no cap. */
  maxDiscountMinor: z.number().int().positive().nullable(),
});
export type CheckoutPerk = z.infer<typeof checkoutPerkSchema>;

export interface TierWithPerk {
  id: string;
  name: Record<Locale, string>;
  checkoutPerk?: CheckoutPerk | null | undefined;
}

const PERK_MESSAGE: Record<Locale, (tier: string, percent: string) => string> = {
  de: (tier, percent) => `${tier}: ${percent} % Treuerabatt`,
  en: (tier, percent) => `${tier}: ${percent}% loyalty discount`,
};

const DISCOUNT_TITLE: Record<Locale, string> = {
  de: "Treuestufen-Vorteil (Shop CRM)",
  en: "Loyalty tier perk (Shop CRM)",
};

/** The automatic discount's title as the merchant sees it in the Discounts admin (and buyers in the order). */
export function checkoutPerkDiscountTitle(locale: Locale): string {
  return DISCOUNT_TITLE[locale];
}

function formatPercent(percent: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 2 }).format(percent);
}

function tierPerk(tier: TierWithPerk, perk: CheckoutPerk, currency: string): TierPerk {
  return {
    // String(12.5) is "12.5": the schema allows only numbers that print as plain decimals.
    percent: String(perk.percent),
    maxDiscount: perk.maxDiscountMinor === null ? null : minorToDecimal(BigInt(perk.maxDiscountMinor), currency),
    message: Object.fromEntries(LOCALES.map((locale) => [locale, PERK_MESSAGE[locale](tier.name[locale], formatPercent(perk.percent, locale))])),
  };
}

/** The Function's configuration for the program's tiers; tiers without a perk are left out. */
export function checkoutPerkConfiguration(tiers: readonly TierWithPerk[], currency: string): LoyaltyDiscountConfiguration {
  const perks: Record<string, TierPerk> = {};
  for (const tier of tiers) {
    if (tier.checkoutPerk) perks[tier.id] = tierPerk(tier, checkoutPerkSchema.parse(tier.checkoutPerk), currency);
  }
  return { version: 1, tiers: perks };
}

/** Whether any tier has a perk: without one the shop needs no automatic discount. */
export function hasCheckoutPerks(configuration: LoyaltyDiscountConfiguration): boolean {
  return Object.keys(configuration.tiers).length > 0;
}
