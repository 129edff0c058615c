import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  DecimalSchema,
  OrderPayloadSchema,
  ShopifyIdSchema,
  TagsSchema,
  TimestampSchema,
} from "~/platforms/shopify/payloads";

import { loadFixture } from "./load-fixture";

describe("ShopifyIdSchema", () => {
  it("turns every 64-bit id, as number or string, into the same decimal string", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }), (id) => {
        expect(ShopifyIdSchema.parse(id.toString())).toBe(id.toString());
        if (id <= BigInt(Number.MAX_SAFE_INTEGER)) expect(ShopifyIdSchema.parse(Number(id))).toBe(id.toString());
      }),
    );
  });

  it.each([0, -1, 1.5, 2 ** 53, Number.NaN, "0", "", "1e3", " 1", "0x1", "9223372036854775808", true, null, {}])(
    "rejects %j",
    (value) => {
      expect(ShopifyIdSchema.safeParse(value).success).toBe(false);
    },
  );
});

describe("TimestampSchema", () => {
  it.each([
    ["2024-05-14T10:15:03+02:00", "2024-05-14T08:15:03.000Z"],
    ["2024-05-14T10:15:03-04:00", "2024-05-14T14:15:03.000Z"],
    ["2024-05-14T10:15:03Z", "2024-05-14T10:15:03.000Z"],
    ["2024-05-14T10:15:03.5Z", "2024-05-14T10:15:03.500Z"],
    ["2024-02-29T23:59:59+00:00", "2024-02-29T23:59:59.000Z"],
  ])("%s → %s", (text, iso) => {
    expect(TimestampSchema.parse(text).toISOString()).toBe(iso);
  });

  it.each(["2024-05-14", "2024-05-14T10:15:03", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-05-14T10:60:00Z", "2024-05-14T10:15:03+25:00", ""])(
    "rejects %j",
    (text) => {
      expect(TimestampSchema.safeParse(text).success).toBe(false);
    },
  );
});

describe("DecimalSchema", () => {
  it.each([
    ["12.50", "12.50"],
    ["-3.10", "-3.10"],
    [12, "12"],
    ["15.0", "15.0"],
  ])("%j → %j", (value, text) => {
    expect(DecimalSchema.parse(value)).toBe(text);
  });

  it.each([12.5, "1e3", "12,50", "", " 1", null])("rejects %j", (value) => {
    expect(DecimalSchema.safeParse(value).success).toBe(false);
  });
});

describe("TagsSchema", () => {
  it.each([
    ["", []],
    ["vip", ["vip"]],
    ["vip, wholesale", ["vip", "wholesale"]],
    [" a ,, b ,a", ["a", "b"]],
    [["x", " y "], ["x", "y"]],
    [null, undefined],
    [undefined, undefined],
  ])("%j → %j", (value, tags) => {
    expect(TagsSchema.parse(value)).toEqual(tags);
  });
});

describe("OrderPayloadSchema", () => {
  it("keeps Shopify's field names and drops fields the mappers do not read", () => {
    const parsed = OrderPayloadSchema.parse(loadFixture("orders-create"));
    expect(parsed.id).toBe("450789469123456781");
    expect(parsed.total_price_set?.presentment_money).toEqual({ amount: "163.80", currency_code: "CHF" });
    expect(parsed).not.toHaveProperty("browser_ip");
    expect(parsed.customer?.id).toBe("207119551123456783");
  });
});
