import { beforeAll, describe, expect, it } from "vitest";
import { generateDemoHistory, type DemoDelivery, type DemoHistory } from "~/demo/history";
import { parseShopifyJson } from "~/platforms/shopify/lossless-json";
import { mapShopifyWebhook } from "~/platforms/shopify/map-webhook";

// The demo's compliance webhooks: three data requests (one urgent by the time the shop opens) and
// one erasure of a customer who has been quiet for long enough that Shopify would send it.

const DAY = 24 * 60 * 60 * 1000;
const END = new Date("2026-12-04T00:00:00+01:00");

let history: DemoHistory;
beforeAll(() => {
  history = generateDemoHistory({ customers: 300, orders: 900, end: END });
});

const isPrivacy = (d: DemoDelivery) => d.topic === "customers/data_request" || d.topic === "customers/redact";
const privacy = () => history.deliveries.filter(isPrivacy);
const daysBeforeEnd = (iso: string) => (END.getTime() - Date.parse(iso)) / DAY;

describe("demo privacy requests", () => {
  it("has three data requests (about 22, 9 and 2 days before the end) and one erasure 5 days before", () => {
    const requests = privacy();
    expect(requests.map((d) => [d.topic, Math.ceil(daysBeforeEnd(d.triggeredAt))])).toEqual([
      ["customers/data_request", 22],
      ["customers/data_request", 9],
      ["customers/redact", 5],
      ["customers/data_request", 2],
    ]);
  });

  it("maps to the neutral privacy events, naming customers and orders the history created before", () => {
    const created = new Set<string>();
    for (const delivery of history.deliveries) {
      const payload = parseShopifyJson(delivery.body);
      const event = mapShopifyWebhook({ topic: delivery.topic, payload, shopCurrency: "EUR", triggeredAt: new Date(delivery.triggeredAt) });
      if (event.type === "order.upserted") created.add(event.order.platformId);
      if (event.type === "customer.upserted") created.add(event.customer.platformId);
      if (event.type !== "privacy.customer_data_requested" && event.type !== "privacy.customer_redact_requested") continue;
      expect(event.subject.email).toMatch(/@/);
      expect(event.subject.orderPlatformIds.length).toBeGreaterThan(0);
      for (const id of event.subject.orderPlatformIds) expect(created.has(id)).toBe(true);
      if (event.subject.customerPlatformId) expect(created.has(event.subject.customerPlatformId)).toBe(true);
      if (event.type === "privacy.customer_data_requested") {
        expect(event.requestRef).toMatch(/^\d+$/);
        expect(event.requestedAt?.toISOString()).toBe(delivery.triggeredAt);
      }
    }
  });

  it("erases a customer with nothing in the last six months and nothing after the erasure", () => {
    const redact = privacy().find((d) => d.topic === "customers/redact")!;
    const email = (parseShopifyJson(redact.body) as { customer: { email: string } }).customer.email;
    const theirs = history.deliveries.filter((d) => d !== redact && d.body.includes(email));
    expect(theirs.length).toBeGreaterThan(0);
    for (const delivery of theirs) expect(Date.parse(redact.triggeredAt) - Date.parse(delivery.triggeredAt)).toBeGreaterThan(180 * DAY);
  });

  it("asks about a guest once: a request with no customer id, found by email and orders", () => {
    const guests = privacy().filter((d) => (parseShopifyJson(d.body) as { customer: { id: unknown } }).customer.id === null);
    expect(guests.map((d) => d.topic)).toEqual(["customers/data_request"]);
  });

  it("is the same for the same history", () => {
    expect(generateDemoHistory({ customers: 300, orders: 900, end: END }).deliveries.filter(isPrivacy)).toEqual(privacy());
  });
});
