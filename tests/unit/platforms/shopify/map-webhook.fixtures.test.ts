import { existsSync } from "node:fs";

import { describe, expect, it } from "vitest";

import type { OrderSnapshot } from "~/core/platform";
import type { ShopifyWebhookEvent } from "~/platforms/shopify/map-webhook";
import { mapShopifyWebhook, SHOPIFY_WEBHOOK_TOPICS } from "~/platforms/shopify/map-webhook";

import { fixtureText, loadFixture } from "./load-fixture";

const TRIGGERED_AT = new Date("2024-10-01T12:34:56.789Z");

function fixtureName(topic: string): string {
  return topic.replace("/", "-");
}

function mapFixture(topic: string, triggeredAt: Date | null = TRIGGERED_AT): ShopifyWebhookEvent {
  return mapShopifyWebhook({
    topic,
    payload: loadFixture(fixtureName(topic)),
    shopCurrency: "EUR",
    triggeredAt,
  });
}

function orderOf(event: ShopifyWebhookEvent): OrderSnapshot {
  if (event.type !== "order.upserted") throw new Error(`expected order.upserted, got ${event.type}`);
  return event.order;
}

describe("fixtures", () => {
  it.each(SHOPIFY_WEBHOOK_TOPICS)("%s has a fixture that maps", (topic) => {
    expect(existsSync(new URL(`../../../fixtures/shopify/${fixtureName(topic)}.json`, import.meta.url))).toBe(true);
    expect(() => mapFixture(topic)).not.toThrow();
  });

  it("fixtures hold ids that JSON.parse would corrupt", () => {
    const rounded = JSON.parse(fixtureText("orders-create")) as { id: number };
    expect(String(rounded.id)).not.toBe("450789469123456781");
    expect(orderOf(mapFixture("orders/create")).platformId).toBe("450789469123456781");
  });
});

describe("orders/create: registered buyer, shop EUR, presentment CHF", () => {
  it("maps every field exactly", () => {
    expect(mapFixture("orders/create")).toStrictEqual({
      type: "order.upserted",
      order: {
        platformId: "450789469123456781",
        name: "#1042",
        orderNumber: 1042,
        email: "ana.example@example.com",
        buyer: {
          platformId: "207119551123456783",
          email: "ana.example@example.com",
          firstName: "Ana",
          lastName: "Example",
          phone: "+41791234567",
        },
        currency: "EUR",
        subtotalMinor: 16632n,
        totalDiscountsMinor: 1798n,
        totalShippingMinor: 590n,
        totalTaxMinor: 2750n,
        totalMinor: 17222n,
        presentmentCurrency: "CHF",
        presentmentTotalMinor: 16380n,
        financialStatus: "paid",
        fulfillmentStatus: null,
        cancelledAt: null,
        cancelReason: null,
        test: false,
        tags: ["newsletter", "first-order"],
        sourceName: "web",
        landingSite: "/products/alpine-wool-sweater?utm_source=newsletter",
        referringSite: "https://www.google.com/",
        shippingAddress: { address1: "Bahnhofstrasse 1", address2: null, zip: "8001", city: "Zürich", countryCode: "CH" },
        billingAddress: { city: "Zürich", countryCode: "CH" },
        processedAt: new Date("2024-05-14T08:15:02Z"),
        createdAt: new Date("2024-05-14T08:15:03Z"),
        updatedAt: new Date("2024-05-14T08:15:05Z"),
        lineItems: [
          {
            platformId: "466157049123456783",
            productPlatformId: "632910392123456787",
            variantPlatformId: "808950810123456789",
            title: "Alpine Wool Sweater",
            variantTitle: "M / Blue",
            sku: "SWT-M-BLU",
            quantity: 2,
            unitPriceMinor: 8990n,
            totalDiscountMinor: 1798n,
            totalTaxMinor: 2584n,
            recommendedFrom: null,
          },
          {
            platformId: "466157049123456785",
            productPlatformId: null,
            variantPlatformId: null,
            title: "Gift wrapping",
            variantTitle: null,
            sku: null,
            quantity: 1,
            unitPriceMinor: 450n,
            totalDiscountMinor: 0n,
            totalTaxMinor: 72n,
            recommendedFrom: null,
          },
        ],
        discountCodes: [{ code: "WELCOME10", kind: "percentage", amountMinor: 1798n }],
        refunds: [],
      },
    });
  });

  it("takes shop money, never presentment money, for every *Minor amount", () => {
    const order = orderOf(mapFixture("orders/create"));
    // CHF figures of the same order: 85.50 unit price, 163.80 total.
    expect(order.lineItems[0]?.unitPriceMinor).toBe(8990n);
    expect(order.totalMinor).toBe(17222n);
    expect(order.presentmentTotalMinor).toBe(16380n);
  });
});

