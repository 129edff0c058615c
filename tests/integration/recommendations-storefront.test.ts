import { describe, expect, test } from "vitest";
import { recordBlockEvents } from "~/core/recommendations/block-events.server";
import { recommendationsFor } from "~/core/recommendations/storefront-view.server";
import { action as eventsAction } from "~/routes/proxy.recommendations.events";
import { loader as recommendationsLoader } from "~/routes/proxy.recommendations";
import { askProxy, type AppProxyRequestOptions } from "../helpers/app-proxy";
import { TEST_SHOP } from "../helpers/shopify-webhooks";
import { saveRecommendationSettings } from "~/core/recommendations/program.server";
import { DEFAULT_RECOMMENDATION_SETTINGS } from "~/core/recommendations/settings";
import type { Db } from "~/db/prisma.server";
import { setUpRecommendationsTest, storeOrder, storeProduct } from "../helpers/recommendations";

// The storefront block's read on the store: stored lists, the merchant's pins and exclusions,
// the collection's and the shop's bestsellers, availability and what the signed-in shopper bought,
// for one product page and for a cart; the blocks' impressions and add-to-carts per day; both
// app-proxy endpoints.

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
      recommendedFrom: "A",
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
    expect(answer.items.map((item) => item.recommendedFrom)).toEqual(["A", "B", "B", "A"]);
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

describe("recordBlockEvents", () => {
  test("adds the events to the UTC day's counters in one statement, per pair; unknown products and a product with itself count nothing", async () => {
    const shopId = await t.shopId();
    const { db } = t.runtime;
    await catalogue(db, shopId, { A: {}, B: {}, C: {} });
    const late = new Date("2024-06-01T23:59:00+00:00");
    const events = [
      { type: "impression", productId: "A", targetProductId: "B" },
      { type: "impression", productId: "A", targetProductId: "B" },
      { type: "add_to_cart", productId: "A", targetProductId: "B" },
      { type: "impression", productId: "A", targetProductId: "C" },
      { type: "impression", productId: "A", targetProductId: "nope" },
      { type: "impression", productId: "A", targetProductId: "A" },
    ] as const;
    expect(await recordBlockEvents(db, shopId, events, late)).toBe(2);
    await recordBlockEvents(db, shopId, [{ type: "add_to_cart", productId: "A", targetProductId: "C" }], late);
    await recordBlockEvents(db, shopId, [{ type: "impression", productId: "A", targetProductId: "B" }], new Date("2024-06-02T00:00:01Z"));
    const rows = await db.recommendationDailyStat.findMany({ where: { shopId }, orderBy: [{ day: "asc" }, { targetProductId: "asc" }] });
    expect(rows.map((row) => [row.day.toISOString().slice(0, 10), row.productId, row.targetProductId, row.impressions, row.addToCarts])).toEqual([
      ["2024-06-01", "A", "B", 2, 1],
      ["2024-06-01", "A", "C", 1, 1],
      ["2024-06-02", "A", "B", 1, 0],
    ]);
  });
});

describe("the app-proxy endpoints", () => {
  const ask = (options: Partial<AppProxyRequestOptions>) => askProxy(t.runtime, recommendationsLoader, { shop: TEST_SHOP, path: "/proxy/recommendations", ...options });
  const report = (body: unknown) =>
    askProxy(t.runtime, eventsAction, { shop: TEST_SHOP, path: "/proxy/recommendations/events", method: "POST", body });

  test("a product page's and a cart's block, as JSON nobody caches, without what the signed-in customer bought", async () => {
    const shopId = await t.shopId();
    const { db } = t.runtime;
    await catalogue(db, shopId, { A: {}, B: {}, C: { weight: 2 }, D: { weight: 1 } });
    await storedList(db, shopId, "A", ["B"]);
    const page = await ask({ query: { product: "A" } });
    expect(page.status).toBe(200);
    expect(page.cache).toBe("no-store");
    expect(page.body).toMatchObject({
      items: [
        { productId: "B", variantId: "B-v", source: "pair", recommendedFrom: "A", price: { amountMinor: 1000, currency: "EUR" } },
        { productId: "C", source: "bestseller" },
        { productId: "D", source: "bestseller" },
      ],
      total: { amountMinor: 3000, currency: "EUR" },
    });
    const cart = await ask({ query: { cart: "A,B" } });
    expect((cart.body.items as { productId: string }[]).map((item) => item.productId)).toEqual(["C", "D"]);

    const customer = await db.customer.create({ data: { shopId, platformId: "4242", email: "kim@example.org" } });
    const orderId = await storeOrder(db, shopId, { platformId: "o-9", products: ["C"], at: NOW });
    await db.order.update({ where: { id: orderId }, data: { customerId: customer.id } });
    const signedIn = await ask({ query: { product: "A" }, customerId: "4242" });
    expect((signedIn.body.items as { productId: string }[]).map((item) => item.productId)).toEqual(["B", "D"]);
  });

  test("a bad question is a 400 that says how to ask; an unsigned one a 401", async () => {
    const queries: Record<string, string>[] = [{}, { product: "" }, { product: "a b" }, { cart: "" }, { product: "A", cart: "B" }, { cart: Array.from({ length: 21 }, (_, i) => `p${i}`).join(",") }];
    for (const query of queries) {
      const answer = await ask({ query });
      expect([answer.status, answer.body.error]).toEqual([400, "invalid_request"]);
      expect(answer.body.message).toContain("?product=");
    }
    expect((await ask({ query: { product: "A" }, signature: "0".repeat(64) })).status).toBe(401);
  });

  test("events are counted; a bad body is a 400, a GET a 405", async () => {
    const shopId = await t.shopId();
    const { db } = t.runtime;
    await catalogue(db, shopId, { A: {}, B: {} });
    const counted = await report({ events: [{ type: "impression", productId: "A", targetProductId: "B" }, { type: "add_to_cart", productId: "A", targetProductId: "B" }] });
    expect([counted.status, counted.body]).toEqual([200, { counted: 1 }]);
    expect(await db.recommendationDailyStat.findMany({ where: { shopId }, select: { impressions: true, addToCarts: true } })).toEqual([{ impressions: 1, addToCarts: 1 }]);
    const tooMany = Array.from({ length: 51 }, () => ({ type: "impression", productId: "A", targetProductId: "B" }));
    for (const body of [{}, { events: [] }, { events: tooMany }, { events: [{ type: "click", productId: "A", targetProductId: "B" }] }, { events: [{ type: "impression", productId: "A" }] }]) {
      const answer = await report(body);
      expect([answer.status, answer.body.error]).toEqual([400, "invalid_request"]);
    }
    expect((await askProxy(t.runtime, eventsAction, { shop: TEST_SHOP, path: "/proxy/recommendations/events" })).status).toBe(405);
  });
});
