import {
  DiscountClass,
  OrderDiscountSelectionStrategy,
  type CartInput,
  type CartLinesDiscountsGenerateRunResult,
  type OrderDiscountCandidateValue,
} from "../generated/api";
import { parseConfiguration, type TierPerk } from "./configuration";
import { add, compare, formatDecimal, HUNDRED, multiply, parseDecimal, truncate, ZERO, type ExactDecimal } from "./decimal";

// Code-less redemption at checkout: a signed-in member whose tier has a perk gets that percent off
// the order subtotal, at most the tier's cap. Guests, customers without a tier, tiers without a
// perk, carts without merchandise and discounts whose configuration the Function cannot read get
// nothing. The perk is an order discount: when the merchant's discount lacks the ORDER class, the
// Function adds nothing (Shopify would refuse operations of a class the discount doesn't have).

const NO_DISCOUNT: CartLinesDiscountsGenerateRunResult = { operations: [] };

/** Shopify's cart amounts have at most this many fractional digits in any currency it sells in. */
const AMOUNT_DIGITS = 2;

/**
 * What the perk takes off `subtotal` (the buyer's currency): the percentage, or, when that would
 * exceed the cap, the cap as a fixed amount. Null when nothing is to be taken off.
 */
export function tierPerkValue(subtotal: ExactDecimal, percent: ExactDecimal, cap: ExactDecimal | null): OrderDiscountCandidateValue | null {
  if (compare(subtotal, ZERO) <= 0 || compare(percent, ZERO) <= 0) return null;
  const clampedPercent = compare(percent, HUNDRED) > 0 ? HUNDRED : percent;
  if (cap !== null) {
    // subtotal × percent / 100 > cap, compared without dividing.
    if (compare(cap, ZERO) <= 0) return null;
    if (compare(multiply(subtotal, clampedPercent), multiply(cap, HUNDRED)) > 0) return { fixedAmount: { amount: formatDecimal(cap) } };
  }
  return { percentage: { value: formatDecimal(clampedPercent) } };
}

/** The cap in the buyer's currency, rounded down to whole cents so that it never grows. */
function presentmentCap(perk: TierPerk, rate: string): ExactDecimal | null | "invalid" {
  if (perk.maxDiscount === null) return null;
  const cap = parseDecimal(perk.maxDiscount);
  const factor = parseDecimal(rate);
  if (!cap || !factor || compare(factor, ZERO) <= 0) return "invalid";
  return truncate(multiply(cap, factor), AMOUNT_DIGITS);
}

function message(perk: TierPerk, isoCode: string): string | null {
  const language = isoCode.toLowerCase();
  return perk.message[language] ?? perk.message[language.split(/[-_]/)[0]!] ?? perk.message.en ?? Object.values(perk.message)[0] ?? null;
}

export function cartLinesDiscountsGenerateRun(input: CartInput): CartLinesDiscountsGenerateRunResult {
  if (!input.discount.discountClasses.includes(DiscountClass.Order)) return NO_DISCOUNT;
  const tierId = input.cart.buyerIdentity?.customer?.tier?.value;
  if (!tierId) return NO_DISCOUNT;
  const perk = parseConfiguration(input.discount.configuration?.value)?.tiers[tierId];
  if (!perk) return NO_DISCOUNT;

  let subtotal = ZERO;
  const excludedCartLineIds: string[] = [];
  for (const line of input.cart.lines) {
    const giftCard = line.merchandise.__typename === "ProductVariant" && line.merchandise.product.isGiftCard;
    const amount = parseDecimal(line.cost.subtotalAmount.amount);
    if (giftCard || !amount) {
      excludedCartLineIds.push(line.id);
      continue;
    }
    subtotal = add(subtotal, amount);
  }

  const cap = presentmentCap(perk, input.presentmentCurrencyRate);
  if (cap === "invalid") return NO_DISCOUNT;
  const value = tierPerkValue(subtotal, parseDecimal(perk.percent)!, cap);
  if (!value) return NO_DISCOUNT;
  return {
    operations: [
      {
        orderDiscountsAdd: {
          candidates: [{ message: message(perk, input.localization.language.isoCode), targets: [{ orderSubtotal: { excludedCartLineIds } }], value }],
          selectionStrategy: OrderDiscountSelectionStrategy.First,
        },
      },
    ],
  };
}
