import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_SHOP } from "~/demo/demo-shop";
import { demoStorefront } from "~/demo/storefront/router.server";
import type { Runtime } from "~/runtime.server";
import { startTestRuntime } from "../helpers/test-runtime";

// The demo storefront's Ajax Cart API over HTTP, as the cross-sell block calls it: cart/add.js
// adds items with their properties (the same variant with other properties on its own line),
// refuses an unknown or sold-out variant with Shopify's 422 and adds nothing then; cart.js and the
// cart page show the lines.

let runtime: Runtime;
let server: Server;
let base: string;

beforeAll(async () => {
  runtime = await startTestRuntime({ env: { CRM_DEMO: "1" } });
  const { domain, name, currency } = DEMO_SHOP;
  const shopId = (await runtime.db.shop.create({ data: { platform: "SHOPIFY", domain, name, currency, isDemo: true } })).id;
  for (const [platformId, title, available] of [["201", "Espresso", true], ["202", "Filter", false]] as const) {
    const product = await runtime.db.product.create({ data: { shopId, platformId, title, handle: title.toLowerCase(), status: "active" } });
    await runtime.db.productVariant.create({
      data: { shopId, productId: product.id, platformId: `${platformId}1`, title: "Default Title", priceMinor: 1290n, currency: "EUR", available },
    });
  }
  const app = express().use(demoStorefront(runtime));
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await runtime.close();
});

/** A shopper's browser: keeps the cart cookie the storefront sets. */
function shopper() {
  let cookie = "";
  return async (path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const set = response.headers.get("set-cookie");
    if (set) cookie = set.split(";")[0]!;
    return { status: response.status, text: await response.text() };
  };
}

describe("the demo storefront's Ajax Cart API", () => {
  test("adds items with their properties, keeps lines apart by them, and shows them in cart.js and on the cart page", async () => {
    const browser = shopper();
    const added = await browser("/demo-store/cart/add.js", { items: [{ id: "2011", quantity: 1, properties: { _crm_rec: "202", Gravur: "Anna" } }] });
    expect(added.status).toBe(200);
    expect(JSON.parse(added.text)).toMatchObject({ items: [{ id: 2011, product_id: 201, quantity: 1, price: 1290, properties: { _crm_rec: "202", Gravur: "Anna" } }] });
    await browser("/demo-store/cart/add.js", { items: [{ id: 2011, quantity: 2 }] });
    await browser("/demo-store/cart/add.js", { items: [{ id: "2011", properties: { _crm_rec: "202", Gravur: "Anna" } }] });
    const cart = JSON.parse((await browser("/demo-store/cart.js")).text) as { item_count: number; total_price: number; items: Array<{ quantity: number; properties: object }> };
    expect(cart.item_count).toBe(4);
    expect(cart.total_price).toBe(4 * 1290);
    expect(cart.items.map((item) => [item.quantity, item.properties])).toEqual([
      [2, { _crm_rec: "202", Gravur: "Anna" }],
      [2, {}],
    ]);
    const page = (await browser("/demo-store/cart")).text;
    expect(page.match(/<tr>/g)?.length).toBe(3);
    expect(page).toContain("Gravur: Anna");
    expect(page).not.toContain("_crm_rec:");
    expect(page).toContain('data-mode="cart"');
  });

  test("an unknown or sold-out variant is Shopify's 422, and nothing of the request is added; a bad body a 400", async () => {
    const browser = shopper();
    const unknown = await browser("/demo-store/cart/add.js", { items: [{ id: "2011" }, { id: "999" }] });
    expect([unknown.status, JSON.parse(unknown.text)]).toEqual([422, { status: 422, message: "Cart Error", description: "Cannot find variant" }]);
    const soldOut = await browser("/demo-store/cart/add.js", { items: [{ id: "2021" }] });
    expect([soldOut.status, JSON.parse(soldOut.text)]).toEqual([422, { status: 422, message: "Cart Error", description: "The product 'Filter' is already sold out." }]);
    expect(JSON.parse((await browser("/demo-store/cart.js")).text)).toMatchObject({ item_count: 0, items: [] });
    const bad = await browser("/demo-store/cart/add.js", { items: [{ id: "abc" }] });
    expect([bad.status, JSON.parse(bad.text).status]).toEqual([400, 400]);
  });
});
