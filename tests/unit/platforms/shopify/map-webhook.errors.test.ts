import { describe, expect, it, vi } from "vitest";

import {
  mapShopifyWebhook,
  PayloadError,
  toShopifyWebhookTopic,
  UnsupportedTopicError,
} from "~/platforms/shopify/map-webhook";

import { fixtureRecord, fixtureText, loadFixture, setIn } from "./load-fixture";

const TRIGGERED_AT = new Date("2024-10-01T12:34:56.789Z");

function map(topic: string, payload: unknown, triggeredAt: Date | null = TRIGGERED_AT) {
  return mapShopifyWebhook({ topic, payload, shopCurrency: "EUR", triggeredAt });
}

function payloadError(topic: string, payload: unknown, triggeredAt: Date | null = TRIGGERED_AT): PayloadError {
  try {
    map(topic, payload, triggeredAt);
  } catch (error) {
    if (error instanceof PayloadError) return error;
    throw error;
  }
  throw new Error("expected a PayloadError");
}

function issuePaths(error: PayloadError): string[] {
  return error.issues.map((issue) => issue.path);
}

describe("topics", () => {
  it.each(["orders/delete", "orders/edited", "checkouts/create", "", "orders", "ORDERS/CREATE", "orders_create"])(
    "%j is unsupported",
    (topic) => {
      expect(() => map(topic, {})).toThrow(UnsupportedTopicError);
      expect(() => map(topic, {})).toThrow(JSON.stringify(topic));
    },
  );

  it("accepts the GraphQL enum form that authenticate.webhook reports", () => {
    expect(toShopifyWebhookTopic("ORDERS_CREATE")).toBe("orders/create");
    expect(toShopifyWebhookTopic("BULK_OPERATIONS_FINISH")).toBe("bulk_operations/finish");
    expect(toShopifyWebhookTopic("CUSTOMERS_DATA_REQUEST")).toBe("customers/data_request");
    expect(toShopifyWebhookTopic("APP_SCOPES_UPDATE")).toBe("app/scopes_update");
    expect(map("ORDERS_CREATE", loadFixture("orders-create"))).toStrictEqual(
      map("orders/create", loadFixture("orders-create")),
    );
  });

  it("checks the unsupported topic before looking at the payload", () => {
    expect(() => map("orders/delete", "not even an object")).toThrow(UnsupportedTopicError);
  });
});

