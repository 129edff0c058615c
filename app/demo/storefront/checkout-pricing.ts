import type { DiscountValue } from "~/core/platform-actions";

// What the demo storefront's checkout charges: the cart's lines, flat shipping (free from a
// subtotal on), and at most one discount code, applied the way Shopify applies the program's
// codes: an amount or a percentage spread over the lines, free shipping on the shipping line, a
// free product on one unit of that variant. Amounts are minor units (cents) of the shop's currency.

export const SHIPPING_MINOR = 490;
export const FREE_SHIPPING_FROM_MINOR = 5_000;

export interface PricedLineInput {
  variantId: string;
  quantity: number;
  unitMinor: number;
}

export interface CodeDiscount {
  code: string;
  value: DiscountValue;
  /** The code's minimum subtotal; null: none. */
  minimumSubtotalMinor: number | null;
}

/** How Shopify's order names the kind of a code (discount_codes[].type). */
export type ShopifyCodeType = "fixed_amount" | "percentage" | "shipping";

export interface PricedCheckout {
  /** Before discounts. */
  lineItemsMinor: number;
  /** Per line, the share of the code's discount (same order as the lines). */
  lineDiscountsMinor: number[];
  shippingMinor: number;
  shippingDiscountMinor: number;
  discount: { code: string; type: ShopifyCodeType; amountMinor: number; value: string } | null;
  totalMinor: number;
}

export type PricingRefusal = "minimum_not_reached" | "not_applicable";

export type PricingResult = { ok: true; checkout: PricedCheckout } | { ok: false; reason: PricingRefusal };

/** Spreads an amount over weights in proportion; the rounding rest goes to the last line. */
function spread(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total === 0) return weights.map(() => 0);
  const shares = weights.map((weight) => Math.floor((amount * weight) / total));
  const rest = amount - shares.reduce((sum, share) => sum + share, 0);
  if (shares.length > 0) shares[shares.length - 1]! += rest;
  return shares;
}

export function priceCheckout(lines: readonly PricedLineInput[], code: CodeDiscount | null): PricingResult {
  const lineTotals = lines.map((line) => line.unitMinor * line.quantity);
  const lineItemsMinor = lineTotals.reduce((sum, total) => sum + total, 0);
  const shippingMinor = lineItemsMinor >= FREE_SHIPPING_FROM_MINOR || lines.length === 0 ? 0 : SHIPPING_MINOR;
  let lineDiscountsMinor = lines.map(() => 0);
  let shippingDiscountMinor = 0;
  let discount: PricedCheckout["discount"] = null;
  if (code) {
    if (code.minimumSubtotalMinor !== null && lineItemsMinor < code.minimumSubtotalMinor) return { ok: false, reason: "minimum_not_reached" };
    const value = code.value;
    switch (value.kind) {
      case "amount": {
        const amount = Math.min(Number(value.amountMinor), lineItemsMinor);
        lineDiscountsMinor = spread(amount, lineTotals);
        discount = { code: code.code, type: "fixed_amount", amountMinor: amount, value: (Number(value.amountMinor) / 100).toFixed(2) };
        break;
      }
      case "percent": {
        const amount = Math.round((lineItemsMinor * value.percent) / 100);
        lineDiscountsMinor = spread(amount, lineTotals);
        discount = { code: code.code, type: "percentage", amountMinor: amount, value: value.percent.toFixed(1) };
        break;
      }
      case "free_shipping": {
        if (shippingMinor === 0) return { ok: false, reason: "not_applicable" };
        shippingDiscountMinor = shippingMinor;
        discount = { code: code.code, type: "shipping", amountMinor: shippingMinor, value: "100.0" };
        break;
      }
      case "free_product": {
        const index = lines.findIndex((line) => line.variantId === value.variantPlatformId);
        if (index < 0) return { ok: false, reason: "not_applicable" };
        const amount = lines[index]!.unitMinor * Math.min(value.quantity, lines[index]!.quantity);
        lineDiscountsMinor[index] = amount;
        discount = { code: code.code, type: "fixed_amount", amountMinor: amount, value: (amount / 100).toFixed(2) };
        break;
      }
    }
  }
  const lineDiscountTotal = lineDiscountsMinor.reduce((sum, amount) => sum + amount, 0);
  return {
    ok: true,
    checkout: {
      lineItemsMinor,
      lineDiscountsMinor,
      shippingMinor,
      shippingDiscountMinor,
      discount,
      totalMinor: lineItemsMinor - lineDiscountTotal + shippingMinor - shippingDiscountMinor,
    },
  };
}
