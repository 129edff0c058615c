import { z } from "zod";
import { hasCheckoutPerks } from "~/core/loyalty/checkout-perk";
import { PlatformActionError } from "~/core/platform-actions";
import { CONFIGURATION_METAFIELD, type LoyaltyDiscountConfiguration } from "../../../../extensions/loyalty-discount/src/configuration";
import { adminGraphql, throwOnUserErrors, userErrorSchema, type AdminCallOptions, type AdminGraphqlClient } from "../admin-graphql.server";
import { asPlatformAction } from "./action-errors";

// The shop's one automatic discount that runs the loyalty discount Function
// (extensions/loyalty-discount): created once, then updated in place whenever the tiers' perks
// or the merchant's language change. Admin GraphQL API (2026-10):
// - discountAutomaticAppCreate(automaticAppDiscount: DiscountAutomaticAppInput!) and
//   discountAutomaticAppUpdate(id: ID!, automaticAppDiscount: …) answer
//   { automaticAppDiscount { discountId … }, userErrors }; the input names the Function by
//   `functionHandle` (the extension's handle; `functionId` is deprecated), its `discountClasses`
//   (the Function only acts for ORDER), `combinesWith`, `startsAt`, and `metafields`, where the
//   Function's configuration goes.
// - Finding it again without a stored id: discountNodes(query: "method:automatic") (`method` is a
//   documented filter, automatic | code; `discount_type` has no value for app discounts) with the
//   configuration metafield selected. The metafield's `$app:` namespace belongs to this app alone,
//   so an automatic app discount that has it is ours, whatever the merchant renamed it to.
// Shopify-only, so not a PlatformActions method: a loyalty service calls it through the Shopify
// adapter when the program's perks change.

export const LOYALTY_FUNCTION_HANDLE = "loyalty-discount";

/**
 * The perk stacks with product discounts (sale prices, bundles) and free shipping, but not with
 * other order discounts, such as the program's own reward codes: a member uses either the tier's
 * percent or a reward on the order, not both.
 */
export const LOYALTY_DISCOUNT_COMBINES_WITH = { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true } as const;

export interface LoyaltyDiscountRequest {
  /** In the merchant's language (checkoutPerkDiscountTitle). */
  title: string;
  configuration: LoyaltyDiscountConfiguration;
  /** The discountId of an earlier answer, when the caller kept it; found by its metafield otherwise. */
  knownDiscountId?: string | null;
  /** When a new discount starts (usually now); an existing one keeps its start. */
  startsAt: Date;
}

export type LoyaltyDiscountOutcome =
  | { kind: "created" | "updated"; discountId: string }
  /** No tier has a perk and the shop has no such discount yet: none is made. */
  | { kind: "not_needed" };

const discountSchema = z.object({ discountId: z.string() });
const payloadSchema = z.object({ automaticAppDiscount: discountSchema.nullable(), userErrors: z.array(userErrorSchema) });

const CREATE = `#graphql
mutation createLoyaltyDiscount($automaticAppDiscount: DiscountAutomaticAppInput!) {
  discountAutomaticAppCreate(automaticAppDiscount: $automaticAppDiscount) {
    automaticAppDiscount { discountId }
    userErrors { field code message }
  }
}`;

const UPDATE = `#graphql
mutation updateLoyaltyDiscount($id: ID!, $automaticAppDiscount: DiscountAutomaticAppInput!) {
  discountAutomaticAppUpdate(id: $id, automaticAppDiscount: $automaticAppDiscount) {
    automaticAppDiscount { discountId }
    userErrors { field code message }
  }
}`;

