import { describe, expect, test } from "vitest";
import type { Recommendation } from "~/core/recommendations/recommend";
import { DEFAULT_RECOMMENDATION_SETTINGS } from "~/core/recommendations/settings";
import { bundleTotal, collectionBestsellers, mergeLists, storefrontList, type StorefrontListInput } from "~/core/recommendations/storefront-lists";

// The storefront block's list: one product's, or a cart's merged from its products' lists.

const figures = { orders: 3, weight: 3, support: 0.1, confidence: 0.5, lift: 2 };
const pair = (productId: string): Recommendation => ({ productId, source: "pair", figures });
const best = (productId: string): Recommendation => ({ productId, source: "bestseller" });
const pin = (productId: string): Recommendation => ({ productId, source: "pin" });
const names = (list: readonly Recommendation[]) => list.map((entry) => `${entry.productId}:${entry.source}`);

describe("mergeLists", () => {
  test("interleaves by rank, each product once at its best place", () => {
    expect(names(mergeLists([[pair("a"), pair("b"), pair("c")], [pair("b"), pair("d")]], 10))).toEqual(["a:pair", "b:pair", "d:pair", "c:pair"]);
  });

  test("pins and pairs of every list come before any fallback", () => {
    const merged = mergeLists([[pin("a"), best("x"), best("y")], [pair("b"), pair("c"), best("x")]], 10);
    expect(names(merged)).toEqual(["a:pin", "b:pair", "c:pair", "x:bestseller", "y:bestseller"]);
  });

  test("collection bestsellers before the shop's", () => {
    const merged = mergeLists([[best("s")], [{ productId: "c", source: "collection" }]], 10);
    expect(names(merged)).toEqual(["c:collection", "s:bestseller"]);
  });

  test("stops at the limit; one list is that list", () => {
    expect(names(mergeLists([[pair("a"), pair("b")], [pair("c")]], 2))).toEqual(["a:pair", "c:pair"]);
    expect(names(mergeLists([[pin("a"), pair("b"), best("c")]], 10))).toEqual(["a:pin", "b:pair", "c:bestseller"]);
    expect(mergeLists([], 4)).toEqual([]);
  });
});

describe("storefrontList", () => {
  const base: StorefrontListInput = {
    productIds: ["A"],
    pinsOf: () => [],
    pairsOf: () => [],
    exclusionsOf: () => [],
    collectionBestsellers: [],
    shopBestsellers: [],
    isAvailable: () => true,
    alreadyBought: null,
  };
  const settings = { ...DEFAULT_RECOMMENDATION_SETTINGS, k: 4 };

  test("a cart's products are never offered, whichever list names them", () => {
    const input = { ...base, productIds: ["A", "B"], pairsOf: (id: string) => (id === "A" ? [{ productId: "B", figures }] : [{ productId: "A", figures }]), shopBestsellers: ["A", "B", "C"] };
    expect(names(storefrontList(input, settings))).toEqual(["C:bestseller"]);
  });

  test("an exclusion of one cart product holds for what another brings in, pinned or not", () => {
    const input = { ...base, productIds: ["A", "B"], pinsOf: (id: string) => (id === "B" ? ["X", "Y"] : []), exclusionsOf: (id: string) => (id === "A" ? ["X"] : []) };
    expect(names(storefrontList(input, settings))).toEqual(["Y:pin"]);
  });

  test("a product twice in the cart counts once", () => {
    const input = { ...base, productIds: ["A", "A"], pairsOf: () => [{ productId: "B", figures }] };
    expect(names(storefrontList(input, settings))).toEqual(["B:pair"]);
  });
});

describe("bundleTotal", () => {
  test("adds up in minor units; nothing or mixed currencies give none", () => {
    expect(bundleTotal([{ amountMinor: 1999, currency: "EUR" }, { amountMinor: 1, currency: "EUR" }])).toEqual({ amountMinor: 2000, currency: "EUR" });
    expect(bundleTotal([])).toBeNull();
    expect(bundleTotal([{ amountMinor: 1, currency: "EUR" }, { amountMinor: 1, currency: "CHF" }])).toBeNull();
  });
});

describe("collectionBestsellers", () => {
  const byCollection = new Map([
    ["shoes", [{ productId: "a", weight: 9 }, { productId: "b", weight: 5 }]],
    ["sale", [{ productId: "c", weight: 7 }, { productId: "b", weight: 5 }, { productId: "d", weight: 5 }]],
  ]);

  test("the collections' lists together by weight, ties by id, each product once, at most the limit", () => {
    expect(collectionBestsellers(byCollection, ["shoes", "sale"], 10)).toEqual(["a", "c", "b", "d"]);
    expect(collectionBestsellers(byCollection, ["sale", "shoes", "sale"], 2)).toEqual(["a", "c"]);
    expect(collectionBestsellers(byCollection, ["unknown"], 10)).toEqual([]);
  });
});