describe("orders/updated: two refunds", () => {
  it("maps the order and both refunds exactly", () => {
    const order = orderOf(mapFixture("orders/updated"));
    expect(order).toMatchObject({
      platformId: "450789469123456793",
      name: "#1043",
      orderNumber: 1043,
      email: "bo@example.org",
      buyer: {
        platformId: "207119551123456797",
        email: "bo@example.org",
        firstName: "Bo",
        lastName: "Berg",
        phone: null,
      },
      currency: "EUR",
      subtotalMinor: 16500n,
      totalDiscountsMinor: 0n,
      totalShippingMinor: 0n,
      totalTaxMinor: 2634n,
      totalMinor: 16500n,
      presentmentCurrency: "EUR",
      presentmentTotalMinor: 16500n,
      financialStatus: "partially_refunded",
      fulfillmentStatus: "fulfilled",
      tags: [],
      referringSite: null,
      updatedAt: new Date("2024-06-05T14:30:04Z"),
    });
    expect(order.lineItems.map((item) => [item.platformId, item.quantity, item.unitPriceMinor, item.totalTaxMinor])).toEqual([
      ["466157049123456801", 1, 12000n, 1916n],
      ["466157049123456803", 3, 1500n, 718n],
    ]);
    expect(order.refunds).toStrictEqual([
      {
        platformId: "509562969123456811",
        orderPlatformId: "450789469123456793",
        note: "Socks too small",
        amountMinor: 1500n,
        currency: "EUR",
        processedAt: new Date("2024-06-02T07:00:00Z"),
        lineItems: [
          {
            platformId: "104689539123456821",
            lineItemPlatformId: "466157049123456803",
            quantity: 1,
            subtotalMinor: 1500n,
            totalTaxMinor: 239n,
            restockType: "return",
          },
        ],
      },
      {
        platformId: "509562969123456813",
        orderPlatformId: "450789469123456793",
        note: null,
        // One failed and one successful 10.00 attempt: only the success left the shop.
        amountMinor: 1000n,
        currency: "EUR",
        processedAt: new Date("2024-06-05T14:30:01Z"),
        lineItems: [],
      },
    ]);
  });
});

describe("orders/paid: guest checkout", () => {
  it("has a buyer without platform id, identified by the order's email and billing name", () => {
    const order = orderOf(mapFixture("orders/paid"));
    expect(order.buyer).toStrictEqual({
      platformId: null,
      email: "guest.buyer@example.net",
      firstName: "Chris",
      lastName: "Guest",
      phone: "+49 151 12345678",
    });
    expect(order).toMatchObject({
      platformId: "450789469123456805",
      email: "guest.buyer@example.net",
      subtotalMinor: 4900n,
      totalShippingMinor: 490n,
      totalTaxMinor: 860n,
      totalMinor: 5390n,
      presentmentCurrency: "EUR",
      presentmentTotalMinor: 5390n,
      landingSite: "/collections/socks",
      referringSite: null,
      discountCodes: [],
      refunds: [],
    });
    expect(order.lineItems).toStrictEqual([
      {
        platformId: "466157049123456811",
        productPlatformId: "632910392123456803",
        variantPlatformId: "808950810123456805",
        title: "Merino Socks",
        variantTitle: "3-pack XL",
        sku: "SOCK-3P-XL",
        quantity: 1,
        unitPriceMinor: 4900n,
        totalDiscountMinor: 0n,
        totalTaxMinor: 782n,
        // Added from the sweater's cross-sell block; the gift message is not ours to keep.
        recommendedFrom: "632910392123456787",
      },
    ]);
  });
});

