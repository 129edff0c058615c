import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { lastSuccessfulSyncAt } from "~/core/sync/import-runs.server";
import { importRowsPerSecond } from "~/core/sync/sync-status.server";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import { requestFirstImport, requestFullImport, requestReconcile } from "~/platforms/shopify/bulk/import-requests.server";
import type { ImportDeps } from "~/platforms/shopify/bulk/import.server";
import { BULK_QUERIES } from "~/platforms/shopify/bulk/queries";
import type { Runtime } from "~/runtime.server";
import { FAKE_SHOP_TOKEN, IMPORT_SCOPES, setUpFakeShopifyShop, shopifyImportQueue } from "../fakes/fake-shopify-shop";
import { customerGid, customerNode, orderNode } from "../fakes/shopify-dataset";
import { shopifyFixture } from "../helpers/fixtures";
import { sendWebhook } from "../helpers/shopify-webhooks";
import { startTestRuntime } from "../helpers/test-runtime";

let runtime: Runtime;
let shopId: string;

const queueWith = (overrides: Partial<ImportDeps> = {}, retryBaseMs = 0) => shopifyImportQueue(runtime, overrides, retryBaseMs);

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});
const shopify = setUpFakeShopifyShop(() => runtime, { scopes: IMPORT_SCOPES });
const { fake } = shopify;
beforeEach(() => {
  shopId = shopify.shop().id;
});

