// Which timeline entries are an order's: those whose source key order-timeline.ts derived from
// the order or from one of its refunds.

export interface OrderTimelineKeys {
  /** With the trailing colon, so that order 12 does not take the entries of order 123. */
  orderPrefix: string;
  refundKeys: string[];
}

export function orderTimelineKeys(orderPlatformId: string, refundPlatformIds: readonly string[]): OrderTimelineKeys {
  return { orderPrefix: `order:${orderPlatformId}:`, refundKeys: refundPlatformIds.map((id) => `refund:${id}`) };
}
