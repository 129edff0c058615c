import type { MarketingConsent } from "~/db/generated/enums";
import { Prisma } from "~/db/generated/client";
import { idPage, inIdOrder, type IdPage } from "~/core/list-paging.server";
import { minorToNumber } from "~/core/money";
import type { SortDirection } from "~/core/orders/order-list-filters";
import type { Db } from "~/db/prisma.server";
import { ORDER_SUMMARY_SELECT, toOrderSummary, type OrderSummary } from "~/core/orders/order-queries.server";
import { NO_CUSTOMER_FILTERS, type ConsentFilter, type CustomerListFilters, type CustomerSortKey } from "./customer-list-filters";
import { searchPlan, type SearchPlan } from "./customer-search";
import { customerPersonMatch } from "./customer-search.server";

// Read models for the admin's customer pages. Every query carries the shop id, and everything
// returned is plain JSON data: money as number minor units, times as ISO strings.

export const CUSTOMER_PAGE_SIZE = 25;
export const CUSTOMER_ORDERS_PAGE_SIZE = 25;
export const TIMELINE_PAGE_SIZE = 30;

export interface ShopScope {
  id: string;
  currency: string;
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

export function fullName(firstName: string | null, lastName: string | null): string | null {
  const name = [firstName, lastName].map((part) => part?.trim()).filter(Boolean).join(" ");
  return name === "" ? null : name;
}

// --- customers list ------------------------------------------------------------------------------

export interface CustomerListRow {
  id: string;
  /** "First Last"; null when unknown or erased. */
  name: string | null;
  email: string | null;
  city: string | null;
  isGuest: boolean;
  redacted: boolean;
  deleted: boolean;
  ordersCount: number;
  totalSpentMinor: number;
  lastOrderAt: string | null;
}

export interface CustomerListParams {
  /** The search box's text (see customer-search.ts for what it matches). */
  query?: string;
  filters?: Partial<CustomerListFilters>;
  sort?: CustomerSortKey;
  direction?: SortDirection;
  page?: number;
}

export interface CustomerListPage extends Omit<IdPage, "ids"> {
  rows: CustomerListRow[];
  sort: CustomerSortKey;
  direction: SortDirection;
  pageSize: number;
  hasPrevious: boolean;
  /** Lifetime figures are kept in the shop currency. */
  currency: string;
}

const CONSENT_VALUES: Record<ConsentFilter, MarketingConsent> = {
  subscribed: "SUBSCRIBED",
  not_subscribed: "NOT_SUBSCRIBED",
  unsubscribed: "UNSUBSCRIBED",
  pending: "PENDING",
  unknown: "UNKNOWN",
};

/**
 * What a search finds: the person (name, e-mail, city, phone) or a customer who placed the order
 * with that number. Erased customers hold no personal data to match, and must never be found by it.
 */
function searchCondition(shopId: string, plan: SearchPlan): Prisma.Sql {
  const person = customerPersonMatch(plan);
  const matches =
    plan.orderNumber === null
      ? person
      : Prisma.sql`(${person} OR c.id = ANY(ARRAY(SELECT o."customerId" FROM "Order" o WHERE o."shopId" = ${shopId}::uuid AND o."orderNumber" = ${plan.orderNumber} AND o."customerId" IS NOT NULL)))`;
  return Prisma.sql`c."redactedAt" IS NULL AND ${matches}`;
}

function filterConditions(filters: CustomerListFilters): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filters.consent) conditions.push(Prisma.sql`c."emailMarketingConsent" = ${CONSENT_VALUES[filters.consent]}::"MarketingConsent"`);
  if (filters.kind) conditions.push(Prisma.sql`c."isGuest" = ${filters.kind === "guest"}`);
  if (filters.orders) conditions.push(filters.orders === "with" ? Prisma.sql`c."ordersCount" > 0` : Prisma.sql`c."ordersCount" = 0`);
  return conditions;
}

// Most recent buyers first by default; customers who never ordered come last either way (an index
// each way, see the list_search_indexes migration); the id breaks ties so pages never overlap.
function customerOrderBy(sort: CustomerSortKey, direction: SortDirection): Prisma.Sql {
  const dir = Prisma.raw(direction === "asc" ? "ASC" : "DESC");
  switch (sort) {
    case "revenue":
      return Prisma.sql`c."totalSpentMinor" ${dir}, c.id ASC`;
    case "orders":
      return Prisma.sql`c."ordersCount" ${dir}, c.id ASC`;
    case "lastOrder":
      return Prisma.sql`c."lastOrderAt" ${dir} NULLS LAST, c.id ASC`;
  }
}

