import { z } from "zod";
import { minorToDecimal } from "~/core/money";
import { PlatformActionError, type CreatedDiscountCode, type DiscountCodeRequest } from "~/core/platform-actions";
import type { PlatformId } from "~/core/platform";
import { adminGraphql, throwOnUserErrors, userErrorSchema, type AdminCallOptions, type AdminGraphqlClient } from "../admin-graphql.server";
import { numericIdFromGid, toGid } from "../gid";
import { asPlatformAction, toPlatformActionError } from "./action-errors";

// Discount codes through the Admin GraphQL API (2026-10):
// - amount / percent off the order: discountCodeBasicCreate(basicCodeDiscount: DiscountCodeBasicInput)
//   with customerGets { value { discountAmount { amount, appliesOnEachItem } | percentage }, items { all } };
//   `percentage` is a fraction 0–1 in the Admin API (not 0–100 as inside a Function);
// - free shipping: discountCodeFreeShippingCreate(freeShippingCodeDiscount: DiscountCodeFreeShippingInput)
//   with destination { all: true };
// - a free product: discountCodeBxgyCreate(bxgyCodeDiscount: DiscountCodeBxgyInput), see freeProductInput;
// - who may use it: `context` (DiscountContextInput: { all: ALL } or { customers: { add: [gid] } }),
//   which replaced the deprecated `customerSelection` (the input docs: "context (or deprecated
//   customerSelection)" is required on creation);
// - minimumRequirement { subtotal { greaterThanOrEqualToSubtotal } }, usageLimit, appliesOncePerCustomer,
//   startsAt / endsAt (DateTime), combinesWith (DiscountCombinesWithInput).
// Amounts are Decimal strings in the shop's currency, written from minor units without floats.

/** The mutation's argument and payload field for each kind of discount. */
const MUTATIONS = {
  basic: { field: "discountCodeBasicCreate", argument: "basicCodeDiscount", inputType: "DiscountCodeBasicInput" },
  freeShipping: { field: "discountCodeFreeShippingCreate", argument: "freeShippingCodeDiscount", inputType: "DiscountCodeFreeShippingInput" },
  bxgy: { field: "discountCodeBxgyCreate", argument: "bxgyCodeDiscount", inputType: "DiscountCodeBxgyInput" },
} as const;
type MutationKind = keyof typeof MUTATIONS;

export interface DiscountMutation {
  kind: MutationKind;
  field: (typeof MUTATIONS)[MutationKind]["field"];
  argument: (typeof MUTATIONS)[MutationKind]["argument"];
  query: string;
  variables: Record<string, unknown>;
}

function createMutationText(kind: MutationKind): string {
  const { field, argument, inputType } = MUTATIONS[kind];
  return `#graphql
mutation ${field}($${argument}: ${inputType}!) {
  ${field}(${argument}: $${argument}) {
    codeDiscountNode { id }
    userErrors { field code message }
  }
}`;
}

/** The combinations a program's code allows: not with other order/product discounts, with free shipping. */
export const COMBINES_WITH = {
  orderOrProduct: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
  shipping: { orderDiscounts: true, productDiscounts: true, shippingDiscounts: false },
} as const;

function reject(field: string, message: string): PlatformActionError {
  return new PlatformActionError("createDiscountCode", "rejected", [{ field, code: null, message }]);
}

/**
 * A percent (0–100, as the neutral request has it) as Shopify's fraction (0–1), shifted in decimal
 * text so that 33.3 becomes 0.333 and not 0.33299999999999996.
 */
export function percentToFraction(percent: number): number {
  if (!Number.isFinite(percent)) throw reject("value.percent", `is not a finite number: ${percent}`);
  const text = Math.abs(percent).toString();
  if (/e/i.test(text)) return percent / 100; // far outside any sensible range; Shopify will refuse it
  const [whole = "0", fraction = ""] = text.split(".");
  const digits = `${whole.padStart(3, "0")}${fraction}`;
  const shifted = `${digits.slice(0, -2 - fraction.length) || "0"}.${digits.slice(-2 - fraction.length)}`;
  return (percent < 0 ? -1 : 1) * Number(shifted);
}

/** Minor units of `currency` as Shopify's Decimal string ("12.50"), exact. */
export function moneyDecimal(amountMinor: bigint, currency: string, field: string): string {
  try {
    return minorToDecimal(amountMinor, currency);
  } catch (error) {
    throw reject(field, error instanceof Error ? error.message : String(error));
  }
}

function context(customerPlatformId: PlatformId | null) {
  return customerPlatformId === null ? { all: "ALL" } : { customers: { add: [toGid("Customer", customerPlatformId)] } };
}

function minimumSubtotalDecimal(request: DiscountCodeRequest): string | null {
  const minimum = request.minimumSubtotal;
  if (!minimum) return null;
  if (request.value.kind === "amount" && request.value.currency !== minimum.currency) {
    throw reject("minimumSubtotal.currency", `is ${minimum.currency}, but the discount's amount is in ${request.value.currency}`);
  }
  return moneyDecimal(minimum.amountMinor, minimum.currency, "minimumSubtotal.amountMinor");
}

/** What every code discount's input has in common. */
function commonInput(request: DiscountCodeRequest) {
  return {
    title: request.title,
    code: request.code,
    startsAt: request.startsAt.toISOString(),
    endsAt: request.endsAt ? request.endsAt.toISOString() : null,
    context: context(request.customerPlatformId),
    usageLimit: request.usageLimit,
    appliesOncePerCustomer: request.oncePerCustomer,
  };
}

