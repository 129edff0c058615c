import type { LoaderFunctionArgs } from "@remix-run/node";
import { referralOffer } from "~/core/referrals/storefront-view.server";
import { translate } from "~/i18n/translate";
import { authenticateProxy, proxyJson } from "~/platforms/shopify/app-proxy.server";

// GET /apps/crm/referrals/offer?code=CODE (through Shopify's app proxy): what a friend who
// followed an advocate's link gets, in the storefront's language; 404 when the code is unknown or
// the program is off.

export async function loader({ request, context }: LoaderFunctionArgs) {
  const shopper = await authenticateProxy(context.runtime, request);
  const code = new URL(request.url).searchParams.get("code") ?? "";
  const answer = await referralOffer(context.runtime.db, shopper.shop.id, code, shopper.locale);
  if ("refused" in answer) {
    return proxyJson({ error: answer.refused, message: translate(shopper.locale, `referralsStorefront.refused.${answer.refused}`) }, 404);
  }
  return proxyJson(answer.offer);
}
