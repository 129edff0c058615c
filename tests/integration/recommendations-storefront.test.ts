import { describe, expect, test } from "vitest";
import { recommendationsFor } from "~/core/recommendations/storefront-view.server";
import { saveRecommendationSettings } from "~/core/recommendations/program.server";
import { DEFAULT_RECOMMENDATION_SETTINGS } from "~/core/recommendations/settings";
import type { Db } from "~/db/prisma.server";
import { setUpRecommendationsTest, storeOrder, storeProduct } from "../helpers/recommendations";

// The storefront block's read on the store: stored lists, the merchant's pins and exclusions,
// the collection's and the shop's bestsellers, availability and what the signed-in shopper bought,
// for one product page and for a cart.

const NOW = new Date("2024-06-01T00:00:00Z");
const t = setUpRecommendationsTest(NOW);

const figures = { orders: 5, weight: 5, support: 0.1, confidence: 0.5, lift: 2 };

/** Products with one available variant (unless said otherwise), their collections and decayed order weights. */
async function catalogue(db: Db, shopId: string, products: Record<string, { weight?: number; collections?: string[]; available?: boolean; status?: string }>) {
  for (const [productId, spec] of Object.entries(products)) {
    await storeProduct(db, shopId, productId, { available: spec.available ?? true, status: spec.status ?? "active" });
    await db.product.update({ where: { shopId_platformId: { shopId, platformId: productId } }, data: { collectionIds: spec.collections ?? [], handle: productId.toLowerCase() } });
    if (spec.weight !== undefined) await db.recommendationProduct.create({ data: { shopId, productId, weight: spec.weight, orders: Math.ceil(spec.weight) } });
  }
}

async function storedList(db: Db, shopId: string, productId: string, partners: string[]) {
  await db.recommendationList.create({ data: { shopId, productId, pairs: partners.map((partner) => ({ productId: partner, figures })), computedAt: NOW } });
}

const ids = (answer: { items: { productId: string; source: string }[] }) => answer.items.map((item) => `${item.productId}:${item.source}`);

describe("recommendationsFor", () => {
  test("a shop without a program gets the default k of the shop's bestsellers, never the product itself nor one that cannot be bought", async () => {
    const shopId = await t.shopId();
    const { db } = t.runtime;
    await catalogue(db, shopId, {
      A: { weight: 9 },
      B: { weight: 8 },
      C: { weight: 7, available: false },
      D: { weight: 6, status: "draft" },
      E: { weight: 5 },
      F: { weight: 4 },
      G: { weight: 3 },
      H: { weight: 2 },
    });
    const answer = await recommendationsFor(db, shopId, { productIds: ["A"], customerId: null });
    expect(ids(answer)).toEqual(["B:bestseller", "E:bestseller", "F:bestseller", "G:bestseller"]);
    expect(answer.items[0]).toEqual({
      productId: "B",
      variantId: "B-v",
      title: "B",
      handle: "b",
      imageUrl: null,
      price: { amountMinor: 1000, currency: "EUR" },
      source: "bestseller",
    });
    expect(answer.total).toEqual({ amountMinor: 4000, currency: "EUR" });
  });

  test("pins in the merchant's order, then the stored pairs, then the collection's bestsellers, then the shop's; exclusions hold", async () => {
    const shopId = await t.shopId();
    const { db } = t.runtime;
    await t.runtime.db.$transaction((tx) => saveRecommendationSettings(tx, shopId, { ...DEFAULT_RECOMMENDATION_SETTINGS, k: 6 }, NOW));
    await catalogue(db, shopId, {
      A: { weight: 1, collections: ["shoes"] },
      P1: {},
      P2: {},
      X: { weight: 50 },
      L1: {},
      L2: { available: false },
      C1: { weight: 3, collections: ["shoes", "sale"] },
      C2: { weight: 4, collections: ["shoes"] },
      S1: { weight: 40 },
      S2: { weight: 30 },
    });
    await db.recommendationRule.createMany({
      data: [
        { shopId, productId: "A", targetProductId: "P2", kind: "pin", position: 1 },
        { shopId, productId: "A", targetProductId: "P1", kind: "pin", position: 0 },
        { shopId, productId: "A", targetProductId: "X", kind: "exclude" },
        { shopId, productId: "B", targetProductId: "S1", kind: "exclude" },
      ],
    });
    await storedList(db, shopId, "A", ["L2", "X", "L1"]);
    const answer = await recommendationsFor(db, shopId, { productIds: ["A"], customerId: null });
    expect(ids(answer)).toEqual(["P1:pin", "P2:pin", "L1:pair", "C2:collection", "C1:collection", "S1:bestseller"]);
  });

  test("a cart: its products are never offered, the lists interleave by rank, pairs before fallbacks, every cart product's exclusions hold", async () => {
    const shopId = await t.shopId();
    const { db } = t.runtime;
    await catalogue(db, shopId, { A: {}, B: {}, A1: {}, A2: {}, B1: {}, B2: {}, S1: { weight: 9 }, S2: { weight: 8 } });
    await storedList(db, shopId, "A", ["B", "A1", "A2"]);
    await storedList(db, shopId, "B", ["B1", "A1", "B2"]);
    await db.recommendationRule.create({ data: { shopId, productId: "B", targetProductId: "A2", kind: "exclude" } });
    const answer = await recommendationsFor(db, shopId, { productIds: ["A", "B"], customerId: null });
    expect(ids(answer)).toEqual(["A1:pair", "B1:pair", "B2:pair", "S1:bestseller"]);
  });

  test("a signed-in shopper is not offered what they bought, unless the settings say so", async () => {
    const shopId = await t.shopId();
    const { db } = t.runtime;
    await catalogue(db, shopId, { A: {}, B: { weight: 3 }, C: { weight: 2 } });
    const customer = await db.customer.create({ data: { shopId, platformId: "77", email: "kim@example.org" } });
    const orderId = await storeOrder(db, shopId, { platformId: "o-1", products: ["B"], at: NOW });
    await db.order.update({ where: { id: orderId }, data: { customerId: customer.id } });
    expect(ids(await recommendationsFor(db, shopId, { productIds: ["A"], customerId: customer.id }))).toEqual(["C:bestseller"]);
    expect(ids(await recommendationsFor(db, shopId, { productIds: ["A"], customerId: null }))).toEqual(["B:bestseller", "C:bestseller"]);
    await t.runtime.db.$transaction((tx) => saveRecommendationSettings(tx, shopId, { ...DEFAULT_RECOMMENDATION_SETTINGS, excludeAlreadyBought: false }, NOW));
    expect(ids(await recommendationsFor(db, shopId, { productIds: ["A"], customerId: customer.id }))).toEqual(["B:bestseller", "C:bestseller"]);
  });

  test("nothing to recommend: no items and no total", async () => {
    const shopId = await t.shopId();
    expect(await recommendationsFor(t.runtime.db, shopId, { productIds: ["nothing"], customerId: null })).toEqual({ items: [], total: null });
    expect(await recommendationsFor(t.runtime.db, shopId, { productIds: [], customerId: null })).toEqual({ items: [], total: null });
  });
});
