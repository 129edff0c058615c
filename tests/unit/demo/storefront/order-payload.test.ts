import { describe, expect, it } from "vitest";
import { priceCheckout, SHIPPING_MINOR } from "~/demo/storefront/checkout-pricing";
import { storefrontOrderPayload, type StorefrontOrder } from "~/demo/storefront/order-payload";
import { parseShopifyJson } from "~/platforms/shopify/lossless-json";
import { mapShopifyWebhook } from "~/platforms/shopify/map-webhook";

const lines = [
  { variantId: "920000000000000101", quantity: 2, unitMinor: 1290 },
  { variantId: "920000000000000102", quantity: 1, unitMinor: 899 },
];

describe("demo storefront checkout pricing", () => {
  it("spreads an amount code over the lines in proportion, the rest on the last line", () => {
    const result = priceCheckout(lines, { code: "FIVE", value: { kind: "amount", amountMinor: 500n, currency: "EUR" }, minimumSubtotalMinor: null });
    expect(result).toMatchObject({ ok: true, checkout: { lineItemsMinor: 3479, lineDiscountsMinor: [370, 130], shippingMinor: SHIPPING_MINOR, totalMinor: 3479 - 500 + SHIPPING_MINOR } });
  });

  it("takes the shipping off for a free-shipping code and refuses it when shipping is free anyway", () => {
    const free = priceCheckout(lines, { code: "SHIP", value: { kind: "free_shipping" }, minimumSubtotalMinor: null });
    expect(free).toMatchObject({ ok: true, checkout: { shippingDiscountMinor: SHIPPING_MINOR, totalMinor: 3479, discount: { type: "shipping", amountMinor: SHIPPING_MINOR } } });
    const big = [{ variantId: "1", quantity: 5, unitMinor: 1290 }];
    expect(priceCheckout(big, { code: "SHIP", value: { kind: "free_shipping" }, minimumSubtotalMinor: null })).toEqual({ ok: false, reason: "not_applicable" });
  });

  it("refuses a code below its minimum subtotal", () => {
    expect(priceCheckout(lines, { code: "TEN", value: { kind: "percent", percent: 10 }, minimumSubtotalMinor: 5_000 })).toEqual({ ok: false, reason: "minimum_not_reached" });
  });
});

describe("demo storefront orders/create payload", () => {
  const priced = priceCheckout(lines, { code: "ALP-ABCDE-FGHJK", value: { kind: "amount", amountMinor: 500n, currency: "EUR" }, minimumSubtotalMinor: null });
  if (!priced.ok) throw new Error("priced");
  const order: StorefrontOrder = {
    orderId: "1765000000000001",
    number: 1451,
    shippingLineId: "1765000000000002",
    createdAt: Date.parse("2026-12-04T10:00:00Z"),
    currency: "EUR",
    locale: "de",
    // Demo ids exceed 2^53: they must arrive exact, as bare JSON numbers.
    customer: { platformId: "9176543210987654321", email: "anna@example.de", firstName: "Anna", lastName: "Berg" },
    lines: lines.map((line, index) => ({
      ...line,
      lineId: `17650000000001${index}`,
      productId: `92000000000000020${index}`,
      title: `Kaffee ${index}`,
      variantTitle: index === 0 ? "500 g" : null,
      sku: null,
      vendor: "Alpenröster",
    })),
    priced: priced.checkout,
  };

  it("is a paid order with the code, read by the app's parser and mapper as Shopify's", () => {
    const body = storefrontOrderPayload(order);
    expect(body).toContain('"customer":{"id":9176543210987654321');
    const event = mapShopifyWebhook({ topic: "orders/create", payload: parseShopifyJson(body), shopCurrency: "EUR", triggeredAt: new Date(order.createdAt) });
    if (event.type !== "order.upserted") throw new Error(`unexpected ${event.type}`);
    expect(event.order).toMatchObject({
      platformId: "1765000000000001",
      name: "#1451",
      financialStatus: "paid",
      buyer: { platformId: "9176543210987654321" },
      subtotalMinor: 2979n,
      totalDiscountsMinor: 500n,
      totalShippingMinor: BigInt(SHIPPING_MINOR),
      totalMinor: BigInt(2979 + SHIPPING_MINOR),
      discountCodes: [{ code: "ALP-ABCDE-FGHJK", amountMinor: 500n }],
    });
    expect(event.order.lineItems.map((line) => line.quantity)).toEqual([2, 1]);
    expect(event.order).toMatchObject({ shippingAddress: null, billingAddress: null });
  });

  it("ships to and bills the address the checkout took, street lines where Shopify has them", () => {
    const shipTo = { firstName: "Anna", lastName: "Berg", address1: "Lindenallee 7", address2: "Hinterhaus", zip: "10115", city: "Berlin", countryCode: "DE" };
    const body = storefrontOrderPayload({ ...order, shipTo });
    const payload = parseShopifyJson(body) as { shipping_address: Record<string, unknown> };
    expect(payload.shipping_address).toMatchObject({ address1: "Lindenallee 7", address2: "Hinterhaus", zip: "10115", country: "Germany", country_code: "DE", name: "Anna Berg" });
    const event = mapShopifyWebhook({ topic: "orders/create", payload: parseShopifyJson(body), shopCurrency: "EUR", triggeredAt: new Date(order.createdAt) });
    if (event.type !== "order.upserted") throw new Error(`unexpected ${event.type}`);
    expect(event.order.shippingAddress).toEqual({ address1: "Lindenallee 7", address2: "Hinterhaus", zip: "10115", city: "Berlin", countryCode: "DE" });
    expect(event.order.billingAddress).toEqual({ city: "Berlin", countryCode: "DE" });
  });

  it("cancelled by the shop: orders/cancelled carries the order with its cancellation, nothing left to ship", () => {
    const cancelledAt = Date.parse("2026-12-06T09:30:00Z");
    const body = storefrontOrderPayload({ ...order, cancelled: { at: cancelledAt, reason: "customer" } });
    const event = mapShopifyWebhook({ topic: "orders/cancelled", payload: parseShopifyJson(body), shopCurrency: "EUR", triggeredAt: new Date(cancelledAt) });
    if (event.type !== "order.upserted") throw new Error(`unexpected ${event.type}`);
    expect(event.order).toMatchObject({ cancelledAt: new Date(cancelledAt), cancelReason: "customer", financialStatus: "refunded" });
    const payload = parseShopifyJson(body) as { line_items: Array<{ current_quantity: number; fulfillable_quantity: number }> };
    expect(payload.line_items.every((line) => line.current_quantity === 0 && line.fulfillable_quantity === 0)).toBe(true);
  });
});
