import { describe, expect, it } from "vitest";
import { recommendedFrom, RECOMMENDATION_PROPERTY } from "~/core/recommendations/line-property";

describe("recommendedFrom", () => {
  it("reads the block's product id among the line's other properties", () => {
    expect(recommendedFrom([{ name: "Gravur", value: "Für Oma" }, { name: RECOMMENDATION_PROPERTY, value: "632910392" }])).toBe("632910392");
  });

  it("takes a numeric value as the id it is and trims spaces a theme may add", () => {
    expect(recommendedFrom([{ name: RECOMMENDATION_PROPERTY, value: 632910392 }])).toBe("632910392");
    expect(recommendedFrom([{ name: RECOMMENDATION_PROPERTY, value: " 632910392 " }])).toBe("632910392");
  });

  it.each([
    ["no properties", []],
    ["another property only", [{ name: "Gravur", value: "632910392" }]],
    ["an empty value", [{ name: RECOMMENDATION_PROPERTY, value: "" }]],
    ["text a shopper typed", [{ name: RECOMMENDATION_PROPERTY, value: "<script>" }]],
    ["a gid instead of an id", [{ name: RECOMMENDATION_PROPERTY, value: "gid://shopify/Product/1" }]],
    ["an overlong number", [{ name: RECOMMENDATION_PROPERTY, value: "1".repeat(21) }]],
    ["null", [{ name: RECOMMENDATION_PROPERTY, value: null }]],
    ["the name in other case", [{ name: "_CRM_REC", value: "1" }]],
  ])("is null for %s", (_case, properties) => {
    expect(recommendedFrom(properties)).toBeNull();
  });
});
