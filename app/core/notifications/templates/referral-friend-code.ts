import type { Locale } from "~/i18n/translate";
import { dateText, renderMail, type MailContent } from "./mail-layout";

// A referred friend claimed their code: the code, what it takes off (from which order value),
// until when it can be used, and where the shop is.

export interface ReferralFriendCodeFigures {
  code: string;
  /** What the code takes off, in words ("10,00 € Rabatt"). */
  rewardText: string;
  /** The minimum order value in words ("ab 30,00 € Bestellwert"); null: none. */
  minimumText: string | null;
  /** Null: the code does not expire. */
  expiresAt: Date | null;
  /** The shop's storefront. */
  shopUrl: string;
}

export function referralFriendCodeMail(shopName: string, locale: Locale, figures: ReferralFriendCodeFigures): MailContent {
  const reward = figures.minimumText ? `${figures.rewardText} ${figures.minimumText}` : figures.rewardText;
  if (locale === "de") {
    return renderMail(shopName, locale, {
      reason: "referral_friend",
      subject: `Ihr Empfehlungscode für ${shopName}`,
      paragraphs: [
        `Sie wurden an ${shopName} empfohlen. Mit Ihrem Code erhalten Sie ${reward} auf Ihre erste Bestellung:`,
        figures.code,
        figures.expiresAt
          ? `Geben Sie den Code an der Kasse ein. Er gilt einmal, bis zum ${dateText(locale, figures.expiresAt)}.`
          : "Geben Sie den Code an der Kasse ein. Er gilt für eine Bestellung.",
        `Zum Shop: ${figures.shopUrl}`,
      ],
    });
  }
  return renderMail(shopName, locale, {
    reason: "referral_friend",
    subject: `Your referral code for ${shopName}`,
    paragraphs: [
      `A friend recommended ${shopName} to you. Your code gets you ${reward} on your first order:`,
      figures.code,
      figures.expiresAt
        ? `Enter it at checkout. It can be used once, until ${dateText(locale, figures.expiresAt)}.`
        : "Enter it at checkout. It can be used for one order.",
      `Visit the shop: ${figures.shopUrl}`,
    ],
  });
}
