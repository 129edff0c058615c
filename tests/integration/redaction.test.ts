import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createPrivacyScrubJobs, PRIVACY_SCRUB_JOB } from "~/core/privacy/scrub.server";
import { REDACTED_BODY } from "~/core/privacy/redaction-keys";
import { JobQueue } from "~/jobs/queue.server";
import type { Runtime } from "~/runtime.server";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { findTextInStore } from "../helpers/personal-data";
import { deliverWebhook, TEST_SHOP } from "../helpers/shopify-webhooks";
import { startTestRuntime } from "../helpers/test-runtime";

// What issue #9 asked of a redaction beyond erasing the rows: it completes in slices (resumable,
// outside the shop's lock), and it stays done when the platform later sends the person again.

let runtime: Runtime;
let queue: JobQueue;

const BO_ID = "207119551123456797";
const BO = ["bo@example.org", "Berg", "Hauptstrasse", BO_ID];
const BO_ORDER = "450789469123456793";

beforeAll(async () => {
  runtime = await startTestRuntime();
  // Slices of three deliveries: a redaction takes several scrub jobs, as a large store does.
  queue = new JobQueue(runtime.db, { concurrency: 1, retryBaseMs: 0 }).register({
    ...runtime.jobHandlers,
    ...createPrivacyScrubJobs({ sliceRows: 3 }),
  });
});
afterAll(async () => {
  await runtime.close();
});

beforeEach(async () => {
  await runtime.db.shop.deleteMany();
  await runtime.db.webhookDelivery.deleteMany();
  await runtime.db.privacyRequest.deleteMany();
  await runtime.db.job.deleteMany();
  await deliverWebhook("orders/create");
  await deliverWebhook("orders/updated");
  await deliverWebhook("customers/create");
  await deliverWebhook("orders/paid");
  await queue.drain();
});

/** Bo's order as Shopify sends it after a later change: same order, newer updated_at. */
function laterOrderUpdate(updatedAt: string) {
  return replaceAll(shopifyFixture("orders/updated"), "2024-06-05T16:30:04+02:00", updatedAt);
}

async function redactBo() {
  await deliverWebhook("customers/redact");
  await queue.drain();
}

