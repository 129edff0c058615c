import { describe, expect, it } from "vitest";

import type { CustomerSnapshot, OrderSnapshot, ProductSnapshot, RefundSnapshot } from "~/core/platform";
import type { ShopifyWebhookEvent } from "~/platforms/shopify/map-webhook";
import { mapShopifyWebhook, PayloadError } from "~/platforms/shopify/map-webhook";

import { fixtureRecord, loadFixture, setIn, withoutMoneySets } from "./load-fixture";

const TRIGGERED_AT = new Date("2024-10-01T12:34:56.789Z");

function map(topic: string, payload: unknown, shopCurrency = "EUR"): ShopifyWebhookEvent {
  return mapShopifyWebhook({ topic, payload, shopCurrency, triggeredAt: TRIGGERED_AT });
}

function order(payload: unknown): OrderSnapshot {
  const event = map("orders/updated", payload);
  if (event.type !== "order.upserted") throw new Error(`unexpected ${event.type}`);
  return event.order;
}

function refund(payload: unknown): RefundSnapshot {
  const event = map("refunds/create", payload);
  if (event.type !== "refund.created") throw new Error(`unexpected ${event.type}`);
  return event.refund;
}

function customer(payload: unknown): CustomerSnapshot {
  const event = map("customers/update", payload);
  if (event.type !== "customer.upserted") throw new Error(`unexpected ${event.type}`);
  return event.customer;
}

function product(payload: unknown, shopCurrency: string): ProductSnapshot {
  const event = map("products/update", payload, shopCurrency);
  if (event.type !== "product.upserted") throw new Error(`unexpected ${event.type}`);
  return event.product;
}

describe("money sources", () => {
  it("falls back to the plain decimal fields in the order currency when no *_set is present", () => {
    for (const name of ["orders-paid", "orders-updated", "orders-cancelled"]) {
      expect(order(withoutMoneySets(loadFixture(name)))).toStrictEqual(order(loadFixture(name)));
    }
  });

  it("prefers the set when both forms are present", () => {
    const payload = fixtureRecord("orders-paid");
    setIn(payload, ["total_price"], "999.99");
    setIn(payload, ["line_items", 0, "price"], "1.00");
    const mapped = order(payload);
    expect(mapped.totalMinor).toBe(5390n);
    expect(mapped.lineItems[0]?.unitPriceMinor).toBe(4900n);
  });

  it("cannot infer the presentment total of a multi-currency order without total_price_set", () => {
    expect(() => order(withoutMoneySets(loadFixture("orders-create")))).toThrow(
      expect.objectContaining({
        name: "PayloadError",
        issues: [expect.objectContaining({ path: "total_price_set" })],
      }),
    );
  });

  it("uses the order's currency, not the shop's current one", () => {
    // The shop switched to CHF after this EUR order was placed.
    const event = mapShopifyWebhook({
      topic: "orders/create",
      payload: loadFixture("orders-create"),
      shopCurrency: "CHF",
      triggeredAt: null,
    });
    if (event.type !== "order.upserted") throw new Error("unreachable");
    expect(event.order.currency).toBe("EUR");
    expect(event.order.totalMinor).toBe(17222n);
  });

  it("sums shipping lines when total_shipping_price_set is absent", () => {
    const payload = fixtureRecord("orders-paid");
    setIn(payload, ["total_shipping_price_set"], undefined);
    const shippingLines = [
      { price: "4.90", price_set: { shop_money: { amount: "4.90", currency_code: "EUR" }, presentment_money: { amount: "4.90", currency_code: "EUR" } } },
      { price: "2.05" },
    ];
    setIn(payload, ["shipping_lines"], shippingLines);
    expect(order(payload).totalShippingMinor).toBe(695n);
    setIn(payload, ["shipping_lines"], []);
    expect(order(payload).totalShippingMinor).toBe(0n);
  });

  it("takes total_discount when a line has no discount allocations", () => {
    const payload = fixtureRecord("orders-paid");
    setIn(payload, ["line_items", 0, "total_discount_set", "shop_money", "amount"], "5.00");
    expect(order(payload).lineItems[0]?.totalDiscountMinor).toBe(500n);
    setIn(payload, ["line_items", 0, "discount_allocations"], [{ amount: "3.10" }, { amount: "0.05" }]);
    expect(order(payload).lineItems[0]?.totalDiscountMinor).toBe(315n);
  });

  it("reads zero-decimal and three-decimal shop currencies exactly", () => {
    const payload = fixtureRecord("products-update");
    setIn(payload, ["variants", 0, "price"], "1500");
    expect(product(payload, "JPY").variants[0]?.priceMinor).toBe(1500n);
    setIn(payload, ["variants", 0, "price"], "1500.00");
    expect(product(payload, "JPY").variants[0]?.priceMinor).toBe(1500n);
    setIn(payload, ["variants", 0, "price"], "1.234");
    expect(product(payload, "KWD").variants[0]?.priceMinor).toBe(1234n);
    setIn(payload, ["variants", 0, "price"], "1500.50");
    expect(() => product(payload, "JPY")).toThrow(PayloadError);
  });
});

