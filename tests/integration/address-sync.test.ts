import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { JobQueue } from "~/jobs/queue.server";
import type { Runtime } from "~/runtime.server";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { deliverWebhook } from "../helpers/shopify-webhooks";
import { startTestRuntime } from "../helpers/test-runtime";

// Addresses through the real webhook path into the store: the customer's default address (kept
// when a payload does not carry it, cleared when it says there is none), an order's shipping and
// billing place, and a guest's place from its order.

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

const DANA = "207119551123456821";
const addressOf = (platformId: string) =>
  runtime.db.customer.findFirstOrThrow({
    where: { platformId },
    select: {
      addressLine1: true,
      addressLine2: true,
      addressCity: true,
      addressZip: true,
      addressProvinceCode: true,
      addressCountryCode: true,
    },
  });

describe("customer addresses", () => {
  test("customers/create stores the default address; a later version without one clears it", async () => {
    await deliverWebhook("customers/create");
    await queue.drain();
    expect(await addressOf(DANA)).toEqual({
      addressLine1: "Lindenallee 7",
      addressLine2: null,
      addressCity: "Berlin",
      addressZip: "10115",
      addressProvinceCode: null,
      addressCountryCode: "DE",
    });

    await deliverWebhook("customers/update");
    await queue.drain();
    expect(await addressOf(DANA)).toEqual({
      addressLine1: null,
      addressLine2: null,
      addressCity: null,
      addressZip: null,
      addressProvinceCode: null,
      addressCountryCode: null,
    });
  });

  test("a newer version that does not carry the address keeps the stored one", async () => {
    await deliverWebhook("customers/create");
    await queue.drain();
    const withoutAddress = replaceAll(
      replaceAll(shopifyFixture("customers/create"), '"default_address"', '"not_the_default_address"'),
      '"updated_at": "2024-04-01T08:00:01+02:00"',
      '"updated_at": "2024-05-01T08:00:00+02:00"',
    );
    await deliverWebhook("customers/update", { body: replaceAll(withoutAddress, '"first_name": "Dana"', '"first_name": "Dana Maria"') });
    await queue.drain();
    const customer = await runtime.db.customer.findFirstOrThrow({ where: { platformId: DANA } });
    expect(customer.firstName).toBe("Dana Maria");
    expect(customer).toMatchObject({ addressLine1: "Lindenallee 7", addressCity: "Berlin", addressZip: "10115", addressCountryCode: "DE" });
  });
});

describe("order addresses", () => {
  test("an order keeps its shipping address and billing place, and its buyer account starts with the place", async () => {
    await deliverWebhook("orders/create");
    await queue.drain();
    const order = await runtime.db.order.findFirstOrThrow({ include: { customer: true } });
    expect(order).toMatchObject({
      shippingAddress1: "Bahnhofstrasse 1",
      shippingAddress2: null,
      shippingZip: "8001",
      shippingCity: "Zürich",
      shippingCountryCode: "CH",
      billingCity: "Zürich",
      billingCountryCode: "CH",
    });
    expect(order.customer).toMatchObject({ addressCity: "Zürich", addressCountryCode: "CH", addressZip: null });
  });

  test("a newer version of the order replaces its shipping address, street lines included", async () => {
    await deliverWebhook("orders/create");
    await queue.drain();
    const redirected = replaceAll(
      replaceAll(
        shopifyFixture("orders/create"),
        '"address1": "Bahnhofstrasse 1",\n    "phone": null,\n    "city": "Zürich",\n    "zip": "8001"',
        '"address1": "Packstation 105",\n    "phone": null,\n    "city": "Winterthur",\n    "zip": "8400"',
      ),
      '"address2": null,\n    "company": null,\n    "latitude": 47.3769',
      '"address2": "Postnummer 12345678",\n    "company": null,\n    "latitude": 47.3769',
    );
    await deliverWebhook("orders/updated", {
      body: replaceAll(redirected, '"updated_at": "2024-05-14T10:15:05+02:00"', '"updated_at": "2024-05-15T10:15:05+02:00"'),
    });
    await queue.drain();
    const order = await runtime.db.order.findFirstOrThrow();
    expect(order).toMatchObject({
      shippingAddress1: "Packstation 105",
      shippingAddress2: "Postnummer 12345678",
      shippingZip: "8400",
      shippingCity: "Winterthur",
      billingCity: "Zürich",
    });
  });

  test("a guest's place is its order's billing address", async () => {
    // Only the billing address moves to Bonn, so the guest's city shows which address it came from.
    const billedInBonn = replaceAll(
      shopifyFixture("orders/paid"),
      '"billing_address": {\n    "first_name": "Chris",\n    "last_name": "Guest",\n    "address1": "Kirchweg 12",\n    "city": "Köln"',
      '"billing_address": {\n    "first_name": "Chris",\n    "last_name": "Guest",\n    "address1": "Kirchweg 12",\n    "city": "Bonn"',
    );
    await deliverWebhook("orders/paid", { body: billedInBonn });
    await queue.drain();
    const order = await runtime.db.order.findFirstOrThrow({ include: { customer: true } });
    expect(order).toMatchObject({ billingCity: "Bonn", billingCountryCode: "DE", shippingCity: "Köln" });
    expect(order.customer).toMatchObject({ isGuest: true, addressCity: "Bonn", addressCountryCode: "DE" });
  });
});
