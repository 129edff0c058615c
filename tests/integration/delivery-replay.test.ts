import { setUpValidSession } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { DEFAULT_SCOPES } from "~/config/env.server";
import { recordInstall } from "~/core/shops/shops.server";
import { action, loader } from "~/routes/app.deliveries";
import type { Runtime } from "~/runtime.server";
import { failureReason } from "~/webhooks/failure-reasons";
import { replayDelivery, replayKind } from "~/webhooks/replay.server";
import { signedAdminRequest, thrownResponse } from "../helpers/admin-requests";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { deliverWebhook, TEST_SHOP } from "../helpers/shopify-webhooks";
import { startTestRuntime, TEST_ENV } from "../helpers/test-runtime";

// Re-running parked, given-up and failing deliveries after a fix (app/webhooks/replay.server.ts)
// and the webhook problems page that lists and re-runs them, on the real pipeline: deliveries come
// in through the signed endpoint and are processed by the queue.

const STORE = TEST_SHOP.replace(".myshopify.com", "");
const OTHER_SHOP = "other-outfitters.myshopify.com";
const PAGE_URL = `${TEST_ENV.SHOPIFY_APP_URL}/app/deliveries`;

let runtime: Runtime;
let shop: { id: string; domain: string };

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});
beforeEach(async () => {
  await runtime.db.job.deleteMany();
  await runtime.db.webhookDelivery.deleteMany();
  await runtime.db.shop.deleteMany();
  await runtime.db.session.deleteMany();
  shop = await recordInstall(runtime.db, {
    platform: "SHOPIFY",
    domain: TEST_SHOP,
    sealedAccessToken: runtime.secretBox.seal("shpat_test"),
    scopes: DEFAULT_SCOPES.join(","),
    currency: "EUR",
  });
  await runtime.shopify.sessionStorage!.storeSession(
    setUpValidSession({ shop: TEST_SHOP, expires: undefined, scope: DEFAULT_SCOPES.join(","), accessToken: "shpat_test" }),
  );
});

// JSON allows \u0000 in a string; PostgreSQL text does not (SQLSTATE 22021/22P05, every time).
const NAME = '"first_name": "Dana",';
const customerWithNul = (id: string) =>
  replaceAll(shopifyFixture("customers/create"), NAME, '"first_name": "Da\\u0000na",').replace(/"id": \d+/, `"id": ${id}`);
// A quantity beyond PostgreSQL's integer column (SQLSTATE 22003).
const QUANTITY = '"quantity": 1,';
const orderWithHugeQuantity = () => replaceAll(shopifyFixture("orders/paid"), QUANTITY, '"quantity": 99999999999,');

async function deliveryOf(topic: string, shopDomain = TEST_SHOP) {
  return runtime.db.webhookDelivery.findFirstOrThrow({ where: { topic, shopDomain }, orderBy: { receivedAt: "asc" } });
}

/** "The fix": the stored body as a corrected app would read it (here: the offending value replaced). */
async function fixBody(id: string, from: string, to: string) {
  const { rawBody } = await runtime.db.webhookDelivery.findUniqueOrThrow({ where: { id } });
  await runtime.db.webhookDelivery.update({ where: { id }, data: { rawBody: replaceAll(rawBody, from, to) } });
}

/** Every delivery's topic and status, sorted (deliveries stored in one batch share their receivedAt). */
async function statuses() {
  const rows = await runtime.db.webhookDelivery.findMany({ select: { topic: true, shopDomain: true, status: true } });
  return rows.map((row) => `${row.shopDomain === TEST_SHOP ? "" : "other "}${row.topic} ${row.status}`).sort();
}

