import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { FACT_KINDS, type FactKind } from "~/core/facts/types";
import { applySnapshotBatch } from "~/core/sync/apply-batch.server";
import { lockShopsForSync } from "~/core/sync/shop-lock.server";
import { JobQueue, type JobHandler } from "~/jobs/queue.server";
import { createOutbox, OUTBOX_DELIVER_JOB, type OutboxOptions } from "~/outbox/outbox.server";
import { defineSubscriber, type DeliveredFact, type EachFactSubscriber, type Subscriber } from "~/outbox/subscriber";
import type { Runtime } from "~/runtime.server";
import { PROCESS_DELIVERY_JOB } from "~/webhooks/delivery-log.server";
import { processDeliveries } from "~/webhooks/process-deliveries.server";
import { processDeliveryJob } from "~/webhooks/process-delivery.job.server";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { findTextInStore } from "../helpers/personal-data";
import { deliverWebhook, TEST_SHOP } from "../helpers/shopify-webhooks";
import { day, orderSnapshot } from "../helpers/snapshots";
import { startTestRuntime } from "../helpers/test-runtime";

// The domain-event outbox through the real webhook path: deliveries stored by the intake,
// processed by the delivery job with the outbox's port, facts delivered by outbox.deliver jobs.

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime();
  // What test subscribers write: one row per fact applied, in the order applied.
  await runtime.db.$executeRawUnsafe(
    `CREATE TABLE test_ledger (seq serial PRIMARY KEY, subscriber text, fact_id bigint, kind text, customer_id uuid, history boolean)`,
  );
});
afterAll(async () => {
  await runtime.close();
});
beforeEach(async () => {
  await runtime.db.job.deleteMany();
  await runtime.db.webhookDelivery.deleteMany();
  await runtime.db.privacyRequest.deleteMany();
  await runtime.db.$executeRawUnsafe(`DELETE FROM "OutboxFact"`);
  await runtime.db.shop.deleteMany();
  await runtime.db.$executeRawUnsafe(`TRUNCATE test_ledger`);
});

/** A subscriber that writes each fact it takes to the ledger, in the delivering transaction. */
function recorder(name: string, kinds: readonly FactKind[], extra: Partial<EachFactSubscriber> = {}): EachFactSubscriber {
  return defineSubscriber({
    name,
    kinds,
    async handle(fact: DeliveredFact, tx) {
      await tx.$executeRaw`
        INSERT INTO test_ledger (subscriber, fact_id, kind, customer_id, history)
        VALUES (${name}, ${BigInt(fact.id)}, ${fact.kind}, ${fact.customerId}::uuid, ${fact.history})`;
    },
    ...extra,
  } as EachFactSubscriber);
}


function decoders() {
  return Object.fromEntries(runtime.platforms.all.map((adapter) => [adapter.platform, adapter.decode]));
}

/** The app's job handlers with the outbox built for these subscribers instead of the app's (none). */
function handlersFor(subscribers: readonly Subscriber[], options: OutboxOptions = {}) {
  const outbox = createOutbox(subscribers, { retryBaseMs: 0, busyRetryMs: 0, ...options });
  const handlers: Record<string, JobHandler> = Object.fromEntries(
    Object.entries(runtime.jobHandlers).filter(([kind]) => kind !== PROCESS_DELIVERY_JOB && kind !== OUTBOX_DELIVER_JOB),
  );
  const all: Record<string, JobHandler> = { ...handlers, [PROCESS_DELIVERY_JOB]: processDeliveryJob(decoders(), outbox.facts), ...outbox.jobs };
  return { outbox, handlers: all };
}

function queueFor(subscribers: readonly Subscriber[], options: OutboxOptions & { batchSize?: number; concurrency?: number; retryBaseMs?: number } = {}) {
  return new JobQueue(runtime.db, {
    concurrency: options.concurrency ?? 1,
    batchSize: options.batchSize ?? 10,
    retryBaseMs: options.retryBaseMs ?? 0,
  }).register(handlersFor(subscribers, options).handlers);
}

