import { DISPLAY_TIME_ZONE } from "~/i18n/format";

// What a data request's export is saved as on the merchant's computer.

export const EXPORT_FORMATS = ["json", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CALENDAR_DATE = new Intl.DateTimeFormat("en-CA", {
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  timeZone: DISPLAY_TIME_ZONE,
});

/**
 * "datenauskunft-alpenroester-demo-2026-12-04.csv": the localized prefix, the shop, the day the
 * request arrived. Only [a-z0-9-] so the name needs no encoding in Content-Disposition.
 */
export function exportFilename(prefix: string, shopDomain: string, receivedAt: Date, format: ExportFormat): string {
  const shop = shopDomain
    .toLowerCase()
    .replace(/\.myshopify\.com$/, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${[prefix, shop, CALENDAR_DATE.format(receivedAt)].filter(Boolean).join("-")}.${format}`;
}

/** The stored export as handed out: the document itself, indented for a human reader. */
export function renderExportJson(exported: unknown): string {
  return `${JSON.stringify(exported, null, 2)}\n`;
}
