import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { JobQueue } from "~/jobs/queue.server";
import type { Runtime } from "~/runtime.server";
import { findTextInStore } from "../helpers/personal-data";
import { deliverWebhook, TEST_SHOP } from "../helpers/shopify-webhooks";
import { startTestRuntime } from "../helpers/test-runtime";

const OTHER_SHOP = "other-shop.myshopify.com";

let runtime: Runtime;
let queue: JobQueue;

beforeAll(async () => {
  runtime = await startTestRuntime();
  queue = new JobQueue(runtime.db, { concurrency: 1, retryBaseMs: 0 }).register(runtime.jobHandlers);
});
afterAll(async () => {
  await runtime.close();
});

/** Ana (orders/create), Bo (orders/updated, two refunds), Dana (customers/create), a guest (orders/paid). */
async function loadShop(shop = TEST_SHOP) {
  await deliverWebhook("orders/create", { shop });
  await deliverWebhook("orders/updated", { shop });
  await deliverWebhook("customers/create", { shop });
  await deliverWebhook("orders/paid", { shop });
  await queue.drain();
}

beforeEach(async () => {
  await runtime.db.shop.deleteMany();
  await runtime.db.webhookDelivery.deleteMany();
  await runtime.db.privacyRequest.deleteMany();
  await runtime.db.session.deleteMany();
  await runtime.db.job.deleteMany();
  await loadShop();
});

const BO = ["bo@example.org", "Berg", "Hauptstrasse", "207119551123456797"];

describe("GDPR compliance webhooks", () => {
  test("customers/data_request records an export of everything stored about the customer", async () => {
    await deliverWebhook("customers/data_request");
    await queue.drain();
    const request = await runtime.db.privacyRequest.findFirstOrThrow({ where: { kind: "CUSTOMER_DATA_REQUEST" } });
    expect(request).toMatchObject({ customerPlatformId: "207119551123456783", requestRef: "9876543219" });
    expect(request.completedAt).not.toBeNull();
    const exported = JSON.stringify(request.export);
    expect(exported).toContain("ana.example@example.com");
    expect(exported).toContain("450789469123456781");
    // The street of the order's shipping address, kept for the referral check, is the person's data too.
    expect(exported).toContain("Bahnhofstrasse 1");
    // The requested order of another customer is part of the request and so of the export.
    expect(exported).toContain("450789469123456793");
    expect(exported).not.toContain("dana.example");
  });

  test("customers/redact leaves no personal data of the customer anywhere, and keeps the figures", async () => {
    expect((await findTextInStore(runtime.db, BO)).length).toBeGreaterThan(0);
    const before = await runtime.db.order.findFirstOrThrow({ where: { platformId: "450789469123456793" } });

    await deliverWebhook("customers/redact");
    await queue.drain();

    expect(await findTextInStore(runtime.db, BO)).toEqual([]);
    const after = await runtime.db.order.findFirstOrThrow({ where: { id: before.id }, include: { customer: true } });
    expect(after.totalMinor).toBe(before.totalMinor);
    expect(after.totalRefundedMinor).toBe(before.totalRefundedMinor);
    expect(after.customer).toMatchObject({ email: null, firstName: null, lastName: null, emailMarketingConsent: "REDACTED", ordersCount: 1 });
    // Nobody else is touched.
    expect(await runtime.db.customer.count({ where: { emailNormalized: "ana.example@example.com" } })).toBe(1);
  });

  test("a redaction also removes the customer from earlier data exports", async () => {
    await deliverWebhook("customers/data_request");
    await queue.drain();
    await deliverWebhook("customers/redact");
    await queue.drain();
    expect(await findTextInStore(runtime.db, BO)).toEqual([]);
  });

  test("shop/redact removes every row of the shop and nothing of another shop", async () => {
    await loadShop(OTHER_SHOP);
    await runtime.db.session.create({ data: { id: "offline_" + TEST_SHOP, shop: TEST_SHOP, state: "s", accessToken: runtime.secretBox.seal("shpat_test") } });
    const redactedShopId = (await runtime.db.shop.findFirstOrThrow({ where: { domain: TEST_SHOP } })).id;

    await deliverWebhook("shop/redact");
    await queue.drain();

    expect(await runtime.db.shop.count({ where: { domain: TEST_SHOP } })).toBe(0);
    expect(await runtime.db.session.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await runtime.db.webhookDelivery.count({ where: { shopDomain: TEST_SHOP } })).toBe(0);
    // No row anywhere still points at the shop.
    expect(await findTextInStore(runtime.db, [redactedShopId])).toEqual([]);
    const otherShop = await runtime.db.shop.findFirstOrThrow({ where: { domain: OTHER_SHOP } });
    expect(await runtime.db.customer.count({ where: { shopId: otherShop.id } })).toBe(4);
    const remaining = await runtime.db.privacyRequest.findMany({ where: { shopDomain: TEST_SHOP } });
    expect(remaining.map((request) => request.kind)).toEqual(["SHOP_REDACT"]);
  });
});

describe("app lifecycle webhooks", () => {
  test("app/uninstalled marks the shop, drops its credentials and sessions, keeps its CRM data", async () => {
    await runtime.db.shop.update({ where: { platform_domain: { platform: "SHOPIFY", domain: TEST_SHOP } }, data: { accessTokenEncrypted: "v1:sealed" } });
    await runtime.db.session.create({ data: { id: "offline_" + TEST_SHOP, shop: TEST_SHOP, state: "s", accessToken: runtime.secretBox.seal("shpat_test") } });

    await deliverWebhook("app/uninstalled");
    await queue.drain();

    const shop = await runtime.db.shop.findFirstOrThrow({ where: { domain: TEST_SHOP } });
    expect(shop).toMatchObject({ status: "UNINSTALLED", accessTokenEncrypted: null });
    expect(shop.uninstalledAt).not.toBeNull();
    expect(await runtime.db.session.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await runtime.db.customer.count({ where: { shopId: shop.id } })).toBe(4);
  });

  test("app/scopes_update records the granted scopes on the shop and its sessions", async () => {
    await runtime.db.session.create({ data: { id: "offline_" + TEST_SHOP, shop: TEST_SHOP, state: "s", accessToken: runtime.secretBox.seal("shpat_test"), scope: "read_products" } });
    await deliverWebhook("app/scopes_update");
    await queue.drain();
    const expected = "read_products,read_orders,read_customers,write_discounts";
    expect((await runtime.db.shop.findFirstOrThrow({ where: { domain: TEST_SHOP } })).scopes).toBe(expected);
    expect((await runtime.db.session.findFirstOrThrow()).scope).toBe(expected);
  });
});
