import type { Db } from "~/db/prisma.server";
import { formatDate, formatMoney } from "~/i18n/format";
import { translate, type Locale } from "~/i18n/translate";
import { ensureReferralCode } from "./advocate-code.server";
import { normalizeReferralCode } from "./codes";
import { advocateRewardSchema } from "./program-settings";
import { activeReferralProgram } from "./program.server";
import { effectiveReferralStatus } from "./referral-status";
import { advocateRewardText, discountText, friendOfferText, minimumText, pointsRewardText } from "./reward-text";

// What the storefront's referral block shows (the app-proxy JSON of /referrals/offer and
// /referrals/me), in the shopper's language. Only the advocate's first name is ever shown to a
// friend.

export interface ReferralOffer {
  code: string;
  advocateName: string | null;
  friendReward: { text: string; minimumText: string | null; validDays: number | null };
}

export type ReferralOfferAnswer = { offer: ReferralOffer } | { refused: "unknown_code" | "inactive" };

/** The offer behind an advocate's code, for the friend who followed the link. */
export async function referralOffer(db: Db, shopId: string, code: string, locale: Locale): Promise<ReferralOfferAnswer> {
  const program = await activeReferralProgram(db, shopId);
  if (!program) return { refused: "inactive" };
  const [advocate, shop] = await Promise.all([
    db.referralCode.findUnique({
      where: { shopId_code: { shopId, code: normalizeReferralCode(code) } },
      select: { code: true, customer: { select: { firstName: true, redactedAt: true } } },
    }),
    db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } }),
  ]);
  if (!advocate) return { refused: "unknown_code" };
  const reward = program.settings.friendReward;
  const firstName = advocate.customer.redactedAt ? null : advocate.customer.firstName?.trim() || null;
  return {
    offer: {
      code: advocate.code,
      advocateName: firstName,
      friendReward: {
        text: discountText(locale, reward.value, shop.currency),
        minimumText: minimumText(locale, reward.minimumSubtotalMinor, shop.currency),
        validDays: reward.codeValidDays,
      },
    },
  };
}

export interface AdvocateRewardLine {
  text: string;
  at: string;
  atText: string;
}

export type AdvocateView =
  | { enabled: false }
  | { enabled: true; signedIn: false; friendOfferText: string; advocateOfferText: string }
  | {
      enabled: true;
      signedIn: true;
      friendOfferText: string;
      advocateOfferText: string;
      code: string;
      link: string;
      shareText: string;
      /** Friends who claimed a code on the link. */
      friendsReferred: number;
      /** Of those, the ones whose reward is still ahead (code unused and valid, or order in its return window or review). */
      friendsPending: number;
      rewards: AdvocateRewardLine[];
    };

const REWARDS_SHOWN = 20;
/** What the shop's app proxy path is (shopify.app.toml [app_proxy]). */
const PROXY_PATH = "/apps/crm";

function rewardText(locale: Locale, referral: { advocateRewardPoints: number | null; advocateReward: unknown }, currency: string): string {
  if (referral.advocateRewardPoints !== null) return pointsRewardText(locale, referral.advocateRewardPoints);
  const promised = advocateRewardSchema.safeParse(referral.advocateReward);
  return promised.success ? advocateRewardText(locale, promised.data, currency) : "";
}

/**
 * The referral block of the storefront: the offers for everyone, and for a signed-in customer
 * their link (made on first view), how their referrals stand, and the rewards they got.
 */
export async function advocateView(
  db: Db,
  shopId: string,
  customerId: string | null,
  shopDomain: string,
  locale: Locale,
  now: Date = new Date(),
): Promise<AdvocateView> {
  const program = await activeReferralProgram(db, shopId);
  if (!program) return { enabled: false };
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { name: true, currency: true } });
  const { friendReward, advocateReward } = program.settings;
  const offers = {
    friendOfferText: friendOfferText(locale, friendReward, shop.currency),
    advocateOfferText: translate(locale, "referralsStorefront.offer.advocate", { reward: advocateRewardText(locale, advocateReward, shop.currency) }),
  };
  const code = customerId ? await ensureReferralCode(db, shopId, customerId) : null;
  if (!code) return { enabled: true, signedIn: false, ...offers };

  const [referrals, rewarded] = await Promise.all([
    db.referral.findMany({ where: { shopId, codeId: code.id }, select: { status: true, friendCodeExpiresAt: true } }),
    db.referral.findMany({
      where: { shopId, codeId: code.id, status: "REWARDED", advocateRewardedAt: { not: null } },
      orderBy: { advocateRewardedAt: "desc" },
      take: REWARDS_SHOWN,
      select: { advocateRewardedAt: true, advocateRewardPoints: true, advocateReward: true },
    }),
  ]);
  const pending = referrals.filter((referral) => ["CLAIMED", "PENDING", "REVIEW"].includes(effectiveReferralStatus(referral, now)));
  const link = `https://${shopDomain}${PROXY_PATH}/r/${code.code}`;
  const share = { reward: discountText(locale, friendReward.value, shop.currency), shop: shop.name ?? shopDomain, link };
  return {
    enabled: true,
    signedIn: true,
    ...offers,
    code: code.code,
    link,
    shareText:
      friendReward.minimumSubtotalMinor === null
        ? translate(locale, "referralsStorefront.share", share)
        : translate(locale, "referralsStorefront.shareMinimum", { ...share, minimum: formatMoney(locale, friendReward.minimumSubtotalMinor, shop.currency) }),
    friendsReferred: referrals.length,
    friendsPending: pending.length,
    rewards: rewarded.flatMap((referral) => {
      const at = referral.advocateRewardedAt?.toISOString();
      if (!at) return [];
      const text = translate(locale, "referralsStorefront.rewardEarned", { reward: rewardText(locale, referral, shop.currency) });
      return [{ text, at, atText: formatDate(locale, at) ?? "" }];
    }),
  };
}
