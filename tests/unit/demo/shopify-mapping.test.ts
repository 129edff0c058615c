import { beforeAll, describe, expect, it } from "vitest";

import type { OrderSnapshot, RefundSnapshot } from "~/core/platform";
import type { ShopifyWebhookEvent } from "~/platforms/shopify/map-webhook";
import { getDemoCatalog } from "~/demo/catalog";
import { CROSS_SELL_BLOCK_DAYS } from "~/demo/cross-sell-plan";
import { generateDemoHistory, type DemoHistory } from "~/demo/history";
import { parseShopifyJson } from "~/platforms/shopify/lossless-json";
import { mapShopifyWebhook } from "~/platforms/shopify/map-webhook";

// The demo shop is fed through the real webhook endpoint, so every body it produces must get
// through the same parser and mapper as a real Shopify delivery.

let history: DemoHistory;
let events: Array<{ topic: string; event: ShopifyWebhookEvent }>;
let failures: string[];

beforeAll(() => {
  history = generateDemoHistory();
  events = [];
  failures = [];
  for (const d of history.deliveries) {
    try {
      const event = mapShopifyWebhook({
        topic: d.topic,
        payload: parseShopifyJson(d.body),
        shopCurrency: history.shop.currency,
        triggeredAt: new Date(d.triggeredAt),
      });
      events.push({ topic: d.topic, event });
    } catch (error) {
      failures.push(`${d.topic} ${d.eventId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}, 180_000);

describe("demo history through the Shopify webhook mapper", () => {
  it("maps every delivery without error", () => {
    expect(failures.slice(0, 5)).toEqual([]);
    expect(events).toHaveLength(history.deliveries.length);
  });

  it("maps each topic to the matching neutral event", () => {
    const expected: Record<string, ShopifyWebhookEvent["type"]> = {
      "products/create": "product.upserted",
      "customers/create": "customer.upserted",
      "customers/update": "customer.upserted",
      "orders/create": "order.upserted",
      "orders/paid": "order.upserted",
      "orders/updated": "order.upserted",
      "orders/cancelled": "order.upserted",
      "refunds/create": "refund.created",
      "customers/data_request": "privacy.customer_data_requested",
      "customers/redact": "privacy.customer_redact_requested",
    };
    for (const { topic, event } of events) expect(event.type).toBe(expected[topic]);
  });

  it("keeps ids exact and order money consistent in shop-currency minor units", () => {
    const problems: string[] = [];
    for (const { event } of events) {
      if (event.type !== "order.upserted") continue;
      const o: OrderSnapshot = event.order;
      if (!/^\d{18}$/.test(o.platformId)) problems.push(`${o.name}: id ${o.platformId}`);
      if (o.currency !== "EUR") problems.push(`${o.name}: currency ${o.currency}`);
      const lines = o.lineItems.reduce((a, l) => a + l.unitPriceMinor * BigInt(l.quantity), 0n);
      const lineDiscounts = o.lineItems.reduce((a, l) => a + l.totalDiscountMinor, 0n);
      // The mapper's subtotal is Shopify's subtotal_price: already net of discounts.
      if (lines - lineDiscounts !== o.subtotalMinor) problems.push(`${o.name}: lines - discounts != subtotal`);
      if (lineDiscounts !== o.totalDiscountsMinor) problems.push(`${o.name}: line discounts != total discounts`);
      if (o.subtotalMinor + o.totalShippingMinor + o.totalTaxMinor !== o.totalMinor) problems.push(`${o.name}: total`);
      const refunded = o.refunds.reduce((a, r) => a + r.amountMinor, 0n);
      // CHF refunds are converted back at the order's own rate, so allow a cent of rounding.
      if (refunded > o.totalMinor + 1n) problems.push(`${o.name}: refunded ${refunded} > total ${o.totalMinor}`);
      if ((o.buyer?.platformId ?? null) === null && o.email === null) problems.push(`${o.name}: guest without email`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it("maps refunds with positive amounts that match their lines", () => {
    const refunds: RefundSnapshot[] = events.flatMap(({ event }) => (event.type === "refund.created" ? [event.refund] : []));
    expect(refunds.length).toBeGreaterThan(400);
    for (const r of refunds) {
      expect(r.amountMinor > 0n).toBe(true);
      expect(r.currency).toBe("EUR");
      const lines = r.lineItems.reduce((a, l) => a + l.subtotalMinor + l.totalTaxMinor, 0n);
      expect(lines <= r.amountMinor + 1n).toBe(true);
    }
  });

  it("carries consent, guests and availability through", () => {
    const consent = new Set(
      events.flatMap(({ event }) => (event.type === "customer.upserted" ? [event.customer.emailMarketingConsent] : [])),
    );
    expect([...consent].sort()).toEqual(["NOT_SUBSCRIBED", "PENDING", "SUBSCRIBED", "UNSUBSCRIBED"]);
    const guests = events.filter(({ event }) => event.type === "order.upserted" && event.order.buyer?.platformId === null);
    expect(guests.length).toBeGreaterThan(100);
    const catalog = getDemoCatalog();
    const products = events.flatMap(({ event }) => (event.type === "product.upserted" ? [event.product] : []));
    expect(products).toHaveLength(catalog.products.length);
    for (const p of products) {
      const source = catalog.products.find((c) => c.id === p.platformId);
      expect(source).toBeDefined();
      expect(p.variants.map((v) => v.available)).toEqual(source!.variants.map((v) => v.available));
      expect(p.variants.map((v) => v.priceMinor)).toEqual(source!.variants.map((v) => BigInt(v.priceMinor)));
    }
  });

  it("marks lines the cross-sell block added, in recent orders only, never an order's first line", () => {
    const catalog = getDemoCatalog();
    // The latest version of each order.
    const orders = new Map<string, { order: OrderSnapshot }>();
    for (const { event } of events) if (event.type === "order.upserted") orders.set(event.order.platformId, { order: event.order });
    const marked = [...orders.values()].flatMap(({ order }) => order.lineItems.map((line, index) => ({ order, line, index })).filter(({ line }) => line.recommendedFrom !== null));
    expect(marked.length).toBeGreaterThan(50);
    const lastOrderAt = Math.max(...[...orders.values()].map(({ order }) => order.processedAt!.getTime()));
    for (const { order, line, index } of marked) {
      expect(index).toBeGreaterThan(0);
      // The block of the order's first product offered it.
      expect(line.recommendedFrom).toBe(order.lineItems[0]!.productPlatformId);
      expect(lastOrderAt - order.processedAt!.getTime()).toBeLessThanOrEqual(CROSS_SELL_BLOCK_DAYS * 86_400_000);
      expect(catalog.products.some((product) => product.id === line.recommendedFrom)).toBe(true);
    }
    // A named companion of the first product (the dripper's filter papers) is the block's likeliest
    // add, though most baskets hold none: a good share of the marked lines are companions.
    const companions = marked.filter(({ order, line }) =>
      catalog.products.find((product) => product.id === order.lineItems[0]!.productPlatformId)!.companions.some(
        ([handle]) => catalog.products.find((product) => product.handle === handle)?.id === line.productPlatformId,
      ),
    );
    expect(companions.length / marked.length).toBeGreaterThan(0.2);
  });
});
