import { toTimelineItem, type TimelineItem } from "~/core/customers/customer-queries.server";
import { minorToNumber } from "~/core/money";
import { productTitles } from "~/core/recommendations/product-view.server";
import type { Db } from "~/db/prisma.server";
import { lineTotalMinor, netAfterRefundsMinor } from "./order-amounts";
import type { OrderListCustomer, ShopScope } from "./order-queries.server";
import { orderTimelineKeys } from "./order-timeline-keys";

// Read model for the admin's order page: one order of one shop with everything under it, as plain
// JSON data (number minor units, ISO times).

export interface OrderDetailLine {
  id: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  unitPriceMinor: number;
  totalDiscountMinor: number;
  totalMinor: number;
  /** The product whose cross-sell block put the line in the cart; null for a line added otherwise. */
  recommendedFrom: { productId: string; title: string } | null;
}

export interface OrderDetailRefundLine {
  id: string;
  /** The refunded line's title; null when the order no longer lists that line. */
  title: string | null;
  variantTitle: string | null;
  quantity: number;
  subtotalMinor: number;
}

export interface OrderDetailRefund {
  id: string;
  processedAt: string;
  note: string | null;
  amountMinor: number;
  lines: OrderDetailRefundLine[];
}

export interface OrderDetailAddress {
  city: string | null;
  countryCode: string | null;
}

export interface OrderDetail {
  id: string;
  platformId: string;
  name: string | null;
  processedAt: string;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  test: boolean;
  currency: string;
  customer: OrderListCustomer | null;
  lineItems: OrderDetailLine[];
  discountCodes: Array<{ code: string; kind: string; amountMinor: number }>;
  totals: {
    subtotalMinor: number;
    discountsMinor: number;
    shippingMinor: number;
    taxMinor: number;
    totalMinor: number;
    refundedMinor: number;
    netMinor: number;
  };
  refunds: OrderDetailRefund[];
  shippingAddress: OrderDetailAddress | null;
  billingAddress: OrderDetailAddress | null;
  /** The order's entries on its customer's timeline, oldest first. */
  timeline: TimelineItem[];
}

function address(city: string | null, countryCode: string | null): OrderDetailAddress | null {
  return city === null && countryCode === null ? null : { city, countryCode };
}

function fullName(firstName: string | null, lastName: string | null): string | null {
  const name = [firstName, lastName]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(" ");
  return name === "" ? null : name;
}

/**
 * One order of the shop, or null when the id names no order of this shop (another shop's order
 * reveals nothing, not even that it exists).
 */
export async function getOrderDetail(db: Db, shop: ShopScope, orderId: string): Promise<OrderDetail | null> {
  const order = await db.order.findFirst({
    where: { id: orderId, shopId: shop.id },
    include: {
      customer: {
        select: { id: true, shopId: true, firstName: true, lastName: true, email: true, isGuest: true, redactedAt: true },
      },
      lineItems: { orderBy: [{ platformId: "asc" }] },
      discountCodes: { orderBy: [{ code: "asc" }] },
      refunds: { orderBy: [{ processedAt: "asc" }, { id: "asc" }], include: { lineItems: { orderBy: [{ platformId: "asc" }] } } },
    },
  });
  if (!order) return null;

  // The foreign key does not enforce "same shop"; a mis-linked row must not leak across shops.
  const customer = order.customer && order.customer.shopId === shop.id ? order.customer : null;
  const keys = orderTimelineKeys(order.platformId, order.refunds.map((refund) => refund.platformId));
  // Timeline entries are recorded on the order's customer; without one there are none.
  const events = customer
    ? await db.timelineEvent.findMany({
        where: {
          shopId: shop.id,
          customerId: customer.id,
          OR: [{ sourceKey: { startsWith: keys.orderPrefix } }, { sourceKey: { in: keys.refundKeys } }],
        },
        orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
        select: { id: true, kind: true, occurredAt: true, data: true },
      })
    : [];

  const linesByPlatformId = new Map(order.lineItems.map((line) => [line.platformId, line]));
  const recommendedFrom = await productTitles(db, shop.id, order.lineItems.flatMap((line) => (line.recommendedFrom === null ? [] : [line.recommendedFrom])));
  const redacted = customer?.redactedAt != null;
  return {
    id: order.id,
    platformId: order.platformId,
    name: order.name,
    processedAt: order.processedAt.toISOString(),
    financialStatus: order.financialStatus,
    fulfillmentStatus: order.fulfillmentStatus,
    cancelledAt: order.cancelledAt?.toISOString() ?? null,
    cancelReason: order.cancelReason,
    test: order.test,
    currency: order.currency,
    customer: customer && {
      id: customer.id,
      name: redacted ? null : fullName(customer.firstName, customer.lastName),
      email: redacted ? null : customer.email,
      isGuest: customer.isGuest,
      redacted,
    },
    lineItems: order.lineItems.map((line) => ({
      id: line.id,
      title: line.title,
      variantTitle: line.variantTitle,
      sku: line.sku,
      quantity: line.quantity,
      unitPriceMinor: minorToNumber(line.unitPriceMinor),
      totalDiscountMinor: minorToNumber(line.totalDiscountMinor),
      totalMinor: minorToNumber(lineTotalMinor(line)),
      recommendedFrom: line.recommendedFrom === null ? null : { productId: line.recommendedFrom, title: recommendedFrom.get(line.recommendedFrom) ?? line.recommendedFrom },
    })),
    discountCodes: order.discountCodes.map((code) => ({
      code: code.code,
      kind: code.kind,
      amountMinor: minorToNumber(code.amountMinor),
    })),
    totals: {
      subtotalMinor: minorToNumber(order.subtotalMinor),
      discountsMinor: minorToNumber(order.totalDiscountsMinor),
      shippingMinor: minorToNumber(order.totalShippingMinor),
      taxMinor: minorToNumber(order.totalTaxMinor),
      totalMinor: minorToNumber(order.totalMinor),
      refundedMinor: minorToNumber(order.totalRefundedMinor),
      netMinor: minorToNumber(netAfterRefundsMinor(order)),
    },
    refunds: order.refunds.map((refund) => ({
      id: refund.id,
      processedAt: refund.processedAt.toISOString(),
      note: refund.note,
      amountMinor: minorToNumber(refund.amountMinor),
      lines: refund.lineItems.map((refundLine) => {
        const line = linesByPlatformId.get(refundLine.lineItemPlatformId);
        return {
          id: refundLine.id,
          title: line?.title ?? null,
          variantTitle: line?.variantTitle ?? null,
          quantity: refundLine.quantity,
          subtotalMinor: minorToNumber(refundLine.subtotalMinor),
        };
      }),
    })),
    shippingAddress: address(order.shippingCity, order.shippingCountryCode),
    billingAddress: address(order.billingCity, order.billingCountryCode),
    timeline: events.map(toTimelineItem),
  };
}