describe("orders/cancelled", () => {
  it("carries the cancellation, and a void is not money returned", () => {
    const order = orderOf(mapFixture("orders/cancelled"));
    expect(order).toMatchObject({
      platformId: "450789469123456817",
      cancelledAt: new Date("2024-07-01T10:00:00Z"),
      cancelReason: "customer",
      financialStatus: "voided",
      test: true,
      tags: ["wholesale", "B2B"],
      sourceName: "shopify_draft_order",
      landingSite: null,
      subtotalMinor: 55000n,
      totalDiscountsMinor: 5000n,
      totalMinor: 55000n,
      totalTaxMinor: 0n,
      discountCodes: [{ code: "BULK50", kind: "fixed_amount", amountMinor: 5000n }],
    });
    // Empty customer names and phone fall back to the billing address and the order's phone.
    expect(order.buyer).toStrictEqual({
      platformId: "207119551123456809",
      email: "orders@wholesale-example.com",
      firstName: "Eva",
      lastName: "Wholesale",
      phone: "+43 1 2345678",
    });
    expect(order.lineItems[0]).toMatchObject({ quantity: 10, unitPriceMinor: 6000n, totalDiscountMinor: 5000n });
    expect(order.refunds).toStrictEqual([
      {
        platformId: "509562969123456829",
        orderPlatformId: "450789469123456817",
        note: null,
        amountMinor: 0n,
        currency: "EUR",
        processedAt: new Date("2024-07-01T10:00:00Z"),
        lineItems: [
          {
            platformId: "104689539123456833",
            lineItemPlatformId: "466157049123456821",
            quantity: 10,
            subtotalMinor: 55000n,
            totalTaxMinor: 0n,
            restockType: "cancel",
          },
        ],
      },
    ]);
  });
});

describe("refunds/create: CHF refund on an EUR shop", () => {
  it("returns the money in shop currency at the rate Shopify applied to the refund", () => {
    // 76.95 CHF refunded; the refund states 80.91 + 12.92 EUR = 76.95 + 12.29 CHF.
    // 7695 × 9383 / 8924 = 8090.79 → 8091.
    expect(mapFixture("refunds/create")).toStrictEqual({
      type: "refund.created",
      refund: {
        platformId: "509562969123456837",
        orderPlatformId: "450789469123456781",
        note: "Returned one sweater",
        amountMinor: 8091n,
        currency: "EUR",
        processedAt: new Date("2024-05-20T09:05:02Z"),
        lineItems: [
          {
            platformId: "104689539123456841",
            lineItemPlatformId: "466157049123456783",
            quantity: 1,
            subtotalMinor: 8091n,
            totalTaxMinor: 1292n,
            restockType: "return",
          },
        ],
      },
    });
  });
});

describe("customers", () => {
  it("customers/create: subscribed, with tags and an identity-safe email", () => {
    expect(mapFixture("customers/create")).toStrictEqual({
      type: "customer.upserted",
      customer: {
        platformId: "207119551123456821",
        // Lower-cased and trimmed only: the +tag is part of the mailbox.
        email: "dana.example+shop@example.com",
        firstName: "Dana",
        lastName: "Example",
        phone: "+491701234567",
        emailMarketingConsent: "SUBSCRIBED",
        consentUpdatedAt: new Date("2024-04-01T06:00:00Z"),
        tags: ["vip", "newsletter"],
        locale: null,
        address: { address1: "Lindenallee 7", address2: null, city: "Berlin", zip: "10115", provinceCode: null, countryCode: "DE" },
        createdAt: new Date("2024-04-01T06:00:00Z"),
        updatedAt: new Date("2024-04-01T06:00:01Z"),
      },
    });
  });

  it("customers/update: unsubscribed, tags cleared, names trimmed", () => {
    expect(mapFixture("customers/update")).toStrictEqual({
      type: "customer.upserted",
      customer: {
        platformId: "207119551123456821",
        email: "dana.example+shop@example.com",
        firstName: "Dana",
        lastName: "Example-Smith",
        phone: null,
        emailMarketingConsent: "UNSUBSCRIBED",
        consentUpdatedAt: new Date("2024-08-12T17:22:40Z"),
        tags: [],
        locale: null,
        // default_address: null — the customer removed their only address.
        address: null,
        createdAt: new Date("2024-04-01T06:00:00Z"),
        updatedAt: new Date("2024-08-12T17:22:45Z"),
      },
    });
  });

  it("customers/delete: the id, at the delivery's trigger time", () => {
    expect(mapFixture("customers/delete")).toStrictEqual({
      type: "customer.deleted",
      platformId: "207119551123456821",
      occurredAt: TRIGGERED_AT,
    });
  });
});

