import { advocateRewardSchema, friendRewardSchema } from "~/core/referrals/program-settings";
import { advocateRewardText, discountText, minimumText } from "~/core/referrals/reward-text";
import type { Tx } from "~/db/prisma.server";
import { matchLocale } from "~/i18n/locale.server";
import { DEFAULT_LOCALE } from "~/i18n/translate";
import { queueMail } from "./mail-notices.server";
import { mailRecipient } from "./recipient";
import { referralAdvocateRewardedMail } from "./templates/referral-advocate-rewarded";
import { referralFriendCodeMail } from "./templates/referral-friend-code";

// The referral program's mails. They belong to their referral (referralId): a friend who claimed
// by e-mail has no customer row, and a referral's mails go when it does. Like the members'
// notices, a mail is recorded in the caller's transaction under a key unique per shop, so doing
// the same thing again mails nothing new; a job sends it (queueMail, as for the notices).

/**
 * The friend's code, mailed to the address they claimed with (or their account's), in the
 * language of their claim. A referral without an address (a signed-in friend whose account has
 * none) gets no mail: the storefront showed the code.
 */
export async function recordReferralFriendCodeMail(tx: Tx, shopId: string, referralId: string): Promise<boolean> {
  const referral = await tx.referral.findFirst({
    where: { id: referralId, shopId },
    select: { friendEmail: true, friendLocale: true, friendCustomerId: true, friendCode: true, friendReward: true, friendCodeExpiresAt: true },
  });
  if (!referral?.friendEmail) return false;
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { name: true, domain: true, currency: true } });
  const locale = matchLocale(referral.friendLocale) ?? DEFAULT_LOCALE;
  const reward = friendRewardSchema.parse(referral.friendReward);
  return queueMail(tx, {
    shopId,
    referralId,
    customerId: referral.friendCustomerId,
    kind: "referral_friend_code",
    locale,
    to: referral.friendEmail,
    eventKey: `referral:${referralId}:friend-code`,
    content: referralFriendCodeMail(shop.name ?? shop.domain, locale, {
      code: referral.friendCode,
      rewardText: discountText(locale, reward.value, shop.currency),
      minimumText: minimumText(locale, reward.minimumSubtotalMinor, shop.currency),
      expiresAt: referral.friendCodeExpiresAt,
      shopUrl: `https://${shop.domain}/`,
    }),
  });
}

/**
 * The advocate's reward was given (points or a code): mailed to the advocate as the members'
 * notices are (a customer with an account and an address, never a redacted one), in their
 * language, naming the friend by first name only.
 */
export async function recordReferralAdvocateRewardedMail(
  tx: Tx,
  shopId: string,
  referralId: string,
  given: { code: string | null; codeExpiresAt: Date | null },
): Promise<boolean> {
  const referral = await tx.referral.findFirst({
    where: { id: referralId, shopId },
    select: {
      advocateReward: true,
      friendCustomer: { select: { firstName: true } },
      code: { select: { customer: { select: { id: true, email: true, locale: true, isGuest: true, platformId: true, deletedAt: true, redactedAt: true } } } },
    },
  });
  const advocate = referral?.code.customer;
  const recipient = advocate && mailRecipient(advocate);
  const reward = advocateRewardSchema.safeParse(referral?.advocateReward);
  if (!referral || !advocate || !recipient || !reward.success) return false;
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { name: true, domain: true, currency: true } });
  return queueMail(tx, {
    shopId,
    referralId,
    customerId: advocate.id,
    kind: "referral_advocate_rewarded",
    locale: recipient.locale,
    to: recipient.to,
    eventKey: `referral:${referralId}:advocate-rewarded`,
    content: referralAdvocateRewardedMail(shop.name ?? shop.domain, recipient.locale, {
      friendFirstName: referral.friendCustomer?.firstName?.trim() || null,
      rewardText: advocateRewardText(recipient.locale, reward.data, shop.currency),
      code: given.code,
      codeExpiresAt: given.codeExpiresAt,
    }),
  });
}