async function storeSnapshot() {
  const [customers, products, variants, orders, lineItems, codes, refunds, refundLines] = await Promise.all([
    runtime.db.customer.findMany({ orderBy: { id: "asc" } }),
    runtime.db.product.findMany({ orderBy: { id: "asc" } }),
    runtime.db.productVariant.findMany({ orderBy: { id: "asc" } }),
    runtime.db.order.findMany({ orderBy: { id: "asc" } }),
    runtime.db.orderLineItem.findMany({ orderBy: { id: "asc" } }),
    runtime.db.orderDiscountCode.findMany({ orderBy: { id: "asc" } }),
    runtime.db.refund.findMany({ orderBy: { id: "asc" } }),
    runtime.db.refundLineItem.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { customers, products, variants, orders, lineItems, codes, refunds, refundLines };
}

describe("full-history import through Bulk Operations", () => {
  test("imports customers, products and orders with exact values and records the run", async () => {
    const queue = queueWith();
    const { run, created } = await requestFullImport(runtime.db, shopId);
    expect(created).toBe(true);
    expect(run).toMatchObject({ kind: "full", phase: "customers", status: "PENDING", rowsDone: 0 });
    await queue.drain();

    const done = await runtime.db.importRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(done).toMatchObject({ status: "COMPLETED", phase: "orders", rowsDone: 5 + 3 + 6, error: null });
    expect(done.finishedAt).not.toBeNull();
    expect(importRowsPerSecond(done, new Date())).toBeGreaterThan(0);

    // One bulk query per phase, in sequence, each asked for grouped output.
    const operations = fake.operations();
    expect(operations.map((op) => [op.resource, op.status, op.grouped])).toEqual([
      ["customers", "COMPLETED", true],
      ["products", "COMPLETED", true],
      ["orders", "COMPLETED", true],
    ]);

    const customer = await runtime.db.customer.findFirstOrThrow({ where: { shopId, platformId: "7312345678901234502" } });
    expect(customer).toMatchObject({
      email: "customer.2@example.com",
      emailNormalized: "customer.2@example.com",
      firstName: "First2",
      lastName: "Last2",
      phone: "+49300000002",
      emailMarketingConsent: "SUBSCRIBED",
      tags: ["imported", "cohort-2"],
      locale: "de",
      isGuest: false,
      ordersCount: 1,
      totalSpentMinor: 6522n - 2450n,
      totalRefundedMinor: 2450n,
    });
    expect(customer.sourceUpdatedAt?.toISOString()).toBe("2024-02-12T10:00:00.000Z");
    expect(await runtime.db.customer.count({ where: { shopId, isGuest: false } })).toBe(5);
    const guest = await runtime.db.customer.findFirstOrThrow({ where: { shopId, isGuest: true } });
    expect(guest).toMatchObject({ emailNormalized: "guest.buyer@example.net", ordersCount: 1, platformId: null });

    const product = await runtime.db.product.findFirstOrThrow({
      where: { shopId, platformId: "7312345678901235502" },
      include: { variants: { orderBy: { platformId: "asc" } } },
    });
    expect(product).toMatchObject({
      title: "Product 2",
      handle: "product-2",
      status: "active",
      imageUrl: "https://cdn.example.com/p2.jpg",
      collectionIds: ["7312345678901241501", "7312345678901241503"],
    });
    expect(product.variants.map((variant) => [variant.platformId, variant.priceMinor, variant.available, variant.currency])).toEqual([
      ["7312345678901236520", 1990n, true, "EUR"],
      ["7312345678901236521", 2450n, false, "EUR"],
    ]);

    const order = await runtime.db.order.findFirstOrThrow({
      where: { shopId, platformId: "7312345678901237502" },
      include: { lineItems: { orderBy: { platformId: "asc" } }, discountCodes: true, refunds: { include: { lineItems: true } }, customer: true },
    });
    expect(order).toMatchObject({
      name: "#1002",
      orderNumber: 1002,
      currency: "EUR",
      subtotalMinor: 6032n,
      totalDiscountsMinor: 398n,
      totalShippingMinor: 490n,
      totalTaxMinor: 963n,
      totalMinor: 6522n,
      totalRefundedMinor: 2450n,
      presentmentCurrency: "EUR",
      presentmentTotalMinor: 6522n,
      financialStatus: "partially_refunded",
      fulfillmentStatus: "fulfilled",
      landingSite: "https://shop.example.com/?utm_source=news",
      referringSite: "https://news.example.com/",
    });
    expect(order.customer?.platformId).toBe("7312345678901234502");
    expect(order.lineItems.map((line) => [line.platformId, line.quantity, line.unitPriceMinor, line.totalDiscountMinor, line.totalTaxMinor, line.productPlatformId])).toEqual([
      ["7312345678901238520", 2, 1990n, 398n, 572n, "7312345678901235501"],
      ["7312345678901238521", 1, 2450n, 0n, 391n, "7312345678901235501"],
    ]);
    expect(order.discountCodes.map((code) => [code.code, code.kind, code.amountMinor])).toEqual([["WELCOME10", "percentage", 398n]]);
    expect(order.refunds).toHaveLength(1);
    expect(order.refunds[0]).toMatchObject({ platformId: "7312345678901239502", amountMinor: 2450n, note: "Too large" });
    expect(order.refunds[0]!.lineItems.map((line) => [line.platformId, line.lineItemPlatformId, line.quantity, line.subtotalMinor, line.totalTaxMinor, line.restockType])).toEqual([
      ["7312345678901240520", "7312345678901238521", 1, 2450n, 391n, "return"],
    ]);

    const chf = await runtime.db.order.findFirstOrThrow({ where: { shopId, platformId: "7312345678901237505" } });
    expect([chf.presentmentCurrency, chf.presentmentTotalMinor, chf.totalMinor]).toEqual(["CHF", 6310n, 6522n]);
    expect(await runtime.db.order.count({ where: { shopId } })).toBe(6);
    expect(await runtime.db.orderLineItem.count({ where: { shopId } })).toBe(12);

    // From now on the daily reconciliation keeps the shop in sync: scheduled once, for one day.
    const scheduled = await runtime.db.job.findMany({ where: { kind: "reconcile.shop", status: "QUEUED" } });
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]!.uniqueKey).toBe(`reconcile:${shopId}:${scheduled[0]!.runAt.toISOString().slice(0, 10)}`);
  });

  test("running the import again changes nothing", async () => {
    const queue = queueWith();
    await requestFullImport(runtime.db, shopId);
    await queue.drain();
    const first = await storeSnapshot();

    const again = await requestFullImport(runtime.db, shopId);
    expect(again.created).toBe(true);
    await queue.drain();
    expect(await storeSnapshot()).toEqual(first);
    const runs = await runtime.db.importRun.findMany({ where: { shopId }, orderBy: { startedAt: "asc" } });
    expect(runs.map((run) => [run.status, run.rowsDone])).toEqual([["COMPLETED", 14], ["COMPLETED", 14]]);
  });

  test("batches written a chunk at a time (the next chunk read meanwhile) store the same, lifetime figures included", async () => {
    const queue = queueWith({ batchSize: 5, chunkSize: 2 });
    const { run } = await requestFullImport(runtime.db, shopId);
    await queue.drain();
    expect(await runtime.db.importRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "COMPLETED", rowsDone: 14 });
    const customers = await runtime.db.customer.findMany({ where: { shopId }, orderBy: [{ platformId: "asc" }, { emailNormalized: "asc" }] });
    expect(customers.map((customer) => [customer.platformId ?? customer.emailNormalized, customer.ordersCount, customer.totalSpentMinor, customer.totalRefundedMinor])).toEqual([
      ["7312345678901234501", 2, 2n * 6522n, 0n],
      ["7312345678901234502", 1, 6522n - 2450n, 2450n],
      ["7312345678901234503", 0, 0n, 0n],
      ["7312345678901234504", 0, 0n, 0n],
      ["7312345678901234505", 2, 2n * 6522n, 0n],
      ["guest.buyer@example.net", 1, 6522n, 0n],
    ]);
    const counts = await Promise.all([runtime.db.order.count(), runtime.db.orderLineItem.count(), runtime.db.refundLineItem.count(), runtime.db.timelineEvent.count()]);
    expect(counts).toEqual([6, 12, 1, 5 + 6 + 1]);
  });

  test("a second request while an import runs returns the running one", async () => {
    const first = await requestFullImport(runtime.db, shopId);
    const second = await requestFullImport(runtime.db, shopId);
    expect(second).toMatchObject({ created: false, run: { id: first.run.id } });
    expect(await runtime.db.job.count({ where: { kind: "import.start" } })).toBe(1);
  });

  test("install imports the history once: a later sign-in starts none, a failed first import is retried", async () => {
    expect(await requestFirstImport(runtime.db, shopId)).toBe(true);
    expect(await requestFirstImport(runtime.db, shopId)).toBe(false);
    await runtime.db.importRun.updateMany({ where: { shopId }, data: { status: "FAILED" } });
    expect(await requestFirstImport(runtime.db, shopId)).toBe(true);
    await runtime.db.importRun.updateMany({ where: { shopId, status: "PENDING" }, data: { status: "COMPLETED" } });
    expect(await requestFirstImport(runtime.db, shopId)).toBe(false);
    expect(await runtime.db.importRun.count({ where: { shopId, kind: "full" } })).toBe(2);
  });

  test("an order webhook newer than the export keeps its data", async () => {
    // Shopify's export holds an older version of order 450789469123456793 than the webhook.
    fake.dataset.orders.push(
      orderNode({
        n: 7,
        updatedAt: "2024-06-01T08:00:00Z",
        overrides: { id: "gid://shopify/Order/450789469123456793", name: "#1043", displayFinancialStatus: "PAID", tags: ["stale"] },
      }),
    );
    const queue = queueWith();
    expect((await sendWebhook("orders/updated", { body: shopifyFixture("orders/updated") })).status).toBe(200);
    await queue.drain();
    await requestFullImport(runtime.db, shopId);
    await queue.drain();

    const order = await runtime.db.order.findFirstOrThrow({
      where: { shopId, platformId: "450789469123456793" },
      include: { refunds: true, lineItems: true },
    });
    expect(order.sourceUpdatedAt.toISOString()).toBe("2024-06-05T14:30:04.000Z");
    expect(order.financialStatus).toBe("partially_refunded");
    expect(order.tags).not.toContain("stale");
    expect(order.refunds).toHaveLength(2);
    expect(order.lineItems.every((line) => !line.platformId.startsWith("731234567890"))).toBe(true);
    expect(await runtime.db.order.count({ where: { shopId } })).toBe(7);
  });

  test("THROTTLED answers and HTTP 429 are waited out as the bucket state says", async () => {
    const queue = queueWith();
    fake.throttleNext(2, { requestedQueryCost: 100, status: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 1000 } });
    const { run } = await requestFullImport(runtime.db, shopId);
    await queue.drain();
    expect((await runtime.db.importRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("COMPLETED");

    const [first, second, third] = fake.requests;
    expect([first?.answer, second?.answer, third?.answer]).toEqual(["throttled", "throttled", "ok"]);
    // 100 points at 1000/s: at least 100 ms before each retry.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(100);
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(100);

    fake.throttleNext(1, { http429: true, retryAfterSeconds: 0.2 });
    const before = fake.requests.length;
    await requestFullImport(runtime.db, shopId);
    await queue.drain();
    const retried = fake.requests.slice(before, before + 2);
    expect(retried.map((request) => request.answer)).toEqual(["http429", "ok"]);
    expect(retried[1]!.at - retried[0]!.at).toBeGreaterThanOrEqual(190);
  });

  test("the bulk_operations/finish webhook moves the import on without polling", async () => {
    const queue = queueWith({ pollIntervalMs: 3_600_000 });
    const { run } = await requestFullImport(runtime.db, shopId);
    for (const resource of ["customers", "products", "orders"]) {
      await queue.drain();
      const waiting = await runtime.db.importRun.findUniqueOrThrow({ where: { id: run.id } });
      expect(waiting).toMatchObject({ status: "RUNNING", phase: resource });
      const [operationId] = fake.completeRunning();
      expect(waiting.bulkOperationId).toBe(operationId);
      const body = JSON.stringify({
        admin_graphql_api_id: operationId,
        completed_at: new Date().toISOString(),
        created_at: new Date().toISOString(),
        error_code: null,
        status: "completed",
        type: "query",
      });
      expect((await sendWebhook("bulk_operations/finish", { body })).status).toBe(200);
    }
    await queue.drain();
    expect(await runtime.db.importRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "COMPLETED", rowsDone: 14 });
    expect(await runtime.db.webhookDelivery.count({ where: { topic: "bulk_operations/finish", status: "PROCESSED" } })).toBe(3);
  });

  test("progress is visible batch by batch", async () => {
    const queue = queueWith();
    const { run } = await requestFullImport(runtime.db, shopId);
    const seen: Array<[string, string, number]> = [];
    for (;;) {
      const [job] = await queue.claim(1);
      if (!job) break;
      await queue.execute([job]);
      const now = await runtime.db.importRun.findUniqueOrThrow({ where: { id: run.id } });
      seen.push([now.phase, now.status, now.rowsDone]);
    }
    // Batches of two; the batch that ends a phase starts the next one in the same step.
    const progress = [...new Set(seen.filter(([, status]) => status === "RUNNING").map(([phase, , rows]) => `${phase}:${rows}`))];
    expect(progress).toEqual(["customers:0", "customers:2", "customers:4", "products:5", "products:7", "orders:8", "orders:10", "orders:12"]);
    expect(seen.at(-1)).toEqual(["orders", "COMPLETED", 14]);
  });

  test("a bulk query already running for the shop is waited for, or adopted when it is ours", async () => {
    const queue = queueWith({}, 60_000);
    // Someone else's bulk query of this app is running.
    const other = await fetch(`${fake.origin}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": FAKE_SHOP_TOKEN },
      body: JSON.stringify({
        query: "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { code message } } }",
        variables: { query: "{ products { edges { node { id } } } }" },
      }),
    });
    expect(other.status).toBe(200);
    const { run } = await requestFullImport(runtime.db, shopId);
    await queue.drain();
    const job = await runtime.db.job.findFirstOrThrow({ where: { kind: "import.start" } });
    expect(job.status).toBe("QUEUED");
    expect(job.lastError).toContain("BulkOperationBusyError");
    expect(fake.requests.some((request) => request.answer === "userErrors")).toBe(true);

    // The other one finishes; then the customers query (ours, started by a lost first attempt) is
    // running when the retry comes: it is adopted, not started twice.
    fake.completeRunning();
    await fetch(`${fake.origin}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": FAKE_SHOP_TOKEN },
      body: JSON.stringify({
        query: "mutation($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: true) { bulkOperation { id } userErrors { code message } } }",
        variables: { query: BULK_QUERIES.customers },
      }),
    });
    const ours = fake.operations().at(-1)!;
    await runtime.db.job.updateMany({ where: { status: "QUEUED" }, data: { runAt: new Date() } });
    await queue.drain();
    const finished = await runtime.db.importRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(finished.status).toBe("COMPLETED");
    expect(fake.operations().filter((op) => op.resource === "customers").map((op) => op.id)).toEqual([ours.id]);
  });

  test("a failed export fails the run with Shopify's error code", async () => {
    const queue = queueWith();
    fake.failNextOperation("FAILED", "TIMEOUT");
    const { run } = await requestFullImport(runtime.db, shopId);
    await queue.drain();
    const failed = await runtime.db.importRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toContain("TIMEOUT");
    expect(failed.finishedAt).not.toBeNull();
  });
});

