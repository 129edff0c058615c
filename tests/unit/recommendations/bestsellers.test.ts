import { describe, expect, it } from "vitest";
import { rankByOrders, shopBestsellers } from "~/core/recommendations/bestsellers";
import { applyOrder, type Contribution, rebuild } from "~/core/recommendations/co-occurrence";

const H = 1_000;
const T0 = 1_700_000_000_000;
const order = (products: string[], halfLives = 0): Contribution => ({ products: [...products].sort(), at: T0 + halfLives * H });

// b: 3 orders now; a: 4 orders two half-lives ago (weight 1); c: 2 orders now; d and e: 1 each now.
const state = rebuild(
  [
    order(["b", "c"]),
    order(["b", "c"]),
    order(["b"]),
    ...Array.from({ length: 4 }, () => order(["a"], -2)),
    order(["d"]),
    order(["e"]),
  ],
  H,
);

describe("bestsellers", () => {
  it("rank by decayed orders, not by all-time orders, ties by product id", () => {
    expect(shopBestsellers(state, 10)).toEqual(["b", "c", "a", "d", "e"]);
    expect(shopBestsellers(state, 2)).toEqual(["b", "c"]);
  });

  it("rank only the given products, each once, leaving out those never ordered", () => {
    expect(rankByOrders(state, ["e", "a", "unknown", "a", "d"], 10)).toEqual(["a", "d", "e"]);
  });

  it("a product whose orders were all cancelled is no bestseller", () => {
    const shop = rebuild([order(["a", "b"]), order(["b"])], H);
    applyOrder(shop, order(["a", "b"]), null);
    expect(shopBestsellers(shop, 5)).toEqual(["b"]);
    expect(shopBestsellers(rebuild([], H), 5)).toEqual([]);
  });
});
