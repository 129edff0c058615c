import { describe, expect, it } from "vitest";
import { addedJson, cartAddSchema, cartJson, type AjaxLine } from "~/demo/storefront/cart-ajax";
import { storefrontOrderPayload } from "~/demo/storefront/order-payload";
import { addToCart, lineKey, removeFromCart } from "~/demo/storefront/session";
import { priceCheckout } from "~/demo/storefront/checkout-pricing";

// The demo storefront's part of Shopify's Ajax Cart API and line item properties: what cart/add.js
// accepts, lines kept apart by their properties, the answers' shape, and the properties in the
// order webhook as Shopify sends them.

describe("cart/add.js's request", () => {
  it("takes items with ids as numbers or strings, quantity 1 by default, properties; or one item's fields", () => {
    expect(cartAddSchema.parse({ items: [{ id: 36110175633573, properties: { _crm_rec: "7001" } }, { id: "12", quantity: 2 }] })).toEqual({
      items: [
        { id: "36110175633573", quantity: 1, properties: { _crm_rec: "7001" } },
        { id: "12", quantity: 2 },
      ],
      single: false,
    });
    expect(cartAddSchema.parse({ id: "12" })).toEqual({ items: [{ id: "12", quantity: 1 }], single: true });
  });

  it("refuses what Shopify refuses: no items, a bad id or quantity, odd properties", () => {
    for (const body of [{}, { items: [] }, { items: [{ id: "x" }] }, { items: [{ id: "1", quantity: 0 }] }, { items: [{ id: "1", quantity: 21 }] }, { items: [{ id: "1", properties: { a: 1 } }] }]) {
      expect(cartAddSchema.safeParse(body).success).toBe(false);
    }
  });
});

describe("cart lines and their properties", () => {
  it("the same variant with other properties is another line; the same properties add up", () => {
    let cart = addToCart({ lines: [], code: null }, "11", 1);
    cart = addToCart(cart, "11", 1, { _crm_rec: "7001" });
    cart = addToCart(cart, "11", 2, { _crm_rec: "7001" });
    cart = addToCart(cart, "11", 1, { _crm_rec: "7002" });
    expect(cart.lines).toEqual([
      { variantId: "11", quantity: 1 },
      { variantId: "11", quantity: 3, properties: { _crm_rec: "7001" } },
      { variantId: "11", quantity: 1, properties: { _crm_rec: "7002" } },
    ]);
    expect(lineKey(cart.lines[0]!)).toBe("11");
    expect(lineKey(cart.lines[1]!)).toMatch(/^11:[0-9a-f]{32}$/);
    expect(removeFromCart(cart, lineKey(cart.lines[1]!)).lines.map((line) => line.properties?._crm_rec ?? null)).toEqual([null, "7002"]);
  });

  it("answers as Shopify: ids as bare numbers, prices in cents, the line's properties", () => {
    const line: AjaxLine = { variantId: "811733923860000004", quantity: 2, properties: { _crm_rec: "7001" }, productId: "7002", title: "Tee", variantTitle: null, handle: "tee", unitMinor: 450 };
    expect(addedJson([line], false)).toContain('"id":811733923860000004');
    expect(JSON.parse(addedJson([line], false))).toMatchObject({ items: [{ quantity: 2, price: 450, line_price: 900, properties: { _crm_rec: "7001" }, handle: "tee" }] });
    expect(JSON.parse(addedJson([line], true))).toMatchObject({ quantity: 2, key: expect.stringMatching(/^811733923860000004:/) });
    expect(JSON.parse(cartJson([line], "EUR"))).toMatchObject({ item_count: 2, total_price: 900, currency: "EUR" });
  });
});

describe("the order webhook", () => {
  it("lists every line's properties as name and value, none as an empty list", () => {
    const lines = [
      { variantId: "11", quantity: 1, unitMinor: 450, lineId: "1", productId: "7001", title: "Tee", variantTitle: null, sku: null, vendor: null },
      { variantId: "12", quantity: 1, unitMinor: 990, lineId: "2", productId: "7002", title: "Kanne", variantTitle: null, sku: null, vendor: null, properties: { _crm_rec: "7001" } },
    ];
    const priced = priceCheckout(lines, null);
    if (!priced.ok) throw new Error("priced");
    const body = storefrontOrderPayload({ orderId: "100", number: 1001, shippingLineId: "3", createdAt: Date.parse("2024-06-01T10:00:00Z"), currency: "EUR", locale: "de", customer: null, lines, priced: priced.checkout });
    const payload = JSON.parse(body) as { line_items: Array<{ properties: unknown }> };
    expect(payload.line_items.map((line) => line.properties)).toEqual([[], [{ name: "_crm_rec", value: "7001" }]]);
  });
});