describe("re-running a delivery after a fix", () => {
  test("a delivery parked for a NUL character is processed once its text is fixed, by the delivery's own job", async () => {
    await deliverWebhook("customers/create", { body: customerWithNul("706405506930370084") });
    await runtime.queue.drain();
    const parked = await deliveryOf("customers/create");
    expect(parked.status).toBe("PARKED");
    expect(failureReason(parked.error).code).toBe("invalidText");
    const [deadJob] = await runtime.db.job.findMany();
    expect(deadJob).toMatchObject({ status: "DEAD", uniqueKey: `webhook:${parked.id}` });

    // Re-run before the fix: parked again, for the same reason.
    expect(await replayDelivery(runtime.db, shop, parked.id)).toBe(1);
    await runtime.queue.drain();
    expect((await deliveryOf("customers/create")).status).toBe("PARKED");

    await fixBody(parked.id, "Da\\u0000na", "Dana");
    expect(await replayDelivery(runtime.db, shop, parked.id)).toBe(1);
    const requeued = await runtime.db.job.findMany();
    expect(requeued).toHaveLength(1);
    expect(requeued[0]).toMatchObject({ id: deadJob!.id, status: "QUEUED", attempts: 0, lastError: null, finishedAt: null });
    expect(await deliveryOf("customers/create")).toMatchObject({ status: "RECEIVED", error: null, attempts: 0 });

    await runtime.queue.drain();
    expect(await deliveryOf("customers/create")).toMatchObject({ status: "PROCESSED", error: null, shopId: shop.id });
    expect(await runtime.db.customer.findFirstOrThrow({ where: { shopId: shop.id } })).toMatchObject({ firstName: "Dana" });
    expect(await runtime.db.job.findFirstOrThrow()).toMatchObject({ id: deadJob!.id, status: "DONE", attempts: 1 });
  });

  test("a delivery parked for a number too large is processed after the fix", async () => {
    await deliverWebhook("orders/paid", { body: orderWithHugeQuantity() });
    await runtime.queue.drain();
    const parked = await deliveryOf("orders/paid");
    expect(parked.status).toBe("PARKED");
    expect(failureReason(parked.error).code).toBe("numberTooLarge");

    await fixBody(parked.id, '"quantity": 99999999999,', QUANTITY);
    expect(await replayDelivery(runtime.db, shop, parked.id)).toBe(1);
    await runtime.queue.drain();
    expect((await deliveryOf("orders/paid")).status).toBe("PROCESSED");
    expect(await runtime.db.order.count({ where: { shopId: shop.id } })).toBe(1);
  });

  test("a parked delivery whose finished job retention has deleted gets a job again", async () => {
    const unreadable = replaceAll(shopifyFixture("orders/paid"), '"id": 450789469123456805,', '"id": "not-an-id",');
    await deliverWebhook("orders/paid", { body: unreadable });
    await runtime.queue.drain();
    const parked = await deliveryOf("orders/paid");
    expect(failureReason(parked.error)).toMatchObject({ code: "unreadablePayload", fields: ["id"] });
    // A payload the mapper cannot read is parked by the job itself, which finishes DONE.
    expect(await runtime.db.job.findFirstOrThrow()).toMatchObject({ status: "DONE" });
    await runtime.db.job.deleteMany();

    await fixBody(parked.id, '"id": "not-an-id",', '"id": 450789469123456805,');
    expect(await replayDelivery(runtime.db, shop, parked.id)).toBe(1);
    const job = await runtime.db.job.findFirstOrThrow();
    expect(job).toMatchObject({ kind: "webhook.process", payload: { deliveryId: parked.id }, uniqueKey: `webhook:${parked.id}`, status: "QUEUED" });
    expect(job.bytes).toBe(Buffer.byteLength((await deliveryOf("orders/paid")).rawBody));
    expect(job.maxAttempts).toBeGreaterThan(100);
    await runtime.queue.drain();
    expect((await deliveryOf("orders/paid")).status).toBe("PROCESSED");
  });

  test("a failing delivery waiting for its retry is tried again now, from its first attempt", async () => {
    await deliverWebhook("refunds/create");
    await runtime.queue.drain();
    const failing = await deliveryOf("refunds/create");
    expect(failing.status).toBe("FAILED");
    expect(failureReason(failing.error).code).toBe("orderNotSynced");
    const retry = await runtime.db.job.findFirstOrThrow();
    await runtime.db.job.update({ where: { id: retry.id }, data: { runAt: new Date(Date.now() + 3_600_000) } });

    await deliverWebhook("orders/create");
    await runtime.queue.drain();
    expect((await deliveryOf("refunds/create")).status).toBe("FAILED");

    expect(await replayDelivery(runtime.db, shop, failing.id)).toBe(1);
    expect(await runtime.db.job.findUniqueOrThrow({ where: { id: retry.id } })).toMatchObject({ status: "QUEUED", attempts: 0 });
    await runtime.queue.drain();
    expect((await deliveryOf("refunds/create")).status).toBe("PROCESSED");
    expect(await runtime.db.refund.count({ where: { shopId: shop.id } })).toBe(1);
  });

  test("a processed delivery is not re-run, nor one of another shop; nothing of theirs changes", async () => {
    await deliverWebhook("orders/create");
    await deliverWebhook("customers/create", { shop: OTHER_SHOP, body: customerWithNul("706405506930370085") });
    await runtime.queue.drain();
    const processed = await deliveryOf("orders/create");
    const foreign = await deliveryOf("customers/create", OTHER_SHOP);
    expect([processed.status, foreign.status]).toEqual(["PROCESSED", "PARKED"]);
    const jobsBefore = await runtime.db.job.findMany({ orderBy: { id: "asc" } });

    expect(await replayDelivery(runtime.db, shop, processed.id)).toBe(0);
    expect(await replayDelivery(runtime.db, shop, foreign.id)).toBe(0);
    expect(await replayKind(runtime.db, shop, { topic: "customers/create", reason: "invalidText" })).toBe(0);

    expect(await runtime.db.job.findMany({ orderBy: { id: "asc" } })).toEqual(jobsBefore);
    expect(await deliveryOf("customers/create", OTHER_SHOP)).toEqual(foreign);
    expect(await deliveryOf("orders/create")).toEqual(processed);
  });

  test("re-running a delivery twice queues it once; its effect is applied once", async () => {
    await deliverWebhook("customers/create", { body: customerWithNul("706405506930370086") });
    await runtime.queue.drain();
    const parked = await deliveryOf("customers/create");
    await fixBody(parked.id, "Da\\u0000na", "Dana");

    expect(await replayDelivery(runtime.db, shop, parked.id)).toBe(1);
    // Already waiting again: not "waiting for a fix" any more.
    expect(await replayDelivery(runtime.db, shop, parked.id)).toBe(0);
    expect(await runtime.db.job.count()).toBe(1);
    await runtime.queue.drain();
    expect(await runtime.db.customer.count({ where: { shopId: shop.id } })).toBe(1);
    expect(await replayDelivery(runtime.db, shop, parked.id)).toBe(0);
  });
});

