import {
  DiscountClass,
  OrderDiscountSelectionStrategy,
  ProductDiscountSelectionStrategy,
  type CartInput,
  type CartLinesDiscountsGenerateRunResult,
  type CartOperation,
  type OrderDiscountCandidateValue,
} from "../generated/api";
import { parseConfiguration, type TierPerk } from "./configuration";
import { add, compare, formatDecimal, HUNDRED, multiply, parseDecimal, truncate, ZERO, type ExactDecimal } from "./decimal";

// Code-less redemption at checkout: a signed-in member whose tier has a perk gets that percent off
// the order subtotal, at most the tier's cap. Guests, customers without a tier, tiers without a
// perk, carts without merchandise and discounts whose configuration the Function cannot read get
// nothing. The discount's classes decide the operation (Shopify applies only operations of the
// discount's classes): ORDER, as the app creates it, gives an order discount; a discount with
// PRODUCT but not ORDER gets the same reduction on the merchandise lines instead; never both,
// which would take the perk off twice.

const NO_DISCOUNT: CartLinesDiscountsGenerateRunResult = { operations: [] };

/**
 * The converted cap is cut to cents: the Function does not know the buyer currency's precision,
 * and cutting never raises the cap (in a three-digit currency it forgoes less than a cent).
 */
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
  const orderDiscount = input.discount.discountClasses.includes(DiscountClass.Order);
  if (!orderDiscount && !input.discount.discountClasses.includes(DiscountClass.Product)) return NO_DISCOUNT;
  const tierId = input.cart.buyerIdentity?.customer?.tier?.value;
  if (!tierId) return NO_DISCOUNT;
  const perk = parseConfiguration(input.discount.configuration?.value)?.tiers[tierId];
  if (!perk) return NO_DISCOUNT;

  let subtotal = ZERO;
  const excludedCartLineIds: string[] = [];
  const discountedLineIds: string[] = [];
  for (const line of input.cart.lines) {
    const giftCard = line.merchandise.__typename === "ProductVariant" && line.merchandise.product.isGiftCard;
    const amount = parseDecimal(line.cost.subtotalAmount.amount);
    if (giftCard || !amount) {
      excludedCartLineIds.push(line.id);
      continue;
    }
    subtotal = add(subtotal, amount);
    discountedLineIds.push(line.id);
  }

  const cap = presentmentCap(perk, input.presentmentCurrencyRate);
  if (cap === "invalid") return NO_DISCOUNT;
  const value = tierPerkValue(subtotal, parseDecimal(perk.percent)!, cap);
  if (!value) return NO_DISCOUNT;
  const text = message(perk, input.localization.language.isoCode);
  return { operations: [orderDiscount ? orderOperation(value, text, excludedCartLineIds) : productOperation(value, text, discountedLineIds)] };
}

function orderOperation(value: OrderDiscountCandidateValue, text: string | null, excludedCartLineIds: string[]): CartOperation {
  return {
    orderDiscountsAdd: {
      candidates: [{ message: text, targets: [{ orderSubtotal: { excludedCartLineIds } }], value }],
      selectionStrategy: OrderDiscountSelectionStrategy.First,
    },
  };
}

function productOperation(value: OrderDiscountCandidateValue, text: string | null, lineIds: string[]): CartOperation {
  return {
    productDiscountsAdd: {
      candidates: [
        {
          message: text,
          targets: lineIds.map((id) => ({ cartLine: { id } })),
          // The cap is for the whole order: shared out over the lines, not taken off each unit.
          value: "fixedAmount" in value ? { fixedAmount: { amount: value.fixedAmount.amount, appliesToEachItem: false } } : value,
        },
      ],
      selectionStrategy: ProductDiscountSelectionStrategy.First,
    },
  };
}