async function ledger(subscriber?: string) {
  const rows = await runtime.db.$queryRaw<Array<{ subscriber: string; fact_id: bigint; kind: string; customer_id: string | null; history: boolean }>>`
    SELECT subscriber, fact_id, kind, customer_id::text AS customer_id, history FROM test_ledger ORDER BY seq`;
  return rows.filter((row) => subscriber === undefined || row.subscriber === subscriber);
}

async function facts() {
  return runtime.db.outboxFact.findMany({ orderBy: { id: "asc" } });
}

/** Ana (orders/create, paid), Bo (orders/updated, two refunds), Dana (customers/create), a guest (orders/paid). */
async function loadShop(queue: JobQueue) {
  await deliverWebhook("orders/create");
  await deliverWebhook("orders/updated");
  await deliverWebhook("customers/create");
  await deliverWebhook("orders/paid");
  await queue.drain();
}


/** The facts loadShop commits, in commit order. */
const LOADED = [
  "order.placed", "order.paid", // Ana
  "order.placed", "order.paid", "refund.applied", "refund.applied", // Bo
  "customer.created", // Dana
  "order.placed", "order.paid", // the guest
];

async function deliveryJobs() {
  return runtime.db.job.findMany({ where: { kind: OUTBOX_DELIVER_JOB }, orderBy: { id: "asc" } });
}

/** Lets the time of every backoff pass. */
async function timePasses() {
  await runtime.db.$executeRaw`UPDATE "OutboxSubscription" SET "retryAt" = now() - interval '1 second' WHERE "retryAt" IS NOT NULL`;
  await runtime.db.$executeRaw`UPDATE "Job" SET "runAt" = now() - interval '1 second' WHERE status = 'QUEUED'`;
}

describe("facts are written with their change", () => {
  test("each change committed by a webhook batch is one fact, delivered once, then pruned", async () => {
    await loadShop(queueFor([recorder("all", FACT_KINDS)]));

    const delivered = await ledger();
    expect(delivered.map((row) => row.kind)).toEqual(LOADED);
    expect(new Set(delivered.map((row) => row.fact_id)).size).toBe(LOADED.length);
    expect(delivered.every((row) => !row.history)).toBe(true);
    expect(await facts()).toEqual([]);
  });

  test("a batch that rolls back leaves no fact and no delivery", async () => {
    const { outbox } = handlersFor([recorder("all", FACT_KINDS)]);
    await deliverWebhook("orders/create");
    const [delivery] = await runtime.db.webhookDelivery.findMany();
    let inside = 0;
    await expect(
      runtime.db.$transaction(async (tx) => {
        await processDeliveries(tx, decoders(), [delivery!.id], outbox.facts);
        inside = await tx.outboxFact.count();
        throw new Error("the batch fails after applying");
      }),
    ).rejects.toThrow("the batch fails after applying");
    expect(inside).toBe(2);
    expect(await facts()).toEqual([]);
    expect(await deliveryJobs()).toEqual([]);
  });

  test("a duplicate or stale delivery writes no fact, and an order already paid is not paid again", async () => {
    const queue = queueFor([recorder("all", FACT_KINDS)]);
    await deliverWebhook("orders/create");
    await queue.drain();
    // Shopify's resend under a new event id, and a later version of the paid order (fulfilled).
    await deliverWebhook("orders/create");
    const body = shopifyFixture("orders/create");
    const later = replaceAll(replaceAll(body, '"updated_at": "2024-05-14T10:15:05+02:00"', '"updated_at": "2024-05-20T09:00:00+02:00"'), '"fulfillment_status": null', '"fulfillment_status": "fulfilled"');
    await deliverWebhook("orders/updated", { body: later });
    await queue.drain();

    const statuses = (await runtime.db.webhookDelivery.findMany({ orderBy: { receivedAt: "asc" } })).map((d) => d.status);
    expect(statuses).toEqual(["PROCESSED", "IGNORED", "PROCESSED"]);
    expect((await ledger()).map((row) => row.kind)).toEqual(["order.placed", "order.paid"]);
  });

  test("facts no subscriber takes are not written", async () => {
    await loadShop(queueFor([recorder("customers", ["customer.created", "customer.updated"])]));
    expect((await ledger()).map((row) => row.kind)).toEqual(["customer.created"]);
    await deliverWebhook("products/create");
    await queueFor([]).drain();
    expect(await facts()).toEqual([]);
    expect(await deliveryJobs()).toHaveLength(1);
  });
});

