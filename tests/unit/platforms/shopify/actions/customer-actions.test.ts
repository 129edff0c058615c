import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { METAFIELDS_PER_CALL, metafieldsSetBatches } from "~/platforms/shopify/actions/customer-metafields.server";
import { tagsVariables } from "~/platforms/shopify/actions/customer-tags.server";

const CUSTOMER = "7312345678901234501";
const GID = `gid://shopify/Customer/${CUSTOMER}`;

describe("tagsVariables", () => {
  test("the customer's gid and the tags trimmed, without blanks and repeats, in order", () => {
    expect(tagsVariables(CUSTOMER, [" vip", "loyalty-gold", "vip ", "", "  "])).toEqual({ id: GID, tags: ["vip", "loyalty-gold"] });
  });

  test("no tags, no tags", () => {
    expect(tagsVariables(CUSTOMER, [])).toEqual({ id: GID, tags: [] });
  });

  test("a 19-digit id beyond 2^53 survives exactly", () => {
    expect(tagsVariables("9223372036854775807", ["x"]).id).toBe("gid://shopify/Customer/9223372036854775807");
  });

  test("a non-numeric id is refused", () => {
    expect(() => tagsVariables("abc", ["x"])).toThrow(/Invalid Shopify id/);
  });
});

describe("metafieldsSetBatches", () => {
  const field = (i: number) => ({ namespace: "crm_loyalty", key: `k${i}`, type: "number_integer", value: String(i) });

  test("each metafield owned by the customer's gid, the rest as given", () => {
    expect(metafieldsSetBatches(CUSTOMER, [field(1)])).toEqual([
      { metafields: [{ ownerId: GID, namespace: "crm_loyalty", key: "k1", type: "number_integer", value: "1" }] },
    ]);
  });

  test("none: no call", () => {
    expect(metafieldsSetBatches(CUSTOMER, [])).toEqual([]);
  });

  test("calls of at most 25, all metafields in their order", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), (count) => {
        const fields = Array.from({ length: count }, (_, i) => field(i));
        const batches = metafieldsSetBatches(CUSTOMER, fields);
        expect(batches).toHaveLength(Math.ceil(count / METAFIELDS_PER_CALL));
        expect(batches.every((batch) => batch.metafields.length >= 1 && batch.metafields.length <= 25)).toBe(true);
        expect(batches.flatMap((batch) => batch.metafields.map((metafield) => metafield.key))).toEqual(fields.map((f) => f.key));
      }),
    );
  });
});