export async function listCustomers(db: Db, shop: ShopScope, params: CustomerListParams = {}): Promise<CustomerListPage> {
  const plan = searchPlan(params.query ?? "");
  const sort = params.sort ?? "lastOrder";
  const direction = params.direction ?? "desc";
  const conditions = [
    Prisma.sql`c."shopId" = ${shop.id}::uuid`,
    ...(plan ? [searchCondition(shop.id, plan)] : []),
    ...filterConditions({ ...NO_CUSTOMER_FILTERS, ...params.filters }),
  ];
  const { ids, ...paging } = await idPage(
    db,
    {
      source: Prisma.sql`FROM "Customer" c WHERE ${Prisma.join(conditions, " AND ")}`,
      alias: "c",
      orderBy: customerOrderBy(sort, direction),
    },
    Math.max(1, Math.floor(params.page ?? 1)),
    CUSTOMER_PAGE_SIZE,
  );
  const rows = await db.customer.findMany({
    where: { shopId: shop.id, id: { in: ids } },
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      addressCity: true,
      isGuest: true,
      redactedAt: true,
      deletedAt: true,
      ordersCount: true,
      totalSpentMinor: true,
      lastOrderAt: true,
    },
  });
  return {
    ...paging,
    rows: inIdOrder(ids, rows).map((row) => {
      const redacted = row.redactedAt !== null;
      return {
        id: row.id,
        // Redaction already nulls these columns; not relying on it keeps the page safe regardless.
        name: redacted ? null : fullName(row.firstName, row.lastName),
        email: redacted ? null : row.email,
        city: redacted ? null : row.addressCity,
        isGuest: row.isGuest,
        redacted,
        deleted: row.deletedAt !== null,
        ordersCount: row.ordersCount,
        totalSpentMinor: minorToNumber(row.totalSpentMinor),
        lastOrderAt: iso(row.lastOrderAt),
      };
    }),
    sort,
    direction,
    pageSize: CUSTOMER_PAGE_SIZE,
    hasPrevious: paging.page > 1,
    currency: shop.currency,
  };
}

// --- customer 360 --------------------------------------------------------------------------------

export interface CustomerProfile {
  id: string;
  name: string | null;
  /** The default address (city, postcode, region, country); null when none is known or after a redaction. */
  address: { city: string | null; zip: string | null; provinceCode: string | null; countryCode: string | null } | null;
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
  /** Loyalty entries: the points earned or taken back. */
  points: number | null;
  /** A tier change: the tier reached (null: none any more). */
  tier: string | null;
  /** A referral's event: the customer's part in it (advocate, friend) and where it went. */
  referralRole: string | null;
  referralStatus: string | null;
}

export interface Customer360 {
  profile: CustomerProfile;
  lifetime: CustomerLifetime;
  /** One page of the customer's orders, newest first. */
  orders: CustomerOrderRow[];
  ordersTotal: number;
  ordersPage: number;
  ordersPageCount: number;
  timeline: TimelineItem[];
  /** Pass back as `timelineBefore` for the next older page; null on the last page. */
  timelineNextCursor: string | null;
}

function stringField(data: Prisma.JsonValue, key: string): string | null {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return null;
  const value = data[key];
  return typeof value === "string" ? value : null;
}

function numberField(data: Prisma.JsonValue, key: string): number | null {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return null;
  const value = data[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
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
    points: numberField(event.data, "points"),
    tier: stringField(event.data, "to"),
    referralRole: stringField(event.data, "role"),
    referralStatus: stringField(event.data, "status"),
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
  options: { timelineBefore?: string | null; timelineLimit?: number; ordersPage?: number } = {},
): Promise<Customer360> {
  const customer = await db.customer.findFirst({ where: { id: customerId, shopId: shop.id } });
  if (!customer) throw new Response("Customer not found", { status: 404 });

  const timelineLimit = Math.min(Math.max(1, options.timelineLimit ?? TIMELINE_PAGE_SIZE), 200);
  // A mangled cursor (hand-edited URL) starts again from the newest event instead of failing.
  const before = options.timelineBefore ? decodeTimelineCursor(options.timelineBefore) : null;
  const ordersWhere = { shopId: shop.id, customerId: customer.id };
  const ordersPage = Math.max(1, Math.floor(options.ordersPage ?? 1));

  const [orders, ordersTotal, events] = await Promise.all([
    db.order.findMany({
      where: ordersWhere,
      orderBy: [{ processedAt: "desc" }, { id: "desc" }],
      take: CUSTOMER_ORDERS_PAGE_SIZE,
      skip: (ordersPage - 1) * CUSTOMER_ORDERS_PAGE_SIZE,
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
      address:
        redacted || (!customer.addressCity && !customer.addressZip && !customer.addressCountryCode)
          ? null
          : { city: customer.addressCity, zip: customer.addressZip, provinceCode: customer.addressProvinceCode, countryCode: customer.addressCountryCode },
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
    ordersPage,
    ordersPageCount: Math.max(1, Math.ceil(ordersTotal / CUSTOMER_ORDERS_PAGE_SIZE)),
    timeline: page.map(toTimelineItem),
    timelineNextCursor: events.length > timelineLimit && last ? encodeTimelineCursor(last) : null,
  };
}