const FIND = `#graphql
query findLoyaltyDiscount($query: String!, $after: String) {
  discountNodes(first: 50, after: $after, query: $query) {
    nodes {
      configuration: metafield(namespace: "${CONFIGURATION_METAFIELD.namespace}", key: "${CONFIGURATION_METAFIELD.key}") { id }
      discount {
        __typename
        ... on DiscountAutomaticApp { discountId }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

const findSchema = z.object({
  discountNodes: z.object({
    nodes: z.array(
      z.object({
        configuration: z.object({ id: z.string() }).nullable(),
        discount: z.looseObject({ __typename: z.string(), discountId: z.string().optional() }),
      }),
    ),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
  }),
});

/** The fields both mutations send: what the app decides about the discount. */
export function loyaltyDiscountInput(request: LoyaltyDiscountRequest) {
  return {
    title: request.title,
    discountClasses: ["ORDER"],
    combinesWith: LOYALTY_DISCOUNT_COMBINES_WITH,
    metafields: [{ ...CONFIGURATION_METAFIELD, value: JSON.stringify(request.configuration) }],
  };
}

async function findLoyaltyDiscount(client: AdminGraphqlClient, options: AdminCallOptions): Promise<string | null> {
  let after: string | null = null;
  for (;;) {
    const data: z.infer<typeof findSchema> = await adminGraphql(
      client,
      { operation: "discountNodes", query: FIND, variables: { query: "method:automatic", after }, schema: findSchema },
      options,
    );
    const ours = data.discountNodes.nodes.find((node) => node.configuration !== null && node.discount.__typename === "DiscountAutomaticApp");
    if (ours?.discount.discountId) return ours.discount.discountId;
    if (!data.discountNodes.pageInfo.hasNextPage) return null;
    after = data.discountNodes.pageInfo.endCursor;
  }
}

async function mutate(
  client: AdminGraphqlClient,
  field: "discountAutomaticAppCreate" | "discountAutomaticAppUpdate",
  query: string,
  variables: Record<string, unknown>,
  options: AdminCallOptions,
): Promise<string> {
  const data = await adminGraphql(client, { operation: field, query, variables, schema: z.object({ [field]: payloadSchema }) }, options);
  const payload = data[field]!;
  throwOnUserErrors(field, payload.userErrors);
  if (!payload.automaticAppDiscount) {
    throw new PlatformActionError("maintainAutomaticDiscount", "rejected", [{ field: null, code: null, message: `${field} answered without the discount and without a reason` }]);
  }
  return payload.automaticAppDiscount.discountId;
}

const isNotFound = (error: unknown) => error instanceof PlatformActionError && error.failure === "not_found";

/**
 * Creates the shop's loyalty discount or updates the one it has; repeating the call with the same
 * request changes nothing on Shopify. Failures are PlatformActionErrors ("maintainAutomaticDiscount").
 */
export async function upsertLoyaltyDiscount(
  client: AdminGraphqlClient,
  request: LoyaltyDiscountRequest,
  options: AdminCallOptions = {},
): Promise<LoyaltyDiscountOutcome> {
  const input = loyaltyDiscountInput(request);
  const action = <T>(run: () => Promise<T>) => asPlatformAction("maintainAutomaticDiscount", run, "automaticAppDiscount");
  const update = (id: string) => action(() => mutate(client, "discountAutomaticAppUpdate", UPDATE, { id, automaticAppDiscount: input }, options));

  if (request.knownDiscountId) {
    try {
      return { kind: "updated", discountId: await update(request.knownDiscountId) };
    } catch (error) {
      // Deleted by the merchant in the Discounts admin: look for another one, or make it anew.
      if (!isNotFound(error)) throw error;
    }
  }
  const existing = await action(() => findLoyaltyDiscount(client, options));
  if (existing) return { kind: "updated", discountId: await update(existing) };
  if (!hasCheckoutPerks(request.configuration)) return { kind: "not_needed" };
  const created = await action(() =>
    mutate(
      client,
      "discountAutomaticAppCreate",
      CREATE,
      { automaticAppDiscount: { ...input, functionHandle: LOYALTY_FUNCTION_HANDLE, startsAt: request.startsAt.toISOString(), endsAt: null } },
      options,
    ),
  );
  return { kind: "created", discountId: created };
}
