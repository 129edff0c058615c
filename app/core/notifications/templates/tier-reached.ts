import { formatNumber } from "~/i18n/format";
import type { Locale } from "~/i18n/translate";
import { pointsText, renderMail, type MailContent } from "./mail-layout";

// The member reached a higher tier: its name, what it brings (a higher earn rate, a welcome gift).

export interface TierReachedFigures {
  /** The tier's name in the shopper's language. */
  tierName: string;
  /** Earn multiplier of the tier (1 = none). */
  multiplier: number;
  /** Points given once on reaching it (0 = none). */
  entryRewardPoints: number;
}

export function tierReachedMail(shopName: string, locale: Locale, figures: TierReachedFigures): MailContent {
  const multiplier = formatNumber(locale, figures.multiplier, 2);
  const gift = figures.entryRewardPoints > 0 ? pointsText(locale, figures.entryRewardPoints) : null;
  if (locale === "de") {
    return renderMail(shopName, locale, {
      subject: `Willkommen im Status ${figures.tierName} bei ${shopName}`,
      paragraphs: [
        `herzlichen Glückwunsch: Sie haben im Treueprogramm von ${shopName} den Status ${figures.tierName} erreicht.`,
        ...(figures.multiplier > 1 ? [`Ab jetzt sammeln Sie mit jeder Bestellung das ${multiplier}-Fache an Punkten.`] : []),
        ...(gift ? [`Als Willkommensgeschenk haben wir Ihnen ${gift} gutgeschrieben.`] : []),
      ],
    });
  }
  return renderMail(shopName, locale, {
    subject: `Welcome to ${figures.tierName} at ${shopName}`,
    paragraphs: [
      `Congratulations: you reached ${figures.tierName} in the loyalty program of ${shopName}.`,
      ...(figures.multiplier > 1 ? [`From now on every order earns you ${multiplier} times the points.`] : []),
      ...(gift ? [`As a welcome gift, we added ${gift} to your balance.`] : []),
    ],
  });
}
