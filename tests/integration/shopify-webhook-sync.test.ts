import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { JobQueue } from "~/jobs/queue.server";
import type { Runtime } from "~/runtime.server";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { sendWebhook, deliverWebhook, TEST_SHOP } from "../helpers/shopify-webhooks";
import { startTestRuntime } from "../helpers/test-runtime";

let runtime: Runtime;
let queue: JobQueue;

beforeAll(async () => {
  runtime = await startTestRuntime();
  queue = new JobQueue(runtime.db, { concurrency: 1, retryBaseMs: 0 }).register(runtime.jobHandlers);
});
afterAll(async () => {
  await runtime.close();
});
beforeEach(async () => {
  await runtime.db.job.deleteMany();
  await runtime.db.webhookDelivery.deleteMany();
  await runtime.db.shop.deleteMany();
});

async function shopId(domain = TEST_SHOP) {
  return (await runtime.db.shop.findFirstOrThrow({ where: { domain } })).id;
}

describe("Shopify webhook intake", () => {
  test("a signed orders/create is answered 200, stored, and processed into the CRM store", async () => {
    const response = await sendWebhook("orders/create", { eventId: "evt-1" });
    expect(response.status).toBe(200);
    const stored = await runtime.db.webhookDelivery.findFirstOrThrow();
    expect(stored).toMatchObject({ topic: "orders/create", status: "RECEIVED", eventId: "evt-1", shopDomain: TEST_SHOP });
    expect(stored.rawBody).toContain("450789469123456781");

    // Its processing job, then the outbox's jobs handing its facts to the programs (loyalty,
    // referrals, recommendations), and the recommendations' first rebuild for the new shop.
    expect(await queue.drain()).toBe(5);

    const order = await runtime.db.order.findFirstOrThrow({ include: { lineItems: true, discountCodes: true, customer: true } });
    expect(order.platformId).toBe("450789469123456781");
    expect(order.totalMinor).toBeGreaterThan(0n);
    expect(order.currency).toBe("EUR");
    expect(order.presentmentCurrency).toBe("CHF");
    expect(order.lineItems.length).toBeGreaterThan(0);
    expect(order.discountCodes.map((code) => code.code)).toEqual(["WELCOME10"]);
    expect(order.customer).toMatchObject({
      platformId: "207119551123456783",
      emailNormalized: "ana.example@example.com",
      ordersCount: 1,
      totalSpentMinor: order.totalMinor,
    });
    expect(await runtime.db.webhookDelivery.findFirstOrThrow()).toMatchObject({ status: "PROCESSED" });
    const timeline = await runtime.db.timelineEvent.findMany({ where: { customerId: order.customerId! } });
    expect(timeline.map((event) => event.kind)).toContain("order.placed");
  });

  test("a repeated delivery (same event id) is acknowledged and applied once", async () => {
    for (let i = 0; i < 3; i += 1) {
      const response = await sendWebhook("orders/create", { eventId: "evt-dup", webhookId: `w-${i}` });
      expect(response.status).toBe(200);
    }
    expect(await runtime.db.webhookDelivery.count()).toBe(1);
    await queue.drain();
    expect(await runtime.db.order.count()).toBe(1);
    expect(await runtime.db.orderLineItem.count()).toBe(
      (await runtime.db.orderLineItem.findMany({ distinct: ["platformId"] })).length,
    );
  });

  test("a bad HMAC gets 401 and nothing is stored", async () => {
    const response = await sendWebhook("orders/create", { hmac: "bm90IHRoZSByaWdodCBobWFj" });
    expect(response.status).toBe(401);
    const other = await sendWebhook("orders/create", { secret: "another-apps-secret" });
    expect(other.status).toBe(401);
    expect(await runtime.db.webhookDelivery.count()).toBe(0);
    expect(await runtime.db.job.count()).toBe(0);
  });

  test("malformed JSON, correctly signed, is stored as signed and parked when processed", async () => {
    // The intake does not parse bodies: Shopify signed it, so it is kept, and the error shows.
    const response = await sendWebhook("orders/create", { body: '{"id": 1, "broken": ' });
    expect(response.status).toBe(200);
    await queue.drain();
    const parked = await runtime.db.webhookDelivery.findFirstOrThrow();
    expect(parked).toMatchObject({ status: "PARKED", rawBody: '{"id": 1, "broken": ' });
    expect(await runtime.db.order.count()).toBe(0);
  });

  test("a delivery for another topic than the route's is refused", async () => {
    const response = await sendWebhook("orders/create", { topic: "orders/paid", body: shopifyFixture("orders/create") });
    expect(response.status).toBe(400);
    expect(await runtime.db.webhookDelivery.count()).toBe(0);
  });

  test("a payload of the wrong shape is parked with its error, the rest of the batch goes on", async () => {
    const broken = replaceAll(shopifyFixture("orders/create"), '"id": 450789469123456781,', '"id": "not-an-id",');
    expect((await sendWebhook("orders/create", { body: broken })).status).toBe(200);
    expect((await sendWebhook("products/create")).status).toBe(200);

    await queue.drain();

    const parked = await runtime.db.webhookDelivery.findFirstOrThrow({ where: { topic: "orders/create" } });
    expect(parked.status).toBe("PARKED");
    expect(parked.error).toMatch(/id/);
    expect(await runtime.db.order.count()).toBe(0);
    expect(await runtime.db.product.count()).toBe(1);
  });
});

