import type { OrderSnapshot, RefundSnapshot } from "~/core/platform";
import type { TimelineEntry } from "~/core/timeline/timeline.server";

// What an order and its refunds put on the customer's timeline. Source keys name the fact, so a
// repeated or newer version of the order adds nothing that is already there.

export function orderTimeline(shopId: string, customerId: string, order: OrderSnapshot): TimelineEntry[] {
  const amounts = { name: order.name, totalMinor: order.totalMinor.toString(), currency: order.currency };
  const entries: TimelineEntry[] = [
    {
      shopId,
      customerId,
      kind: "order.placed",
      occurredAt: order.processedAt,
      sourceKey: `order:${order.platformId}:placed`,
      data: amounts,
    },
  ];
  if (order.cancelledAt) {
    entries.push({
      shopId,
      customerId,
      kind: "order.cancelled",
      occurredAt: order.cancelledAt,
      sourceKey: `order:${order.platformId}:cancelled`,
      data: { ...amounts, reason: order.cancelReason },
    });
  }
  for (const refund of order.refunds) entries.push(refundTimelineEntry(shopId, customerId, order.name, refund));
  return entries;
}

export function refundTimelineEntry(
  shopId: string,
  customerId: string,
  orderName: string | null,
  refund: RefundSnapshot,
): TimelineEntry {
  return {
    shopId,
    customerId,
    kind: "order.refunded",
    occurredAt: refund.processedAt,
    sourceKey: `refund:${refund.platformId}`,
    data: { name: orderName, amountMinor: refund.amountMinor.toString(), currency: refund.currency },
  };
}
