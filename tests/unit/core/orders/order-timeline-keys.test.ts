import { describe, expect, it } from "vitest";

import { orderTimeline, refundTimelineEntry } from "~/core/orders/order-timeline";
import { orderTimelineKeys } from "~/core/orders/order-timeline-keys";
import { orderSnapshot } from "../../../helpers/snapshots";

const refund = {
  platformId: "901",
  orderPlatformId: "12",
  note: null,
  amountMinor: 500n,
  currency: "EUR",
  processedAt: new Date("2025-02-01T00:00:00Z"),
  lineItems: [],
};

const matches = (keys: ReturnType<typeof orderTimelineKeys>, sourceKey: string) =>
  sourceKey.startsWith(keys.orderPrefix) || keys.refundKeys.includes(sourceKey);

describe("orderTimelineKeys", () => {
  it("takes every entry the order and its refunds put on the timeline", () => {
    const order = orderSnapshot("12", { cancelledAt: new Date("2025-01-20T00:00:00Z"), refunds: [refund] });
    const keys = orderTimelineKeys("12", ["901"]);
    const entries = orderTimeline("shop", "customer", order);
    expect(entries.map((entry) => entry.kind)).toEqual(["order.placed", "order.cancelled", "order.refunded"]);
    expect(entries.every((entry) => matches(keys, entry.sourceKey))).toBe(true);
  });

  it("leaves out the entries of an order whose id starts with the same digits, and of other refunds", () => {
    const keys = orderTimelineKeys("12", ["901"]);
    const other = orderTimeline("shop", "customer", orderSnapshot("123", { refunds: [{ ...refund, platformId: "9012" }] }));
    expect(other.filter((entry) => matches(keys, entry.sourceKey))).toEqual([]);
    expect(matches(keys, refundTimelineEntry("shop", "customer", "#12", { ...refund, platformId: "90" }).sourceKey)).toBe(false);
  });

  it("an order without refunds has no refund keys", () => {
    expect(orderTimelineKeys("12", [])).toEqual({ orderPrefix: "order:12:", refundKeys: [] });
  });
});