describe("reconciliation", () => {
  test("repairs a record the store lacks and one it holds older, leaves the rest alone", async () => {
    const queue = queueWith();
    await requestFullImport(runtime.db, shopId);
    await queue.drain();
    const lastSync = await lastSuccessfulSyncAt(runtime.db, shopId);
    expect(lastSync).not.toBeNull();

    // Changes whose webhooks never arrived: a new order, and a customer who changed name.
    const now = new Date().toISOString();
    fake.dataset.orders.push(orderNode({ n: 8, customer: 3, updatedAt: now }));
    const changed = fake.dataset.customers.findIndex((customer) => customer.id === customerGid(4));
    fake.dataset.customers[changed] = customerNode(4, { lastName: "Renamed", updatedAt: now });
    const untouched = await runtime.db.customer.count();
    const before = fake.requests.length;

    await requestReconcile(runtime.db, shopId);
    await queue.drain();

    const run = await runtime.db.importRun.findFirstOrThrow({ where: { shopId, kind: "reconcile" } });
    expect(run).toMatchObject({ status: "COMPLETED", phase: "orders", rowsDone: 2 });
    expect(await runtime.db.order.count({ where: { shopId, platformId: "7312345678901237508" } })).toBe(1);
    const renamed = await runtime.db.customer.findFirstOrThrow({ where: { shopId, platformId: "7312345678901234504" } });
    expect(renamed.lastName).toBe("Renamed");
    expect(renamed.sourceUpdatedAt?.toISOString()).toBe(now);
    const customer3 = await runtime.db.customer.findFirstOrThrow({ where: { shopId, platformId: "7312345678901234503" } });
    expect(customer3.ordersCount).toBe(1);
    expect(await runtime.db.customer.count()).toBe(untouched);

    // It asked only for what changed since the last sync (minus the margin).
    const pages = fake.requests.slice(before).filter((request) => request.kind.startsWith("page."));
    expect(pages.map((request) => request.kind)).toEqual(["page.customers", "page.products", "page.orders"]);
    const filter = String(pages[0]!.variables.query);
    expect(filter).toBe(`updated_at:>='${new Date(lastSync!.getTime() - 3_600_000).toISOString()}'`);
  });

  test("the daily schedule never doubles, and a run with nothing to repair completes", async () => {
    const queue = queueWith();
    await requestFullImport(runtime.db, shopId);
    await queue.drain();
    const scheduled = await runtime.db.job.findFirstOrThrow({ where: { kind: "reconcile.shop", status: "QUEUED" } });
    // Its day has come: it runs, and schedules the next day, once.
    await runtime.db.job.update({ where: { id: scheduled.id }, data: { runAt: new Date() } });
    const thatDay = new Date(scheduled.runAt.getTime() + 1_000);
    await queueWith({ now: () => thatDay }).drain();
    const run = await runtime.db.importRun.findFirstOrThrow({ where: { shopId, kind: "reconcile" } });
    expect(run).toMatchObject({ status: "COMPLETED", rowsDone: 0 });
    const next = await runtime.db.job.findMany({ where: { kind: "reconcile.shop", status: "QUEUED" } });
    expect(next).toHaveLength(1);
    expect(next[0]!.runAt.getTime() - scheduled.runAt.getTime()).toBeGreaterThan(23 * 3_600_000);
    expect(next[0]!.uniqueKey).toBe(`reconcile:${shopId}:${next[0]!.runAt.toISOString().slice(0, 10)}`);
  });
});
