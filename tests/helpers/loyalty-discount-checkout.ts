import type { CartInput } from "../../extensions/loyalty-discount/generated/api";
import { cartLinesDiscountsGenerateRun } from "../../extensions/loyalty-discount/src/cart_lines_discounts_generate_run";
import { resolveNamespace, type FakeAutomaticDiscount } from "../fakes/shopify-admin-automatic-discounts";

/** Where Shopify holds the loyalty discount's configuration: the app-owned metafield the Function reads. */
export const LOYALTY_DISCOUNT_CONFIGURATION_KEY = `${resolveNamespace("$app:loyalty-discount")}|configuration`;

/** What the Function gives a gold member's €40 cart with the discount as Shopify holds it. */
export function goldCheckout(discount: FakeAutomaticDiscount) {
  const input = {
    cart: {
      buyerIdentity: { customer: { id: "gid://shopify/Customer/1", tier: { value: "gold" } } },
      lines: [
        {
          id: "gid://shopify/CartLine/0",
          quantity: 1,
          cost: { subtotalAmount: { amount: "40.00", currencyCode: "EUR" } },
          merchandise: { __typename: "ProductVariant", id: "gid://shopify/ProductVariant/1", product: { isGiftCard: false } },
        },
      ],
    },
    discount: { discountClasses: discount.discountClasses, configuration: { value: discount.metafields.get(LOYALTY_DISCOUNT_CONFIGURATION_KEY)!.value } },
    localization: { language: { isoCode: "DE" } },
    presentmentCurrencyRate: "1.0",
  } as unknown as CartInput;
  return cartLinesDiscountsGenerateRun(input).operations;
}
