import { formatDate, formatNumber } from "~/i18n/format";
import type { Locale } from "~/i18n/translate";

// What every notice shares: the shop's name as the heading, a greeting, paragraphs, the reason
// the shopper gets it. A template gives plain strings only; they are escaped here, once, so no
// shop name, tier name or order name can put markup into the HTML part.

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** Why the recipient gets the mail, as its footer says. */
export type MailReason = "loyalty_member" | "referral_friend" | "referral_advocate";

export interface MailBody {
  subject: string;
  paragraphs: readonly string[];
  /** Default: a member of the loyalty program. */
  reason?: MailReason;
}

const GREETING: Record<Locale, string> = { de: "Guten Tag,", en: "Hello," };

const FOOTERS: Record<MailReason, Record<Locale, (shop: string) => string>> = {
  loyalty_member: {
    de: (shop) => `Sie erhalten diese E-Mail als Mitglied des Treueprogramms von ${shop}.`,
    en: (shop) => `You receive this e-mail as a member of the loyalty program of ${shop}.`,
  },
  referral_friend: {
    de: (shop) => `Sie erhalten diese E-Mail, weil Sie bei ${shop} einen Empfehlungscode angefordert haben.`,
    en: (shop) => `You receive this e-mail because you asked ${shop} for a referral code.`,
  },
  referral_advocate: {
    de: (shop) => `Sie erhalten diese E-Mail, weil Sie ${shop} weiterempfohlen haben.`,
    en: (shop) => `You receive this e-mail because you recommended ${shop} to a friend.`,
  },
};

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

export function renderMail(shopName: string, locale: Locale, body: MailBody): MailContent {
  const footer = FOOTERS[body.reason ?? "loyalty_member"][locale](shopName);
  const text = [GREETING[locale], ...body.paragraphs, shopName, "--", footer].join("\n\n");
  const paragraph = (value: string, style = "") => `<p style="margin:0 0 16px${style}">${escapeHtml(value)}</p>`;
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(body.subject)}</title></head>`,
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;max-width:560px;margin:0 auto;padding:24px">`,
    `<h1 style="font-size:20px;margin:0 0 24px">${escapeHtml(shopName)}</h1>`,
    paragraph(GREETING[locale]),
    ...body.paragraphs.map((value) => paragraph(value)),
    paragraph(footer, ";font-size:12px;color:#6d7175"),
    "</body></html>",
  ].join("\n");
  return { subject: body.subject, text, html };
}

/** "1 Punkt", "1.250 Punkte"; "1 point", "1,250 points". */
export function pointsText(locale: Locale, points: number): string {
  const count = formatNumber(locale, points);
  if (locale === "de") return `${count} ${Math.abs(points) === 1 ? "Punkt" : "Punkte"}`;
  return `${count} ${Math.abs(points) === 1 ? "point" : "points"}`;
}

/** A calendar date in the shopper's language (the app's display time zone). */
export function dateText(locale: Locale, at: Date): string {
  return formatDate(locale, at.toISOString()) ?? "";
}
