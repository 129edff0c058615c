import type { ActionFunctionArgs } from "@remix-run/node";
import { birthdaySchema } from "~/core/loyalty/birthday";
import { setBirthday } from "~/core/loyalty/birthday.server";
import { formatDate } from "~/i18n/format";
import { translate } from "~/i18n/translate";
import { authenticateShopperPost, postOnly, proxyJson } from "~/platforms/shopify/app-proxy.server";

// POST /apps/crm/loyalty/birthday (through Shopify's app proxy): the signed-in customer gives
// their birthday (month and day) for the program's birthday points. The rules (30 days' notice,
// one change a year) are in core/loyalty/birthday.ts; every answer carries a message in the
// shopper's language for the panel to show.

export const loader = postOnly;

export async function action({ request, context }: ActionFunctionArgs) {
  const { runtime } = context;
  const { shopper, customerId, body } = await authenticateShopperPost(runtime, request, birthdaySchema, (locale) =>
    proxyJson({ error: "invalid_date", message: translate(locale, "storefront.birthday.refused.invalid_date") }, 400),
  );
  const { locale } = shopper;
  const date = (at: Date) => formatDate(locale, at.toISOString()) ?? "";
  const result = await setBirthday(runtime.db, { shopId: shopper.shop.id, customerId, birthday: body }, new Date());
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
