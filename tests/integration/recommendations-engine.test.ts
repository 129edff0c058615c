import { describe, expect, test } from "vitest";
import { decayFactor } from "~/core/recommendations/decay";
import type { ScoredPair } from "~/core/recommendations/pair-scores";
import { enqueueRebuild, saveRecommendationSettings } from "~/core/recommendations/program.server";
import { DEFAULT_RECOMMENDATION_SETTINGS, type RecommendationSettings } from "~/core/recommendations/settings";
import type { Db } from "~/db/prisma.server";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { setUpRecommendationsTest, storeOrder, storeProduct, storeRefund } from "../helpers/recommendations";
import { deliverWebhook } from "../helpers/shopify-webhooks";

// The recommendation engine on the store: paid orders build the decayed pair figures and the
// stored lists, refunds and cancellations take their share out again, product changes reach the
// lists, and the rebuild job ends where the incremental path does.

const DAY = 86_400_000;
const NOW = new Date("2024-06-01T00:00:00Z");
const t = setUpRecommendationsTest(NOW);

async function configure(overrides: Partial<RecommendationSettings>): Promise<string> {
  const shopId = await t.shopId();
  await t.runtime.db.$transaction((tx) => saveRecommendationSettings(tx, shopId, { ...DEFAULT_RECOMMENDATION_SETTINGS, ...overrides }, t.clock));
  // The settings' rebuild (of nothing yet) puts the half-life in force.
  await t.queue.drain();
  return shopId;
}

/** Stores a paid order of the products at `at` and tells the subscriber; returns our id. */
let orderNumber = 0;
async function paidOrder(shopId: string, products: ReadonlyArray<string | [string, number]>, at = t.clock): Promise<string> {
  orderNumber += 1;
  const orderId = await storeOrder(t.runtime.db, shopId, { platformId: `order-${orderNumber}`, products, at });
  await t.announce("order.paid", orderId);
  return orderId;
}

async function list(shopId: string, productId: string): Promise<ScoredPair[]> {
  const row = await t.runtime.db.recommendationList.findUnique({ where: { shopId_productId: { shopId, productId } } });
  return (row?.pairs ?? []) as unknown as ScoredPair[];
}

const listed = async (shopId: string, productId: string) => (await list(shopId, productId)).map((pair) => pair.productId);

/** Everything stored for the shop, the weights as of now (independent of the reference time). */
async function snapshot(db: Db, shopId: string, now: Date) {
  const program = await db.recommendationProgram.findUniqueOrThrow({ where: { shopId } });
  const factor = decayFactor(program.referenceAt.getTime(), now.getTime(), program.halfLifeMs);
  const products = await db.recommendationProduct.findMany({ where: { shopId }, orderBy: { productId: "asc" } });
  const pairs = await db.recommendationPair.findMany({ where: { shopId }, orderBy: [{ firstProductId: "asc" }, { secondProductId: "asc" }] });
  const lists = await db.recommendationList.findMany({ where: { shopId }, orderBy: { productId: "asc" } });
  const orders = await db.recommendationOrder.findMany({ where: { shopId }, orderBy: { orderId: "asc" } });
  return {
    orders: orders.map((row) => ({ orderId: row.orderId, products: row.products, placedAt: row.placedAt.getTime() })),
    totalOrders: program.totalOrders,
    totalWeight: program.totalWeight * factor,
    products: products.map((row) => ({ productId: row.productId, orders: row.orders, weight: row.weight * factor })),
    pairs: pairs.map((row) => ({ first: row.firstProductId, second: row.secondProductId, orders: row.orders, weight: row.weight * factor })),
    lists: lists.map((row) => ({ productId: row.productId, pairs: row.pairs as unknown as ScoredPair[] })),
  };
}