describe("payload errors name the topic and the field", () => {
  it.each([null, [], "text", 42, undefined])("rejects a non-object payload %j", (payload) => {
    const error = payloadError("orders/create", payload);
    expect(error.topic).toBe("orders/create");
    expect(issuePaths(error)).toEqual([""]);
    expect(error.message).toMatch(/^Invalid Shopify orders\/create payload: \(root\): /);
  });

  it("a missing order id", () => {
    const order = fixtureRecord("orders-create");
    setIn(order, ["id"], undefined);
    const error = payloadError("orders/create", order);
    expect(issuePaths(error)).toEqual(["id"]);
    expect(error.message).toContain("orders/create");
    expect(error.message).toContain("id: expected a numeric Shopify id");
  });

  it("ids rounded by JSON.parse are refused, with the reason", () => {
    const error = payloadError("orders/create", JSON.parse(fixtureText("orders-create")));
    expect(issuePaths(error)).toContain("id");
    expect(issuePaths(error)).toContain("customer.id");
    expect(issuePaths(error)).toContain("line_items[0].product_id");
    expect(error.message).toMatch(/parseShopifyJson/);
  });

  it.each([
    ["0", "a zero id"],
    ["-5", "a negative id"],
    ["12a", "a non-numeric id"],
    ["9223372036854775808", "an id beyond 64 bits"],
  ])("rejects %j (%s)", (id, _why) => {
    const order = fixtureRecord("orders-create");
    setIn(order, ["line_items", 1, "id"], id);
    expect(issuePaths(payloadError("orders/create", order))).toEqual(["line_items[1].id"]);
  });

  it("accepts a safe numeric id and a decimal-string id alike", () => {
    const order = fixtureRecord("orders-paid");
    setIn(order, ["id"], 5940139491234);
    setIn(order, ["line_items", 0, "id"], "466157049123456811");
    const event = map("orders/paid", order);
    if (event.type !== "order.upserted") throw new Error("unreachable");
    expect(event.order.platformId).toBe("5940139491234");
    expect(event.order.lineItems[0]?.platformId).toBe("466157049123456811");
  });

  it("a malformed money amount in a set", () => {
    const order = fixtureRecord("orders-create");
    setIn(order, ["line_items", 0, "price_set", "shop_money", "amount"], "89,90");
    const error = payloadError("orders/create", order);
    expect(issuePaths(error)).toEqual(["line_items[0].price_set.shop_money.amount"]);
    expect(error.message).toMatch(/decimal amount/);
  });

  it("money as a binary float is refused", () => {
    const order = fixtureRecord("orders-paid");
    setIn(order, ["total_price"], 53.9);
    expect(issuePaths(payloadError("orders/paid", order))).toEqual(["total_price"]);
  });

  it("an amount more precise than the currency", () => {
    const order = fixtureRecord("orders-create");
    setIn(order, ["line_items", 0, "price_set", "shop_money", "amount"], "89.905");
    const error = payloadError("orders/create", order);
    expect(issuePaths(error)).toEqual(["line_items[0].price_set.shop_money.amount"]);
    expect(error.message).toMatch(/more than 2 fractional digit\(s\)/);
  });

  it("a shop_money currency that disagrees with the order currency", () => {
    const order = fixtureRecord("orders-create");
    setIn(order, ["line_items", 0, "tax_lines", 0, "price_set", "shop_money", "currency_code"], "USD");
    const error = payloadError("orders/create", order);
    expect(issuePaths(error)).toEqual(["line_items[0].tax_lines[0].price_set.shop_money.currency_code"]);
    expect(error.message).toMatch(/USD.*EUR/);
  });

  it("an order whose total_price_set contradicts its currency field", () => {
    const order = fixtureRecord("orders-create");
    setIn(order, ["currency"], "USD");
    expect(issuePaths(payloadError("orders/create", order))).toEqual([
      "total_price_set.shop_money.currency_code",
    ]);
  });

  it("a presentment set that contradicts presentment_currency", () => {
    const order = fixtureRecord("orders-create");
    setIn(order, ["presentment_currency"], "GBP");
    expect(issuePaths(payloadError("orders/create", order))).toEqual([
      "total_price_set.presentment_money.currency_code",
    ]);
  });

  it("a malformed currency code", () => {
    const order = fixtureRecord("orders-create");
    setIn(order, ["total_tax_set", "presentment_money", "currency_code"], "chf");
    expect(issuePaths(payloadError("orders/create", order))).toEqual([
      "total_tax_set.presentment_money.currency_code",
    ]);
  });

  it.each([
    ["2024-05-14T10:15:03", "no UTC offset"],
    ["2024-05-14 10:15:03+02:00", "a space instead of T"],
    ["2024-02-30T10:00:00Z", "a day that does not exist"],
    ["2024-05-14T25:00:00Z", "an hour that does not exist"],
    ["yesterday", "prose"],
    [1715674503, "a Unix timestamp"],
  ])("created_at %j (%s)", (value: string | number, _why: string) => {
    const order = fixtureRecord("orders-create");
    setIn(order, ["created_at"], value);
    const error = payloadError("orders/create", order);
    expect(issuePaths(error)).toEqual(["created_at"]);
    expect(error.message).toMatch(/ISO 8601/);
  });

  it("accepts fractional seconds and Z", () => {
    const order = fixtureRecord("orders-create");
    setIn(order, ["updated_at"], "2024-05-14T08:15:05.123Z");
    const event = map("orders/create", order);
    if (event.type !== "order.upserted") throw new Error("unreachable");
    expect(event.order.updatedAt).toStrictEqual(new Date("2024-05-14T08:15:05.123Z"));
  });

  it("reports every bad field at once", () => {
    const order = fixtureRecord("orders-create");
    setIn(order, ["id"], "abc");
    setIn(order, ["line_items", 0, "quantity"], -1);
    setIn(order, ["line_items", 1, "title"], undefined);
    setIn(order, ["refunds"], "none");
    expect(issuePaths(payloadError("orders/create", order)).sort()).toEqual(
      ["id", "line_items[0].quantity", "line_items[1].title", "refunds"].sort(),
    );
  });

  it("line_items must be present on an order", () => {
    const order = fixtureRecord("orders-paid");
    setIn(order, ["line_items"], undefined);
    expect(issuePaths(payloadError("orders/paid", order))).toEqual(["line_items"]);
  });

  it("a total that is neither in a set nor a plain field", () => {
    const order = fixtureRecord("orders-paid");
    setIn(order, ["total_price"], undefined);
    setIn(order, ["total_price_set"], undefined);
    const error = payloadError("orders/paid", order);
    expect(issuePaths(error)).toEqual(["total_price_set"]);
    expect(error.message).toMatch(/required/);
  });

  it("refunds/create must name its order", () => {
    const refund = fixtureRecord("refunds-create");
    setIn(refund, ["order_id"], undefined);
    expect(issuePaths(payloadError("refunds/create", refund))).toEqual(["order_id"]);
  });

  it("an embedded refund pointing at another order", () => {
    const order = fixtureRecord("orders-updated");
    setIn(order, ["refunds", 1, "order_id"], "450789469123456781");
    expect(issuePaths(payloadError("orders/updated", order))).toEqual(["refunds[1].order_id"]);
  });

  it("a refund transaction amount that is not a decimal", () => {
    const order = fixtureRecord("orders-updated");
    setIn(order, ["refunds", 0, "transactions", 0, "amount"], "fifteen");
    expect(issuePaths(payloadError("orders/updated", order))).toEqual(["refunds[0].transactions[0].amount"]);
  });

  it("a refund without any time", () => {
    const order = fixtureRecord("orders-updated");
    setIn(order, ["refunds", 0, "processed_at"], null);
    setIn(order, ["refunds", 0, "created_at"], null);
    expect(issuePaths(payloadError("orders/updated", order))).toEqual(["refunds[0].processed_at"]);
  });

  it("customers: a missing created_at and a consent without state", () => {
    const customer = fixtureRecord("customers-create");
    setIn(customer, ["created_at"], undefined);
    setIn(customer, ["email_marketing_consent", "state"], undefined);
    expect(issuePaths(payloadError("customers/create", customer)).sort()).toEqual([
      "created_at",
      "email_marketing_consent.state",
    ]);
  });

  it("products: a variant price that is not a decimal", () => {
    const product = fixtureRecord("products-create");
    setIn(product, ["variants", 2, "price"], "94.90 EUR");
    expect(issuePaths(payloadError("products/create", product))).toEqual(["variants[2].price"]);
  });

  it("products: a variant price too precise for the shop currency", () => {
    const product = fixtureRecord("products-create");
    setIn(product, ["variants", 0, "price"], "89.999");
    expect(issuePaths(payloadError("products/create", product))).toEqual(["variants[0].price"]);
  });

  it("bulk_operations/finish needs a BulkOperation gid", () => {
    const operation = fixtureRecord("bulk_operations-finish");
    setIn(operation, ["admin_graphql_api_id"], "gid://shopify/Order/1");
    expect(issuePaths(payloadError("bulk_operations/finish", operation))).toEqual(["admin_graphql_api_id"]);
  });

  it("compliance payloads need the shop", () => {
    expect(issuePaths(payloadError("shop/redact", { shop_domain: "x.myshopify.com" }))).toEqual(["shop_id"]);
    const request = fixtureRecord("customers-data_request");
    setIn(request, ["orders_requested", 1], "not-an-id");
    expect(issuePaths(payloadError("customers/data_request", request))).toEqual(["orders_requested[1]"]);
  });
});

