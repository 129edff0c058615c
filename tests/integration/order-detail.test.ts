import { setUpValidSession } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_SCOPES } from "~/config/env.server";
import { JobQueue } from "~/jobs/queue.server";
import { loader } from "~/routes/app.orders.$orderId";
import type { Runtime } from "~/runtime.server";
import { signedAdminRequest, thrownResponse } from "../helpers/admin-requests";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { deliverWebhook, TEST_SHOP } from "../helpers/shopify-webhooks";
import { startTestRuntime, TEST_ENV } from "../helpers/test-runtime";

// The order page's loader as Shopify's admin calls it (a signed session token), over an order that
// came in through the real webhook path: tests/fixtures/shopify/orders-create.json (order #1042 of
// a registered buyer, a WELCOME10 code, two lines) and refunds-create.json (one sweater returned).

const STORE = "alpine-outfitters";
const OTHER_SHOP = "other-store.myshopify.com";
const ORDER_PLATFORM_ID = "450789469123456781";

let runtime: Runtime;
let orderId: string;
let otherShopsOrderId: string;

function load(id: string) {
  return signedAdminRequest(STORE, new Request(`${TEST_ENV.SHOPIFY_APP_URL}/app/orders/${id}`)).then((request) =>
    loader({ request, params: { orderId: id }, context: { runtime } }),
  );
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  const queue = new JobQueue(runtime.db, { concurrency: 1, retryBaseMs: 0 }).register(runtime.jobHandlers);
  await deliverWebhook("orders/create");
  await deliverWebhook("refunds/create");
  // The same order number in another shop: same platform id, a row of its own.
  await deliverWebhook("orders/create", { shop: OTHER_SHOP, body: replaceAll(shopifyFixture("orders/create"), "Alpine Wool Sweater", "Other shop's sweater") });
  await queue.drain();
  const shop = await runtime.db.shop.findFirstOrThrow({ where: { domain: TEST_SHOP } });
  orderId = (await runtime.db.order.findFirstOrThrow({ where: { shopId: shop.id, platformId: ORDER_PLATFORM_ID } })).id;
  otherShopsOrderId = (await runtime.db.order.findFirstOrThrow({ where: { shopId: { not: shop.id } } })).id;
  await runtime.shopify.sessionStorage!.storeSession(
    setUpValidSession({ shop: TEST_SHOP, expires: undefined, scope: DEFAULT_SCOPES.join(","), accessToken: "shpat_test" }),
  );
});
afterAll(async () => {
  await runtime.close();
});

describe("order page loader", () => {
  test("header, customer, addresses and the link into the Shopify admin", async () => {
    const { order, demo, shopifyAdminUrl } = await load(orderId);
    expect(demo).toBe(false);
    expect(shopifyAdminUrl).toBe(`https://admin.shopify.com/store/${STORE}/orders/${ORDER_PLATFORM_ID}`);
    expect(order).toMatchObject({
      id: orderId,
      name: "#1042",
      processedAt: "2024-05-14T08:15:02.000Z",
      financialStatus: "paid",
      fulfillmentStatus: null,
      cancelledAt: null,
      test: false,
      currency: "EUR",
      shippingAddress: { city: "Zürich", countryCode: "CH" },
      billingAddress: { city: "Zürich", countryCode: "CH" },
    });
    const customer = await runtime.db.customer.findFirstOrThrow({ where: { platformId: "207119551123456783" } });
    expect(order.customer).toEqual({ id: customer.id, name: "Ana Example", email: "ana.example@example.com", isGuest: false, redacted: false });
  });

  test("line items with their discounts and totals, and the code with its amount", async () => {
    const { order } = await load(orderId);
    expect(order.lineItems.map(({ id: _id, ...line }) => line)).toEqual([
      { title: "Alpine Wool Sweater", variantTitle: "M / Blue", sku: "SWT-M-BLU", quantity: 2, unitPriceMinor: 8990, totalDiscountMinor: 1798, totalMinor: 16182, recommendedFrom: null },
      { title: "Gift wrapping", variantTitle: null, sku: null, quantity: 1, unitPriceMinor: 450, totalDiscountMinor: 0, totalMinor: 450, recommendedFrom: null },
    ]);
    expect(order.discountCodes).toEqual([{ code: "WELCOME10", kind: "percentage", amountMinor: 1798 }]);
  });

  test("totals, the refund with the item it returned, and the order's timeline", async () => {
    const { order } = await load(orderId);
    expect(order.totals).toEqual({
      subtotalMinor: 16632,
      discountsMinor: 1798,
      shippingMinor: 590,
      taxMinor: 2750,
      totalMinor: 17222,
      // The buyer paid in CHF: 76.95 CHF back is 80.91 EUR at the rate Shopify applied.
      refundedMinor: 8091,
      netMinor: 17222 - 8091,
    });
    expect(order.refunds).toHaveLength(1);
    expect(order.refunds[0]).toMatchObject({ amountMinor: 8091, note: "Returned one sweater" });
    expect(order.refunds[0]!.lines.map(({ id: _id, ...line }) => line)).toEqual([
      { title: "Alpine Wool Sweater", variantTitle: "M / Blue", quantity: 1, subtotalMinor: 8091 },
    ]);
    expect(order.timeline.map((item) => item.kind)).toEqual(["order.placed", "order.refunded"]);
    expect(order.timeline[0]).toMatchObject({ orderName: "#1042", amountMinor: 17222 });
  });

  test("another shop's order, an unknown id and no id at all are not found", async () => {
    for (const id of [otherShopsOrderId, "0193a0c4-0000-7000-8000-000000000000", "not-a-uuid", "1' OR '1'='1"]) {
      const response = await thrownResponse(load(id));
      expect(response.status, id).toBe(404);
    }
  });
});
