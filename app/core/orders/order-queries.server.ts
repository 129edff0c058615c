import { minorToNumber } from "~/core/money";
import type { Db, Prisma } from "~/db/prisma.server";

// Read model for the admin's orders list: shop-scoped, plain JSON data (number minor units,
// ISO times).

export const ORDER_PAGE_SIZE = 25;

/** Payment statuses the list can filter by, as stored from order webhooks (lower case). */
export const FINANCIAL_STATUSES = [
  "pending",
  "authorized",
  "partially_paid",
  "paid",
  "partially_refunded",
  "refunded",
  "voided",
  "expired",
] as const;
export type FinancialStatus = (typeof FINANCIAL_STATUSES)[number];

/** Columns the list can be sorted by: the order's date and its total. */
export const ORDER_SORT_KEYS = ["date", "total"] as const;
export type OrderSortKey = (typeof ORDER_SORT_KEYS)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

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

export interface OrderListPage {
  rows: OrderListRow[];
  financialStatus: FinancialStatus | null;
  sort: OrderSortKey;
  direction: SortDirection;
  /** All orders that match the filter, over every page. */
  totalCount: number;
  page: number;
  pageSize: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

export async function listOrders(
  db: Db,
  shop: ShopScope,
  params: {
    page?: number;
    financialStatus?: FinancialStatus | null;
    sort?: OrderSortKey;
    direction?: SortDirection;
  } = {}
): Promise<OrderListPage> {
  const page = Math.max(1, Math.floor(params.page ?? 1));
  const financialStatus = params.financialStatus ?? null;
  const sort = params.sort ?? "date";
  const direction = params.direction ?? "desc";
  const where: Prisma.OrderWhereInput = {
    shopId: shop.id,
    // Imports through the GraphQL Admin API may spell statuses in upper case.
    ...(financialStatus ? { financialStatus: { equals: financialStatus, mode: "insensitive" } } : {}),
  };
  // The id breaks ties, so that pages neither repeat nor skip orders of equal date or total.
  const orderBy: Prisma.OrderOrderByWithRelationInput[] =
    sort === "total" ? [{ totalMinor: direction }, { id: direction }] : [{ processedAt: direction }, { id: direction }];
  const [totalCount, rows] = await Promise.all([
    db.order.count({ where }),
    db.order.findMany({
      where,
      orderBy,
      skip: (page - 1) * ORDER_PAGE_SIZE,
      take: ORDER_PAGE_SIZE + 1,
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
    }),
  ]);
  return {
    rows: rows.slice(0, ORDER_PAGE_SIZE).map((order) => ({ ...toOrderSummary(order), customer: toListCustomer(shop, order.customer) })),
    financialStatus,
    sort,
    direction,
    totalCount,
    page,
    pageSize: ORDER_PAGE_SIZE,
    hasPrevious: page > 1,
    hasNext: rows.length > ORDER_PAGE_SIZE,
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
