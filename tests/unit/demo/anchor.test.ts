import { describe, expect, it } from "vitest";

import { demoHistoryEnd, generateDemoHistory, streamDemoHistory, type DemoDelivery } from "~/demo/history";
import { localMidnight } from "~/demo/shop-time";

// The demo history is anchored to the day of the demo shop's first start: the last orders are from
// the day before, the first about 24 months earlier, and the same anchor day gives the same history.

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const DAY = 86_400_000;
const ANCHOR = new Date("2026-12-04T09:30:00Z");
const small = { customers: 400, orders: 1_500 };
const history = generateDemoHistory({ ...small, anchor: ANCHOR });

const orders = (deliveries: DemoDelivery[], topic: string) =>
  deliveries.filter((d) => d.topic === topic).map((d) => ({ at: Date.parse(d.triggeredAt), body: JSON.parse(d.body) as Json }));

/** The state of each order as its last delivery before the end shows it. */
function finalOrders(deliveries: DemoDelivery[]): Map<string, { at: number; body: Json }> {
  const last = new Map<string, { at: number; body: Json }>();
  for (const d of deliveries) {
    if (!d.topic.startsWith("orders/")) continue;
    const body = JSON.parse(d.body) as Json;
    last.set(body.name as string, { at: Date.parse(body.created_at as string), body });
  }
  return last;
}

describe("anchoring the demo history to its first start", () => {
  it("ends at the shop's local midnight of the anchor day (Europe/Berlin)", () => {
    expect(demoHistoryEnd(ANCHOR).toISOString()).toBe("2026-12-03T23:00:00.000Z");
    // Summer time: midnight is 22:00 UTC the day before.
    expect(demoHistoryEnd(new Date("2026-07-15T21:59:00Z")).toISOString()).toBe("2026-07-14T22:00:00.000Z");
    expect(demoHistoryEnd(new Date("2026-07-15T22:00:00Z")).toISOString()).toBe("2026-07-15T22:00:00.000Z");
    expect(() => demoHistoryEnd(new Date("nope"))).toThrow(RangeError);
  });

  it("has its last orders on the day before the anchor and nothing on or after it", () => {
    const end = demoHistoryEnd(ANCHOR).getTime();
    const created = orders(history.deliveries, "orders/create").map((o) => o.at);
    const lastOrder = Math.max(...created);
    expect(lastOrder).toBeLessThan(end);
    expect(lastOrder).toBeGreaterThanOrEqual(end - DAY);
    for (const d of history.deliveries) expect(Date.parse(d.triggeredAt)).toBeLessThan(end);
  });

  it("reaches about 24 months back from the anchor", () => {
    const stream = streamDemoHistory({ ...small, anchor: ANCHOR });
    expect(new Date(stream.start).toISOString()).toBe("2024-12-03T23:00:00.000Z");
    const firstOrder = Math.min(...orders(history.deliveries, "orders/create").map((o) => o.at));
    expect(firstOrder).toBeGreaterThanOrEqual(stream.start);
    expect(firstOrder).toBeLessThan(stream.start + 14 * DAY);
  });

  it("is deterministic for an anchor day, whatever the time of day", () => {
    const later = generateDemoHistory({ ...small, anchor: new Date("2026-12-04T22:10:00Z") });
    expect(later).toEqual(history);
    const nextDay = streamDemoHistory({ ...small, anchor: new Date("2026-12-05T09:30:00Z") });
    expect(nextDay.end).toBe(localMidnight(Date.parse("2026-12-05T09:30:00Z")));
    expect([...nextDay.deliveries()].at(-1)?.triggeredAt).not.toBe(history.deliveries.at(-1)?.triggeredAt);
  });

  it("lets an explicit end win over the anchor", () => {
    const stream = streamDemoHistory({ ...small, anchor: ANCHOR, end: new Date("2026-11-01T00:00:00Z") });
    expect(stream.end).toBe(Date.parse("2026-11-01T00:00:00Z"));
  });
});

describe("fulfillment statuses by age", () => {
  const end = demoHistoryEnd(ANCHOR).getTime();
  const final = [...finalOrders(history.deliveries).values()];

  it("ships older paid orders: every order older than two weeks that was not cancelled is fulfilled", () => {
    const old = final.filter((o) => o.at < end - 14 * DAY && o.body.cancelled_at === null);
    expect(old.length).toBeGreaterThan(1_000);
    for (const o of old) {
      expect(o.body.fulfillment_status).toBe("fulfilled");
      expect(o.body.fulfillments).toHaveLength(1);
      expect(o.body.closed_at).not.toBeNull();
    }
  });

  it("leaves part of the last days' orders unfulfilled, as a shop that ships on business days", () => {
    const recent = final.filter((o) => o.at >= end - 2 * DAY);
    expect(recent.length).toBeGreaterThan(0);
    const open = recent.filter((o) => o.body.fulfillment_status === null);
    expect(open.length).toBeGreaterThan(0);
    const lastWeek = final.filter((o) => o.at >= end - 7 * DAY && o.body.cancelled_at === null);
    expect(lastWeek.some((o) => o.body.fulfillment_status === "fulfilled")).toBe(true);
  });

  it("never ships a cancelled order; refunded ones after shipping stay fulfilled", () => {
    const cancelled = final.filter((o) => o.body.cancelled_at !== null);
    expect(cancelled.length).toBeGreaterThan(0);
    for (const o of cancelled) expect(o.body.fulfillment_status).toBeNull();
    const refundedAfterShipping = final.filter(
      (o) => o.body.cancelled_at === null && (o.body.financial_status === "refunded" || o.body.financial_status === "partially_refunded"),
    );
    expect(refundedAfterShipping.length).toBeGreaterThan(0);
    for (const o of refundedAfterShipping) expect(o.body.fulfillment_status).toBe("fulfilled");
  });

  it("announces each shipment with an orders/updated at the time it left", () => {
    const shipped = orders(history.deliveries, "orders/updated").filter((o) => o.body.fulfillments.length === 1);
    for (const o of shipped) expect(Date.parse(o.body.fulfillments[0].created_at as string)).toBeLessThanOrEqual(o.at);
    const fulfilledNames = new Set(final.filter((o) => o.body.fulfillment_status === "fulfilled").map((o) => o.body.name));
    const announced = new Set(shipped.map((o) => o.body.name));
    for (const name of fulfilledNames) expect(announced.has(name)).toBe(true);
  });
});