describe("ordering and freshness", () => {
  const newer = (body: string) =>
    replaceAll(body, '"updated_at": "2024-05-14T10:15:05+02:00"', '"updated_at": "2024-05-20T09:00:00+02:00"');

  test("an update that arrives before the create wins; the late create is ignored", async () => {
    const updatedBody = replaceAll(newer(shopifyFixture("orders/create")), '"fulfillment_status": null', '"fulfillment_status": "fulfilled"');
    await deliverWebhook("orders/updated", { body: updatedBody });
    await queue.drain();
    await deliverWebhook("orders/create");
    await queue.drain();

    const order = await runtime.db.order.findFirstOrThrow();
    expect(order.fulfillmentStatus).toBe("fulfilled");
    expect(order.sourceUpdatedAt.toISOString()).toBe("2024-05-20T07:00:00.000Z");
    const late = await runtime.db.webhookDelivery.findFirstOrThrow({ where: { topic: "orders/create" } });
    expect(late.status).toBe("IGNORED");
  });

  test("a refund that arrives before its order is retried until the order is there", async () => {
    const patientQueue = new JobQueue(runtime.db, { concurrency: 1, retryBaseMs: 60_000 }).register(runtime.jobHandlers);
    await deliverWebhook("refunds/create");
    await patientQueue.drain();
    const waiting = await runtime.db.webhookDelivery.findFirstOrThrow();
    expect(waiting).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(waiting.error).toContain("OrderNotSyncedError");
    const retry = await runtime.db.job.findFirstOrThrow();
    expect(retry.status).toBe("QUEUED");
    expect(retry.runAt.getTime()).toBeGreaterThan(Date.now() + 50_000);

    await deliverWebhook("orders/create");
    await patientQueue.drain();
    await runtime.db.job.updateMany({ where: { status: "QUEUED" }, data: { runAt: new Date() } });
    await patientQueue.drain();

    const order = await runtime.db.order.findFirstOrThrow({ include: { refunds: true, customer: true } });
    expect(order.refunds).toHaveLength(1);
    expect(order.totalRefundedMinor).toBe(order.refunds[0]!.amountMinor);
    expect(order.customer!.totalSpentMinor).toBe(order.totalMinor - order.totalRefundedMinor);
    expect(await runtime.db.webhookDelivery.count({ where: { status: "PROCESSED" } })).toBe(2);
  });

  test("an order with two refunds counts both, and a cancelled order leaves the lifetime figures", async () => {
    await deliverWebhook("orders/updated");
    await deliverWebhook("orders/cancelled");
    await queue.drain();

    const refunded = await runtime.db.order.findFirstOrThrow({
      where: { platformId: "450789469123456793" },
      include: { refunds: { include: { lineItems: true } }, customer: true },
    });
    expect(refunded.refunds).toHaveLength(2);
    const refundSum = refunded.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0n);
    expect(refunded.totalRefundedMinor).toBe(refundSum);
    expect(refunded.customer).toMatchObject({ ordersCount: 1, totalRefundedMinor: refundSum });

    const cancelled = await runtime.db.order.findFirstOrThrow({
      where: { platformId: "450789469123456817" },
      include: { customer: true },
    });
    expect(cancelled.cancelledAt).not.toBeNull();
    expect(cancelled.customer).toMatchObject({ ordersCount: 0, totalSpentMinor: 0n });
  });

  test("a guest order makes a guest customer; registering later keeps one person with the history", async () => {
    await deliverWebhook("orders/paid");
    await queue.drain();
    const guest = await runtime.db.customer.findFirstOrThrow();
    expect(guest).toMatchObject({ isGuest: true, platformId: null, emailNormalized: "guest.buyer@example.net", ordersCount: 1 });

    const registration = replaceAll(
      shopifyFixture("customers/create"),
      "Dana.Example+shop@Example.com",
      "guest.buyer@EXAMPLE.net",
    );
    await deliverWebhook("customers/create", { body: registration });
    await queue.drain();

    const customers = await runtime.db.customer.findMany();
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ id: guest.id, isGuest: false, platformId: "207119551123456821", ordersCount: 1 });
  });

  test("products: create, stale update ignored, newer update applied, delete tombstones", async () => {
    await deliverWebhook("products/update");
    await deliverWebhook("products/create");
    await queue.drain();
    const product = await runtime.db.product.findFirstOrThrow({ include: { variants: true } });
    expect(product.sourceUpdatedAt!.toISOString()).toBe("2024-09-02T15:45:10.000Z");
    expect(product.variants.length).toBeGreaterThan(0);
    expect(product.variants.every((variant) => variant.currency === "EUR")).toBe(true);

    await deliverWebhook("products/delete", { triggeredAt: "2024-10-01T00:00:00Z" });
    await queue.drain();
    expect((await runtime.db.product.findFirstOrThrow()).deletedAt?.toISOString()).toBe("2024-10-01T00:00:00.000Z");
  });
});

describe("tenancy", () => {
  test("the same platform ids in two shops are two separate records", async () => {
    await deliverWebhook("orders/create", { shop: "shop-a.myshopify.com" });
    await deliverWebhook("orders/create", { shop: "shop-b.myshopify.com" });
    await queue.drain();
    const [a, b] = [await shopId("shop-a.myshopify.com"), await shopId("shop-b.myshopify.com")];
    const orders = await runtime.db.order.findMany({ select: { shopId: true, customerId: true } });
    expect(orders.map((order) => order.shopId).sort()).toEqual([a, b].sort());
    expect(await runtime.db.customer.count({ where: { shopId: a } })).toBe(1);
    expect(await runtime.db.customer.count({ where: { shopId: b } })).toBe(1);
    const crossLinked = await runtime.db.order.count({ where: { shopId: a, customer: { shopId: b } } });
    expect(crossLinked).toBe(0);
  });
});
