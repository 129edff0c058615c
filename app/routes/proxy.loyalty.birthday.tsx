import type { ActionFunctionArgs } from "@remix-run/node";
import { birthdaySchema } from "~/core/loyalty/birthday";
import { setBirthday } from "~/core/loyalty/birthday.server";
import { formatDate } from "~/i18n/format";
import { translate } from "~/i18n/translate";
import { authenticateProxy, proxyJson } from "~/platforms/shopify/app-proxy.server";

// POST /apps/crm/loyalty/birthday (through Shopify's app proxy): the signed-in customer gives
// their birthday (month and day) for the program's birthday points. The rules (30 days' notice,
// one change a year) are in core/loyalty/birthday.ts; every answer carries a message in the
// shopper's language for the panel to show.

export async function loader() {
  return proxyJson({ error: "method_not_allowed" }, 405);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { runtime } = context;
  if (request.method !== "POST") return proxyJson({ error: "method_not_allowed" }, 405);
  const shopper = await authenticateProxy(runtime, request);
  const { locale } = shopper;
  const date = (at: Date) => formatDate(locale, at.toISOString()) ?? "";
  if (!shopper.customerPlatformId) return proxyJson({ error: "sign_in_required" }, 403);
  // As for redemptions: a JSON body cannot be sent cross-site without CORS approval.
  if (!request.headers.get("content-type")?.startsWith("application/json")) return proxyJson({ error: "json_required" }, 415);
  const body = birthdaySchema.safeParse(await request.json().catch(() => null));
  if (!body.success) return proxyJson({ error: "invalid_date", message: translate(locale, "storefront.birthday.refused.invalid_date") }, 400);

  const customer = await runtime.db.customer.findUnique({
    where: { shopId_platformId: { shopId: shopper.shop.id, platformId: shopper.customerPlatformId } },
    select: { id: true },
  });
  if (!customer) return proxyJson({ error: "not_a_member", message: translate(locale, "storefront.refused.not_a_member") }, 422);
  const result = await setBirthday(runtime.db, { shopId: shopper.shop.id, customerId: customer.id, birthday: body.data }, new Date());
  if (!result.ok) {
    return result.reason === "locked"
      ? proxyJson({ error: "locked", message: translate(locale, "storefront.birthday.refused.locked", { date: date(result.until) }) }, 409)
      : proxyJson({ error: result.reason, message: translate(locale, "storefront.birthday.refused.no_birthday_points") }, 422);
  }
  return proxyJson({
    birthday: result.birthday,
    pointsOn: result.pointsOn.toISOString(),
    skipsThisYear: result.skipsThisYear,
    message: translate(locale, result.skipsThisYear ? "storefront.birthday.savedTooLate" : "storefront.birthday.saved", { date: date(result.pointsOn) }),
  });
}