describe("re-running all deliveries of one kind", () => {
  test("every delivery of the topic and reason is re-run; other kinds and other shops stay parked", async () => {
    await deliverWebhook("customers/create", { body: customerWithNul("706405506930370091") });
    await deliverWebhook("customers/create", { body: customerWithNul("706405506930370092") });
    await deliverWebhook("customers/update", { body: customerWithNul("706405506930370093") });
    await deliverWebhook("orders/paid", { body: orderWithHugeQuantity() });
    await deliverWebhook("customers/create", { shop: OTHER_SHOP, body: customerWithNul("706405506930370094") });
    await runtime.queue.drain();
    expect(await statuses()).toEqual([
      "customers/create PARKED",
      "customers/create PARKED",
      "customers/update PARKED",
      "orders/paid PARKED",
      "other customers/create PARKED",
    ]);
    const kind = await runtime.db.webhookDelivery.findMany({ where: { topic: "customers/create", shopDomain: TEST_SHOP } });
    for (const delivery of kind) await fixBody(delivery.id, "Da\\u0000na", "Dana");

    expect(await replayKind(runtime.db, shop, { topic: "customers/create", reason: "numberTooLarge" })).toBe(0);
    expect(await replayKind(runtime.db, shop, { topic: "customers/create", reason: "invalidText" })).toBe(2);
    await runtime.queue.drain();

    expect(await statuses()).toEqual([
      "customers/create PROCESSED",
      "customers/create PROCESSED",
      "customers/update PARKED",
      "orders/paid PARKED",
      "other customers/create PARKED",
    ]);
    expect(await runtime.db.customer.count({ where: { shopId: shop.id } })).toBe(2);
  });
});