describe("refund amounts", () => {
  it("converts presentment-currency transactions at the order's rate when the refund states none", () => {
    const payload = fixtureRecord("orders-create");
    setIn(payload, ["refunds"], [
      {
        id: "509562969123456899",
        order_id: "450789469123456781",
        created_at: "2024-05-21T10:00:00+02:00",
        processed_at: null,
        note: "Goodwill",
        refund_line_items: [],
        order_adjustments: [],
        transactions: [{ kind: "refund", status: "success", amount: "10.00", currency: "CHF" }],
      },
    ]);
    const [mapped] = order(payload).refunds;
    // 1000 CHF minor × 17222 / 16380 = 1051.4 → 1051 EUR minor.
    expect(mapped?.amountMinor).toBe(1051n);
    expect(mapped?.currency).toBe("EUR");
    expect(mapped?.processedAt).toStrictEqual(new Date("2024-05-21T08:00:00Z"));
  });

  it("refunds/create in a foreign currency with no rate anywhere is a PayloadError", () => {
    const payload = fixtureRecord("refunds-create");
    setIn(payload, ["refund_line_items"], []);
    expect(() => refund(payload)).toThrow(
      expect.objectContaining({
        name: "PayloadError",
        issues: [expect.objectContaining({ path: "transactions", message: expect.stringMatching(/CHF/) })],
      }),
    );
  });

  it("reads the rate off order adjustments when there are no refunded lines", () => {
    const payload = fixtureRecord("refunds-create");
    setIn(payload, ["refund_line_items"], []);
    setIn(payload, ["order_adjustments"], [
      {
        kind: "refund_discrepancy",
        amount: "-20.00",
        amount_set: { shop_money: { amount: "-21.00", currency_code: "EUR" }, presentment_money: { amount: "-20.00", currency_code: "CHF" } },
      },
    ]);
    setIn(payload, ["transactions", 0, "amount"], "20.00");
    expect(refund(payload)).toMatchObject({ amountMinor: 2100n, currency: "EUR", lineItems: [] });
  });

  it("sums shop-currency transactions exactly, whatever the presentment currency", () => {
    const payload = fixtureRecord("refunds-create");
    setIn(payload, ["transactions"], [
      { kind: "refund", status: "success", amount: "0.10", currency: "EUR" },
      { kind: "refund", status: "success", amount: "0.20", currency: "EUR" },
      { kind: "REFUND", status: "SUCCESS", amount: "0.05", currency: "EUR" },
      { kind: "refund", status: "pending", amount: "100.00", currency: "EUR" },
      { kind: "refund", status: "error", amount: "100.00", currency: "EUR" },
      { kind: "capture", status: "success", amount: "100.00", currency: "EUR" },
      { kind: "void", status: "success", amount: "100.00", currency: "EUR" },
    ]);
    expect(refund(payload).amountMinor).toBe(35n);
  });

  it("a transaction without a currency is in the shop currency", () => {
    const payload = fixtureRecord("orders-updated");
    setIn(payload, ["refunds", 0, "transactions", 0, "currency"], undefined);
    expect(order(payload).refunds[0]?.amountMinor).toBe(1500n);
  });

  it("a refund with no transactions returned no money", () => {
    const payload = fixtureRecord("orders-updated");
    setIn(payload, ["refunds", 0, "transactions"], []);
    expect(order(payload).refunds[0]?.amountMinor).toBe(0n);
  });

  it("a standalone refund takes its shop currency from its money sets, else the shop's", () => {
    const payload = fixtureRecord("refunds-create");
    expect(refund(payload).currency).toBe("EUR");
    setIn(payload, ["refund_line_items"], []);
    setIn(payload, ["transactions", 0, "currency"], "EUR");
    expect(mapShopifyWebhook({ topic: "refunds/create", payload, shopCurrency: "EUR", triggeredAt: null })).toMatchObject({
      refund: { currency: "EUR", amountMinor: 7695n },
    });
  });
});

