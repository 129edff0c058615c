import type { Locale } from "~/i18n/translate";
import { dateText, renderMail, type MailContent } from "./mail-layout";

// The advocate's thanks: a friend they recommended the shop to ordered, the return window has
// passed, and here is the reward — points on their balance, or a code of their own. The friend is
// named by first name only: the advocate knows whom they told, and nothing more is theirs to see.

export interface ReferralAdvocateRewardedFigures {
  /** The friend's first name; null: not known (then the mail says "a friend"). */
  friendFirstName: string | null;
  /** The reward in words ("500 Punkte", "10,00 € Rabatt ab 30,00 € Bestellwert"). */
  rewardText: string;
  /** The advocate's code for a discount reward; null for points. */
  code: string | null;
  /** Until when the code can be used; null: it does not expire (or points). */
  codeExpiresAt: Date | null;
}

export function referralAdvocateRewardedMail(shopName: string, locale: Locale, figures: ReferralAdvocateRewardedFigures): MailContent {
  if (locale === "de") {
    const friend = figures.friendFirstName ?? "Eine Person, der Sie uns empfohlen haben,";
    return renderMail(shopName, locale, {
      subject: `Danke für Ihre Empfehlung – ${shopName}`,
      paragraphs: [
        `${friend} hat zum ersten Mal bei ${shopName} bestellt. Vielen Dank für Ihre Empfehlung!`,
        ...(figures.code
          ? [
              `Als Dankeschön erhalten Sie ${figures.rewardText} mit Ihrem persönlichen Code:`,
              figures.code,
              figures.codeExpiresAt
                ? `Geben Sie ihn an der Kasse ein. Er gilt einmal, bis zum ${dateText(locale, figures.codeExpiresAt)}.`
                : "Geben Sie ihn an der Kasse ein. Er gilt für eine Bestellung.",
            ]
          : [`Als Dankeschön haben wir Ihnen ${figures.rewardText} gutgeschrieben.`]),
      ],
    });
  }
  const friend = figures.friendFirstName ?? "A friend you recommended us to";
  return renderMail(shopName, locale, {
    subject: `Thank you for recommending ${shopName}`,
    paragraphs: [
      `${friend} placed their first order at ${shopName}. Thank you for recommending us!`,
      ...(figures.code
        ? [
            `As a thank-you, you get ${figures.rewardText} with your personal code:`,
            figures.code,
            figures.codeExpiresAt
              ? `Enter it at checkout. It can be used once, until ${dateText(locale, figures.codeExpiresAt)}.`
              : "Enter it at checkout. It can be used for one order.",
          ]
        : [`As a thank-you, we added ${figures.rewardText} to your balance.`]),
    ],
  });
}
