import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { claimFriendCode, ClaimRefused, type ClaimRefusal } from "~/core/referrals/claim.server";
import { visitorKeys, visitorOf } from "~/core/referrals/visitor-keys";
import { discountText, minimumText } from "~/core/referrals/reward-text";
import { PlatformActionError } from "~/core/platform-actions";
import { formatDate } from "~/i18n/format";
import { translate } from "~/i18n/translate";
import { authenticateProxyPost, postOnly, proxyJson } from "~/platforms/shopify/app-proxy.server";

// POST /apps/crm/referrals/claim (through Shopify's app proxy): a friend claims their own code on
// an advocate's link, signed in or by e-mail. The idempotency key comes from the storefront's
// block, so a retried click returns the first code instead of making a second.

const ClaimBody = z.object({
  code: z.string().min(1).max(40),
  email: z.string().max(320).optional(),
  requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});

type RefusalReason = ClaimRefusal | "platform" | "invalid_request";

const REFUSAL_STATUS: Record<RefusalReason, number> = {
  inactive: 404,
  unknown_code: 404,
  own_code: 422,
  already_customer: 422,
  already_claimed: 409,
  rate_limited: 429,
  invalid_email: 422,
  invalid_request: 400,
  platform: 502,
};

export const loader = postOnly;

export async function action({ request, context }: ActionFunctionArgs) {
  const { runtime } = context;
  const refusal = (locale: "de" | "en", reason: RefusalReason) =>
    proxyJson({ error: reason, message: translate(locale, `referralsStorefront.refused.${reason}`) }, REFUSAL_STATUS[reason]);
  const { shopper, body } = await authenticateProxyPost(runtime, request, ClaimBody, (locale) => refusal(locale, "invalid_request"));
  const visitor = visitorKeys(runtime.config.shopify.apiSecret, shopper.shop.id, visitorOf(request));
  try {
    const claim = await claimFriendCode(runtime.db, () => runtime.platformActionsFor(shopper.shop.domain), {
      shopId: shopper.shop.id,
      code: body.code,
      customerPlatformId: shopper.customerPlatformId,
      email: body.email ?? null,
      // Request keys are unique per shop: the shopper (or, signed out, the visitor) in the key
      // keeps one shopper's key from ever returning another's code.
      requestKey: `storefront:${shopper.customerPlatformId ? `customer:${shopper.customerPlatformId}` : `visitor:${visitor.ipKey}`}:${body.requestKey}`,
      locale: shopper.locale,
      visitor,
    });
    const expiresAt = claim.expiresAt?.toISOString() ?? null;
    return proxyJson({
      code: claim.code,
      rewardText: discountText(shopper.locale, claim.reward.value, claim.currency),
      minimumText: minimumText(shopper.locale, claim.reward.minimumSubtotalMinor, claim.currency),
      expiresAt,
      expiresText: formatDate(shopper.locale, expiresAt),
    });
  } catch (error) {
    if (error instanceof ClaimRefused) return refusal(shopper.locale, error.reason);
    if (error instanceof PlatformActionError) return refusal(shopper.locale, "platform");
    throw error;
  }
}
