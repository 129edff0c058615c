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
  if (locale === "de") {
    return renderMail(shopName, locale, {
      subject: lastChance ? `Letzte Erinnerung: ${points} verfallen am ${date}` : `Ihre Punkte bei ${shopName} verfallen am ${date}`,
      paragraphs: [
        `${points} aus Ihrem Punktestand verfallen am ${date}. Lösen Sie sie bis dahin bei ${shopName} ein, damit sie nicht verloren gehen.`,
        `Ihr Punktestand: ${balance}.`,
      ],
    });
  }
  return renderMail(shopName, locale, {
    subject: lastChance ? `Last reminder: ${points} expire on ${date}` : `Your points at ${shopName} expire on ${date}`,
    paragraphs: [`${points} of your balance expire on ${date}. Redeem them at ${shopName} before then so they are not lost.`, `Your balance: ${balance}.`],
  });
}