describe("customer redaction", () => {
  test("completes in resumable slices and is complete only once every stored body is searched", async () => {
    const deliveries = await runtime.db.webhookDelivery.count();
    await redactBo();
    const request = await runtime.db.privacyRequest.findFirstOrThrow({ where: { kind: "CUSTOMER_REDACT" } });
    expect(request.completedAt).not.toBeNull();
    // Every delivery of the shop, the redaction's own included, was searched, three at a time.
    expect(request.bodiesScanned).toBe(deliveries + 1);
    // Bo's order delivery; the redaction's own body was scrubbed when it was applied.
    expect(request.bodiesScrubbed).toBe(1);
    expect(request.scrubNeedles).toEqual([]);
    expect(request.customerPlatformId).toBeNull();
    const slices = await runtime.db.job.count({ where: { kind: PRIVACY_SCRUB_JOB, status: "DONE" } });
    expect(slices).toBeGreaterThanOrEqual(Math.ceil((deliveries + 1) / 3));
    expect(await findTextInStore(runtime.db, BO)).toEqual([]);
  });

  test("waits for a delivery of the person that is not processed yet, then scrubs it", async () => {
    await redactBo();
    // A delivery stored but not processed when a slice meets it holds the cursor back.
    const waiting = await runtime.db.webhookDelivery.create({
      data: {
        platform: "SHOPIFY",
        shopDomain: TEST_SHOP,
        topic: "customers/update",
        dedupeKey: "waiting",
        headers: {},
        rawBody: '{"id": 1, "email": "bo@example.org"}',
      },
    });
    // The scrub starts over (its cursor back at the start: the new row's id may sort anywhere).
    await runtime.db.privacyRequest.updateMany({ data: { completedAt: null, scrubNeedles: ["bo@example.org"], scrubCursor: null } });
    await runtime.db.job.create({ data: { kind: PRIVACY_SCRUB_JOB, payload: { requestId: (await runtime.db.privacyRequest.findFirstOrThrow()).id } } });
    await queue.drain();
    expect((await runtime.db.privacyRequest.findFirstOrThrow()).completedAt).toBeNull();
    expect((await runtime.db.webhookDelivery.findUniqueOrThrow({ where: { id: waiting.id } })).rawBody).toContain("bo@example.org");

    await runtime.db.webhookDelivery.update({ where: { id: waiting.id }, data: { status: "PROCESSED" } });
    await runtime.db.job.updateMany({ where: { kind: PRIVACY_SCRUB_JOB, status: "QUEUED" }, data: { runAt: new Date() } });
    await queue.drain();
    expect((await runtime.db.privacyRequest.findFirstOrThrow()).completedAt).not.toBeNull();
    expect((await runtime.db.webhookDelivery.findUniqueOrThrow({ where: { id: waiting.id } })).rawBody).toBe(REDACTED_BODY);
  });

  test("stays done: a later update of the person's order applies without them and is stored scrubbed", async () => {
    await redactBo();
    const pseudonymous = await runtime.db.customer.findFirstOrThrow({ where: { redactedAt: { not: null } } });
    expect(pseudonymous.platformId).toMatch(/^redacted:[0-9a-f]{32}$/);

    await deliverWebhook("orders/updated", { body: laterOrderUpdate("2026-11-30T10:00:00+01:00") });
    await queue.drain();

    const order = await runtime.db.order.findFirstOrThrow({ where: { platformId: BO_ORDER } });
    expect(order.sourceUpdatedAt.toISOString()).toBe("2026-11-30T09:00:00.000Z");
    expect(order).toMatchObject({ customerId: pseudonymous.id, email: null });
    expect(await runtime.db.customer.count({ where: { emailNormalized: "bo@example.org" } })).toBe(0);
    expect(await findTextInStore(runtime.db, BO)).toEqual([]);
    const stored = await runtime.db.webhookDelivery.findFirstOrThrow({ where: { topic: "orders/updated" }, orderBy: { receivedAt: "desc" } });
    expect(stored).toMatchObject({ rawBody: REDACTED_BODY, status: "PROCESSED" });
  });

  test("stays done: the person's customer record sent again is dropped, and so is a deletion naming them", async () => {
    await redactBo();
    const customers = await runtime.db.customer.count();
    const boAgain = replaceAll(
      replaceAll(shopifyFixture("customers/update"), "207119551123456821", BO_ID),
      "dana.example+shop@example.com",
      "Bo@Example.org",
    );
    await deliverWebhook("customers/update", { body: boAgain });
    await deliverWebhook("customers/delete", { body: `{"id": ${BO_ID}}` });
    await queue.drain();
    expect(await runtime.db.customer.count()).toBe(customers);
    expect(await findTextInStore(runtime.db, BO)).toEqual([]);
  });

  test("erases the street lines and postal codes of the person's default address and orders' shipping address", async () => {
    // As the person's own customer record would have set them (the fixtures' Bo has only orders).
    await runtime.db.customer.updateMany({
      where: { platformId: BO_ID },
      data: { addressLine1: "Hauptstrasse 5", addressLine2: "Top 2", addressZip: "1010", addressCountryCode: "AT" },
    });
    const order = () => runtime.db.order.findFirstOrThrow({ where: { platformId: BO_ORDER }, include: { customer: true } });
    expect(await order()).toMatchObject({ shippingAddress1: "Hauptstrasse 5", shippingZip: "1010", shippingCountryCode: "AT" });

    await redactBo();

    const after = await order();
    expect(after).toMatchObject({ shippingAddress1: null, shippingAddress2: null, shippingZip: null, shippingCity: null, shippingCountryCode: "AT" });
    expect(after.customer).toMatchObject({ addressLine1: null, addressLine2: null, addressZip: null, addressCity: null, addressCountryCode: "AT" });
  });

  test("keeps no platform id of the person in timeline keys", async () => {
    const keys = async () => (await runtime.db.timelineEvent.findMany({ select: { sourceKey: true } })).map((row) => row.sourceKey);
    await deliverWebhook("customers/create", { body: replaceAll(shopifyFixture("customers/create"), "207119551123456821", BO_ID) });
    await queue.drain();
    expect((await keys()).some((key) => key.includes(BO_ID))).toBe(true);
    await redactBo();
    expect((await keys()).some((key) => key.includes(BO_ID))).toBe(false);
  });
});

describe("shop redaction", () => {
  test("a delivery after shop/redact does not bring the shop back", async () => {
    await deliverWebhook("shop/redact");
    await queue.drain();
    await deliverWebhook("orders/create", { eventId: "after-redaction" });
    await queue.drain();
    expect(await runtime.db.shop.count({ where: { domain: TEST_SHOP } })).toBe(0);
    expect(await runtime.db.order.count()).toBe(0);
    expect(await runtime.db.webhookDelivery.count({ where: { shopDomain: TEST_SHOP } })).toBe(0);
  });
});
