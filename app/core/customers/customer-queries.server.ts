import type { MarketingConsent } from "~/db/generated/enums";
import { minorToNumber } from "~/core/money";
import type { Db, Prisma } from "~/db/prisma.server";
import { ORDER_SUMMARY_SELECT, toOrderSummary, type OrderSummary, type SortDirection } from "~/core/orders/order-queries.server";

// Read models for the admin's customer pages. Every query carries the shop id, and everything
// returned is plain JSON data: money as number minor units, times as ISO strings.

export const CUSTOMER_PAGE_SIZE = 25;
export const CUSTOMER_ORDERS_LIMIT = 50;
export const TIMELINE_PAGE_SIZE = 30;
// Bounds the cost of one search: more words than this are ignored.
const MAX_SEARCH_TERMS = 6;

export interface ShopScope {
  id: string;
  currency: string;
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

function fullName(firstName: string | null, lastName: string | null): string | null {
  const name = [firstName, lastName].map((part) => part?.trim()).filter(Boolean).join(" ");
  return name === "" ? null : name;
}

/**
 * Whitespace-separated words; each must match the name or the email (so "anna schm" finds Anna
 * Schmidt). Control characters separate words too: no stored name holds one, and PostgreSQL
 * refuses a NUL in any text it is given.
 */
export function searchTerms(query: string | null | undefined): string[] {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return (query ?? "").replace(/[\u0000-\u001f\u007f]/g, " ").trim().split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_TERMS);
}

/** Prisma passes `contains` to ILIKE as is: "%" or "_" typed by a merchant would be wildcards. */
function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function searchWhere(terms: string[]): Prisma.CustomerWhereInput {
  if (terms.length === 0) return {};
  return {
    // Erased customers hold no personal data to match, and must never be found by it.
    redactedAt: null,
    AND: terms.map((term) => {
      const contains = escapeLike(term);
      return {
        OR: [
          { email: { contains, mode: "insensitive" } },
          { firstName: { contains, mode: "insensitive" } },
          { lastName: { contains, mode: "insensitive" } },
        ],
      };
    }),
  };
}

// --- customers list ------------------------------------------------------------------------------

export interface CustomerListRow {
  id: string;
  /** "First Last"; null when unknown or erased. */
  name: string | null;
  email: string | null;
  isGuest: boolean;
  redacted: boolean;
  deleted: boolean;
  ordersCount: number;
  totalSpentMinor: number;
  lastOrderAt: string | null;
}

/** Columns the customers list can be sorted by: revenue, number of orders, last order. */
export const CUSTOMER_SORT_KEYS = ["lastOrder", "revenue", "orders"] as const;
export type CustomerSortKey = (typeof CUSTOMER_SORT_KEYS)[number];

export interface CustomerListPage {
  rows: CustomerListRow[];
  query: string;
  sort: CustomerSortKey;
  direction: SortDirection;
  /** All customers that match the search, over every page. */
  totalCount: number;
  page: number;
  pageSize: number;
  hasPrevious: boolean;
  hasNext: boolean;
  /** Lifetime figures are kept in the shop currency. */
  currency: string;
}

