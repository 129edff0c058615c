import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { streamDemoHistory, type DemoDelivery } from "~/demo/history";
import { JobQueue } from "~/jobs/queue.server";
import type { Runtime } from "~/runtime.server";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { deliverWebhook, TEST_SHOP } from "../helpers/shopify-webhooks";
import { startTestRuntime } from "../helpers/test-runtime";

// Deliveries are processed a batch at a time (app/webhooks/process-deliveries.server.ts); these
// tests hold the batch path to the meaning of processing one delivery at a time.

let runtime: Runtime;

beforeAll(async () => {
  // Batches without programs: the jobs counted here are the deliveries' own.
  runtime = await startTestRuntime({ runtime: { outbox: { subscribers: [] } } });
});
afterAll(async () => {
  await runtime.close();
});
beforeEach(async () => {
  await runtime.db.job.deleteMany();
  await runtime.db.webhookDelivery.deleteMany();
  await runtime.db.shop.deleteMany();
  // A shop redaction of an earlier test would keep the shop from coming back (as it should).
  await runtime.db.privacyRequest.deleteMany();
});

function queue(batchSize: number, options: { concurrency?: number; retryBaseMs?: number } = {}) {
  return new JobQueue(runtime.db, {
    concurrency: options.concurrency ?? 1,
    batchSize,
    retryBaseMs: options.retryBaseMs ?? 0,
  }).register(runtime.jobHandlers);
}

async function statusByTopic() {
  const deliveries = await runtime.db.webhookDelivery.findMany({ orderBy: { receivedAt: "asc" } });
  return deliveries.map((delivery) => `${delivery.topic} ${delivery.status}`);
}

const ORDER_CREATED = '"updated_at": "2024-05-14T10:15:05+02:00"';
const laterVersion = (body: string) =>
  replaceAll(
    replaceAll(body, ORDER_CREATED, '"updated_at": "2024-05-20T09:00:00+02:00"'),
    '"fulfillment_status": null',
    '"fulfillment_status": "fulfilled"',
  );

