import { z } from "zod";
import { csvSeparator, renderCsv } from "~/core/csv";
import { toTimelineItem } from "~/core/customers/customer-queries.server";
import { formatDateTime, formatMoney } from "~/i18n/format";
import { consentLabel, financialStatusLabel, fulfillmentStatusLabel, timelineLabel } from "~/i18n/labels";
import { createTranslator, isMessageKey, type Locale, type Translate } from "~/i18n/translate";

// A data request's export as one CSV file the merchant opens in Excel with a double click and can
// forward to the customer. One table with a "record type" column (customer fields, orders, their
// line items, discount codes and refunds, the history), so Excel's filter shows one kind at a time.
// Written Excel-ready (BOM, the separator of the merchant's region, formula guard) by ~/core/csv.

const JsonValueSchema: z.ZodType<z.core.util.JSONType> = z.json();
const NullableText = z.string().nullish().transform((value) => value ?? null);
// BigInt amounts were written to the export as decimal strings of minor units.
const Minor = z.string().regex(/^-?\d{1,15}$/).transform(Number);

const LineItemSchema = z.object({
  title: z.string(),
  variantTitle: NullableText,
  sku: NullableText,
  quantity: z.number().int(),
  unitPriceMinor: Minor,
  currency: z.string(),
});
const DiscountCodeSchema = z.object({ code: z.string(), amountMinor: Minor, currency: z.string() });
const RefundSchema = z.object({ processedAt: z.string(), note: NullableText, amountMinor: Minor, currency: z.string() });
const OrderSchema = z.object({
  name: NullableText,
  processedAt: z.string(),
  totalMinor: Minor,
  currency: z.string(),
  financialStatus: NullableText,
  fulfillmentStatus: NullableText,
  cancelledAt: NullableText,
  lineItems: z.array(LineItemSchema).default([]),
  discountCodes: z.array(DiscountCodeSchema).default([]),
  refunds: z.array(RefundSchema).default([]),
});
const TimelineEventSchema = z.object({ id: z.string(), kind: z.string(), occurredAt: z.string(), data: JsonValueSchema });

/** What exportCustomerData stored (~/core/privacy/privacy.server), as far as the CSV shows it. */
export const DataExportSchema = z.object({
  customers: z.array(z.record(z.string(), JsonValueSchema)).default([]),
  orders: z.array(OrderSchema).default([]),
  timeline: z.array(TimelineEventSchema).default([]),
});
export type DataExport = z.output<typeof DataExportSchema>;

// The store's own keys and a derived copy of the email say nothing about the person.
const INTERNAL_CUSTOMER_FIELDS = new Set(["id", "shopId", "emailNormalized", "createdAt", "updatedAt"]);
const DATE_FIELDS = new Set([
  "consentUpdatedAt",
  "sourceCreatedAt",
  "sourceUpdatedAt",
  "deletedAt",
  "redactedAt",
  "firstOrderAt",
  "lastOrderAt",
]);
const MONEY_FIELDS = new Set(["totalSpentMinor", "totalRefundedMinor"]);

type Row = readonly [
  recordType: string,
  order: string,
  date: string,
  field: string,
  value: string,
  quantity: string,
  amount: string,
  status: string,
];

interface Formatters {
  t: Translate;
  locale: Locale;
  dateTime(iso: string | null): string;
  money(minor: number, currency: string): string;
}

function customerRows(customer: Readonly<Record<string, z.core.util.JSONType>>, currency: string, f: Formatters): Row[] {
  const record = f.t("privacy.csv.record.customer");
  const rows: Row[] = [];
  for (const [field, value] of Object.entries(customer)) {
    if (INTERNAL_CUSTOMER_FIELDS.has(field) || value === null || value === "") continue;
    if (Array.isArray(value) && value.length === 0) continue;
    const labelKey = `privacy.csv.field.${field}`;
    // A field added to the store after this was written still reaches the customer, by its name.
    const label = isMessageKey(labelKey) ? f.t(labelKey) : field;
    rows.push([record, "", "", label, customerValue(field, value, currency, f), "", "", ""]);
  }
  return rows;
}

