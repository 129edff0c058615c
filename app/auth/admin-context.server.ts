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
    if (!shop) throw new Response("The demo shop is still being created. Reload in a moment.", { status: 503 });
    return { shop, demo: true };
  }
  const { session } = await runtime.shopify.authenticate.admin(request);
  return { shop: await findOrCreateShop(db, "SHOPIFY", session.shop), demo: false };
}