export async function listCustomers(
  db: Db,
  shop: ShopScope,
  params: { query?: string | null; page?: number; sort?: CustomerSortKey; direction?: SortDirection } = {},
): Promise<CustomerListPage> {
  const page = Math.max(1, Math.floor(params.page ?? 1));
  const terms = searchTerms(params.query);
  const sort = params.sort ?? "lastOrder";
  const direction = params.direction ?? "desc";
  const where = { shopId: shop.id, ...searchWhere(terms) };
  // Most recent buyers first by default; customers who never ordered come last either way; the id
  // breaks ties so pages never overlap or skip rows.
  const orderBy =
    sort === "revenue"
      ? [{ totalSpentMinor: direction }, { id: "asc" as const }]
      : sort === "orders"
        ? [{ ordersCount: direction }, { id: "asc" as const }]
        : [{ lastOrderAt: { sort: direction, nulls: "last" as const } }, { id: "asc" as const }];
  const [totalCount, rows] = await Promise.all([
    db.customer.count({ where }),
    db.customer.findMany({
    where,
    orderBy,
    skip: (page - 1) * CUSTOMER_PAGE_SIZE,
    take: CUSTOMER_PAGE_SIZE + 1,
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      isGuest: true,
      redactedAt: true,
      deletedAt: true,
      ordersCount: true,
      totalSpentMinor: true,
      lastOrderAt: true,
    },
    }),
  ]);
  return {
    rows: rows.slice(0, CUSTOMER_PAGE_SIZE).map((row) => {
      const redacted = row.redactedAt !== null;
      return {
        id: row.id,
        // Redaction already nulls these columns; not relying on it keeps the page safe regardless.
        name: redacted ? null : fullName(row.firstName, row.lastName),
        email: redacted ? null : row.email,
        isGuest: row.isGuest,
        redacted,
        deleted: row.deletedAt !== null,
        ordersCount: row.ordersCount,
        totalSpentMinor: minorToNumber(row.totalSpentMinor),
        lastOrderAt: iso(row.lastOrderAt),
      };
    }),
    query: terms.join(" "),
    sort,
    direction,
    totalCount,
    page,
    pageSize: CUSTOMER_PAGE_SIZE,
    hasPrevious: page > 1,
    hasNext: rows.length > CUSTOMER_PAGE_SIZE,
    currency: shop.currency,
  };
}

// --- customer 360 --------------------------------------------------------------------------------

export interface CustomerProfile {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  emailMarketingConsent: MarketingConsent;
  consentUpdatedAt: string | null;
  tags: string[];
  isGuest: boolean;
  locale: string | null;
  sourceCreatedAt: string | null;
  deletedAt: string | null;
  redactedAt: string | null;
}

export interface CustomerLifetime {
  ordersCount: number;
  totalSpentMinor: number;
  totalRefundedMinor: number;
  /** Net spend per counted order, rounded to a minor unit; null without orders. */
  averageOrderValueMinor: number | null;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  currency: string;
}

export interface CustomerOrderRow extends OrderSummary {
  lineItemCount: number;
}

/** One timeline entry with its stored JSON reduced to the few display fields the UI knows. */
export interface TimelineItem {
  id: string;
  kind: string;
  occurredAt: string;
  orderName: string | null;
  amountMinor: number | null;
  currency: string | null;
  consentFrom: string | null;
  consentTo: string | null;
  cancelReason: string | null;
}

export interface Customer360 {
  profile: CustomerProfile;
  lifetime: CustomerLifetime;
  orders: CustomerOrderRow[];
  ordersTotal: number;
  timeline: TimelineItem[];
  /** Pass back as `timelineBefore` for the next older page; null on the last page. */
  timelineNextCursor: string | null;
}

function stringField(data: Prisma.JsonValue, key: string): string | null {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return null;
  const value = data[key];
  return typeof value === "string" ? value : null;
}