describe("products", () => {
  it("products/create: variants, availability, featured image; collections unknown", () => {
    const event = mapFixture("products/create");
    expect(event).toStrictEqual({
      type: "product.upserted",
      product: {
        platformId: "632910392123456787",
        title: "Alpine Wool Sweater",
        handle: "alpine-wool-sweater",
        status: "active",
        vendor: "Alpine Co",
        productType: "Sweater",
        imageUrl: "https://cdn.shopify.com/s/files/1/0000/0001/products/sweater-front.jpg?v=1709280000",
        tags: ["wool", "winter", "Bestseller"],
        collectionIds: undefined,
        createdAt: new Date("2024-03-01T08:00:00Z"),
        updatedAt: new Date("2024-03-01T08:05:00Z"),
        variants: [
          {
            platformId: "808950810123456789",
            title: "M / Blue",
            sku: "SWT-M-BLU",
            priceMinor: 8990n,
            inventoryQuantity: 12,
            available: true,
          },
          {
            // "continue": sells at zero stock.
            platformId: "808950810123456791",
            title: "L / Blue",
            sku: "SWT-L-BLU",
            priceMinor: 9490n,
            inventoryQuantity: 0,
            available: true,
          },
          {
            platformId: "808950810123456793",
            title: "XL / Blue",
            sku: null,
            priceMinor: 9490n,
            inventoryQuantity: 0,
            available: false,
          },
        ],
      },
    });
    if (event.type !== "product.upserted") throw new Error("unreachable");
    expect(Object.hasOwn(event.product, "collectionIds")).toBe(true);
  });

  it("products/update: archived, no image, whole-number price", () => {
    expect(mapFixture("products/update")).toStrictEqual({
      type: "product.upserted",
      product: {
        platformId: "632910392123456787",
        title: "Alpine Wool Sweater (2023 edition)",
        handle: "alpine-wool-sweater",
        status: "archived",
        vendor: "Alpine Co",
        productType: null,
        imageUrl: null,
        tags: [],
        collectionIds: undefined,
        createdAt: new Date("2024-03-01T08:00:00Z"),
        updatedAt: new Date("2024-09-02T15:45:10Z"),
        variants: [
          {
            platformId: "808950810123456789",
            title: "M / Blue",
            sku: "SWT-M-BLU",
            priceMinor: 7900n,
            inventoryQuantity: 3,
            available: true,
          },
        ],
      },
    });
  });

  it("products/delete", () => {
    expect(mapFixture("products/delete")).toStrictEqual({
      type: "product.deleted",
      platformId: "632910392123456787",
      occurredAt: TRIGGERED_AT,
    });
  });
});

describe("app, shop and bulk operation topics", () => {
  it("app/uninstalled happens at the trigger time, not the shop's updated_at", () => {
    expect(mapFixture("app/uninstalled")).toStrictEqual({ type: "shop.uninstalled", occurredAt: TRIGGERED_AT });
  });

  it("app/scopes_update lists the scopes now granted", () => {
    expect(mapFixture("app/scopes_update")).toStrictEqual({
      type: "shop.scopes_updated",
      scopes: ["read_products", "read_orders", "read_customers", "write_discounts"],
      occurredAt: new Date("2024-10-07T13:20:00Z"),
    });
  });

  it("bulk_operations/finish keeps the gid and uses GraphQL enum casing", () => {
    expect(mapFixture("bulk_operations/finish")).toStrictEqual({
      type: "shopify.bulk_operation.finished",
      operationId: "gid://shopify/BulkOperation/3456789012345678901",
      status: "COMPLETED",
      errorCode: null,
      occurredAt: new Date("2024-10-08T06:14:55Z"),
    });
  });
});

describe("mandatory compliance topics", () => {
  it("customers/data_request", () => {
    expect(mapFixture("customers/data_request")).toStrictEqual({
      type: "privacy.customer_data_requested",
      subject: {
        customerPlatformId: "207119551123456783",
        email: "ana.example@example.com",
        phone: "+41791234567",
        orderPlatformIds: ["450789469123456781", "450789469123456793"],
      },
      requestRef: "9876543219",
      requestedAt: TRIGGERED_AT,
    });
  });

  it("customers/redact", () => {
    expect(mapFixture("customers/redact")).toStrictEqual({
      type: "privacy.customer_redact_requested",
      subject: {
        customerPlatformId: "207119551123456797",
        email: "bo@example.org",
        phone: null,
        orderPlatformIds: ["450789469123456793", "450789469123456801"],
      },
      requestedAt: TRIGGERED_AT,
    });
  });

  it("shop/redact", () => {
    expect(mapFixture("shop/redact")).toStrictEqual({ type: "privacy.shop_redact_requested" });
  });
});
