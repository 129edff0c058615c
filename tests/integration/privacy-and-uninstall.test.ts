import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { jobHandlers } from "~/jobs/handlers.server";
import { JobQueue } from "~/jobs/queue.server";
import type { Runtime } from "~/runtime.server";
import { shopifyFixture } from "../helpers/fixtures";
import { findTextInStore } from "../helpers/personal-data";
import { shopifyWebhookRequest, webhookEndpoint } from "../helpers/shopify-webhooks";
import { startTestRuntime } from "../helpers/test-runtime";

const appScopesUpdate = webhookEndpoint("app/scopes_update");
const appUninstalled = webhookEndpoint("app/uninstalled");
const customersCreate = webhookEndpoint("customers/create");
const customersDataRequest = webhookEndpoint("customers/data_request");
const customersRedact = webhookEndpoint("customers/redact");
const ordersCreate = webhookEndpoint("orders/create");
const ordersPaid = webhookEndpoint("orders/paid");
const ordersUpdated = webhookEndpoint("orders/updated");
const shopRedact = webhookEndpoint("shop/redact");

const SHOP = "alpine-outfitters.myshopify.com";
const OTHER_SHOP = "other-shop.myshopify.com";
type Action = ReturnType<typeof webhookEndpoint>;

let runtime: Runtime;
let queue: JobQueue;

beforeAll(async () => {
  runtime = await startTestRuntime();
  queue = new JobQueue(runtime.db, { handlers: jobHandlers, concurrency: 1, retryBaseMs: 0 });
});
afterAll(async () => {
  await runtime.close();
});

async function deliver(action: Action, topic: string, shop = SHOP) {
  const request = shopifyWebhookRequest({ topic, shop, body: shopifyFixture(topic) });
  const response = await action({ request });
  expect(response.status).toBe(200);
}

/** Ana (orders/create), Bo (orders/updated, two refunds), Dana (customers/create), a guest (orders/paid). */
async function loadShop(shop = SHOP) {
  await deliver(ordersCreate, "orders/create", shop);
  await deliver(ordersUpdated, "orders/updated", shop);
  await deliver(customersCreate, "customers/create", shop);
  await deliver(ordersPaid, "orders/paid", shop);
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
    await deliver(customersDataRequest, "customers/data_request");
    await queue.drain();
    const request = await runtime.db.privacyRequest.findFirstOrThrow({ where: { kind: "CUSTOMER_DATA_REQUEST" } });
    expect(request).toMatchObject({ customerPlatformId: "207119551123456783", requestRef: "9876543219" });
    expect(request.completedAt).not.toBeNull();
    const exported = JSON.stringify(request.export);
    expect(exported).toContain("ana.example@example.com");
    expect(exported).toContain("450789469123456781");
    // The requested order of another customer is part of the request and so of the export.
    expect(exported).toContain("450789469123456793");
    expect(exported).not.toContain("dana.example");
  });

  test("customers/redact leaves no personal data of the customer anywhere, and keeps the figures", async () => {
    expect((await findTextInStore(runtime.db, BO)).length).toBeGreaterThan(0);
    const before = await runtime.db.order.findFirstOrThrow({ where: { platformId: "450789469123456793" } });

    await deliver(customersRedact, "customers/redact");
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
    await deliver(customersDataRequest, "customers/data_request");
    await queue.drain();
    await deliver(customersRedact, "customers/redact");
    await queue.drain();
    expect(await findTextInStore(runtime.db, BO)).toEqual([]);
  });

  test("shop/redact removes every row of the shop and nothing of another shop", async () => {
    await loadShop(OTHER_SHOP);
    await runtime.db.session.create({ data: { id: "offline_" + SHOP, shop: SHOP, state: "s", accessToken: runtime.secretBox.seal("shpat_test") } });
    const redactedShopId = (await runtime.db.shop.findFirstOrThrow({ where: { domain: SHOP } })).id;

    await deliver(shopRedact, "shop/redact");
    await queue.drain();

    expect(await runtime.db.shop.count({ where: { domain: SHOP } })).toBe(0);
    expect(await runtime.db.session.count({ where: { shop: SHOP } })).toBe(0);
    expect(await runtime.db.webhookDelivery.count({ where: { shopDomain: SHOP } })).toBe(0);
    // No row anywhere still points at the shop.
    expect(await findTextInStore(runtime.db, [redactedShopId])).toEqual([]);
    const otherShop = await runtime.db.shop.findFirstOrThrow({ where: { domain: OTHER_SHOP } });
    expect(await runtime.db.customer.count({ where: { shopId: otherShop.id } })).toBe(4);
    const remaining = await runtime.db.privacyRequest.findMany({ where: { shopDomain: SHOP } });
    expect(remaining.map((request) => request.kind)).toEqual(["SHOP_REDACT"]);
  });
});

describe("app lifecycle webhooks", () => {
  test("app/uninstalled marks the shop, drops its credentials and sessions, keeps its CRM data", async () => {
    await runtime.db.shop.update({ where: { platform_domain: { platform: "SHOPIFY", domain: SHOP } }, data: { accessTokenEncrypted: "v1:sealed" } });
    await runtime.db.session.create({ data: { id: "offline_" + SHOP, shop: SHOP, state: "s", accessToken: runtime.secretBox.seal("shpat_test") } });

    await deliver(appUninstalled, "app/uninstalled");
    await queue.drain();

    const shop = await runtime.db.shop.findFirstOrThrow({ where: { domain: SHOP } });
    expect(shop).toMatchObject({ status: "UNINSTALLED", accessTokenEncrypted: null });
    expect(shop.uninstalledAt).not.toBeNull();
    expect(await runtime.db.session.count({ where: { shop: SHOP } })).toBe(0);
    expect(await runtime.db.customer.count({ where: { shopId: shop.id } })).toBe(4);
  });

  test("app/scopes_update records the granted scopes on the shop and its sessions", async () => {
    await runtime.db.session.create({ data: { id: "offline_" + SHOP, shop: SHOP, state: "s", accessToken: runtime.secretBox.seal("shpat_test"), scope: "read_products" } });
    await deliver(appScopesUpdate, "app/scopes_update");
    await queue.drain();
    const expected = "read_products,read_orders,read_customers,write_discounts";
    expect((await runtime.db.shop.findFirstOrThrow({ where: { domain: SHOP } })).scopes).toBe(expected);
    expect((await runtime.db.session.findFirstOrThrow()).scope).toBe(expected);
  });
});