/**
 * A free product: the variant free, at most `quantity` units, as a buy-X-get-Y code discount.
 * Why not a basic discount of 100 % on the variant: a basic discount takes its percentage off every
 * unit of the entitled items in the cart, with no cap on units. Only BXGY's `customerGets.value.
 * discountOnQuantity { quantity, effect { percentage: 1.0 } }` limits how many units are discounted,
 * and `usesPerOrderLimit: 1` stops it from applying again to further units of the same order.
 * BXGY needs a "buys" side: any item of the shop (`items { all: true }`), at least one unit, or at
 * least the minimum subtotal when the request has one (BXGY has no minimumRequirement field; its
 * `customerBuys.value.amount` is the same condition on the items bought).
 * BXGY supports neither `percentage` nor `discountAmount` in customerGets.value (the input docs say so).
 */
function freeProductInput(request: DiscountCodeRequest, variantPlatformId: PlatformId, quantity: number) {
  if (!Number.isSafeInteger(quantity)) throw reject("value.quantity", `is not an integer: ${quantity}`);
  const minimum = minimumSubtotalDecimal(request);
  return {
    ...commonInput(request),
    customerBuys: {
      items: { all: true },
      value: minimum === null ? { quantity: "1" } : { amount: minimum },
    },
    customerGets: {
      items: { products: { productVariantsToAdd: [toGid("ProductVariant", variantPlatformId)] } },
      value: { discountOnQuantity: { quantity: String(quantity), effect: { percentage: 1 } } },
    },
    usesPerOrderLimit: 1,
    combinesWith: COMBINES_WITH.orderOrProduct,
  };
}

/** The GraphQL mutation and variables that create the requested code (pure). */
export function discountCodeMutation(request: DiscountCodeRequest): DiscountMutation {
  const value = request.value;
  let kind: MutationKind;
  let input: Record<string, unknown>;
  switch (value.kind) {
    case "amount":
    case "percent": {
      kind = "basic";
      const minimum = minimumSubtotalDecimal(request);
      input = {
        ...commonInput(request),
        customerGets: {
          items: { all: true },
          value:
            value.kind === "amount"
              ? { discountAmount: { amount: moneyDecimal(value.amountMinor, value.currency, "value.amountMinor"), appliesOnEachItem: false } }
              : { percentage: percentToFraction(value.percent) },
        },
        minimumRequirement: minimum === null ? null : { subtotal: { greaterThanOrEqualToSubtotal: minimum } },
        combinesWith: COMBINES_WITH.orderOrProduct,
      };
      break;
    }
    case "free_shipping": {
      kind = "freeShipping";
      const minimum = minimumSubtotalDecimal(request);
      input = {
        ...commonInput(request),
        destination: { all: true },
        minimumRequirement: minimum === null ? null : { subtotal: { greaterThanOrEqualToSubtotal: minimum } },
        combinesWith: COMBINES_WITH.shipping,
      };
      break;
    }
    case "free_product":
      kind = "bxgy";
      input = freeProductInput(request, value.variantPlatformId, value.quantity);
      break;
  }
  const { field, argument } = MUTATIONS[kind];
  return { kind, field, argument, query: createMutationText(kind), variables: { [argument]: input } };
}

const createdSchema = z.object({
  codeDiscountNode: z.object({ id: z.string() }).nullable(),
  userErrors: z.array(userErrorSchema),
});

export async function createDiscountCode(
  client: AdminGraphqlClient,
  request: DiscountCodeRequest,
  options: AdminCallOptions = {},
): Promise<CreatedDiscountCode> {
  let mutation: DiscountMutation;
  try {
    mutation = discountCodeMutation(request);
  } catch (error) {
    throw toPlatformActionError("createDiscountCode", error);
  }
  return asPlatformAction(
    "createDiscountCode",
    async () => {
      const data = await adminGraphql(
        client,
        { operation: mutation.field, query: mutation.query, variables: mutation.variables, schema: z.object({ [mutation.field]: createdSchema }) },
        options,
      );
      const payload = data[mutation.field]!;
      throwOnUserErrors(mutation.field, payload.userErrors);
      if (!payload.codeDiscountNode) throw reject("code", "Shopify answered without the created discount and without a reason");
      return { platformId: numericIdFromGid(payload.codeDiscountNode.id, "DiscountCodeNode"), code: request.code };
    },
    // Shopify's userError paths start with the argument's name: ["basicCodeDiscount", "code"].
    mutation.argument,
  );
}

const DEACTIVATE = `#graphql
mutation discountCodeDeactivate($id: ID!) {
  discountCodeDeactivate(id: $id) {
    codeDiscountNode { id }
    userErrors { field code message }
  }
}`;

export function deactivateVariables(platformId: PlatformId): { id: string } {
  return { id: toGid("DiscountCodeNode", platformId) };
}

export async function deactivateDiscountCode(client: AdminGraphqlClient, platformId: PlatformId, options: AdminCallOptions = {}): Promise<void> {
  await asPlatformAction("deactivateDiscountCode", async () => {
    const data = await adminGraphql(
      client,
      {
        operation: "discountCodeDeactivate",
        query: DEACTIVATE,
        variables: deactivateVariables(platformId),
        schema: z.object({ discountCodeDeactivate: createdSchema }),
      },
      options,
    );
    throwOnUserErrors("discountCodeDeactivate", data.discountCodeDeactivate.userErrors);
  });
}
