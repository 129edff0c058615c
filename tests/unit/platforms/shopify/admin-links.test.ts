import { describe, expect, it } from "vitest";

import { shopifyAdminOrderUrl, storeHandle } from "~/platforms/shopify/admin-links";

describe("storeHandle", () => {
  it.each([
    ["alpine-outfitters.myshopify.com", "alpine-outfitters"],
    ["Alpine-Outfitters.MyShopify.com", "alpine-outfitters"],
    [" shop1.myshopify.com ", "shop1"],
    ["shop.example.com", null],
    ["myshopify.com", null],
    ["evil.com/x.myshopify.com", null],
    ["a.b.myshopify.com", null],
    ["-dash.myshopify.com", null],
    ["", null],
  ])("%j → %j", (domain, handle) => {
    expect(storeHandle(domain)).toBe(handle);
  });
});

describe("shopifyAdminOrderUrl", () => {
  it("names the store by its handle and the order by Shopify's id", () => {
    expect(shopifyAdminOrderUrl("alpine-outfitters.myshopify.com", "450789469123456781")).toBe(
      "https://admin.shopify.com/store/alpine-outfitters/orders/450789469123456781",
    );
  });

  it.each([
    ["a custom domain", "shop.example.com", "450789469123456781"],
    ["a non-numeric id", "alpine-outfitters.myshopify.com", "gid://shopify/Order/1"],
    ["an id with a path in it", "alpine-outfitters.myshopify.com", "1/../../settings"],
    ["an empty id", "alpine-outfitters.myshopify.com", ""],
    ["a zero-padded id", "alpine-outfitters.myshopify.com", "0123"],
  ])("is null for %s", (_case, domain, id) => {
    expect(shopifyAdminOrderUrl(domain, id)).toBeNull();
  });
});
