import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { redeemReward } from "~/core/loyalty/redemption.server";
import { RedemptionRefused } from "~/core/loyalty/rewards";
import { PlatformActionError } from "~/core/platform-actions";
import { formatDate } from "~/i18n/format";
import { DEFAULT_LOCALE, translate } from "~/i18n/translate";
import { authenticateShopperPost, postOnly, proxyJson } from "~/platforms/shopify/app-proxy.server";

// POST /apps/crm/loyalty/redeem (through Shopify's app proxy): the signed-in customer spends
// points on a reward and gets a single-use code. The idempotency key comes from the panel, so a
// retried click returns the first code instead of spending twice.

const RedeemBody = z.object({
  rewardId: z.string().min(1).max(40),
  chosenPoints: z.number().int().positive().optional(),
  requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});

/** Why a redemption did not happen, as the panel is told (with a message in the shopper's language). */
type RefusalReason = RedemptionRefused["reason"] | "platform";

export const loader = postOnly;

export async function action({ request, context }: ActionFunctionArgs) {
  const { runtime } = context;
  const { shopper, customerId, body } = await authenticateShopperPost(runtime, request, RedeemBody, () => proxyJson({ error: "invalid_request" }, 400));
  const refuse = (status: number, reason: RefusalReason) =>
    proxyJson({ error: reason, message: translate(shopper.locale, `storefront.refused.${reason}`) }, status);
  try {
    const redemption = await redeemReward(
      runtime.db,
      () => runtime.platformActionsFor(shopper.shop.domain),
      {
        shopId: shopper.shop.id,
        customerId,
        rewardId: body.rewardId,
        ...(body.chosenPoints === undefined ? {} : { chosenPoints: body.chosenPoints }),
        // Request keys are unique per shop: the customer's id keeps one shopper's key from
        // ever returning another's code.
        requestKey: `storefront:${customerId}:${body.requestKey}`,
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
