import type { Locale } from "~/i18n/translate";
import { dateText, pointsText, renderMail, type MailContent } from "./mail-layout";

// An order earned points: how many, from when they can be spent, the balance now.

export interface PointsEarnedFigures {
  points: number;
  /** The order's name as the shop shows it ("#1001"); null for points without an order. */
  orderName: string | null;
  /** When the points become spendable, if that is still ahead (the return window). */
  pendingUntil: Date | null;
  balance: number;
}

export function pointsEarnedMail(shopName: string, locale: Locale, figures: PointsEarnedFigures): MailContent {
  const points = pointsText(locale, figures.points);
  const balance = pointsText(locale, figures.balance);
  if (locale === "de") {
    return renderMail(shopName, locale, {
      subject: `Sie haben ${points} bei ${shopName} gesammelt`,
      paragraphs: [
        figures.orderName
          ? `vielen Dank für Ihre Bestellung ${figures.orderName}. Dafür haben Sie ${points} gesammelt.`
          : `Sie haben ${points} gesammelt.`,
        ...(figures.pendingUntil ? [`Die Punkte können Sie ab dem ${dateText(locale, figures.pendingUntil)} einlösen.`] : []),
        `Ihr Punktestand: ${balance}.`,
      ],
    });
  }
  return renderMail(shopName, locale, {
    subject: `You earned ${points} at ${shopName}`,
    paragraphs: [
      figures.orderName ? `Thank you for your order ${figures.orderName}. It earned you ${points}.` : `You earned ${points}.`,
      ...(figures.pendingUntil ? [`You can redeem them from ${dateText(locale, figures.pendingUntil)}.`] : []),
      `Your balance: ${balance}.`,
    ],
  });
}