function customerValue(field: string, value: z.core.util.JSONType, currency: string, f: Formatters): string {
  if (typeof value === "boolean") return f.t(value ? "privacy.csv.yes" : "privacy.csv.no");
  if (Array.isArray(value)) return value.map((item) => (typeof item === "string" ? item : JSON.stringify(item))).join(", ");
  if (typeof value === "string" && DATE_FIELDS.has(field)) return f.dateTime(value);
  if (typeof value === "string" && MONEY_FIELDS.has(field) && /^-?\d{1,15}$/.test(value)) return f.money(Number(value), currency);
  if (typeof value === "string" && field === "emailMarketingConsent") return consentLabel(f.t, value);
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function orderStatus(order: z.output<typeof OrderSchema>, t: Translate): string {
  const parts = [financialStatusLabel(t, order.financialStatus), fulfillmentStatusLabel(t, order.fulfillmentStatus)];
  if (order.cancelledAt) parts.push(t("common.cancelled"));
  return parts.join(", ");
}

function orderRows(order: z.output<typeof OrderSchema>, f: Formatters): Row[] {
  const { t } = f;
  const name = order.name ?? t("common.unnamedOrder");
  return [
    [t("privacy.csv.record.order"), name, f.dateTime(order.processedAt), "", "", "", f.money(order.totalMinor, order.currency), orderStatus(order, t)],
    ...order.lineItems.map((line): Row => [
      t("privacy.csv.record.lineItem"),
      name,
      "",
      line.variantTitle ? `${line.title} – ${line.variantTitle}` : line.title,
      line.sku ?? "",
      String(line.quantity),
      f.money(line.unitPriceMinor * line.quantity, line.currency),
      "",
    ]),
    ...order.discountCodes.map((code): Row => [
      t("privacy.csv.record.discount"),
      name,
      "",
      code.code,
      "",
      "",
      f.money(code.amountMinor, code.currency),
      "",
    ]),
    ...order.refunds.map((refund): Row => [
      t("privacy.csv.record.refund"),
      name,
      f.dateTime(refund.processedAt),
      refund.note ?? "",
      "",
      "",
      f.money(refund.amountMinor, refund.currency),
      "",
    ]),
  ];
}

function timelineRows(events: DataExport["timeline"], f: Formatters): Row[] {
  return events.map((event) => {
    const item = toTimelineItem({ ...event, occurredAt: new Date(event.occurredAt) });
    return [f.t("privacy.csv.record.timeline"), item.orderName ?? "", f.dateTime(event.occurredAt), timelineLabel(f.t, f.locale, item), "", "", "", ""];
  });
}

/**
 * The export as CSV text in the merchant's language, BOM first. `shopCurrency` formats the
 * customer's lifetime totals, which the store keeps in the shop's currency.
 */
export function renderExportCsv(exported: DataExport, locale: Locale, shopCurrency: string): string {
  const t = createTranslator(locale);
  const f: Formatters = {
    t,
    locale,
    dateTime: (iso) => formatDateTime(locale, iso) ?? "",
    money: (minor, currency) => formatMoney(locale, minor, currency),
  };
  const header: Row = [
    t("privacy.csv.column.recordType"),
    t("privacy.csv.column.order"),
    t("privacy.csv.column.date"),
    t("privacy.csv.column.field"),
    t("privacy.csv.column.value"),
    t("privacy.csv.column.quantity"),
    t("privacy.csv.column.amount"),
    t("privacy.csv.column.status"),
  ];
  const rows: Row[] = [
    header,
    ...exported.customers.flatMap((customer) => customerRows(customer, shopCurrency, f)),
    ...exported.orders.flatMap((order) => orderRows(order, f)),
    ...timelineRows(exported.timeline, f),
  ];
  return renderCsv(rows, csvSeparator(locale));
}

