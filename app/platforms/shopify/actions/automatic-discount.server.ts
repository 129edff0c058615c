import { z } from "zod";
import type { CheckoutDiscountFailure, CheckoutDiscountRequest, CheckoutDiscountResult } from "~/core/loyalty/checkout-discount";
import { hasCheckoutPerks } from "~/core/loyalty/checkout-perk";
import { PlatformActionError } from "~/core/platform-actions";
import type { Db } from "~/db/prisma.server";
import { CONFIGURATION_METAFIELD } from "../../../../extensions/loyalty-discount/src/configuration";
import { OfflineSessionMissingError, type OfflineAdminClients } from "../admin-client.server";
import { adminGraphql, throwOnUserErrors, userErrorSchema, type AdminCallOptions, type AdminGraphqlClient } from "../admin-graphql.server";
import { asPlatformAction } from "./action-errors";

// The shop's one automatic discount that runs the loyalty discount Function
// (extensions/loyalty-discount): created once, then updated in place whenever the program's
// perks change or it is switched off (no perks, an end date) or on again. Admin GraphQL API (2026-10):
// - discountAutomaticAppCreate(automaticAppDiscount: DiscountAutomaticAppInput!) and
//   discountAutomaticAppUpdate(id: ID!, automaticAppDiscount: …) answer
//   { automaticAppDiscount { discountId … }, userErrors }; the input names the Function by
//   `functionHandle` (the extension's handle; `functionId` is deprecated), its `discountClasses`
//   (the Function only acts for ORDER), `combinesWith`, `startsAt`, `endsAt` (null: no end), and
//   `metafields`, where the Function's configuration goes.
// - Finding it again without a stored id: discountNodes(query: "method:automatic") (`method` is a
//   documented filter, automatic | code; `discount_type` has no value for app discounts) with the
//   configuration metafield selected. The metafield's `$app:` namespace belongs to this app alone,
//   so an automatic app discount that has it is ours, whatever the merchant renamed it to.
// Shopify-only, so not a PlatformActions method: the loyalty program's upkeep job
// (app/core/loyalty/checkout-discount.server.ts) reaches it through the Shopify adapter's
// maintainCheckoutDiscount whenever the program's settings version changes.

export const LOYALTY_FUNCTION_HANDLE = "loyalty-discount";

/**
 * The perk stacks with product discounts (sale prices, bundles) and free shipping, but not with
 * other order discounts, such as the program's own reward codes: a member uses either the tier's
 * percent or a reward on the order, not both.
 */
export const LOYALTY_DISCOUNT_COMBINES_WITH = { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true } as const;

/** The core's request; without a knownDiscountId (an earlier answer's discountId) the discount is found by its metafield. */
export type LoyaltyDiscountRequest = CheckoutDiscountRequest;

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
    // Sent on updates too: switching the program off ends the discount, switching it on lifts the end.
    endsAt: request.endsAt ? request.endsAt.toISOString() : null,
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
      { automaticAppDiscount: { ...input, functionHandle: LOYALTY_FUNCTION_HANDLE, startsAt: request.startsAt.toISOString() } },
      options,
    ),
  );
  return { kind: "created", discountId: created };
}

/** Which advice a permanent failure gets on the program page. */
function adviceFor(error: PlatformActionError): CheckoutDiscountFailure {
  // Shopify names the Function it does not know on functionHandle: `shopify app deploy` not run.
  if (error.problems.some((problem) => problem.field === "functionHandle")) return "function_missing";
  // write_discounts not granted: GraphQL ACCESS_DENIED, or an HTTP 401/403.
  if (error.problems.some((problem) => /ACCESS_DENIED|\b40[13]\b/.test(problem.message))) return "no_access";
  return "rejected";
}

const describeProblems = (error: PlatformActionError) =>
  error.problems.map((problem) => (problem.field ? `${problem.field}: ${problem.message}` : problem.message)).join("; ");

/**
 * The Shopify adapter's upkeep of the shop's loyalty discount, as the loyalty program's job asks
 * for it: permanent refusals come back as failures for the merchant to see, while an unavailable
 * Shopify is thrown for the queue to retry. It runs outside any transaction (the job's call step),
 * so the offline session is read through `db` itself.
 */
export function loyaltyDiscountMaintainer(adminClient: OfflineAdminClients, db: Db, options: AdminCallOptions = {}) {
  return async (shopDomain: string, request: CheckoutDiscountRequest): Promise<CheckoutDiscountResult> => {
    try {
      const outcome = await upsertLoyaltyDiscount(await adminClient(db, shopDomain), request, options);
      return { kind: "maintained", discountId: outcome.kind === "not_needed" ? null : outcome.discountId };
    } catch (error) {
      if (error instanceof OfflineSessionMissingError) return { kind: "failed", failure: "no_access", detail: error.message };
      if (!(error instanceof PlatformActionError) || error.retryable) throw error;
      return { kind: "failed", failure: adviceFor(error), detail: describeProblems(error) };
    }
  };
}
