// A hand-written stand-in for what `shopify app function typegen` generates into this file from
// the Discount Function API schema (2026-10) and src/cart_lines_discounts_generate_run.graphql.
// The typegen needs the Shopify CLI, which downloads the schema and binaries and cannot run on
// machines without internet; running it replaces this file with the complete generated one,
// whose names (CartInput after the query's name, CartLinesDiscountsGenerateRunResult,
// DiscountClass, OrderDiscountSelectionStrategy, ProductDiscountSelectionStrategy) this file keeps so that the Function compiles
// against either.
//
// Written from the API reference, only for what the query selects and the Function outputs:
// - Decimal scalars (amounts, percentages, presentmentCurrencyRate) are strings in the input
//   ("29.99"); the output accepts them as strings too.
// - cart.buyerIdentity is null for a cart without buyer; buyerIdentity.customer is null unless the
//   buyer is signed in to a customer account.
// - a metafield that the owner lacks is null.
// - Percentage.value is 0–100 inside a Function (the Admin API's fractions are 0–1).

export type Decimal = string;

export enum DiscountClass {
  Order = "ORDER",
  Product = "PRODUCT",
  Shipping = "SHIPPING",
}

export interface MoneyV2 {
  amount: Decimal;
  currencyCode: string;
}

export interface Metafield {
  value: string;
}

export interface CartInput {
  cart: {
    buyerIdentity?: {
      customer?: {
        id: string;
        tier?: Metafield | null;
      } | null;
    } | null;
    lines: Array<{
      id: string;
      quantity: number;
      cost: { subtotalAmount: MoneyV2 };
      merchandise:
        | { __typename: "ProductVariant"; id: string; product: { isGiftCard: boolean } }
        | { __typename: "CustomProduct" };
    }>;
  };
  discount: {
    discountClasses: DiscountClass[];
    configuration?: Metafield | null;
  };
  localization: { language: { isoCode: string } };
  /** Shop currency → the buyer's currency. */
  presentmentCurrencyRate: Decimal;
}

export enum OrderDiscountSelectionStrategy {
  /** Only the first candidate whose conditions are met. */
  First = "FIRST",
  /** Only the candidate with the largest reduction. */
  Maximum = "MAXIMUM",
}

export type OrderDiscountCandidateValue = { percentage: { value: Decimal } } | { fixedAmount: { amount: Decimal } };

export interface OrderDiscountCandidate {
  message?: string | null;
  targets: Array<{ orderSubtotal: { excludedCartLineIds: string[] } }>;
  value: OrderDiscountCandidateValue;
}

export interface OrderDiscountsAddOperation {
  candidates: OrderDiscountCandidate[];
  selectionStrategy: OrderDiscountSelectionStrategy;
}

export enum ProductDiscountSelectionStrategy {
  /** Every candidate. */
  All = "ALL",
  First = "FIRST",
  Maximum = "MAXIMUM",
}

export type ProductDiscountCandidateValue =
  | { percentage: { value: Decimal } }
  /** appliesToEachItem false: the amount is shared out over the targeted lines, not taken off each unit. */
  | { fixedAmount: { amount: Decimal; appliesToEachItem?: boolean | null } };

export interface ProductDiscountCandidate {
  message?: string | null;
  targets: Array<{ cartLine: { id: string; quantity?: number | null } }>;
  value: ProductDiscountCandidateValue;
}

export interface ProductDiscountsAddOperation {
  candidates: ProductDiscountCandidate[];
  selectionStrategy: ProductDiscountSelectionStrategy;
}

/** The operations this Function returns (the API also has entered-discount-code operations). */
export type CartOperation =
  | { orderDiscountsAdd: OrderDiscountsAddOperation; productDiscountsAdd?: never }
  | { productDiscountsAdd: ProductDiscountsAddOperation; orderDiscountsAdd?: never };

export interface CartLinesDiscountsGenerateRunResult {
  operations: CartOperation[];
}
