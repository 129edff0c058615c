import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ScoredPair } from "~/core/recommendations/pair-scores";
import { recommend, type RecommendationInput, type RecommendSettings } from "~/core/recommendations/recommend";
import { DEFAULT_RECOMMENDATION_SETTINGS } from "~/core/recommendations/settings";

const figures = { orders: 5, weight: 5, support: 0.1, confidence: 0.5, lift: 2 };
const pair = (productId: string): ScoredPair => ({ productId, figures });

const input = (overrides: Partial<RecommendationInput> = {}): RecommendationInput => ({
  productId: "x",
  pins: [],
  exclusions: new Set(),
  pairs: [],
  collectionBestsellers: [],
  shopBestsellers: [],
  isAvailable: () => true,
  alreadyBought: null,
  ...overrides,
});
const settings = (overrides: Partial<RecommendSettings> = {}): RecommendSettings => ({ ...DEFAULT_RECOMMENDATION_SETTINGS, ...overrides });
const ids = (list: readonly { productId: string }[]) => list.map((item) => item.productId);

describe("recommend", () => {
  it("pins first, then pairs, then collection bestsellers, then shop bestsellers", () => {
    const result = recommend(
      input({ pins: ["p"], pairs: [pair("a")], collectionBestsellers: ["c"], shopBestsellers: ["s"] }),
      settings({ k: 10 }),
    );
    expect(result).toEqual([
      { productId: "p", source: "pin" },
      { productId: "a", source: "pair", figures },
      { productId: "c", source: "collection" },
      { productId: "s", source: "bestseller" },
    ]);
  });

  it("keeps the merchant's pin order and the pairs' stored order", () => {
    expect(ids(recommend(input({ pins: ["p2", "p1"], pairs: [pair("b"), pair("a")] }), settings({ k: 10 })))).toEqual(["p2", "p1", "b", "a"]);
  });

  it("stops at k, so later sources only fill what earlier ones left", () => {
    const full = input({ pins: ["p1", "p2"], pairs: [pair("a"), pair("b")], collectionBestsellers: ["c"], shopBestsellers: ["s"] });
    expect(ids(recommend(full, settings({ k: 3 })))).toEqual(["p1", "p2", "a"]);
    expect(ids(recommend(full, settings({ k: 1 })))).toEqual(["p1"]);
  });

  it("a product found by two sources appears once, with the earlier source", () => {
    const result = recommend(input({ pins: ["a"], pairs: [pair("a"), pair("b")], collectionBestsellers: ["b", "c"], shopBestsellers: ["c", "d"] }), settings({ k: 10 }));
    expect(result.map((item) => `${item.productId}:${item.source}`)).toEqual(["a:pin", "b:pair", "c:collection", "d:bestseller"]);
  });

  it("never recommends the product itself", () => {
    expect(ids(recommend(input({ pins: ["x"], pairs: [pair("x")], shopBestsellers: ["x", "s"] }), settings()))).toEqual(["s"]);
  });

  it("leaves out unavailable products from every source, pins included", () => {
    const unavailable = new Set(["p", "a", "c", "s1"]);
    const result = recommend(
      input({ pins: ["p"], pairs: [pair("a"), pair("b")], collectionBestsellers: ["c"], shopBestsellers: ["s1", "s2"], isAvailable: (id) => !unavailable.has(id) }),
      settings({ k: 10 }),
    );
    expect(ids(result)).toEqual(["b", "s2"]);
  });

  it("leaves out the merchant's exclusions even when pinned", () => {
    const result = recommend(input({ pins: ["p", "q"], exclusions: new Set(["p", "a", "s"]), pairs: [pair("a")], shopBestsellers: ["s", "t"] }), settings());
    expect(ids(result)).toEqual(["q", "t"]);
  });

  it("leaves out what a signed-in shopper already bought when the setting says so", () => {
    const shopper = input({ pairs: [pair("a"), pair("b")], shopBestsellers: ["s"], alreadyBought: new Set(["a", "s"]) });
    expect(ids(recommend(shopper, settings({ excludeAlreadyBought: true })))).toEqual(["b"]);
    expect(ids(recommend(shopper, settings({ excludeAlreadyBought: false })))).toEqual(["a", "b", "s"]);
    expect(ids(recommend({ ...shopper, alreadyBought: null }, settings({ excludeAlreadyBought: true })))).toEqual(["a", "b", "s"]);
  });

  it("uses only the fallbacks that are switched on", () => {
    const sparse = input({ collectionBestsellers: ["c"], shopBestsellers: ["s"] });
    expect(ids(recommend(sparse, settings({ fallbacks: { collection: false, shop: true } })))).toEqual(["s"]);
    expect(ids(recommend(sparse, settings({ fallbacks: { collection: true, shop: false } })))).toEqual(["c"]);
    expect(recommend(sparse, settings({ fallbacks: { collection: false, shop: false } }))).toEqual([]);
  });

  it("at most k distinct, available, allowed products in source order, for any lists (property)", () => {
    const id: fc.Arbitrary<string> = fc.constantFrom("x", "a", "b", "c", "d", "e", "f", "g", "h");
    const list = fc.array(id, { maxLength: 8 });
    fc.assert(
      fc.property(
        fc.record({
          pins: list,
          exclusions: list,
          pairs: list,
          collection: list,
          shop: list,
          unavailable: list,
          bought: fc.option(list, { nil: null }),
          k: fc.integer({ min: 1, max: 10 }),
          excludeAlreadyBought: fc.boolean(),
          fallbacks: fc.record({ collection: fc.boolean(), shop: fc.boolean() }),
        }),
        (generated) => {
          const unavailable = new Set(generated.unavailable);
          const bought = generated.bought === null ? null : new Set(generated.bought);
          const result = recommend(
            input({
              pins: generated.pins,
              exclusions: new Set(generated.exclusions),
              pairs: generated.pairs.map(pair),
              collectionBestsellers: generated.collection,
              shopBestsellers: generated.shop,
              isAvailable: (productId) => !unavailable.has(productId),
              alreadyBought: bought,
            }),
            settings({ k: generated.k, excludeAlreadyBought: generated.excludeAlreadyBought, fallbacks: generated.fallbacks }),
          );
          expect(result.length).toBeLessThanOrEqual(generated.k);
          expect(new Set(ids(result)).size).toBe(result.length);
          const rank = { pin: 0, pair: 1, collection: 2, bestseller: 3 };
          result.forEach((item, i) => {
            expect(item.productId).not.toBe("x");
            expect(unavailable.has(item.productId)).toBe(false);
            expect(generated.exclusions.includes(item.productId)).toBe(false);
            if (generated.excludeAlreadyBought && bought) expect(bought.has(item.productId)).toBe(false);
            if (i > 0) expect(rank[item.source]).toBeGreaterThanOrEqual(rank[result[i - 1]?.source ?? "pin"]);
          });
          // Nothing eligible was passed over: the list is as long as the eligible products allow.
          const sources = [generated.pins, generated.pairs, generated.fallbacks.collection ? generated.collection : [], generated.fallbacks.shop ? generated.shop : []];
          const eligible = new Set(
            sources.flat().filter(
              (productId) =>
                productId !== "x" &&
                !unavailable.has(productId) &&
                !generated.exclusions.includes(productId) &&
                !(generated.excludeAlreadyBought && bought?.has(productId)),
            ),
          );
          expect(result.length).toBe(Math.min(generated.k, eligible.size));
          if (!generated.fallbacks.collection) expect(result.some((item) => item.source === "collection")).toBe(false);
          if (!generated.fallbacks.shop) expect(result.some((item) => item.source === "bestseller")).toBe(false);
        },
      ),
    );
  });
});
