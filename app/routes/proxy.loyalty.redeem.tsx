import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { redeemReward } from "~/core/loyalty/redemption.server";
import { RedemptionRefused } from "~/core/loyalty/rewards";
import { PlatformActionError } from "~/core/platform-actions";
import { formatDate } from "~/i18n/format";
import { DEFAULT_LOCALE, translate } from "~/i18n/translate";
import { authenticateProxy, proxyJson } from "~/platforms/shopify/app-proxy.server";

// POST /apps/crm/loyalty/redeem (through Shopify's app proxy): the signed-in customer spends
// points on a reward and gets a single-use code. The idempotency key comes from the panel, so a
// retried click returns the first code instead of spending twice.

const RedeemBody = z.object({
  rewardId: z.string().min(1).max(40),
  chosenPoints: z.number().int().positive().optional(),
  requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});

/** Why a redemption did not happen, as the panel is told (with a message in the shopper's language). */
type RefusalReason = RedemptionRefused["reason"] | "not_a_member" | "platform";

export async function loader() {
  return proxyJson({ error: "method_not_allowed" }, 405);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { runtime } = context;
  if (request.method !== "POST") return proxyJson({ error: "method_not_allowed" }, 405);
  const shopper = await authenticateProxy(runtime, request);
  const refuse = (status: number, reason: RefusalReason) =>
    proxyJson({ error: reason, message: translate(shopper.locale, `storefront.refused.${reason}`) }, status);
  if (!shopper.customerPlatformId) return proxyJson({ error: "sign_in_required" }, 403);
  // A JSON body cannot be sent cross-site without CORS approval: a page elsewhere cannot make a
  // signed-in shopper's browser spend their points.
  if (!request.headers.get("content-type")?.startsWith("application/json")) return proxyJson({ error: "json_required" }, 415);
  const body = RedeemBody.safeParse(await request.json().catch(() => null));
  if (!body.success) return proxyJson({ error: "invalid_request" }, 400);

  const customer = await runtime.db.customer.findUnique({
    where: { shopId_platformId: { shopId: shopper.shop.id, platformId: shopper.customerPlatformId } },
    select: { id: true },
  });
  if (!customer) return refuse(422, "not_a_member");
  try {
    const redemption = await redeemReward(
      runtime.db,
      () => runtime.platformActionsFor(shopper.shop.domain),
      {
        shopId: shopper.shop.id,
        customerId: customer.id,
        rewardId: body.data.rewardId,
        ...(body.data.chosenPoints === undefined ? {} : { chosenPoints: body.data.chosenPoints }),
        // Request keys are unique per shop: the customer's id keeps one shopper's key from
        // ever returning another's code.
        requestKey: `storefront:${customer.id}:${body.data.requestKey}`,
        // The discount's title in the shop's admin, for the merchant.
        locale: DEFAULT_LOCALE,
      },
    );
    // A repeated key whose first attempt failed has no working code to give back.
    if (redemption.status === "FAILED" || redemption.status === "CANCELLED") return refuse(502, "platform");
    const expiresAt = redemption.expiresAt?.toISOString() ?? null;
    return proxyJson({
      code: redemption.code,
      points: redemption.points,
      expiresAt,
      expiresText: formatDate(shopper.locale, expiresAt),
    });
  } catch (error) {
    if (error instanceof RedemptionRefused) return refuse(error.reason === "not_enough_points" ? 409 : 422, error.reason);
    if (error instanceof PlatformActionError) return refuse(502, "platform");
    throw error;
  }
}
