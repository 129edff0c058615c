import { formatMoney } from "~/i18n/format";
import { translate, type Locale } from "~/i18n/translate";
import type { AdvocateReward, FriendReward, ReferralDiscount } from "./program-settings";

// The referral rewards in words, for the storefront, the mails and the discount's title in the
// platform's admin. Amounts are in the shop's currency.

/** "10,00 € Rabatt", "10 % Rabatt", "kostenlosen Versand". */
export function discountText(locale: Locale, value: ReferralDiscount, currency: string): string {
  switch (value.kind) {
    case "amount":
      return translate(locale, "referralsStorefront.discount.amount", { amount: formatMoney(locale, value.amountMinor, currency) });
    case "percent":
      return translate(locale, "referralsStorefront.discount.percent", { percent: value.percent });
    case "free_shipping":
      return translate(locale, "referralsStorefront.discount.free_shipping");
  }
}

/** "ab 30,00 € Bestellwert"; null without a minimum. */
export function minimumText(locale: Locale, minimumSubtotalMinor: number | null, currency: string): string | null {
  if (minimumSubtotalMinor === null) return null;
  return translate(locale, "referralsStorefront.minimum", { amount: formatMoney(locale, minimumSubtotalMinor, currency) });
}

/** "150 Punkte", "1 Punkt". */
export function pointsRewardText(locale: Locale, points: number): string {
  return points === 1 ? translate(locale, "referralsStorefront.pointsOne") : translate(locale, "referralsStorefront.points", { points });
}

/** What the advocate gets per friend: points or a discount (with its minimum). */
export function advocateRewardText(locale: Locale, reward: AdvocateReward, currency: string): string {
  if (reward.kind === "points") return pointsRewardText(locale, reward.points);
  const minimum = minimumText(locale, reward.minimumSubtotalMinor, currency);
  const discount = discountText(locale, reward.value, currency);
  return minimum ? `${discount} ${minimum}` : discount;
}

/** The friend's offer for the storefront: "Ihre Freundinnen und Freunde erhalten 10,00 € Rabatt auf ihre erste Bestellung ab 30,00 €." */
export function friendOfferText(locale: Locale, reward: FriendReward, currency: string): string {
  const text = discountText(locale, reward.value, currency);
  if (reward.minimumSubtotalMinor === null) return translate(locale, "referralsStorefront.offer.friend", { reward: text });
  return translate(locale, "referralsStorefront.offer.friendMinimum", {
    reward: text,
    minimum: formatMoney(locale, reward.minimumSubtotalMinor, currency),
  });
}

/** The friend's discount's name in the platform's admin: "Empfehlung: 10,00 € Rabatt". */
export function friendDiscountTitle(locale: Locale, reward: FriendReward, currency: string): string {
  return translate(locale, "referralsStorefront.discountTitle", { reward: discountText(locale, reward.value, currency) });
}
