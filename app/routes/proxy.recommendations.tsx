import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { cachedBestsellers } from "~/core/recommendations/storefront-bestsellers.server";
import { recommendationsFor } from "~/core/recommendations/storefront-view.server";
import { authenticateProxy, proxyJson } from "~/platforms/shopify/app-proxy.server";

// GET /apps/crm/recommendations?product=<id> (a product page) or ?cart=<id>,<id> (the cart's
// products) through Shopify's app proxy: the "frequently bought together" block's products with
// the variant to add, price and the bundle's total. A signed-in shopper the shop has is not
// offered what they bought before (when the shop's settings say so).

/** The most cart products asked about at once: a longer cart is asked about by its first ones. */
export const MAX_CART_PRODUCTS = 20;

/** The shops' bestsellers, kept a minute: ranking them reads the whole catalogue (see the module). */
const bestsellers = cachedBestsellers(60_000);

const productId = z.string().regex(/^[\w-]{1,64}$/, "a product id is 1 to 64 letters, digits, _ or -");
const Query = z.union([
  z.object({ product: productId, cart: z.undefined() }),
  z.object({ product: z.undefined(), cart: z.string().transform((list) => list.split(",")).pipe(z.array(productId).min(1).max(MAX_CART_PRODUCTS)) }),
]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = context.runtime;
  const shopper = await authenticateProxy(context.runtime, request);
  const params = new URL(request.url).searchParams;
  const query = Query.safeParse({ product: params.get("product") ?? undefined, cart: params.get("cart") ?? undefined });
  if (!query.success) {
    return proxyJson({ error: "invalid_request", message: `Ask with ?product=<id> or ?cart=<id>,<id> (at most ${MAX_CART_PRODUCTS} ids).` }, 400);
  }
  const customer = shopper.customerPlatformId
    ? await db.customer.findUnique({ where: { shopId_platformId: { shopId: shopper.shop.id, platformId: shopper.customerPlatformId } }, select: { id: true } })
    : null;
  const productIds = query.data.product === undefined ? query.data.cart : [query.data.product];
  return proxyJson(await recommendationsFor(db, shopper.shop.id, { productIds, customerId: customer?.id ?? null }, bestsellers));
}
