import { z } from "zod";
import { csvSeparator, renderCsv } from "~/core/csv";
import { toTimelineItem } from "~/core/customers/customer-queries.server";
import { formatDateTime, formatMoney, formatMonthDay } from "~/i18n/format";
import { consentLabel, financialStatusLabel, fulfillmentStatusLabel, timelineLabel } from "~/i18n/labels";
import { createTranslator, isMessageKey, type Locale, type Translate } from "~/i18n/translate";

// A data request's export as one CSV file the merchant opens in Excel with a double click and can
// forward to the customer. One table with a "record type" column (customer fields, orders, their
// line items, discount codes and refunds, the history, the loyalty membership, its points, rewards
// and mails), so Excel's filter shows one kind at a time.
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

// The loyalty part (~/core/privacy/loyalty-export.server); exports made before it have none.
const ShopNameSchema = z.object({ de: z.string(), en: z.string() }).nullable();
const LoyaltyEntrySchema = z.object({
  kind: z.string(),
  points: z.number().int(),
  occurredAt: z.string(),
  availableAt: NullableText,
  expiresAt: NullableText,
  reason: NullableText,
  orderName: NullableText,
});
const LoyaltyRewardSchema = z.object({
  reward: z.object({ id: z.string(), title: ShopNameSchema }),
  points: z.number().int(),
  code: z.string(),
  status: z.string(),
  createdAt: z.string(),
  expiresAt: NullableText,
  usedAt: NullableText,
});
const LoyaltyMemberSchema = z.object({
  memberSince: z.string(),
  balance: z.number().int(),
  available: z.number().int(),
  pending: z.number().int(),
  tier: z.object({ id: z.string(), name: ShopNameSchema }).nullable(),
  tierSince: NullableText,
  birthday: z.object({ month: z.number().int(), day: z.number().int(), setAt: z.string() }).nullable(),
  lastActivityAt: NullableText,
  entries: z.array(LoyaltyEntrySchema).default([]),
  rewards: z.array(LoyaltyRewardSchema).default([]),
});
const MailSchema = z.object({ kind: z.string(), to: z.string(), subject: z.string(), status: z.string(), createdAt: z.string(), sentAt: NullableText });
const LoyaltySchema = z.object({
  members: z.array(LoyaltyMemberSchema).default([]),
  mails: z.array(MailSchema).default([]),
});

/** What exportCustomerData stored (~/core/privacy/privacy.server), as far as the CSV shows it. */
export const DataExportSchema = z.object({
  customers: z.array(z.record(z.string(), JsonValueSchema)).default([]),
  orders: z.array(OrderSchema).default([]),
  timeline: z.array(TimelineEventSchema).default([]),
  loyalty: LoyaltySchema.default({ members: [], mails: [] }),
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

/** A message of the app when it has one for `key`, else the value as stored. */
function labelOr(t: Translate, key: string, value: string): string {
  return isMessageKey(key) ? t(key) : value;
}

function memberRows(member: z.output<typeof LoyaltyMemberSchema>, f: Formatters): Row[] {
  const { t } = f;
  const record = t("privacy.csv.record.loyaltyMember");
  const fields: Array<[label: string, value: string | null]> = [
    [t("privacy.csv.loyalty.memberSince"), f.dateTime(member.memberSince)],
    [t("customer.loyalty.balance"), String(member.balance)],
    [t("customer.loyalty.available"), String(member.available)],
    [t("customer.loyalty.pending"), String(member.pending)],
    [t("customer.loyalty.tier"), member.tier && (member.tier.name?.[f.locale] ?? member.tier.id)],
    [t("privacy.csv.loyalty.tierSince"), member.tierSince && f.dateTime(member.tierSince)],
    [t("customer.loyalty.birthday"), member.birthday && formatMonthDay(f.locale, member.birthday.month, member.birthday.day)],
    [t("privacy.csv.loyalty.birthdaySetAt"), member.birthday && f.dateTime(member.birthday.setAt)],
    [t("privacy.csv.loyalty.lastActivity"), member.lastActivityAt && f.dateTime(member.lastActivityAt)],
  ];
  return [
    ...fields.flatMap(([label, value]): Row[] => (value ? [[record, "", "", label, value, "", "", ""]] : [])),
    ...member.entries.map((entry) => entryRow(entry, f)),
    ...member.rewards.map((reward) => rewardRow(reward, f)),
  ];
}

// A merchant's adjustment or import note is in their words; the birthday's points are named.
function entryReason(entry: z.output<typeof LoyaltyEntrySchema>, t: Translate): string {
  if (entry.reason === "birthday") return t("customer.loyalty.birthdayEntry");
  return entry.kind === "ADJUST" || entry.kind === "IMPORT" ? (entry.reason ?? "") : "";
}

function entryRow(entry: z.output<typeof LoyaltyEntrySchema>, f: Formatters): Row {
  const { t } = f;
  const status = [
    entry.availableAt && entry.availableAt !== entry.occurredAt ? t("privacy.csv.loyalty.availableFrom", { date: f.dateTime(entry.availableAt) }) : null,
    entry.expiresAt ? t("privacy.csv.loyalty.expiresOn", { date: f.dateTime(entry.expiresAt) }) : null,
  ];
  return [
    t("privacy.csv.record.loyaltyEntry"),
    entry.orderName ?? "",
    f.dateTime(entry.occurredAt),
    labelOr(t, `customer.loyalty.entry.${entry.kind}`, entry.kind),
    entryReason(entry, t),
    String(entry.points),
    "",
    status.filter((part) => part !== null).join(" · "),
  ];
}

function rewardRow(reward: z.output<typeof LoyaltyRewardSchema>, f: Formatters): Row {
  const { t } = f;
  const label = labelOr(t, `customer.loyalty.rewardStatus.${reward.status}`, reward.status);
  const status = reward.usedAt
    ? t("privacy.csv.loyalty.usedOn", { date: f.dateTime(reward.usedAt) })
    : reward.expiresAt
      ? `${label} · ${t("privacy.csv.loyalty.validUntil", { date: f.dateTime(reward.expiresAt) })}`
      : label;
  return [
    t("privacy.csv.record.loyaltyReward"),
    "",
    f.dateTime(reward.createdAt),
    reward.reward.title?.[f.locale] ?? reward.reward.id,
    reward.code,
    String(reward.points),
    "",
    status,
  ];
}

function mailRow(mail: z.output<typeof MailSchema>, f: Formatters): Row {
  const { t } = f;
  const status = mail.sentAt ? t("privacy.csv.mail.sentOn", { date: f.dateTime(mail.sentAt) }) : labelOr(t, `privacy.csv.mail.status.${mail.status}`, mail.status);
  return [t("privacy.csv.record.mail"), "", f.dateTime(mail.createdAt), mail.subject, mail.to, "", "", status];
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
    ...exported.loyalty.members.flatMap((member) => memberRows(member, f)),
    ...exported.loyalty.mails.map((mail) => mailRow(mail, f)),
  ];
  return renderCsv(rows, csvSeparator(locale));
}