describe("a batch of deliveries", () => {
  test("a malformed delivery in the middle is parked; the rest of the batch is applied", async () => {
    await deliverWebhook("orders/create");
    const broken = replaceAll(shopifyFixture("orders/paid"), '"id": 450789469123456805,', '"id": "not-an-id",');
    await deliverWebhook("orders/paid", { body: broken });
    await deliverWebhook("products/create");
    await deliverWebhook("customers/create");

    expect(await queue(10).drain()).toBe(4);

    expect(await statusByTopic()).toEqual([
      "orders/create PROCESSED",
      "orders/paid PARKED",
      "products/create PROCESSED",
      "customers/create PROCESSED",
    ]);
    expect(await runtime.db.order.count()).toBe(1);
    expect(await runtime.db.product.count()).toBe(1);
    expect(await runtime.db.job.count({ where: { status: "DONE", attempts: 1 } })).toBe(4);
  });

  test("a delivery whose data the database refuses is parked at once with the reason; the rest is applied", async () => {
    await deliverWebhook("orders/create");
    // JSON allows \u0000 in a string; PostgreSQL text and jsonb do not (class 22, every time).
    await deliverWebhook("customers/create", { body: replaceAll(shopifyFixture("customers/create"), '"first_name": "Dana",', '"first_name": "Da\\u0000na",') });
    await deliverWebhook("products/create");

    expect(await queue(10).drain()).toBe(3);

    expect(await statusByTopic()).toEqual(["orders/create PROCESSED", "customers/create PARKED", "products/create PROCESSED"]);
    const parked = await runtime.db.webhookDelivery.findFirstOrThrow({ where: { status: "PARKED" } });
    expect(parked).toMatchObject({ attempts: 1 });
    expect(parked.error).toMatch(/^The database refused the data: .+ \(SQLSTATE 22\w{3}\)$/);
    expect(await runtime.db.job.findFirstOrThrow({ where: { status: "DEAD" } })).toMatchObject({ attempts: 1 });
  });

  test("two versions of one order, newest first: the newest is stored, the older one ignored", async () => {
    await deliverWebhook("orders/updated", { body: laterVersion(shopifyFixture("orders/create")) });
    await deliverWebhook("orders/create");

    await queue(10).drain();

    const order = await runtime.db.order.findFirstOrThrow({ include: { customer: true } });
    expect(order.fulfillmentStatus).toBe("fulfilled");
    expect(order.customer).toMatchObject({ ordersCount: 1 });
    expect(await statusByTopic()).toEqual(["orders/updated PROCESSED", "orders/create IGNORED"]);
  });

  test("two versions of one order, oldest first: each is applied in turn, as one at a time", async () => {
    await deliverWebhook("orders/create");
    await deliverWebhook("orders/updated", { body: laterVersion(shopifyFixture("orders/create")) });

    await queue(10).drain();

    expect((await runtime.db.order.findFirstOrThrow()).fulfillmentStatus).toBe("fulfilled");
    expect(await statusByTopic()).toEqual(["orders/create PROCESSED", "orders/updated PROCESSED"]);
  });

  test("a refund ahead of its order is retried; the order in the same batch is applied", async () => {
    await deliverWebhook("refunds/create");
    await deliverWebhook("orders/create");
    await deliverWebhook("products/create");

    await queue(10, { retryBaseMs: 60_000 }).drain();

    expect(await statusByTopic()).toEqual([
      "refunds/create FAILED",
      "orders/create PROCESSED",
      "products/create PROCESSED",
    ]);
    expect(await runtime.db.order.count()).toBe(1);
    expect(await runtime.db.refund.count()).toBe(0);
    expect(await runtime.db.job.findFirstOrThrow({ where: { status: "QUEUED" } })).toMatchObject({ attempts: 1 });
  });

  test("an order and then its refund in one batch are both applied", async () => {
    await deliverWebhook("orders/create");
    await deliverWebhook("refunds/create");

    await queue(10).drain();

    expect(await statusByTopic()).toEqual(["orders/create PROCESSED", "refunds/create PROCESSED"]);
    const order = await runtime.db.order.findFirstOrThrow({ include: { refunds: true, customer: true } });
    expect(order.refunds).toHaveLength(1);
    expect(order.customer!.totalRefundedMinor).toBe(order.refunds[0]!.amountMinor);
  });

  test("a shop redaction in a batch erases what came before it and what was queued after it", async () => {
    await deliverWebhook("orders/create");
    await deliverWebhook("shop/redact");
    await deliverWebhook("orders/paid");
    await deliverWebhook("orders/create", { shop: "other-shop.myshopify.com" });

    await queue(10).drain();

    const shops = await runtime.db.shop.findMany();
    expect(shops.map((shop) => shop.domain)).toEqual(["other-shop.myshopify.com"]);
    expect(await runtime.db.order.count()).toBe(1);
    expect(await statusByTopic()).toEqual(["orders/create PROCESSED"]);
  });
});

/** A demo history with late and repeated deliveries: what webhooks look like in practice. */
function shuffledHistory(): DemoDelivery[] {
  const deliveries = [...streamDemoHistory({ customers: 12, orders: 40, months: 3 }).deliveries()];
  for (let i = 3; i + 1 < deliveries.length; i += 5) {
    [deliveries[i], deliveries[i + 1]] = [deliveries[i + 1]!, deliveries[i]!];
  }
  return deliveries.flatMap((delivery, i) =>
    i % 7 === 0 ? [delivery, { ...delivery, eventId: `${delivery.eventId}-again` }] : [delivery],
  );
}

