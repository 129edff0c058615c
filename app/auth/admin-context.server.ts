import { redirect } from "@remix-run/node";
import { findOrCreateShop } from "~/core/shops/shops.server";
import type { Runtime } from "~/runtime.server";

export interface AdminContext {
  shop: { id: string; domain: string; name: string | null; currency: string };
  demo: boolean;
}

/**
 * The shop an admin page request acts for. Embedded in Shopify: from the verified session token.
 * In demo mode (never in production, see loadConfig): the local demo shop, without Shopify.
 */
export async function requireAdminContext(request: Request, runtime: Runtime): Promise<AdminContext> {
  const { config, db } = runtime;
  if (config.demo) {
    const shop = await db.shop.findFirst({ where: { isDemo: true } });
    // The first start sets the shop up within moments of listening; until then a page in the
    // admin's language says so and comes back here once it exists.
    if (!shop) throw redirect(demoStartingUrl(request));
    return { shop, demo: true };
  }
  const { session } = await runtime.shopify.authenticate.admin(request);
  return { shop: await findOrCreateShop(db, "SHOPIFY", session.shop), demo: false };
}

/** The demo's "being set up" page, returning to `request`'s admin page afterwards. */
function demoStartingUrl(request: Request): string {
  const url = new URL(request.url);
  const next = new URLSearchParams(url.searchParams);
  next.delete("_data");
  next.set("next", url.pathname);
  return `/demo-starting?${next.toString()}`;
}