describe("deterministic times", () => {
  it.each([
    ["customers/delete", "customers-delete"],
    ["products/delete", "products-delete"],
    ["app/uninstalled", "app-uninstalled"],
  ])("%s without triggeredAt is a PayloadError, never 'now'", (topic, fixture) => {
    const error = payloadError(topic, loadFixture(fixture), null);
    expect(error.message).toMatch(/triggeredAt/);
  });

  it("app/scopes_update and bulk_operations/finish fall back to triggeredAt, then fail", () => {
    const update = fixtureRecord("app-scopes_update");
    setIn(update, ["updated_at"], undefined);
    expect(map("app/scopes_update", update)).toMatchObject({ occurredAt: TRIGGERED_AT });
    expect(payloadError("app/scopes_update", update, null).topic).toBe("app/scopes_update");

    const operation = fixtureRecord("bulk_operations-finish");
    setIn(operation, ["completed_at"], null);
    expect(map("bulk_operations/finish", operation)).toMatchObject({ occurredAt: TRIGGERED_AT });
    expect(() => map("bulk_operations/finish", operation, null)).toThrow(PayloadError);
  });

  it("products without updated_at use triggeredAt, then fail", () => {
    const product = fixtureRecord("products-update");
    setIn(product, ["updated_at"], null);
    expect(map("products/update", product)).toMatchObject({ product: { updatedAt: TRIGGERED_AT } });
    expect(issuePaths(payloadError("products/update", product, null))).toEqual(["updated_at"]);
  });

  it("gives the same event whatever the wall clock says", () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
      const first = map("customers/delete", loadFixture("customers-delete"));
      vi.setSystemTime(new Date("2031-06-01T00:00:00Z"));
      const second = map("customers/delete", loadFixture("customers-delete"));
      expect(first).toStrictEqual(second);
      expect(first).toMatchObject({ occurredAt: TRIGGERED_AT });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("caller mistakes are not payload errors", () => {
  it("an invalid shop currency", () => {
    expect(() =>
      mapShopifyWebhook({ topic: "orders/create", payload: loadFixture("orders-create"), shopCurrency: "eur", triggeredAt: null }),
    ).toThrow(TypeError);
  });

  it("an invalid triggeredAt", () => {
    expect(() =>
      mapShopifyWebhook({ topic: "products/delete", payload: { id: 1 }, shopCurrency: "EUR", triggeredAt: new Date("nope") }),
    ).toThrow(TypeError);
  });
});