type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** Equal but for floating-point rounding: numbers within a relative 1e-9. */
function expectClose(actual: Snapshot, expected: Snapshot) {
  const close = (a: unknown, b: unknown, path: string): void => {
    if (typeof a === "number" && typeof b === "number") {
      expect(Math.abs(a - b), `${path}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
    } else if (Array.isArray(a) && Array.isArray(b)) {
      expect(a.length, `${path}.length`).toBe(b.length);
      a.forEach((item, i) => close(item, b[i], `${path}[${i}]`));
    } else if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
      expect(Object.keys(a).sort(), path).toEqual(Object.keys(b).sort());
      for (const key of Object.keys(a)) close((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    } else {
      expect(a, path).toEqual(b);
    }
  };
  close(actual, expected, "state");
}

/** Paid orders of the filler product D alone: they lower every product's share, so pairs rise above chance. */
async function fillers(shopId: string, count: number) {
  for (let i = 0; i < count; i += 1) await paidOrder(shopId, ["D"]);
}

async function rebuildNow(shopId: string) {
  await enqueueRebuild(t.runtime.db, shopId);
  await t.queue.drain();
}

describe("incremental figures", () => {
  test("paid orders store their products, pairs and lists with support, confidence and lift", async () => {
    const shopId = await configure({ minSupportWeight: 0 });
    // An order recomputes only its own products' lists: the one with all three comes last.
    await fillers(shopId, 3);
    await paidOrder(shopId, ["C"]);
    await paidOrder(shopId, ["A"]);
    await paidOrder(shopId, ["A", "B"]);
    await paidOrder(shopId, ["A", "B", ["C", 3]]);

    const state = await snapshot(t.runtime.db, shopId, t.clock);
    expect(state.totalOrders).toBe(7);
    expect(state.totalWeight).toBeCloseTo(7, 12);
    expect(state.products.map((row) => [row.productId, row.orders])).toEqual([["A", 3], ["B", 2], ["C", 2], ["D", 3]]);
    expect(state.pairs.map((row) => [row.first, row.second, row.orders])).toEqual([["A", "B", 2], ["A", "C", 1], ["B", "C", 1]]);
    // Bought A, also bought B: 2 of A's 3 orders, while B is in 2 of all 7.
    const [b, c] = await list(shopId, "A");
    expect(b).toMatchObject({ productId: "B", figures: { orders: 2 } });
    expect(b!.figures.support).toBeCloseTo(2 / 7, 12);
    expect(b!.figures.confidence).toBeCloseTo(2 / 3, 12);
    expect(b!.figures.lift).toBeCloseTo(2 / 3 / (2 / 7), 12);
    expect(b!.figures.weight).toBeCloseTo(2, 12);
    expect(c).toMatchObject({ productId: "C", figures: { orders: 1 } });
    expect(c!.figures.lift).toBeCloseTo(1 / 3 / (2 / 7), 12);
    // Equal confidence: the higher lift first.
    expect(await listed(shopId, "C")).toEqual(["B", "A"]);
    expect(await listed(shopId, "D")).toEqual([]);
  });

  test("an order a half-life old counts half", async () => {
    const shopId = await configure({ minSupportWeight: 0, halfLifeDays: 30 });
    await fillers(shopId, 2);
    await paidOrder(shopId, ["A", "B"], new Date(NOW.getTime() - 30 * DAY));
    await paidOrder(shopId, ["A", "C"]);
    const [c, b] = await list(shopId, "A");
    expect(c).toMatchObject({ productId: "C" });
    expect(c!.figures.weight).toBeCloseTo(1, 9);
    expect(b!.figures.weight).toBeCloseTo(0.5, 9);
    expect(b!.figures.confidence).toBeCloseTo(0.5 / 1.5, 9);
  });

  test("a refunded line takes its pairs' share out; a partial refund keeps the product", async () => {
    const shopId = await configure({ minSupportWeight: 0 });
    await fillers(shopId, 2);
    const orderId = await paidOrder(shopId, ["A", ["B", 2], "C"]);
    await storeRefund(t.runtime.db, shopId, orderId, "B", 1, t.clock);
    await t.announce("refund.applied", orderId);
    expect(await listed(shopId, "A")).toEqual(["B", "C"]);

    await storeRefund(t.runtime.db, shopId, orderId, "C", 1, t.clock);
    await t.announce("refund.applied", orderId);
    const state = await snapshot(t.runtime.db, shopId, t.clock);
    expect(state.pairs.map((row) => [row.first, row.second, row.orders])).toEqual([["A", "B", 1]]);
    expect(state.products.map((row) => row.productId)).toEqual(["A", "B", "D"]);
    expect(await listed(shopId, "A")).toEqual(["B"]);
    expect(await listed(shopId, "C")).toEqual([]);
    expect((await t.runtime.db.recommendationOrder.findUniqueOrThrow({ where: { orderId } })).products).toEqual(["A", "B"]);
  });

  test("a cancelled order leaves the figures; a fact seen twice changes nothing", async () => {
    const shopId = await configure({ minSupportWeight: 0 });
    await paidOrder(shopId, ["A", "B"]);
    const cancelled = await paidOrder(shopId, ["A", "C"]);
    await fillers(shopId, 2);
    await t.announce("order.paid", cancelled);
    expect((await snapshot(t.runtime.db, shopId, t.clock)).totalOrders).toBe(4);

    await t.runtime.db.order.update({ where: { id: cancelled }, data: { cancelledAt: t.clock } });
    await t.announce("order.cancelled", cancelled);
    await t.announce("order.cancelled", cancelled);
    const state = await snapshot(t.runtime.db, shopId, t.clock);
    expect(state.totalOrders).toBe(3);
    expect(state.totalWeight).toBeCloseTo(3, 12);
    expect(state.pairs.map((row) => [row.first, row.second])).toEqual([["A", "B"]]);
    expect(await t.runtime.db.recommendationOrder.count({ where: { shopId } })).toBe(3);
    expect(await listed(shopId, "A")).toEqual(["B"]);
  });

  test("the minimum support hides pairs bought together too rarely", async () => {
    const shopId = await configure({ minSupportWeight: 3 });
    await fillers(shopId, 5);
    for (let i = 0; i < 3; i += 1) await paidOrder(shopId, ["A", "B"]);
    for (let i = 0; i < 2; i += 1) await paidOrder(shopId, ["A", "C"]);
    expect(await listed(shopId, "A")).toEqual(["B"]);
    expect(await listed(shopId, "C")).toEqual([]);
    await paidOrder(shopId, ["A", "C"]);
    expect(await listed(shopId, "C")).toEqual(["A"]);
  });
});

describe("orders that do not count", () => {
  test("the import's paid orders build the figures; its unpaid ones, test orders and live order.placed do not", async () => {
    const shopId = await configure({ minSupportWeight: 0 });
    const db = t.runtime.db;
    await fillers(shopId, 2);
    const imported = await storeOrder(db, shopId, { platformId: "imported", products: ["A", "B"], at: t.clock });
    await t.announceImported(imported, true);
    const pending = await storeOrder(db, shopId, { platformId: "pending", products: ["A", "C"], at: t.clock, financialStatus: "pending" });
    await t.announceImported(pending, false);
    // A paid fact for an order the store does not hold as paid changes nothing either.
    await t.announce("order.paid", pending);
    const test = await storeOrder(db, shopId, { platformId: "test", products: ["A", "C"], at: t.clock, test: true });
    await t.announce("order.paid", test);
    const state = await snapshot(db, shopId, t.clock);
    expect(state.totalOrders).toBe(3);
    expect(state.pairs.map((row) => [row.first, row.second, row.orders])).toEqual([["A", "B", 1]]);
    // The import's lists come with the refresh.
    expect(await listed(shopId, "A")).toEqual([]);
    await t.queue.drain();
    expect(await listed(shopId, "A")).toEqual(["B"]);
  });
});

describe("the program", () => {
  test("is made with the default settings on the first order, and queues a rebuild that takes in the orders from before", async () => {
    const shopId = await t.shopId();
    await storeOrder(t.runtime.db, shopId, { platformId: "before", products: ["A", "B"], at: t.clock });
    await paidOrder(shopId, ["A", "C"]);
    const program = await t.runtime.db.recommendationProgram.findUniqueOrThrow({ where: { shopId } });
    expect(program.settings).toEqual(DEFAULT_RECOMMENDATION_SETTINGS);
    expect(program.totalOrders).toBe(1);
    await t.queue.drain();
    expect((await t.runtime.db.recommendationProgram.findUniqueOrThrow({ where: { shopId } })).totalOrders).toBe(2);
  });
});

describe("the hourly refresh", () => {
  test("lists an order did not touch catch up with the totals it moved", async () => {
    const shopId = await configure({ minSupportWeight: 0 });
    await paidOrder(shopId, ["A", "B"]);
    // Alone, the pair is no likelier than chance; the orders of D make it so, but touch only D.
    await fillers(shopId, 2);
    expect(await listed(shopId, "A")).toEqual([]);
    expect(await t.runtime.db.job.count({ where: { kind: "recommendations.lists", status: "QUEUED", payload: { path: ["shopId"], equals: shopId } } })).toBe(1);
    await t.queue.drain();
    expect(await listed(shopId, "A")).toEqual(["B"]);
    expect((await list(shopId, "A"))[0]!.figures.support).toBeCloseTo(1 / 3, 12);
  });
});

describe("products that cannot be bought", () => {
  test("an unpublished, sold-out or deleted product leaves its partners' lists and comes back when available again", async () => {
    const shopId = await configure({ minSupportWeight: 0 });
    for (const product of ["A", "B", "C"]) await storeProduct(t.runtime.db, shopId, product);
    await fillers(shopId, 2);
    await paidOrder(shopId, ["A", "B", "C"]);
    expect(await listed(shopId, "A")).toEqual(["B", "C"]);

    await storeProduct(t.runtime.db, shopId, "B", { status: "draft" });
    await t.announceProduct("B");
    expect(await listed(shopId, "A")).toEqual(["C"]);
    expect(await listed(shopId, "C")).toEqual(["A"]);

    await storeProduct(t.runtime.db, shopId, "B", { available: false });
    await t.announceProduct("B");
    expect(await listed(shopId, "A")).toEqual(["C"]);

    await storeProduct(t.runtime.db, shopId, "B");
    await t.announceProduct("B");
    expect(await listed(shopId, "A")).toEqual(["B", "C"]);

    await storeProduct(t.runtime.db, shopId, "C", { deleted: true });
    await t.announceProduct("C");
    expect(await listed(shopId, "A")).toEqual(["B"]);
    expect(await listed(shopId, "B")).toEqual(["A"]);
  });
});

describe("the rebuild", () => {
  test("incremental orders, refunds and cancellations end where the rebuild job does", async () => {
    const shopId = await configure({ minSupportWeight: 0.5, halfLifeDays: 20, k: 2 });
    const catalogue = ["P1", "P2", "P3", "P4", "P5", "P6"];
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647);
    const orders: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const products = catalogue.filter(() => next() % 3 === 0);
      if (products.length === 0) products.push(catalogue[next() % catalogue.length]!);
      // Out of time order, over a few half-lives.
      orders.push(await paidOrder(shopId, products, new Date(NOW.getTime() - (next() % 90) * DAY)));
    }
    for (const orderId of orders.slice(0, 6)) {
      const line = await t.runtime.db.orderLineItem.findFirstOrThrow({ where: { orderId } });
      await storeRefund(t.runtime.db, shopId, orderId, line.productPlatformId!, 1, t.clock);
      await t.announce("refund.applied", orderId);
    }
    for (const orderId of orders.slice(6, 9)) {
      await t.runtime.db.order.update({ where: { id: orderId }, data: { cancelledAt: t.clock } });
      await t.announce("order.cancelled", orderId);
    }
    // An order recomputes the lists of its own products at once, the others with the hourly refresh.
    await t.queue.drain();
    const incremental = await snapshot(t.runtime.db, shopId, t.clock);
    expect(incremental.pairs.length).toBeGreaterThan(3);
    expect(incremental.lists.length).toBeGreaterThan(3);

    await rebuildNow(shopId);
    expectClose(await snapshot(t.runtime.db, shopId, t.clock), incremental);
  });

  test("the rebuild reads the orders from the store: those the engine never saw count too", async () => {
    const shopId = await configure({ minSupportWeight: 0 });
    await fillers(shopId, 2);
    // Stored before the engine existed: no fact reached it. (A new program queues the rebuild
    // itself; here the settings made the program before the order was stored.)
    await storeOrder(t.runtime.db, shopId, { platformId: "earlier", products: ["A", "B"], at: new Date(NOW.getTime() - DAY) });
    expect((await snapshot(t.runtime.db, shopId, t.clock)).totalOrders).toBe(2);
    await rebuildNow(shopId);
    const state = await snapshot(t.runtime.db, shopId, t.clock);
    expect(state.totalOrders).toBe(3);
    expect(state.orders).toHaveLength(3);
    expect(await listed(shopId, "A")).toEqual(["B"]);
  });

  test("a new half-life rebuilds the weights with it", async () => {
    const shopId = await configure({ minSupportWeight: 0, halfLifeDays: 90 });
    await paidOrder(shopId, ["A", "B"], new Date(NOW.getTime() - 10 * DAY));
    await paidOrder(shopId, ["A", "C"]);
    await fillers(shopId, 2);
    await configure({ minSupportWeight: 0, halfLifeDays: 10 });
    const program = await t.runtime.db.recommendationProgram.findUniqueOrThrow({ where: { shopId } });
    expect(program.halfLifeMs).toBe(10 * DAY);
    const [c, b] = await list(shopId, "A");
    expect(c!.productId).toBe("C");
    expect(b!.figures.weight).toBeCloseTo(0.5, 9);
  });

  test("moving the reference time forward keeps every ratio", async () => {
    const shopId = await configure({ minSupportWeight: 0, halfLifeDays: 1 });
    const long = 600 * DAY;
    t.clock = new Date(NOW.getTime() + long);
    await paidOrder(shopId, ["A", "B"], NOW);
    await paidOrder(shopId, ["A", "C"], NOW);
    const before = await t.runtime.db.recommendationProgram.findUniqueOrThrow({ where: { shopId } });
    // 600 half-lives later: past the largest exponent, so the reference moves.
    await paidOrder(shopId, ["B", "C"], t.clock);
    const after = await t.runtime.db.recommendationProgram.findUniqueOrThrow({ where: { shopId } });
    expect(after.referenceAt.getTime()).toBeGreaterThan(before.referenceAt.getTime() + 500 * DAY);
    const weights = new Map((await t.runtime.db.recommendationProduct.findMany({ where: { shopId } })).map((row) => [row.productId, row.weight]));
    // A's orders are 600 half-lives older than the newest: 2^−600 of it, relative to B and C's.
    expect(weights.get("A")! / (weights.get("B")! - weights.get("A")! / 2)).toBeCloseTo(2 * 2 ** -600 / 1, 200);
    expect((weights.get("A")! / after.totalWeight) * 2 ** 600).toBeCloseTo(2, 9);
    const incremental = await snapshot(t.runtime.db, shopId, t.clock);
    await rebuildNow(shopId);
    expectClose(await snapshot(t.runtime.db, shopId, t.clock), incremental);
  });
});

describe("through the sync", () => {
  test("a Shopify order and its refund reach the figures through the webhook pipeline", async () => {
    const shopId = await configure({ minSupportWeight: 0 });
    await fillers(shopId, 2);
    // The fixture's gift wrapping as a product of its own, so the order has a pair.
    await deliverWebhook("orders/create", { body: replaceAll(shopifyFixture("orders/create"), '"product_id": null', '"product_id": 632910392123456799') });
    await t.queue.drain();
    expect(await listed(shopId, "632910392123456787")).toEqual(["632910392123456799"]);

    // The refund of one of the two sweaters leaves the pair; of the wrapping, takes it out.
    await deliverWebhook("refunds/create");
    await t.queue.drain();
    expect(await listed(shopId, "632910392123456787")).toEqual(["632910392123456799"]);
    let wrappingRefund = shopifyFixture("refunds/create");
    for (const [from, to] of [
      ["509562969123456837", "509562969123456899"],
      ["104689539123456841", "104689539123456899"],
      ["466157049123456783", "466157049123456785"],
    ]) {
      wrappingRefund = replaceAll(wrappingRefund, from!, to!);
    }
    await deliverWebhook("refunds/create", { body: wrappingRefund });
    await t.queue.drain();
    expect(await listed(shopId, "632910392123456787")).toEqual([]);
    const state = await snapshot(t.runtime.db, shopId, t.clock);
    expect(state.products.map((row) => [row.productId, row.orders])).toEqual([["632910392123456787", 1], ["D", 2]]);
  });

  test("a line added from a block keeps the block's product as its source; the other lines have none", async () => {
    await deliverWebhook("orders/paid");
    await t.queue.drain();
    const lines = await t.runtime.db.orderLineItem.findMany({ where: { order: { platformId: "450789469123456805" } }, select: { title: true, recommendedFrom: true } });
    expect(lines).toEqual([{ title: "Merino Socks", recommendedFrom: "632910392123456787" }]);

    await deliverWebhook("orders/create");
    await t.queue.drain();
    const sweaterOrder = await t.runtime.db.orderLineItem.findMany({ where: { order: { platformId: "450789469123456781" } }, select: { recommendedFrom: true } });
    expect(sweaterOrder.length).toBeGreaterThan(0);
    expect(sweaterOrder.every((line) => line.recommendedFrom === null)).toBe(true);
  });
});