describe("buyers", () => {
  it("an order that says nothing about its buyer has buyer null", () => {
    const payload = fixtureRecord("orders-paid");
    for (const key of ["email", "contact_email", "phone", "billing_address", "shipping_address"]) setIn(payload, [key], null);
    const mapped = order(payload);
    expect(mapped.buyer).toBeNull();
    expect(mapped.email).toBeNull();
  });

  it("an invalid email is dropped rather than stored", () => {
    const payload = fixtureRecord("orders-paid");
    setIn(payload, ["email"], "not-an-email");
    setIn(payload, ["contact_email"], "still not");
    expect(order(payload).email).toBeNull();
    expect(order(payload).buyer).toMatchObject({ platformId: null, email: null, firstName: "Chris" });
  });

  it("a guest falls back to contact_email", () => {
    const payload = fixtureRecord("orders-paid");
    setIn(payload, ["email"], null);
    setIn(payload, ["contact_email"], " Guest2@Example.net ");
    expect(order(payload).buyer?.email).toBe("guest2@example.net");
    expect(order(payload).email).toBe("guest2@example.net");
  });
});

describe("customer consent and tags", () => {
  it.each([
    ["subscribed", "SUBSCRIBED"],
    ["not_subscribed", "NOT_SUBSCRIBED"],
    ["unsubscribed", "UNSUBSCRIBED"],
    ["pending", "PENDING"],
    ["redacted", "REDACTED"],
    ["SUBSCRIBED", "SUBSCRIBED"],
    ["invalid", "UNKNOWN"],
    ["some_future_state", "UNKNOWN"],
  ])("email consent %j → %s", (state, expected) => {
    const payload = fixtureRecord("customers-update");
    setIn(payload, ["email_marketing_consent", "state"], state);
    expect(customer(payload).emailMarketingConsent).toBe(expected);
  });

  it("a customer without consent or tags (API 2025-01+ payloads) leaves them unstated, not cleared", () => {
    const payload = fixtureRecord("customers-update");
    setIn(payload, ["email_marketing_consent"], undefined);
    setIn(payload, ["tags"], undefined);
    const mapped = customer(payload);
    expect(mapped.emailMarketingConsent).toBeUndefined();
    expect(mapped.consentUpdatedAt).toBeUndefined();
    expect(mapped.tags).toBeUndefined();
  });

  it("a null consent (no email) is UNKNOWN", () => {
    const payload = fixtureRecord("customers-update");
    setIn(payload, ["email_marketing_consent"], null);
    expect(customer(payload).emailMarketingConsent).toBe("UNKNOWN");
  });

  it("tags are split on commas, trimmed, de-duplicated, and keep their case", () => {
    const payload = fixtureRecord("customers-update");
    setIn(payload, ["tags"], " VIP ,vip,, wholesale , VIP");
    expect(customer(payload).tags).toEqual(["VIP", "vip", "wholesale"]);
  });
});

describe("products", () => {
  it("an untracked variant is available even at zero", () => {
    const payload = fixtureRecord("products-update");
    setIn(payload, ["variants", 0, "inventory_quantity"], 0);
    expect(product(payload, "EUR").variants[0]?.available).toBe(false);
    setIn(payload, ["variants", 0, "inventory_management"], null);
    expect(product(payload, "EUR").variants[0]?.available).toBe(true);
  });

  it("picks the first image by position when there is no featured image", () => {
    const payload = fixtureRecord("products-create");
    setIn(payload, ["image"], null);
    expect(product(payload, "EUR").imageUrl).toBe(
      "https://cdn.shopify.com/s/files/1/0000/0001/products/sweater-front.jpg?v=1709280000",
    );
  });
});

describe("privacy subjects", () => {
  it("keep an address our validator rejects, so the request still reaches the data", () => {
    const payload = fixtureRecord("customers-redact");
    setIn(payload, ["customer", "email"], " Odd..Address@Example.COM ");
    const event = map("customers/redact", payload);
    expect(event).toMatchObject({ subject: { email: "odd..address@example.com" } });
  });

  it("work without a customer id or orders", () => {
    const event = map("customers/data_request", {
      shop_id: 954889123456789,
      shop_domain: "alpine-outfitters.myshopify.com",
      customer: { email: "someone@example.com" },
    });
    expect(event).toStrictEqual({
      type: "privacy.customer_data_requested",
      subject: { customerPlatformId: null, email: "someone@example.com", phone: null, orderPlatformIds: [] },
      requestRef: null,
      requestedAt: TRIGGERED_AT,
    });
  });
});

describe("bulk operations", () => {
  it("a failed operation carries its error code in enum casing", () => {
    const payload = fixtureRecord("bulk_operations-finish");
    setIn(payload, ["status"], "failed");
    setIn(payload, ["error_code"], "access_denied");
    expect(map("bulk_operations/finish", payload)).toMatchObject({ status: "FAILED", errorCode: "ACCESS_DENIED" });
  });
});
