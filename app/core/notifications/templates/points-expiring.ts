import type { NoticeLevel } from "~/core/loyalty/expiry-notices";
import type { Locale } from "~/i18n/translate";
import { dateText, pointsText, renderMail, type MailContent } from "./mail-layout";

// Points are about to expire: a warning, then a last chance, both naming the day.

export interface PointsExpiringFigures {
  level: NoticeLevel;
  points: number;
  expiresAt: Date;
  balance: number;
}

export function pointsExpiringMail(shopName: string, locale: Locale, figures: PointsExpiringFigures): MailContent {
  const points = pointsText(locale, figures.points);
  const balance = pointsText(locale, figures.balance);
  const date = dateText(locale, figures.expiresAt);
  const lastChance = figures.level === "last_chance";
  const one = figures.points === 1;
  if (locale === "de") {
    const expire = one ? "verfällt" : "verfallen";
    return renderMail(shopName, locale, {
      subject: lastChance ? `Letzte Erinnerung: ${points} ${expire} am ${date}` : `Ihre Punkte bei ${shopName} verfallen am ${date}`,
      paragraphs: [
        `${points} aus Ihrem Punktestand ${expire} am ${date}. Lösen Sie ${one ? "ihn" : "sie"} bis dahin bei ${shopName} ein, damit ${one ? "er nicht verloren geht" : "sie nicht verloren gehen"}.`,
        `Ihr Punktestand: ${balance}.`,
      ],
    });
  }
  const expire = one ? "expires" : "expire";
  return renderMail(shopName, locale, {
    subject: lastChance ? `Last reminder: ${points} ${expire} on ${date}` : `Your points at ${shopName} expire on ${date}`,
    paragraphs: [`${points} of your balance ${expire} on ${date}. Redeem ${one ? "it" : "them"} at ${shopName} before then so ${one ? "it is" : "they are"} not lost.`, `Your balance: ${balance}.`],
  });
}
