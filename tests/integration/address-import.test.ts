import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { requestFullImport } from "~/platforms/shopify/bulk/import-requests.server";
import type { Runtime } from "~/runtime.server";
import { IMPORT_SCOPES, setUpFakeShopifyShop, shopifyImportQueue } from "../fakes/fake-shopify-shop";
import { customerGid, customerNode, orderNode } from "../fakes/shopify-dataset";
import { startTestRuntime } from "../helpers/test-runtime";

// Addresses through the full-history import (Bulk Operations against the fake Admin API, whose
// nodes carry defaultAddress, shippingAddress and billingAddress as Shopify documents them).

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});
const shopify = setUpFakeShopifyShop(() => runtime, {
  scopes: IMPORT_SCOPES,
  fresh: "all",
  dataset: () => ({
    customers: [
      customerNode(1, {
        defaultAddress: { address1: " Seestrasse 12 ", address2: "", city: " Zürich ", zip: "8001", provinceCode: "ZH", countryCodeV2: "CH" },
      }),
      customerNode(2, { defaultAddress: null }),
    ],
    products: [],
    orders: [orderNode({ n: 1, customer: 1 }), orderNode({ n: 2, customer: null, email: "gast@example.net" })],
  }),
});
beforeAll(async () => {
  await requestFullImport(runtime.db, shopify.shop().id);
  await shopifyImportQueue(runtime).drain();
}, 120_000);

const platformIdOf = (gid: string) => gid.split("/").pop()!;

describe("addresses in the full-history import", () => {
  test("a customer's default address, cleaned; none when Shopify has none", async () => {
    const [withAddress, without] = await Promise.all(
      [1, 2].map((n) => runtime.db.customer.findFirstOrThrow({ where: { platformId: platformIdOf(customerGid(n)) } })),
    );
    expect(withAddress).toMatchObject({
      addressLine1: "Seestrasse 12",
      addressLine2: null,
      addressCity: "Zürich",
      addressZip: "8001",
      addressProvinceCode: "ZH",
      addressCountryCode: "CH",
    });
    expect(without).toMatchObject({
      addressLine1: null,
      addressLine2: null,
      addressCity: null,
      addressZip: null,
      addressProvinceCode: null,
      addressCountryCode: null,
    });
  });

  test("orders keep their shipping address with its street and their billing place; a guest gets its order's billing place", async () => {
    const orders = await runtime.db.order.findMany({ include: { customer: true }, orderBy: { platformId: "asc" } });
    expect(orders.map((order) => [order.shippingCity, order.shippingCountryCode, order.billingCity, order.billingCountryCode])).toEqual([
      ["Graz", "AT", "Wien", "AT"],
      ["Graz", "AT", "Wien", "AT"],
    ]);
    expect(orders.map((order) => [order.shippingAddress1, order.shippingAddress2, order.shippingZip])).toEqual([
      ["Herrengasse 5", "Top 3", "8010"],
      ["Herrengasse 5", "Top 3", "8010"],
    ]);
    // The billing address is where the guest's place comes from; its street is not kept.
    expect(orders[1]!.customer).toMatchObject({ isGuest: true, addressCity: "Wien", addressCountryCode: "AT", addressLine1: null });
  });
});
