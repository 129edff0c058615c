import { searchPlan, type SearchPlan } from "~/core/customers/customer-search";
import { matchingCustomerIds } from "~/core/customers/customer-search.server";
import { idPage, inIdOrder, type IdPage } from "~/core/list-paging.server";
import { minorToNumber } from "~/core/money";
import { Prisma } from "~/db/generated/client";
import type { Db } from "~/db/prisma.server";
import { rangeBounds } from "./order-date-range";
import { NO_ORDER_FILTERS, type OrderListFilters, type OrderSortKey, type SortDirection } from "./order-list-filters";

// Read model for the admin's orders list: shop-scoped, plain JSON data (number minor units,
// ISO times).

export const ORDER_PAGE_SIZE = 25;

export interface ShopScope {
  id: string;
}

export interface OrderListCustomer {
  id: string;
  name: string | null;
  email: string | null;
  isGuest: boolean;
  redacted: boolean;
}

/** What a row shows of an order wherever orders are listed (the orders list, a customer's page). */
export interface OrderSummary {
  id: string;
  name: string | null;
  processedAt: string;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  cancelled: boolean;
  test: boolean;
  totalMinor: number;
  totalRefundedMinor: number;
  currency: string;
}

/** The columns an OrderSummary is made of. */
export const ORDER_SUMMARY_SELECT = {
  id: true,
  name: true,
  processedAt: true,
  financialStatus: true,
  fulfillmentStatus: true,
  cancelledAt: true,
  test: true,
  totalMinor: true,
  totalRefundedMinor: true,
  currency: true,
} as const satisfies Prisma.OrderSelect;

export function toOrderSummary(order: Prisma.OrderGetPayload<{ select: typeof ORDER_SUMMARY_SELECT }>): OrderSummary {
  return {
    id: order.id,
    name: order.name,
    processedAt: order.processedAt.toISOString(),
    financialStatus: order.financialStatus,
    fulfillmentStatus: order.fulfillmentStatus,
    cancelled: order.cancelledAt !== null,
    test: order.test,
    totalMinor: minorToNumber(order.totalMinor),
    totalRefundedMinor: minorToNumber(order.totalRefundedMinor),
    currency: order.currency,
  };
}

export interface OrderListRow extends OrderSummary {
  customer: OrderListCustomer | null;
}

export interface OrderListParams {
  /** The search box's text: an order number, or what finds the customer (customer-search.ts). */
  query?: string;
  filters?: Partial<OrderListFilters>;
  sort?: OrderSortKey;
  direction?: SortDirection;
  page?: number;
}

export interface OrderListPage extends Omit<IdPage, "ids"> {
  rows: OrderListRow[];
  sort: OrderSortKey;
  direction: SortDirection;
  pageSize: number;
  hasPrevious: boolean;
}

/**
 * An order is found by its number ("#1042", "1042"), otherwise by its customer (see
 * customer-search.server.ts): a number asks for that order, not for customers whose e-mail
 * happens to contain it.
 */
function searchCondition(shopId: string, plan: SearchPlan): Prisma.Sql {
  if (plan.orderNumber !== null) return Prisma.sql`o."orderNumber" = ${plan.orderNumber}`;
  return Prisma.sql`o."customerId" = ANY(${matchingCustomerIds(shopId, plan)})`;
}

// Statuses are compared as the list_search_indexes migration indexes them: in lower case (imports
// and webhooks spell them differently), a missing fulfillment status counting as unfulfilled.
function filterConditions(filters: OrderListFilters): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filters.financialStatus) conditions.push(Prisma.sql`lower(o."financialStatus") = ${filters.financialStatus}`);
  if (filters.fulfillmentStatus) {
    conditions.push(Prisma.sql`coalesce(lower(o."fulfillmentStatus"), 'unfulfilled') = ${filters.fulfillmentStatus}`);
  }
  const { gte, lt } = rangeBounds(filters.range);
  if (gte) conditions.push(Prisma.sql`o."processedAt" >= ${gte}`);
  if (lt) conditions.push(Prisma.sql`o."processedAt" < ${lt}`);
  if (filters.cancelled) conditions.push(filters.cancelled === "yes" ? Prisma.sql`o."cancelledAt" IS NOT NULL` : Prisma.sql`o."cancelledAt" IS NULL`);
  if (filters.test) conditions.push(Prisma.sql`o."test" = ${filters.test === "yes"}`);
  return conditions;
}

// The id breaks ties, so that pages neither repeat nor skip orders of equal date or total.
function orderOrderBy(sort: OrderSortKey, direction: SortDirection): Prisma.Sql {
  const dir = Prisma.raw(direction === "asc" ? "ASC" : "DESC");
  return sort === "total" ? Prisma.sql`o."totalMinor" ${dir}, o.id ${dir}` : Prisma.sql`o."processedAt" ${dir}, o.id ${dir}`;
}

export async function listOrders(db: Db, shop: ShopScope, params: OrderListParams = {}): Promise<OrderListPage> {
  const plan = searchPlan(params.query ?? "");
  const sort = params.sort ?? "date";
  const direction = params.direction ?? "desc";
  const conditions = [
    Prisma.sql`o."shopId" = ${shop.id}::uuid`,
    ...(plan ? [searchCondition(shop.id, plan)] : []),
    ...filterConditions({ ...NO_ORDER_FILTERS, ...params.filters }),
  ];
  const { ids, ...paging } = await idPage(
    db,
    {
      source: Prisma.sql`FROM "Order" o WHERE ${Prisma.join(conditions, " AND ")}`,
      alias: "o",
      orderBy: orderOrderBy(sort, direction),
    },
    Math.max(1, Math.floor(params.page ?? 1)),
    ORDER_PAGE_SIZE,
  );
  const rows = await db.order.findMany({
    where: { shopId: shop.id, id: { in: ids } },
    select: {
      ...ORDER_SUMMARY_SELECT,
      customer: {
        select: {
          id: true,
          shopId: true,
          firstName: true,
          lastName: true,
          email: true,
          isGuest: true,
          redactedAt: true,
        },
      },
    },
  });
  return {
    ...paging,
    rows: inIdOrder(ids, rows).map((order) => ({ ...toOrderSummary(order), customer: toListCustomer(shop, order.customer) })),
    sort,
    direction,
    pageSize: ORDER_PAGE_SIZE,
    hasPrevious: paging.page > 1,
  };
}

function toListCustomer(
  shop: ShopScope,
  customer: {
    id: string;
    shopId: string;
    firstName: string | null;
    lastName: string | null;
    email: string | null;
    isGuest: boolean;
    redactedAt: Date | null;
  } | null
): OrderListCustomer | null {
  // The foreign key does not enforce "same shop"; a mis-linked row must not leak across shops.
  if (!customer || customer.shopId !== shop.id) return null;
  const redacted = customer.redactedAt !== null;
  const name = [customer.firstName, customer.lastName]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(" ");
  return {
    id: customer.id,
    name: redacted || name === "" ? null : name,
    email: redacted ? null : customer.email,
    isGuest: customer.isGuest,
    redacted,
  };
}