async function deliverHistory(shop: string, deliveries: readonly DemoDelivery[]) {
  for (const delivery of deliveries) {
    await deliverWebhook(delivery.topic, {
      shop,
      body: delivery.body,
      eventId: delivery.eventId,
      triggeredAt: delivery.triggeredAt,
    });
  }
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** Everything the CRM holds for a shop, without store ids and write times. */
async function crmState(domain: string) {
  const shop = await runtime.db.shop.findFirstOrThrow({ where: { domain } });
  const customers = await runtime.db.customer.findMany({ where: { shopId: shop.id } });
  const nameOf = new Map(customers.map((c) => [c.id, c.platformId ?? `guest:${c.emailNormalized}`]));
  const orders = await runtime.db.order.findMany({
    where: { shopId: shop.id },
    include: { lineItems: true, discountCodes: true, refunds: { include: { lineItems: true } } },
  });
  const timeline = await runtime.db.timelineEvent.findMany({ where: { shopId: shop.id } });
  const deliveries = await runtime.db.webhookDelivery.findMany({ where: { shopDomain: domain } });
  const sorted = <T>(items: T[]) => items.map(canonical).sort();
  return {
    customers: sorted(
      customers.map(({ id: _id, shopId: _shop, createdAt: _c, updatedAt: _u, ...customer }) => customer),
    ),
    orders: sorted(
      orders.map(({ id: _id, shopId: _shop, createdAt: _c, updatedAt: _u, customerId, lineItems, discountCodes, refunds, ...order }) => ({
        ...order,
        customer: customerId && nameOf.get(customerId),
        lines: sorted(lineItems.map(({ id: _id, orderId: _o, shopId: _s, ...line }) => line)),
        codes: sorted(discountCodes.map(({ id: _id, orderId: _o, shopId: _s, ...code }) => code)),
        refunds: sorted(
          refunds.map(({ id: _id, orderId: _o, shopId: _s, createdAt: _c, lineItems: lines, ...refund }) => ({
            ...refund,
            lines: sorted(lines.map(({ id: _id, refundId: _r, shopId: _s, ...line }) => line)),
          })),
        ),
      })),
    ),
    timeline: sorted(
      timeline.map(({ kind, occurredAt, sourceKey, data, customerId }) => ({
        kind,
        occurredAt,
        sourceKey,
        data,
        customer: nameOf.get(customerId),
      })),
    ),
    deliveries: sorted(deliveries.map(({ topic, eventId, status }) => ({ topic, eventId, status }))),
  };
}

describe("batches and one at a time", () => {
  test("a history with late and repeated deliveries ends in the same CRM state either way", async () => {
    const history = shuffledHistory();
    await deliverHistory("one-at-a-time.myshopify.com", history);
    await queue(1).drain();
    await deliverHistory("batched.myshopify.com", history);
    await queue(32).drain();

    expect(await crmState("batched.myshopify.com")).toEqual(await crmState("one-at-a-time.myshopify.com"));
    expect(await runtime.db.webhookDelivery.count({ where: { status: { notIn: ["PROCESSED", "IGNORED"] } } })).toBe(0);
  });

  test("concurrent batches sharing customers neither deadlock nor lose a lifetime figure", async () => {
    const history = [...streamDemoHistory({ customers: 10, orders: 120, months: 2 }).deliveries()];
    await deliverHistory(TEST_SHOP, history);

    await Promise.all([queue(8, { concurrency: 2 }).drain(), queue(8, { concurrency: 2 }).drain()]);

    // Batches commit in any order, so a refund may be retried until its order is in; nothing
    // else fails, and no batch waited out a lock or deadlocked.
    const jobs = await runtime.db.job.findMany();
    expect(jobs.filter((job) => job.status !== "DONE")).toEqual([]);
    expect(jobs.flatMap((job) => job.lastError ?? []).filter((error) => !error.includes("OrderNotSyncedError"))).toEqual([]);
    expect(await runtime.db.webhookDelivery.count({ where: { status: { notIn: ["PROCESSED", "IGNORED"] } } })).toBe(0);
    const customers = await runtime.db.customer.findMany({ include: { orders: true } });
    for (const customer of customers) {
      const counting = customer.orders.filter((order) => order.cancelledAt === null && !order.test);
      expect(customer.ordersCount).toBe(counting.length);
      expect(customer.totalSpentMinor).toBe(
        counting.reduce((sum, order) => sum + order.totalMinor - order.totalRefundedMinor, 0n),
      );
    }
    expect(customers.reduce((sum, customer) => sum + customer.ordersCount, 0)).toBeGreaterThan(0);
  });
});
