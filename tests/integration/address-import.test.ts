import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { JobQueue } from "~/jobs/queue.server";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import { requestFullImport } from "~/platforms/shopify/bulk/import-requests.server";
import { createShopifyImportJobs } from "~/platforms/shopify/bulk/jobs.server";
import type { Runtime } from "~/runtime.server";
import { aimAdminApiAtFake, startFakeShopifyAdmin, type FakeShopifyAdmin } from "../fakes/shopify-admin-server";
import { customerGid, customerNode, orderNode } from "../fakes/shopify-dataset";
import { TEST_SHOP } from "../helpers/shopify-webhooks";
import { installShopifyShop } from "../helpers/shopify-install";
import { startTestRuntime } from "../helpers/test-runtime";

// Addresses through the full-history import (Bulk Operations against the fake Admin API, whose
// nodes carry defaultAddress, shippingAddress and billingAddress as Shopify documents them).

const TOKEN = "shpat_test_offline_token";

let runtime: Runtime;
let fake: FakeShopifyAdmin;
let restoreFetch: () => void;

beforeAll(async () => {
  runtime = await startTestRuntime();
  fake = await startFakeShopifyAdmin({
    shop: TEST_SHOP,
    accessToken: TOKEN,
    apiVersion: SHOPIFY_API_VERSION,
    dataset: {
      customers: [
        customerNode(1, { defaultAddress: { city: " Zürich ", zip: "8001", provinceCode: "ZH", countryCodeV2: "CH" } }),
        customerNode(2, { defaultAddress: null }),
      ],
      products: [],
      orders: [orderNode({ n: 1, customer: 1 }), orderNode({ n: 2, customer: null, email: "gast@example.net" })],
    },
  });
  restoreFetch = aimAdminApiAtFake(TEST_SHOP, () => fake.origin);
  const shop = await installShopifyShop(runtime, { shop: TEST_SHOP, accessToken: TOKEN, scopes: "read_customers,read_orders,read_all_orders,read_products" });
  const queue = new JobQueue(runtime.db, { concurrency: 1, retryBaseMs: 0 }).register({
    ...runtime.jobHandlers,
    ...createShopifyImportJobs({ ...runtime.platforms.shopify.importDeps, pollIntervalMs: 0, batchSize: 2 }),
  });
  await requestFullImport(runtime.db, shop.id);
  await queue.drain();
}, 120_000);
afterAll(async () => {
  restoreFetch();
  await fake?.close();
  await runtime.close();
});

const platformIdOf = (gid: string) => gid.split("/").pop()!;

describe("addresses in the full-history import", () => {
  test("a customer's default address, cleaned; none when Shopify has none", async () => {
    const [withAddress, without] = await Promise.all(
      [1, 2].map((n) => runtime.db.customer.findFirstOrThrow({ where: { platformId: platformIdOf(customerGid(n)) } })),
    );
    expect(withAddress).toMatchObject({ addressCity: "Zürich", addressZip: "8001", addressProvinceCode: "ZH", addressCountryCode: "CH" });
    expect(without).toMatchObject({ addressCity: null, addressZip: null, addressProvinceCode: null, addressCountryCode: null });
  });

  test("orders keep their shipping and billing place; a guest gets its order's billing place", async () => {
    const orders = await runtime.db.order.findMany({ include: { customer: true }, orderBy: { platformId: "asc" } });
    expect(orders.map((order) => [order.shippingCity, order.shippingCountryCode, order.billingCity, order.billingCountryCode])).toEqual([
      ["Graz", "AT", "Wien", "AT"],
      ["Graz", "AT", "Wien", "AT"],
    ]);
    expect(orders[1]!.customer).toMatchObject({ isGuest: true, addressCity: "Wien", addressCountryCode: "AT" });
  });
});
