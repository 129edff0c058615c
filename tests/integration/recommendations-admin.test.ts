import { beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { recommendationSettingsToFields } from "~/admin/recommendations/settings-form";
import { getOrderDetail } from "~/core/orders/order-detail.server";
import { engineStatus, listRecommendationProducts } from "~/core/recommendations/overview.server";
import type { PairFigures } from "~/core/recommendations/pair-scores";
import { productView } from "~/core/recommendations/product-view.server";
import { RECOMMENDATIONS_LISTS_JOB, RECOMMENDATIONS_REBUILD_JOB, recommendationSettings } from "~/core/recommendations/program.server";
import { rebuildRecommendations } from "~/core/recommendations/rebuild.job.server";
import { excludeProduct, movePin, pinProduct, productRules, removeRule, RuleRefused } from "~/core/recommendations/rules.server";
import { DEFAULT_RECOMMENDATION_SETTINGS } from "~/core/recommendations/settings";
import { recommendationStatistics, statisticsByTarget } from "~/core/recommendations/statistics.server";
import { recommendationsFor } from "~/core/recommendations/storefront-view.server";
import { action as productAction, loader as productLoader } from "~/routes/app.recommendations.$productId";
import { action as overviewAction, loader as overviewLoader } from "~/routes/app.recommendations._index";
import { action as settingsAction, loader as settingsLoader } from "~/routes/app.recommendations.settings";
import { setUpAdminShop, signedAdminRequest, thrownResponse } from "../helpers/admin-requests";
import { storeOrder, storeProduct, storeRefund } from "../helpers/recommendations";
import { TEST_ENV } from "../helpers/test-runtime";

// The cross-sell admin on the store: the blocks' figures and attribution (paid orders that stand,
// refunded units taken off), a product's pairs with their figures (those below the minimum support
// too), the merchant's rules as the storefront reads them at once, the overview's products and the
// engine's state, the settings saved with a rebuild queued or refused at their fields, and the
// order page's note on lines added from a block.

const admin = setUpAdminShop("recommendations-admin");
const URL_BASE = `${TEST_ENV.SHOPIFY_APP_URL}/app/recommendations`;
const NOW = new Date();
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const PERIOD = { from: daysAgo(30), to: NOW };

const TITLES: Record<string, string> = { p1: "Kaffeemühle", p2: "Kaffeebohnen", p3: "Filter", p4: "Teekanne", p5: "Tasse" };
let attributedOrderId = "";

function answer(result: object): { status: number; body: unknown } {
  if ("init" in result && "data" in result) {
    return { status: z.object({ status: z.number().optional() }).nullable().parse(result.init)?.status ?? 200, body: result.data };
  }
  return { status: 200, body: result };
}

async function queuedRebuilds(): Promise<number> {
  return admin.runtime.db.job.count({ where: { kind: RECOMMENDATIONS_REBUILD_JOB, status: "QUEUED", payload: { path: ["shopId"], equals: admin.shopId } } });
}

/** Marks the order's line of `product` as added from the block of `from`. */
async function addedFrom(orderId: string, product: string, from: string): Promise<void> {
  await admin.runtime.db.orderLineItem.updateMany({ where: { orderId, productPlatformId: product }, data: { recommendedFrom: from } });
}

beforeAll(async () => {
  const { db } = admin.runtime;
  const shopId = admin.shopId;
  for (const [platformId, title] of Object.entries(TITLES)) {
    await storeProduct(db, shopId, platformId);
    await db.product.update({ where: { shopId_platformId: { shopId, platformId } }, data: { title } });
  }
  // p1 and p2 together in 4 of 10 orders (lift 2), p1 and p3 once (below the minimum support of 3).
  attributedOrderId = await storeOrder(db, shopId, { platformId: "o1", products: ["p1", "p2"], at: daysAgo(2) });
  await addedFrom(attributedOrderId, "p2", "p1");
  const refunded = await storeOrder(db, shopId, { platformId: "o2", products: ["p1", ["p2", 2]], at: daysAgo(3) });
  await addedFrom(refunded, "p2", "p1");
  await storeRefund(db, shopId, refunded, "p2", 1, daysAgo(1));
  await storeOrder(db, shopId, { platformId: "o3", products: ["p1", "p2"], at: daysAgo(4) });
  await storeOrder(db, shopId, { platformId: "o4", products: ["p1", "p2"], at: daysAgo(5) });
  await storeOrder(db, shopId, { platformId: "o5", products: ["p1", "p3"], at: daysAgo(6) });
  for (const [i, at] of [7, 8, 9, 10, 11].entries()) await storeOrder(db, shopId, { platformId: `o${6 + i}`, products: ["p4"], at: daysAgo(at) });
  // Lines from a block in orders that do not count: a test order, a cancelled one, an unpaid one, one before the period.
  const testOrder = await storeOrder(db, shopId, { platformId: "t1", products: ["p1", "p2"], at: daysAgo(2), test: true });
  const cancelled = await storeOrder(db, shopId, { platformId: "c1", products: ["p1", "p2"], at: daysAgo(2) });
  await db.order.update({ where: { id: cancelled }, data: { cancelledAt: daysAgo(1) } });
  const pending = await storeOrder(db, shopId, { platformId: "u1", products: ["p1", "p2"], at: daysAgo(2), financialStatus: "pending" });
  const old = await storeOrder(db, shopId, { platformId: "x1", products: ["p5", "p2"], at: daysAgo(40) });
  for (const orderId of [testOrder, cancelled, pending]) await addedFrom(orderId, "p2", "p1");
  await addedFrom(old, "p2", "p5");

  const day = (ago: number) => new Date(`${daysAgo(ago).toISOString().slice(0, 10)}T00:00:00Z`);
  await db.recommendationDailyStat.createMany({
    data: [
      { shopId, day: day(2), productId: "p1", targetProductId: "p2", impressions: 120, addToCarts: 6 },
      { shopId, day: day(3), productId: "p1", targetProductId: "p2", impressions: 80, addToCarts: 4 },
      { shopId, day: day(3), productId: "p1", targetProductId: "p4", impressions: 50, addToCarts: 0 },
      { shopId, day: day(3), productId: "p4", targetProductId: "p1", impressions: 50, addToCarts: 5 },
      { shopId, day: day(45), productId: "p1", targetProductId: "p2", impressions: 1_000, addToCarts: 100 },
    ],
  });
  await db.$transaction((tx) => rebuildRecommendations(tx, shopId, NOW));
});

describe("statistics", () => {
  test("the shop's blocks: counters of the period, orders that stand, the lines' amounts less refunded units", async () => {
    const figures = await recommendationStatistics(admin.runtime.db, admin.shopId, PERIOD);
    expect(figures).toEqual({
      impressions: 300,
      addToCarts: 15,
      addToCartRate: 0.05,
      attributedOrders: 2,
      // o1's line (10,00 €) and o2's two units of which one was refunded (10,00 €).
      attributedRevenue: [{ currency: "EUR", amountMinor: 2_000 }],
    });
    const year = await recommendationStatistics(admin.runtime.db, admin.shopId, { from: daysAgo(365), to: NOW });
    expect(year.impressions).toBe(1_300);
    expect(year.attributedOrders).toBe(3);
  });

  test("one product's block, per recommended product", async () => {
    const { db } = admin.runtime;
    expect((await recommendationStatistics(db, admin.shopId, PERIOD, "p4")).addToCarts).toBe(5);
    const byTarget = await statisticsByTarget(db, admin.shopId, PERIOD, "p1");
    expect(Object.fromEntries(byTarget)).toEqual({
      p2: { impressions: 200, addToCarts: 10, addToCartRate: 0.05, attributedOrders: 2, attributedRevenue: [{ currency: "EUR", amountMinor: 2_000 }] },
      p4: { impressions: 50, addToCarts: 0, addToCartRate: 0, attributedOrders: 0, attributedRevenue: [] },
    });
  });
});

describe("a product's view", () => {
  test("every pair with its figures, those below the minimum support marked, and the stored list", async () => {
    const view = await productView(admin.runtime.db, admin.shopId, "p1", NOW);
    expect(view?.product).toMatchObject({ productId: "p1", title: "Kaffeemühle", inCatalogue: true });
    expect(view?.orders).toBe(5);
    expect(view?.pairs.map((pair) => [pair.productId, pair.title, pair.figures.orders, pair.belowMinSupport, pair.aboveChance])).toEqual([
      ["p2", "Kaffeebohnen", 4, false, true],
      ["p3", "Filter", 1, true, true],
    ]);
    // Scored as the stored list scored it (same time): 4 of p1's 5 orders, p2 in 5 of 11.
    const stored = await admin.runtime.db.recommendationList.findUniqueOrThrow({ where: { shopId_productId: { shopId: admin.shopId, productId: "p1" } } });
    const listed = z.array(z.object({ figures: z.record(z.string(), z.number()) })).parse(stored.pairs)[0]?.figures ?? {};
    for (const [name, value] of Object.entries(listed)) expect(view?.pairs[0]?.figures[name as keyof PairFigures]).toBeCloseTo(value, 9);
    expect(view?.pairs[0]?.figures.confidence).toBeCloseTo(0.8, 1);
    expect(view?.storedList?.pairs).toEqual([{ productId: "p2", title: "Kaffeebohnen" }]);
    expect(await productView(admin.runtime.db, admin.shopId, "nope", NOW)).toBeNull();
  });
});

describe("rules", () => {
  test("pins come first in the merchant's order and exclusions leave the block, without a recompute", async () => {
    const { db } = admin.runtime;
    const shopId = admin.shopId;
    const block = async () => (await recommendationsFor(db, shopId, { productIds: ["p1"], customerId: null })).items.map((item) => [item.productId, item.source]);
    expect((await block())[0]).toEqual(["p2", "pair"]);

    await pinProduct(db, shopId, "p1", "p5", null);
    await pinProduct(db, shopId, "p1", "p3", 1);
    expect(await productRules(db, shopId, "p1")).toEqual({ pins: ["p3", "p5"], exclusions: [] });
    expect((await block()).slice(0, 3)).toEqual([["p3", "pin"], ["p5", "pin"], ["p2", "pair"]]);

    await movePin(db, shopId, "p1", "p5", "up");
    await excludeProduct(db, shopId, "p1", "p2");
    expect(await productRules(db, shopId, "p1")).toEqual({ pins: ["p5", "p3"], exclusions: ["p2"] });
    expect((await block()).map(([productId]) => productId)).not.toContain("p2");

    // Excluding a pinned product turns the pin into the exclusion.
    await excludeProduct(db, shopId, "p1", "p3");
    expect(await productRules(db, shopId, "p1")).toEqual({ pins: ["p5"], exclusions: ["p3", "p2"] });

    for (const target of ["p2", "p3", "p5"]) await removeRule(db, shopId, "p1", target);
    expect(await productRules(db, shopId, "p1")).toEqual({ pins: [], exclusions: [] });
    expect((await block())[0]).toEqual(["p2", "pair"]);
  });

  test("the product itself and a product the shop does not know are refused", async () => {
    const { db } = admin.runtime;
    await expect(pinProduct(db, admin.shopId, "p1", "p1", null)).rejects.toEqual(new RuleRefused("self"));
    await expect(excludeProduct(db, admin.shopId, "p1", "ghost")).rejects.toEqual(new RuleRefused("unknownProduct"));
    expect(await productRules(db, admin.shopId, "p1")).toEqual({ pins: [], exclusions: [] });
  });
});

describe("overview", () => {
  test("products the most ordered first, with pairs at the minimum support, the top recommendation and rules; search", async () => {
    const { db } = admin.runtime;
    await pinProduct(db, admin.shopId, "p2", "p4", null);
    const page = await listRecommendationProducts(db, admin.shopId, { page: 1, now: NOW });
    expect(page.totalCount).toBe(5);
    expect(page.rows.slice(0, 2)).toEqual([
      { productId: "p2", title: "Kaffeebohnen", orders: 5, pairsAboveMinSupport: 1, topRecommendation: { productId: "p1", title: "Kaffeemühle" }, pins: 1, exclusions: 0 },
      { productId: "p1", title: "Kaffeemühle", orders: 5, pairsAboveMinSupport: 1, topRecommendation: { productId: "p2", title: "Kaffeebohnen" }, pins: 0, exclusions: 0 },
    ]);
    const found = await listRecommendationProducts(db, admin.shopId, { page: 1, search: "tee", now: NOW });
    expect(found.rows.map((row) => row.productId)).toEqual(["p4"]);
    await removeRule(db, admin.shopId, "p2", "p4");
  });

  test("the page shows the figures and the engine; rebuild now queues one rebuild", async () => {
    const { db } = admin.runtime;
    const status = await engineStatus(db, admin.shopId);
    expect(status.ordersCounted).toBe(11);
    expect(status.rebuiltAt).toBe(NOW.toISOString());
    const page = await admin.get(overviewLoader, `${URL_BASE}?period=12m`);
    expect(page.state.period).toBe("12m");
    expect(page.figures.impressions).toBe(1_300);
    expect(page.products.rows).toHaveLength(5);

    await db.job.deleteMany({ where: { kind: RECOMMENDATIONS_REBUILD_JOB } });
    expect(await admin.post(overviewAction, URL_BASE, { intent: "rebuild" })).toEqual({ kind: "rebuildQueued" });
    await admin.post(overviewAction, URL_BASE, { intent: "rebuild" });
    expect(await queuedRebuilds()).toBe(1);
    expect((await admin.get(overviewLoader, URL_BASE)).engine.rebuildQueued).toBe(true);
    await db.job.deleteMany({ where: { kind: RECOMMENDATIONS_REBUILD_JOB } });
  });
});

describe("the product page", () => {
  test("shows the block, the pairs and the statistics; pins and excludes; refuses the product itself", async () => {
    const url = `${URL_BASE}/p1`;
    const params = { productId: "p1" };
    const page = await admin.get(productLoader, url, params);
    expect(page.view.pairs.map((pair) => pair.productId)).toEqual(["p2", "p3"]);
    expect(page.preview[0]).toMatchObject({ productId: "p2", source: "pair" });
    expect(page.targetStats.map((row) => [row.productId, row.title, row.impressions, row.attributedOrders])).toEqual([
      ["p2", "Kaffeebohnen", 200, 2],
      ["p4", "Teekanne", 50, 0],
    ]);

    const post = async (fields: Record<string, string>) =>
      answer(
        await productAction({
          request: await signedAdminRequest("recommendations-admin", new Request(url, { method: "POST", body: new URLSearchParams(fields) })),
          params,
          context: { runtime: admin.runtime },
        }),
      );
    expect(await post({ intent: "add", target: "p3", kind: "pin", position: "1" })).toEqual({ status: 200, body: { kind: "done", change: "pin", product: "Filter" } });
    expect(await post({ intent: "exclude", target: "p2" })).toEqual({ status: 200, body: { kind: "done", change: "exclude", product: "Kaffeebohnen" } });
    const after = await admin.get(productLoader, url, params);
    expect(after.preview[0]).toMatchObject({ productId: "p3", source: "pin" });
    expect(after.preview.map((item) => item.productId)).not.toContain("p2");
    expect(after.view.pins).toEqual([{ productId: "p3", title: "Filter" }]);

    expect(await post({ intent: "pin", target: "p1" })).toEqual({ status: 400, body: { kind: "refused", reason: "self" } });
    expect(await post({ intent: "add", target: "p4", kind: "pin", position: "null" })).toEqual({ status: 400, body: { kind: "refused", reason: "position" } });
    await post({ intent: "remove", target: "p3" });
    await post({ intent: "remove", target: "p2" });
    expect(await productRules(admin.runtime.db, admin.shopId, "p1")).toEqual({ pins: [], exclusions: [] });

    expect((await thrownResponse(admin.get(productLoader, `${URL_BASE}/ghost`, { productId: "ghost" }))).status).toBe(404);
  });
});

describe("settings", () => {
  test("a save queues a rebuild; invalid values are answered at their fields", async () => {
    const { db } = admin.runtime;
    const url = `${URL_BASE}/settings`;
    expect((await admin.get(settingsLoader, url)).settings).toEqual(DEFAULT_RECOMMENDATION_SETTINGS);
    await db.job.deleteMany({ where: { kind: RECOMMENDATIONS_REBUILD_JOB } });
    const fields = recommendationSettingsToFields(DEFAULT_RECOMMENDATION_SETTINGS, "de");

    const refused = answer(await admin.post(settingsAction, url, { ...fields, k: "0", halfLifeDays: "lang" }));
    expect(refused).toEqual({ status: 400, body: { ok: false, errors: { k: { code: "min", limit: 1 }, halfLifeDays: { code: "number" } } } });
    expect(await queuedRebuilds()).toBe(0);

    const saved = answer(await admin.post(settingsAction, url, { ...fields, halfLifeDays: "30", minSupportWeight: "2,5" }));
    expect(saved).toEqual({ status: 200, body: { ok: true, rebuilding: true } });
    expect(await recommendationSettings(db, admin.shopId)).toMatchObject({ halfLifeDays: 30, minSupportWeight: 2.5 });
    expect(await queuedRebuilds()).toBe(1);

    // Saving the same settings again changes nothing and queues nothing.
    await db.job.deleteMany({ where: { kind: RECOMMENDATIONS_REBUILD_JOB } });
    expect(answer(await admin.post(settingsAction, url, { ...fields, halfLifeDays: "30", minSupportWeight: "2,5" })).body).toEqual({ ok: true, rebuilding: false });
    expect(await queuedRebuilds()).toBe(0);

    // A new k only shapes the lists: they are computed anew from the stored figures, no rebuild.
    const listJobs = () => db.job.count({ where: { kind: RECOMMENDATIONS_LISTS_JOB, status: "QUEUED", payload: { path: ["shopId"], equals: admin.shopId } } });
    const listsBefore = await listJobs();
    expect(answer(await admin.post(settingsAction, url, { ...fields, halfLifeDays: "30", minSupportWeight: "2,5", k: "6" })).body).toEqual({ ok: true, rebuilding: true });
    expect(await queuedRebuilds()).toBe(0);
    expect(await listJobs()).toBe(listsBefore + 1);
  });
});

describe("order page", () => {
  test("a line added from a block names the product whose block it came from", async () => {
    const detail = await getOrderDetail(admin.runtime.db, { id: admin.shopId }, attributedOrderId);
    expect(detail?.lineItems.map((line) => [line.title, line.recommendedFrom])).toEqual([
      ["p1", null],
      ["p2", { productId: "p1", title: "Kaffeemühle" }],
    ]);
  });
});
