import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordReferralClick } from "~/core/referrals/clicks.server";
import { visitorKeys, visitorOf } from "~/core/referrals/visitor-keys";
import { authenticateProxy } from "~/platforms/shopify/app-proxy.server";

// GET /apps/crm/r/<CODE> (through Shopify's app proxy): an advocate's link. The click is counted
// and the visitor sent on to the shop's home page with the code, where the storefront's block
// offers the friend's reward. The Location is relative, so the browser stays on the shop's domain.
// An unknown code or a switched-off program leads to the home page, counting nothing.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { runtime } = context;
  const shopper = await authenticateProxy(runtime, request);
  const code = await recordReferralClick(runtime.db, {
    shopId: shopper.shop.id,
    code: params.code ?? "",
    visitor: visitorKeys(runtime.config.shopify.apiSecret, shopper.shop.id, visitorOf(request)),
    at: new Date(),
  });
  return new Response(null, {
    status: 302,
    headers: { Location: code ? `/?crm_ref=${encodeURIComponent(code)}` : "/", "Cache-Control": "no-store" },
  });
}
