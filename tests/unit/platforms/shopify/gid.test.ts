import { describe, expect, it } from "vitest";

import { InvalidShopifyIdError, numericIdFromGid, toGid } from "~/platforms/shopify/gid";

describe("numericIdFromGid", () => {
  it.each([
    ["gid://shopify/Order/123", "123"],
    ["gid://shopify/Order/450789469123456781", "450789469123456781"],
    ["gid://shopify/BulkOperation/3456789012345678901", "3456789012345678901"],
    ["gid://shopify/Customer/9223372036854775807", "9223372036854775807"],
    ["gid://shopify/InventoryLevel/12345?inventory_item_id=678", "12345"],
    ["123", "123"],
    ["450789469123456781", "450789469123456781"],
  ])("%s → %s", (gid, id) => {
    expect(numericIdFromGid(gid)).toBe(id);
  });

  it.each([
    "",
    "abc",
    "0",
    "-1",
    "012",
    "12.0",
    " 123",
    "gid://shopify/Order/",
    "gid://shopify/Order/abc",
    "gid://shopify/Order/-5",
    "gid://shopify/order/123",
    "gid://shopify//123",
    "gid://other/Order/123",
    "https://shopify/Order/123",
    "gid://shopify/Order/123/456",
    "gid://shopify/Customer/9223372036854775808",
    "99999999999999999999",
  ])("rejects %j", (value) => {
    expect(() => numericIdFromGid(value)).toThrow(InvalidShopifyIdError);
  });

  it("checks the resource type when one is expected", () => {
    expect(numericIdFromGid("gid://shopify/Order/5", "Order")).toBe("5");
    expect(() => numericIdFromGid("gid://shopify/Customer/5", "Order")).toThrow(/type Order/);
    // A bare number carries no type to contradict.
    expect(numericIdFromGid("5", "Order")).toBe("5");
  });
});

describe("toGid", () => {
  it("builds gids from strings, bigints and safe numbers", () => {
    expect(toGid("Order", "450789469123456781")).toBe("gid://shopify/Order/450789469123456781");
    expect(toGid("Customer", 207119551123456783n)).toBe("gid://shopify/Customer/207119551123456783");
    expect(toGid("Product", 42)).toBe("gid://shopify/Product/42");
  });

  it("round-trips with numericIdFromGid", () => {
    expect(numericIdFromGid(toGid("ProductVariant", "808950810123456789"), "ProductVariant")).toBe(
      "808950810123456789",
    );
  });

  it.each([
    ["Order", "abc"],
    ["Order", "0"],
    ["Order", ""],
    ["Order", "9223372036854775808"],
    ["order", "1"],
    ["Order/1", "2"],
    ["", "1"],
  ])("rejects type %j with id %j", (type, id) => {
    expect(() => toGid(type, id)).toThrow(InvalidShopifyIdError);
  });

  it("refuses numbers that have already lost precision", () => {
    expect(() => toGid("Order", Number("450789469123456781"))).toThrow(/not a safe integer/);
    expect(() => toGid("Order", 1.5)).toThrow(InvalidShopifyIdError);
  });
});
