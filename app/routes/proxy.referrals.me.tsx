import type { LoaderFunctionArgs } from "@remix-run/node";
import { advocateView } from "~/core/referrals/storefront-view.server";
import { authenticateProxy, proxyJson } from "~/platforms/shopify/app-proxy.server";

// GET /apps/crm/referrals/me (through Shopify's app proxy): the referral program's offers and,
// for a signed-in customer, their link, how their referrals stand and their rewards, in the
// storefront's language. A customer the shop has not sent yet sees what a signed-out shopper sees.

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = context.runtime;
  const shopper = await authenticateProxy(context.runtime, request);
  const customer = shopper.customerPlatformId
    ? await db.customer.findUnique({ where: { shopId_platformId: { shopId: shopper.shop.id, platformId: shopper.customerPlatformId } }, select: { id: true } })
    : null;
  return proxyJson(await advocateView(db, shopper.shop.id, customer?.id ?? null, shopper.shop.domain, shopper.locale));
}
