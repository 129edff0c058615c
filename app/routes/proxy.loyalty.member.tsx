import type { LoaderFunctionArgs } from "@remix-run/node";
import { memberState } from "~/core/loyalty/member-state.server";
import { authenticateProxy, proxyJson } from "~/platforms/shopify/app-proxy.server";

// GET /apps/crm/loyalty/member (through Shopify's app proxy): the program and, for a signed-in
// customer, their points, tier and history, in the storefront's language. Nobody signed in:
// `member` is null and the panel invites the shopper to sign in; no program: both are null.

export async function loader({ request, context }: LoaderFunctionArgs) {
  const shopper = await authenticateProxy(context.runtime, request);
  const state = await memberState(context.runtime.db, {
    shopId: shopper.shop.id,
    currency: shopper.shop.currency,
    customerPlatformId: shopper.customerPlatformId,
    locale: shopper.locale,
  });
  return proxyJson(state);
}