describe("webhook problems page", () => {
  async function load(query = "") {
    const request = await signedAdminRequest(STORE, new Request(`${PAGE_URL}${query}`));
    return loader({ request, params: {}, context: { runtime } });
  }
  async function post(fields: Record<string, string>) {
    const request = await signedAdminRequest(STORE, new Request(PAGE_URL, { method: "POST", body: new URLSearchParams(fields) }));
    return action({ request, params: {}, context: { runtime } });
  }

  test("lists the shop's waiting deliveries by kind and one by one, newest first, without bodies", async () => {
    // Receipt times have millisecond resolution, and two deliveries of the same millisecond have
    // no order between them: the orders/paid one comes a few milliseconds later.
    await deliverWebhook("customers/create", { body: customerWithNul("706405506930370101") });
    await deliverWebhook("customers/create", { body: customerWithNul("706405506930370102") });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await deliverWebhook("orders/paid", { body: orderWithHugeQuantity() });
    await deliverWebhook("products/create");
    await deliverWebhook("customers/create", { shop: OTHER_SHOP, body: customerWithNul("706405506930370103") });
    await runtime.queue.drain();

    const page = await load();
    expect(page.totalCount).toBe(3);
    expect(page.groups.map((group) => [group.topic, group.reason, group.count])).toEqual([
      ["customers/create", "invalidText", 2],
      ["orders/paid", "numberTooLarge", 1],
    ]);
    expect(page.rows.map((row) => [row.topic, row.status, row.reason.code])).toEqual([
      ["orders/paid", "PARKED", "numberTooLarge"],
      ["customers/create", "PARKED", "invalidText"],
      ["customers/create", "PARKED", "invalidText"],
    ]);
    expect(JSON.stringify(page)).not.toContain("Dana.Example");
    expect(page).toMatchObject({ page: 1, hasPrevious: false, hasNext: false, invalidParams: [] });
  });

  test("pages through many deliveries and names an invalid page", async () => {
    for (let i = 0; i < 27; i += 1) await deliverWebhook("customers/create", { body: customerWithNul(`7064055069303702${10 + i}`) });
    await runtime.queue.drain();
    const first = await load();
    expect([first.rows.length, first.hasNext, first.totalCount]).toEqual([25, true, 27]);
    const second = await load("?page=2");
    expect([second.rows.length, second.hasPrevious, second.hasNext]).toEqual([2, true, false]);
    expect(new Set([...first.rows, ...second.rows].map((row) => row.id)).size).toBe(27);
    expect((await load("?page=zwei")).invalidParams).toEqual(["page"]);
  });

  test("re-runs one delivery, then a whole kind, from the page's forms; a processed one is not re-run", async () => {
    await deliverWebhook("customers/create", { body: customerWithNul("706405506930370201") });
    await deliverWebhook("customers/create", { body: customerWithNul("706405506930370202") });
    await runtime.queue.drain();
    const [one, two] = (await load()).rows;
    for (const row of [one!, two!]) await fixBody(row.id, "Da\\u0000na", "Dana");

    expect(await post({ intent: "delivery", deliveryId: one!.id })).toEqual({ rerun: { count: 1 } });
    expect((await runtime.db.webhookDelivery.findUniqueOrThrow({ where: { id: one!.id } })).status).toBe("RECEIVED");
    expect(await post({ intent: "kind", topic: "customers/create", reason: "invalidText" })).toEqual({ rerun: { count: 1 } });
    await runtime.queue.drain();
    expect(await post({ intent: "delivery", deliveryId: one!.id })).toEqual({ rerun: { count: 0 } });

    const after = await load();
    expect([after.totalCount, after.groups, after.rows]).toEqual([0, [], []]);
  });

  test("a request the page never sends is refused, and nothing is re-run without a session token", async () => {
    await deliverWebhook("customers/create", { body: customerWithNul("706405506930370301") });
    await runtime.queue.drain();
    const parked = await deliveryOf("customers/create");
    const refused: Array<Record<string, string>> = [
      { intent: "everything" },
      { intent: "delivery", deliveryId: "not-a-uuid" },
      { intent: "kind", topic: "customers/create", reason: "bored" },
    ];
    for (const fields of refused) {
      expect((await thrownResponse(post(fields))).status).toBe(400);
    }
    const forged = new Request(PAGE_URL, {
      method: "POST",
      headers: { authorization: "Bearer not-a-token" },
      body: new URLSearchParams({ intent: "delivery", deliveryId: parked.id }),
    });
    const response = await thrownResponse(action({ request: forged, params: {}, context: { runtime } }));
    expect(response.status).toBeGreaterThanOrEqual(300);
    expect(await deliveryOf("customers/create")).toEqual(parked);
  });
});
