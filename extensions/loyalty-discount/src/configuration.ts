import { compare, HUNDRED, parseDecimal, ZERO } from "./decimal";

// The contract between the app and the Function: the app writes this JSON into the automatic
// discount's metafield (app/platforms/shopify/actions/automatic-discount.server.ts, built by
// app/core/loyalty/checkout-perk.ts), the Function reads it with the discount. The member's tier
// comes from the customer metafield crm_loyalty.tier that the customer sync keeps current
// (app/core/loyalty/customer-sync.ts). The perk lives on the discount, not on every customer, so
// that changing a tier's perk is one Admin call instead of one per member.
//
// No zod here: the Function is compiled to WebAssembly with a size and instruction budget, so it
// checks the few fields by hand and treats anything unexpected as "no perk".

/** `$app:` makes the namespace the app's own (app--<id>--loyalty-discount): no other app can write it. */
export const CONFIGURATION_METAFIELD = { namespace: "$app:loyalty-discount", key: "configuration", type: "json" } as const;
/** Written by the customer sync; "none" when the member has no tier. */
export const CUSTOMER_TIER_METAFIELD = { namespace: "crm_loyalty", key: "tier" } as const;

export interface TierPerk {
  /** Percent off the order subtotal, a Decimal string, more than 0 and at most 100. */
  percent: string;
  /** The most the perk takes off one order, a Decimal string in the shop's currency; null: no cap. */
  maxDiscount: string | null;
  /** The text the buyer sees, by lowercase language code ("de", "en"); "en" is the fallback. */
  message: Record<string, string>;
}

export interface LoyaltyDiscountConfiguration {
  version: 1;
  /** By the program's tier id. */
  tiers: Record<string, TierPerk>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function validPercent(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const percent = parseDecimal(value);
  return percent !== null && compare(percent, ZERO) > 0 && compare(percent, HUNDRED) <= 0;
}

function validCap(value: unknown): value is string | null {
  if (value === null) return true;
  if (typeof value !== "string") return false;
  const cap = parseDecimal(value);
  return cap !== null && compare(cap, ZERO) > 0;
}

function parsePerk(value: unknown): TierPerk | null {
  if (!isRecord(value) || !validPercent(value.percent) || !validCap(value.maxDiscount) || !isRecord(value.message)) return null;
  const message: Record<string, string> = {};
  for (const [language, text] of Object.entries(value.message)) {
    if (typeof text === "string" && text.trim() !== "") message[language.toLowerCase()] = text;
  }
  return { percent: value.percent, maxDiscount: value.maxDiscount, message };
}

/**
 * The configuration in the metafield's value, or null when it is missing or not what the app
 * writes (a merchant's hand edit, a newer app version): no discount is better than a wrong one.
 * A single malformed tier voids the whole configuration for the same reason.
 */
export function parseConfiguration(value: string | null | undefined): LoyaltyDiscountConfiguration | null {
  if (!value) return null;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return null;
  }
  if (!isRecord(json) || json.version !== 1 || !isRecord(json.tiers)) return null;
  const tiers: Record<string, TierPerk> = {};
  for (const [tierId, raw] of Object.entries(json.tiers)) {
    const perk = parsePerk(raw);
    if (!perk) return null;
    tiers[tierId] = perk;
  }
  return { version: 1, tiers };
}