describe("delivery", () => {
  test("a crash between the commit and the subscriber's commit loses nothing and applies nothing twice", async () => {
    const { handlers } = handlersFor([recorder("all", FACT_KINDS)]);
    const real = handlers[OUTBOX_DELIVER_JOB]!;
    let crashes = 0;
    const crashing: JobHandler = {
      async run(payload, tx, context) {
        await real.run(payload, tx, context);
        // The subscriber's writes are done; the job's transaction dies before it commits.
        if (crashes++ < 2) throw new Error("worker lost its connection");
      },
    };
    const queue = new JobQueue(runtime.db, { concurrency: 1, batchSize: 10, retryBaseMs: 0 }).register({ ...handlers, [OUTBOX_DELIVER_JOB]: crashing });
    await loadShop(queue);
    await queue.drain();

    expect(crashes).toBeGreaterThan(2);
    expect((await ledger()).map((row) => row.kind)).toEqual(LOADED);
    expect(await facts()).toEqual([]);
  });

  test("a failing subscriber retries with backoff, from the fact that failed, without holding up another or the deliveries", async () => {
    let failures = 0;
    const flaky = recorder("flaky", FACT_KINDS);
    const failOnce: EachFactSubscriber = {
      ...flaky,
      async handle(fact, tx, context) {
        await flaky.handle(fact, tx, context);
        // Written, then failed: the write is rolled back with the fact.
        if (fact.kind === "refund.applied" && failures === 0) {
          failures += 1;
          throw new Error("loyalty ledger unavailable");
        }
      },
    };
    const queue = queueFor([failOnce, recorder("steady", FACT_KINDS)], { retryBaseMs: 60_000 });
    await loadShop(queue);

    expect((await ledger("steady")).map((row) => row.kind)).toEqual(LOADED);
    expect((await runtime.db.webhookDelivery.findMany()).every((delivery) => delivery.status === "PROCESSED")).toBe(true);
    // The facts before the failing one are taken; it and those after wait for the retry.
    expect((await ledger("flaky")).map((row) => row.kind)).toEqual(LOADED.slice(0, 4));
    const subscription = await runtime.db.outboxSubscription.findFirstOrThrow({ where: { subscriber: "flaky" } });
    expect(subscription).toMatchObject({ attempts: 1, lastError: expect.stringContaining("loyalty ledger unavailable") });
    expect(subscription.retryAt!.getTime()).toBeGreaterThan(Date.now() + 30_000);
    const retry = (await deliveryJobs()).filter((job) => job.status === "QUEUED");
    expect(retry).toHaveLength(1);
    expect(retry[0]!.runAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect((await facts()).map((fact) => fact.kind)).toEqual(LOADED.slice(4));

    // Another delivery before the retry is due: the steady subscriber goes on, the flaky one waits.
    await deliverWebhook("customers/update");
    await queue.drain();
    expect((await ledger("steady")).map((row) => row.kind)).toEqual([...LOADED, "customer.updated"]);
    expect(await ledger("flaky")).toHaveLength(4);

    await timePasses();
    await queue.drain();
    expect((await ledger("flaky")).map((row) => row.kind)).toEqual([...LOADED, "customer.updated"]);
    expect(await runtime.db.outboxSubscription.findFirstOrThrow({ where: { subscriber: "flaky" } })).toMatchObject({ attempts: 0, lastError: null, retryAt: null });
    expect(await facts()).toEqual([]);
  });

  test("a subscriber taking a job's facts together gets them in order, and a failure rolls back and retries all of them", async () => {
    const batches: string[][] = [];
    let failures = 0;
    const together = defineSubscriber({
      name: "together",
      kinds: FACT_KINDS,
      async handleAll(taken, tx) {
        for (const fact of taken) {
          await tx.$executeRaw`
            INSERT INTO test_ledger (subscriber, fact_id, kind, customer_id, history)
            VALUES ('together', ${BigInt(fact.id)}, ${fact.kind}, ${fact.customerId}::uuid, ${fact.history})`;
        }
        // Written, then failed: every write of the job is rolled back.
        if (failures === 0 && taken.some((fact) => fact.kind === "refund.applied")) {
          failures += 1;
          throw new Error("pair table unavailable");
        }
        batches.push(taken.map((fact) => fact.kind));
      },
    });
    const queue = queueFor([together], { retryBaseMs: 60_000, factsPerJob: 4 });
    await loadShop(queue);
    expect(batches).toEqual([LOADED.slice(0, 4)]);
    expect((await ledger("together")).map((row) => row.kind)).toEqual(LOADED.slice(0, 4));
    expect(await runtime.db.outboxSubscription.findFirstOrThrow({ where: { subscriber: "together" } })).toMatchObject({
      attempts: 1,
      lastError: expect.stringContaining("pair table unavailable"),
    });

    await timePasses();
    await queue.drain();
    expect(batches).toEqual([LOADED.slice(0, 4), LOADED.slice(4, 8), LOADED.slice(8)]);
    expect((await ledger("together")).map((row) => row.kind)).toEqual(LOADED);
    expect(await facts()).toEqual([]);
  });

  test("one customer's facts reach a subscriber in commit order, with concurrent workers and short deliveries", async () => {
    await deliverWebhook("orders/create");
    await deliverWebhook("orders/updated");
    await deliverWebhook("refunds/create");
    await deliverWebhook("customers/create");
    await deliverWebhook("orders/paid");
    await deliverWebhook("orders/cancelled");
    const subscribers = [recorder("all", FACT_KINDS)];
    const options = { batchSize: 1, concurrency: 2, factsPerJob: 1 };
    await Promise.all([queueFor(subscribers, options).drain(), queueFor(subscribers, options).drain()]);
    // Busy deliveries came back later: drain what is left.
    await queueFor(subscribers, options).drain();

    const delivered = await ledger();
    expect(delivered).toHaveLength(13);
    expect(new Set(delivered.map((row) => row.fact_id)).size).toBe(13);
    const ids = delivered.map((row) => row.fact_id);
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    const ana = (await runtime.db.customer.findFirstOrThrow({ where: { platformId: "207119551123456783" } })).id;
    expect(delivered.filter((row) => row.customer_id === ana).map((row) => row.kind)).toEqual(["order.placed", "order.paid", "refund.applied"]);
    expect(await facts()).toEqual([]);
  });

  test("facts every subscriber of their kind has taken are pruned; the others wait", async () => {
    const customers = recorder("customers", ["customer.created", "customer.updated"]);
    const stalled: EachFactSubscriber = { ...customers, handle: () => Promise.reject(new Error("down")) };
    const queue = queueFor([recorder("orders", ["order.placed", "order.paid", "refund.applied"]), stalled], { retryBaseMs: 600_000 });
    await loadShop(queue);
    expect((await facts()).map((fact) => fact.kind)).toEqual(["customer.created"]);

    await timePasses();
    await queueFor([recorder("orders", ["order.placed", "order.paid", "refund.applied"]), customers]).drain();
    expect(await facts()).toEqual([]);
  });
});

describe("privacy", () => {
  const BO = ["bo@example.org", "Berg", "Hauptstrasse", "207119551123456797"];
  const PEOPLE = ["ana.example@example.com", "bo@example.org", "dana", "Berg", "Hauptstrasse", "+49"];

  test("facts carry no personal data; a redacted customer's, written before the redaction, not even the platform's id", async () => {
    // A subscriber that is down: the facts stay in the outbox.
    const down = defineSubscriber({ name: "down", kinds: FACT_KINDS, handle: () => Promise.reject(new Error("down")) });
    const queue = queueFor([down], { retryBaseMs: 600_000 });
    await loadShop(queue);
    await deliverWebhook("customers/update");
    await queue.drain();
    expect((await facts()).length).toBeGreaterThan(LOADED.length);
    const inFacts = async (needles: string[]) =>
      (await findTextInStore(runtime.db, needles)).filter((found) => found.table === "OutboxFact").map((found) => found.needle);
    expect(await inFacts(PEOPLE)).toEqual([]);
    // Bo's facts name him by the platform's id until he is redacted.
    expect(await inFacts(BO)).toEqual(["207119551123456797"]);
    const bo = (await runtime.db.customer.findFirstOrThrow({ where: { platformId: "207119551123456797" } })).id;

    await deliverWebhook("customers/redact");
    await queue.drain();

    expect(await inFacts(BO)).toEqual([]);
    expect(await findTextInStore(runtime.db, BO)).toEqual([]);
    const redacted = (await facts()).filter((fact) => fact.kind === "customer.redacted");
    expect(redacted.map((fact) => [fact.customerId, fact.payload])).toEqual([[bo, { customer: { id: bo, platformId: null } }]]);
    // Bo's earlier facts keep our id (programs erase by it) and lose the platform's.
    const earlier = (await facts()).filter((fact) => fact.customerId === bo && fact.kind !== "customer.redacted");
    expect(earlier.length).toBe(4);
    expect(earlier.every((fact) => (fact.payload as { customer: { platformId: unknown } }).customer.platformId === null)).toBe(true);
  });

  test("a shop redaction leaves no fact, stream or subscription of the shop", async () => {
    const down = defineSubscriber({ name: "down", kinds: FACT_KINDS, handle: () => Promise.reject(new Error("down")) });
    const queue = queueFor([down], { retryBaseMs: 600_000 });
    await loadShop(queue);
    const shopId = (await runtime.db.shop.findFirstOrThrow()).id;
    expect((await facts()).length).toBe(LOADED.length);

    await deliverWebhook("shop/redact");
    await queue.drain();
    expect(await findTextInStore(runtime.db, [shopId])).toEqual([]);
    expect(await facts()).toEqual([]);
    // The queued retry finds no stream and ends.
    await timePasses();
    await queue.drain();
    expect((await deliveryJobs()).every((job) => job.status === "DONE")).toBe(true);
  });
});

describe("the full-history import", () => {
  test("writes one history fact per record, taken only by subscribers that backfill", async () => {
    const kinds: FactKind[] = ["order.placed", "order.paid", "refund.applied", "order.cancelled"];
    const { outbox, handlers } = handlersFor([recorder("backfill", kinds, { backfill: true }), recorder("today", kinds)]);
    const shop = await runtime.db.shop.create({ data: { platform: "SHOPIFY", domain: TEST_SHOP } });
    const refund = {
      platformId: "R1", orderPlatformId: "O1", note: null, amountMinor: 400n, currency: "EUR", processedAt: day(11), lineItems: [],
    };
    const orders = [
      orderSnapshot("O1", { financialStatus: "partially_refunded", refunds: [refund] }),
      orderSnapshot("O2", { financialStatus: "pending", cancelledAt: day(12) }),
    ];
    const importChunk = () =>
      runtime.db.$transaction(async (tx) => {
        await lockShopsForSync(tx, [{ platform: "SHOPIFY", domain: TEST_SHOP }]);
        await applySnapshotBatch(tx, shop, { orders, refunds: [refund] }, outbox.facts, { lifetimeStats: "defer", history: true });
      });
    await importChunk();

    const written = await facts();
    expect(written.map((fact) => [fact.kind, fact.history])).toEqual([["order.placed", true], ["order.placed", true]]);
    expect(written.map((fact) => fact.payload)).toMatchObject([
      { order: { platformId: "O1" }, paid: true, cancelled: false, amounts: { refundedMinor: "400", eligibleMinor: "600" } },
      { order: { platformId: "O2" }, paid: false, cancelled: true, amounts: { eligibleMinor: "0" } },
    ]);
    expect((await deliveryJobs()).map((job) => (job.payload as { subscriber: string }).subscriber)).toEqual(["backfill"]);

    // The same chunk again (a repeated import job) changes nothing and writes nothing.
    await importChunk();
    expect(await facts()).toHaveLength(2);

    await new JobQueue(runtime.db, { concurrency: 1, retryBaseMs: 0 }).register(handlers).drain();
    expect((await ledger()).map((row) => [row.subscriber, row.kind, row.history])).toEqual([
      ["backfill", "order.placed", true],
      ["backfill", "order.placed", true],
    ]);
    expect(await facts()).toEqual([]);
  });
});