/** Amounts in event data are decimal strings of minor units (BigInt does not fit JSON numbers). */
function minorField(data: Prisma.JsonValue, key: string): number | null {
  const raw = stringField(data, key);
  if (raw === null || !/^-?\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}

export function toTimelineItem(event: {
  id: string;
  kind: string;
  occurredAt: Date;
  data: Prisma.JsonValue;
}): TimelineItem {
  const amountKey = event.kind === "order.refunded" ? "amountMinor" : "totalMinor";
  return {
    id: event.id,
    kind: event.kind,
    occurredAt: event.occurredAt.toISOString(),
    orderName: stringField(event.data, "name"),
    amountMinor: minorField(event.data, amountKey),
    currency: stringField(event.data, "currency"),
    consentFrom: stringField(event.data, "from"),
    consentTo: stringField(event.data, "to"),
    cancelReason: stringField(event.data, "reason"),
  };
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/i;

export function encodeTimelineCursor(event: { occurredAt: Date; id: string }): string {
  return `${event.occurredAt.toISOString()}_${event.id}`;
}

export function decodeTimelineCursor(cursor: string): { occurredAt: Date; id: string } | null {
  const match = CURSOR.exec(cursor);
  if (!match?.[1] || !match[2]) return null;
  const occurredAt = new Date(match[1]);
  return Number.isNaN(occurredAt.getTime()) ? null : { occurredAt, id: match[2].toLowerCase() };
}

/**
 * Everything the admin shows about one customer. Throws a 404 Response when the id is not a
 * customer of this shop, so another shop's customer id reveals nothing, not even that it exists.
 */
export async function getCustomer360(
  db: Db,
  shop: ShopScope,
  customerId: string,
  options: { timelineBefore?: string | null; timelineLimit?: number } = {},
): Promise<Customer360> {
  const customer = await db.customer.findFirst({ where: { id: customerId, shopId: shop.id } });
  if (!customer) throw new Response("Customer not found", { status: 404 });

  const timelineLimit = Math.min(Math.max(1, options.timelineLimit ?? TIMELINE_PAGE_SIZE), 200);
  // A mangled cursor (hand-edited URL) starts again from the newest event instead of failing.
  const before = options.timelineBefore ? decodeTimelineCursor(options.timelineBefore) : null;
  const ordersWhere = { shopId: shop.id, customerId: customer.id };

  const [orders, ordersTotal, events] = await Promise.all([
    db.order.findMany({
      where: ordersWhere,
      orderBy: [{ processedAt: "desc" }, { id: "desc" }],
      take: CUSTOMER_ORDERS_LIMIT,
      select: { ...ORDER_SUMMARY_SELECT, _count: { select: { lineItems: true } } },
    }),
    db.order.count({ where: ordersWhere }),
    db.timelineEvent.findMany({
      where: {
        shopId: shop.id,
        customerId: customer.id,
        ...(before
          ? {
              OR: [
                { occurredAt: { lt: before.occurredAt } },
                { occurredAt: before.occurredAt, id: { lt: before.id } },
              ],
            }
          : {}),
      },
      orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      take: timelineLimit + 1,
      select: { id: true, kind: true, occurredAt: true, data: true },
    }),
  ]);

  const redacted = customer.redactedAt !== null;
  const totalSpentMinor = minorToNumber(customer.totalSpentMinor);
  const page = events.slice(0, timelineLimit);
  const last = page[page.length - 1];
  return {
    profile: {
      id: customer.id,
      name: redacted ? null : fullName(customer.firstName, customer.lastName),
      email: redacted ? null : customer.email,
      phone: redacted ? null : customer.phone,
      emailMarketingConsent: customer.emailMarketingConsent,
      consentUpdatedAt: iso(customer.consentUpdatedAt),
      tags: redacted ? [] : customer.tags,
      isGuest: customer.isGuest,
      locale: redacted ? null : customer.locale,
      sourceCreatedAt: iso(customer.sourceCreatedAt),
      deletedAt: iso(customer.deletedAt),
      redactedAt: iso(customer.redactedAt),
    },
    lifetime: {
      ordersCount: customer.ordersCount,
      totalSpentMinor,
      totalRefundedMinor: minorToNumber(customer.totalRefundedMinor),
      averageOrderValueMinor: customer.ordersCount > 0 ? Math.round(totalSpentMinor / customer.ordersCount) : null,
      firstOrderAt: iso(customer.firstOrderAt),
      lastOrderAt: iso(customer.lastOrderAt),
      currency: shop.currency,
    },
    orders: orders.map((order) => ({ ...toOrderSummary(order), lineItemCount: order._count.lineItems })),
    ordersTotal,
    timeline: page.map(toTimelineItem),
    timelineNextCursor: events.length > timelineLimit && last ? encodeTimelineCursor(last) : null,
  };
}
