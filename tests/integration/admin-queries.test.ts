import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { upsertCustomer } from "~/core/customers/customer-sync.server";
import {
  CUSTOMER_PAGE_SIZE,
  getCustomer360,
  listCustomers,
  TIMELINE_PAGE_SIZE,
} from "~/core/customers/customer-queries.server";
import { listOrders, ORDER_PAGE_SIZE } from "~/core/orders/order-queries.server";
import { upsertOrder } from "~/core/orders/order-sync.server";
import type { CustomerSnapshot, OrderSnapshot } from "~/core/platform";
import { getSyncStatus, importRowsPerSecond } from "~/core/sync/sync-status.server";
import type { Runtime } from "~/runtime.server";
import { startTestRuntime } from "../helpers/test-runtime";
import { orderSnapshot as buildOrderSnapshot, day } from "../helpers/snapshots";

// The admin's read services against a real, migrated database: search, ordering, pagination,
// figures, pseudonymous erased customers, and above all that one shop never sees another's data.

let runtime: Runtime;
type Shop = { id: string; domain: string; currency: string };
let shopA: Shop;
let shopB: Shop;
const ids = {
  anna: "",
  guest: "",
  redacted: "",
  bergmann: "",
  deadDeliveryA: "",
  deadDeliveryB: "",
};


function customerSnapshot(overrides: Partial<CustomerSnapshot> & { platformId: string }): CustomerSnapshot {
  return {
    email: null,
    firstName: null,
    lastName: null,
    phone: null,
    emailMarketingConsent: "NOT_SUBSCRIBED",
    consentUpdatedAt: null,
    tags: [],
    locale: null,
    address: undefined,
    createdAt: day(0),
    updatedAt: day(0),
    ...overrides,
  };
}

function orderSnapshot(overrides: Partial<OrderSnapshot> & { platformId: string }): OrderSnapshot {
  return buildOrderSnapshot(overrides.platformId, overrides);
}

function lineItem(platformId: string) {
  return {
    platformId,
    productPlatformId: null,
    variantPlatformId: null,
    title: `Kaffee ${platformId}`,
    variantTitle: null,
    sku: null,
    quantity: 1,
    unitPriceMinor: 1000n,
    totalDiscountMinor: 0n,
    totalTaxMinor: 0n,
    recommendedFrom: null,
  };
}

async function syncCustomer(shop: Shop, snapshot: CustomerSnapshot) {
  return runtime.db.$transaction((tx) => upsertCustomer(tx, shop.id, snapshot));
}

async function syncOrder(shop: Shop, snapshot: OrderSnapshot) {
  return runtime.db.$transaction((tx) => upsertOrder(tx, shop.id, snapshot));
}

/** The loaders hand results to JSON: they must survive it unchanged (no BigInt, no Date). */
function expectPlainJson(value: unknown) {
  expect(JSON.parse(JSON.stringify(value))).toEqual(value);
}

async function expectStatus(promise: Promise<unknown>, status: number) {
  const thrown = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(thrown).toBeInstanceOf(Response);
  expect((thrown as Response).status).toBe(status);
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  const db = runtime.db;
  shopA = await db.shop.create({ data: { platform: "SHOPIFY", domain: "a-shop.myshopify.com", currency: "EUR" } });
  shopB = await db.shop.create({ data: { platform: "SHOPIFY", domain: "b-shop.myshopify.com", currency: "EUR" } });

  // Shop A: a registered customer with two orders (one partly refunded) and a consent change.
  const anna = customerSnapshot({
    platformId: "101",
    email: "Anna.Schmidt@example.com",
    firstName: "Anna",
    lastName: "Schmidt",
    phone: "+49301234567",
    tags: ["vip"],
    locale: "de",
    createdAt: day(1),
    updatedAt: day(1),
  });
  ids.anna = (await syncCustomer(shopA, anna)).customerId;
  const buyer = { platformId: "101", email: anna.email, firstName: "Anna", lastName: "Schmidt", phone: null };
  await syncOrder(shopA, orderSnapshot({ platformId: "5001", buyer, totalMinor: 4990n, processedAt: day(20), lineItems: [lineItem("1"), lineItem("2")] }));
  await syncOrder(
    shopA,
    orderSnapshot({
      platformId: "5002",
      buyer,
      totalMinor: 2500n,
      processedAt: day(30),
      financialStatus: "PARTIALLY_REFUNDED",
      fulfillmentStatus: "fulfilled",
      lineItems: [lineItem("3")],
      refunds: [
        {
          platformId: "9001",
          orderPlatformId: "5002",
          note: null,
          amountMinor: 500n,
          currency: "EUR",
          processedAt: day(31),
          lineItems: [],
        },
      ],
    }),
  );
  await syncCustomer(shopA, { ...anna, emailMarketingConsent: "SUBSCRIBED", consentUpdatedAt: day(40), updatedAt: day(40) });

  // A guest checkout: known only by the order's email.
  const guestOrder = await syncOrder(
    shopA,
    orderSnapshot({ platformId: "5003", email: "gast@example.org", totalMinor: 1200n, processedAt: day(25), financialStatus: "pending" }),
  );
  const guestOrderRow = await db.order.findUniqueOrThrow({ where: { id: guestOrder.orderId } });
  ids.guest = guestOrderRow.customerId ?? "";

  // An order without any email has no customer.
  await syncOrder(shopA, orderSnapshot({ platformId: "5004", totalMinor: 800n, processedAt: day(5) }));

  // An erased customer whose personal columns were (wrongly) left behind: the services must not show them.
  const redacted = await db.customer.create({
    data: {
      shopId: shopA.id,
      firstName: "Secret",
      lastName: "Person",
      email: "secret@example.com",
      phone: "+4900000",
      tags: ["hidden"],
      emailMarketingConsent: "REDACTED",
      redactedAt: day(50),
      ordersCount: 1,
      totalSpentMinor: 3000n,
      lastOrderAt: day(15),
    },
  });
  ids.redacted = redacted.id;

  // Enough customers for more than one page; a third never ordered (lastOrderAt null).
  await db.customer.createMany({
    data: Array.from({ length: 30 }, (_, i) => ({
      shopId: shopA.id,
      platformId: `20${i}`,
      firstName: `Filler${i}`,
      lastName: "Kunde",
      email: `filler${i}@example.com`,
      tags: [],
      ordersCount: i % 3 === 0 ? 0 : 1,
      totalSpentMinor: i % 3 === 0 ? 0n : BigInt(i * 100),
      lastOrderAt: i % 3 === 0 ? null : day(i),
    })),
  });
  // A literal "%", "_" and "\\" in a name: a search for them must not act as a wildcard or escape.
  await db.customer.create({
    data: { shopId: shopA.id, firstName: "Percent%", lastName: "Under_score\\Back", tags: [], email: "odd@example.com" },
  });

  // Shop B: a namesake with the same email domain, her order, and its own sync trouble.
  const bergmann = await syncCustomer(
    shopB,
    customerSnapshot({ platformId: "101", email: "anna.bergmann@example.com", firstName: "Anna", lastName: "Bergmann" }),
  );
  ids.bergmann = bergmann.customerId;
  await syncOrder(
    shopB,
    orderSnapshot({
      platformId: "5001",
      buyer: { platformId: "101", email: "anna.bergmann@example.com", firstName: "Anna", lastName: "Bergmann", phone: null },
      totalMinor: 99_999n,
      processedAt: day(60),
    }),
  );

  await db.product.createMany({
    data: [
      { shopId: shopA.id, platformId: "p1", title: "Espresso", tags: [], collectionIds: [] },
      { shopId: shopA.id, platformId: "p2", title: "Alt", tags: [], collectionIds: [], deletedAt: day(3) },
      { shopId: shopB.id, platformId: "p1", title: "B only", tags: [], collectionIds: [] },
    ],
  });

  const delivery = (shop: Shop | null, domain: string, topic: string, status: "PROCESSED" | "DEAD" | "PARKED" | "FAILED", receivedAt: Date, error: string | null = null) =>
    db.webhookDelivery.create({
      data: {
        shopId: shop?.id ?? null,
        platform: "SHOPIFY",
        shopDomain: domain,
        topic,
        dedupeKey: `${domain}-${topic}-${receivedAt.toISOString()}`,
        headers: {},
        rawBody: '{"email":"anna.schmidt@example.com"}',
        status,
        error,
        attempts: status === "DEAD" ? 8 : status === "PARKED" ? 1 : 0,
        receivedAt,
      },
    });
  await delivery(shopA, shopA.domain, "orders/create", "PROCESSED", day(100));
  await delivery(shopA, shopA.domain, "customers/update", "PROCESSED", day(102));
  await delivery(shopA, shopA.domain, "orders/updated", "FAILED", day(101), "timeout");
  ids.deadDeliveryA = (await delivery(shopA, shopA.domain, "orders/paid", "DEAD", day(90), "boom")).id;
  await delivery(shopA, shopA.domain, "refunds/create", "PARKED", day(95), "unreadable payload");
  // Failed before the shop row existed: only the domain ties it to shop A.
  await delivery(null, shopA.domain, "customers/create", "DEAD", day(80), "early");
  ids.deadDeliveryB = (await delivery(shopB, shopB.domain, "orders/paid", "DEAD", day(200), "B's trouble")).id;

  await db.job.createMany({
    data: [
      { kind: "webhook.process", payload: { deliveryId: ids.deadDeliveryA }, status: "DEAD" },
      { kind: "webhook.process", payload: { deliveryId: ids.deadDeliveryB }, status: "DEAD" },
      { kind: "import.step", payload: { shopId: shopA.id }, status: "DEAD" },
      { kind: "import.step", payload: { shopId: shopA.id }, status: "DONE" },
      { kind: "webhook.process", payload: { deliveryId: "not-a-uuid" }, status: "DEAD" },
    ],
  });

  await db.importRun.create({
    data: { shopId: shopA.id, kind: "full", phase: "orders", status: "COMPLETED", rowsDone: 50, startedAt: day(1), finishedAt: day(2) },
  });
  await db.importRun.create({
    data: { shopId: shopA.id, kind: "full", phase: "customers", status: "RUNNING", rowsDone: 1000, startedAt: day(300) },
  });
  await db.importRun.create({
    data: { shopId: shopB.id, kind: "full", phase: "products", status: "FAILED", rowsDone: 1, startedAt: day(400) },
  });
});

afterAll(async () => {
  await runtime?.close();
});

describe("customers list", () => {
  test("pages through all of the shop's customers, latest buyers first, no row twice", async () => {
    const first = await listCustomers(runtime.db, shopA);
    const second = await listCustomers(runtime.db, shopA, { page: 2 });
    expect(first.rows).toHaveLength(CUSTOMER_PAGE_SIZE);
    expect(first).toMatchObject({ page: 1, hasPrevious: false, hasNext: true, currency: "EUR" });
    expect(second).toMatchObject({ page: 2, hasPrevious: true, hasNext: false });

    const all = [...first.rows, ...second.rows];
    const stored = await runtime.db.customer.findMany({ where: { shopId: shopA.id }, select: { id: true } });
    expect(new Set(all.map((row) => row.id)).size).toBe(all.length);
    expect(all.map((row) => row.id).sort()).toEqual(stored.map((row) => row.id).sort());

    const times = all.map((row) => row.lastOrderAt);
    const firstNull = times.indexOf(null);
    expect(firstNull).toBeGreaterThan(0);
    expect(times.slice(firstNull).every((time) => time === null)).toBe(true);
    const dated = times.slice(0, firstNull) as string[];
    expect(dated).toEqual([...dated].sort().reverse());
    expectPlainJson(first);
  });

  test("counts every match and sorts by revenue, orders or last order, both ways, never-buyers last by date", async () => {
    const stored = await runtime.db.customer.findMany({
      where: { shopId: shopA.id },
      select: { totalSpentMinor: true, ordersCount: true, lastOrderAt: true },
    });
    const all = async (sort: "revenue" | "orders" | "lastOrder", direction: "asc" | "desc") => [
      ...(await listCustomers(runtime.db, shopA, { sort, direction })).rows,
      ...(await listCustomers(runtime.db, shopA, { sort, direction, page: 2 })).rows,
    ];
    const first = await listCustomers(runtime.db, shopA, { sort: "revenue" });
    expect(first).toMatchObject({ totalCount: stored.length, sort: "revenue", direction: "desc" });
    expect((await listCustomers(runtime.db, shopA, { query: "filler1" })).totalCount).toBe(11); // filler1, filler10…19

    const revenue = (await all("revenue", "desc")).map((row) => row.totalSpentMinor);
    expect(revenue).toHaveLength(stored.length);
    expect(revenue).toEqual([...revenue].sort((a, b) => b - a));
    expect(revenue[0]).toBe(Math.max(...stored.map((row) => Number(row.totalSpentMinor))));
    const revenueUp = (await all("revenue", "asc")).map((row) => row.totalSpentMinor);
    expect(revenueUp).toEqual([...revenue].reverse());
    const orders = (await all("orders", "asc")).map((row) => row.ordersCount);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(new Set((await all("orders", "asc")).map((row) => row.id)).size).toBe(stored.length);

    const oldestFirst = (await all("lastOrder", "asc")).map((row) => row.lastOrderAt);
    const firstNull = oldestFirst.indexOf(null);
    expect(firstNull).toBeGreaterThan(0);
    expect(oldestFirst.slice(firstNull).every((time) => time === null)).toBe(true);
    const dated = oldestFirst.slice(0, firstNull) as string[];
    expect(dated).toEqual([...dated].sort());
  });

  test("control characters in a search separate words (a NUL would make PostgreSQL fail the query)", async () => {
    for (const query of ["anna\u0000schmidt", "anna\tschmidt\u0007"]) {
      const result = await listCustomers(runtime.db, shopA, { query });
      expect(result.rows.map((row) => row.id), JSON.stringify(query)).toEqual([ids.anna]);
    }
    expect((await listCustomers(runtime.db, shopA, { query: "\u0000" })).rows).toHaveLength(CUSTOMER_PAGE_SIZE);
  });

  test("the same page twice lists the same rows (stable order among equal dates)", async () => {
    const again = await listCustomers(runtime.db, shopA, { page: 2 });
    const once = await listCustomers(runtime.db, shopA, { page: 2 });
    expect(again.rows.map((row) => row.id)).toEqual(once.rows.map((row) => row.id));
  });

  test("finds customers by name, full name or email, ignoring case", async () => {
    for (const query of ["anna", "ANNA", "schmidt", "Anna Schmidt", "anna schm", "anna.schmidt@EXAMPLE", "  Anna   Schmidt "]) {
      const result = await listCustomers(runtime.db, shopA, { query });
      expect(result.rows.map((row) => row.id), query).toEqual([ids.anna]);
    }
    const result = await listCustomers(runtime.db, shopA, { query: "anna" });
    expect(result.rows[0]).toMatchObject({
      name: "Anna Schmidt",
      email: "Anna.Schmidt@example.com",
      isGuest: false,
      redacted: false,
      ordersCount: 2,
      totalSpentMinor: 4990 + 2500 - 500,
      lastOrderAt: day(30).toISOString(),
    });
  });

  test("search words must all match; a miss is an empty page", async () => {
    expect((await listCustomers(runtime.db, shopA, { query: "anna bergmann" })).rows).toEqual([]);
    const none = await listCustomers(runtime.db, shopA, { query: "zzz-nobody" });
    expect(none).toMatchObject({ rows: [], hasNext: false, hasPrevious: false });
  });

  test("%, _ and \\ are searched literally", async () => {
    for (const query of ["%", "_", "\\", "t%", "r_s", "e\\B"]) {
      const result = await listCustomers(runtime.db, shopA, { query });
      expect(result.rows.map((row) => row.email), query).toEqual(["odd@example.com"]);
    }
  });

  test("guests are flagged", async () => {
    const result = await listCustomers(runtime.db, shopA, { query: "gast@" });
    expect(result.rows).toEqual([expect.objectContaining({ id: ids.guest, isGuest: true, email: "gast@example.org", ordersCount: 1 })]);
  });

  test("an erased customer is a row without personal data and cannot be found by it", async () => {
    const all = [
      ...(await listCustomers(runtime.db, shopA)).rows,
      ...(await listCustomers(runtime.db, shopA, { page: 2 })).rows,
    ];
    expect(all.find((row) => row.id === ids.redacted)).toEqual({
      id: ids.redacted,
      name: null,
      email: null,
      city: null,
      isGuest: false,
      redacted: true,
      deleted: false,
      ordersCount: 1,
      totalSpentMinor: 3000,
      lastOrderAt: day(15).toISOString(),
    });
    expect((await listCustomers(runtime.db, shopA, { query: "Secret" })).rows).toEqual([]);
    expect((await listCustomers(runtime.db, shopA, { query: "secret@example.com" })).rows).toEqual([]);
  });
});

describe("customer 360", () => {
  test("profile, lifetime figures, orders and timeline of one customer", async () => {
    const view = await getCustomer360(runtime.db, shopA, ids.anna);
    expectPlainJson(view);
    expect(view.profile).toEqual({
      id: ids.anna,
      name: "Anna Schmidt",
      // Her snapshot names no address, nor do her orders.
      address: null,
      email: "Anna.Schmidt@example.com",
      phone: "+49301234567",
      emailMarketingConsent: "SUBSCRIBED",
      consentUpdatedAt: day(40).toISOString(),
      tags: ["vip"],
      isGuest: false,
      locale: "de",
      sourceCreatedAt: day(1).toISOString(),
      deletedAt: null,
      redactedAt: null,
    });
    expect(view.lifetime).toEqual({
      ordersCount: 2,
      totalSpentMinor: 6990,
      totalRefundedMinor: 500,
      averageOrderValueMinor: 3495,
      firstOrderAt: day(20).toISOString(),
      lastOrderAt: day(30).toISOString(),
      currency: "EUR",
    });
    expect(view.ordersTotal).toBe(2);
    expect(view.orders.map((order) => [order.name, order.lineItemCount, order.totalMinor, order.totalRefundedMinor])).toEqual([
      ["#5002", 1, 2500, 500],
      ["#5001", 2, 4990, 0],
    ]);
    expect(view.orders[0]).toMatchObject({ financialStatus: "PARTIALLY_REFUNDED", fulfillmentStatus: "fulfilled", cancelled: false });

    expect(view.timeline.map((event) => event.kind)).toEqual([
      "customer.consent_changed",
      "order.refunded",
      "order.placed",
      "order.placed",
      "customer.created",
    ]);
    expect(view.timeline[0]).toMatchObject({ consentFrom: "NOT_SUBSCRIBED", consentTo: "SUBSCRIBED" });
    expect(view.timeline[1]).toMatchObject({ orderName: "#5002", amountMinor: 500, currency: "EUR" });
    expect(view.timeline[2]).toMatchObject({ orderName: "#5002", amountMinor: 2500, currency: "EUR" });
    expect(view.timelineNextCursor).toBeNull();
  });

  test("the timeline pages backwards by cursor without gaps or repeats", async () => {
    const customer = await runtime.db.customer.create({
      data: { shopId: shopA.id, firstName: "Viele", lastName: "Ereignisse", tags: [] },
    });
    const sameTime = day(70);
    await runtime.db.timelineEvent.createMany({
      data: Array.from({ length: TIMELINE_PAGE_SIZE + 5 }, (_, i) => ({
        shopId: shopA.id,
        customerId: customer.id,
        kind: "order.placed",
        // Ten events share one instant: the cursor must still split them correctly.
        occurredAt: i < 10 ? sameTime : day(70 + i),
        sourceKey: `many:${i}`,
        data: { name: `#${i}`, totalMinor: String(i * 100), currency: "EUR" },
      })),
    });
    const first = await getCustomer360(runtime.db, shopA, customer.id);
    expect(first.timeline).toHaveLength(TIMELINE_PAGE_SIZE);
    expect(first.timelineNextCursor).not.toBeNull();
    const second = await getCustomer360(runtime.db, shopA, customer.id, { timelineBefore: first.timelineNextCursor });
    expect(second.timeline).toHaveLength(5);
    expect(second.timelineNextCursor).toBeNull();
    const seen = [...first.timeline, ...second.timeline].map((event) => event.orderName);
    expect(new Set(seen).size).toBe(TIMELINE_PAGE_SIZE + 5);
    const times = [...first.timeline, ...second.timeline].map((event) => event.occurredAt);
    expect(times).toEqual([...times].sort().reverse());

    const restarted = await getCustomer360(runtime.db, shopA, customer.id, { timelineBefore: "garbage" });
    expect(restarted.timeline).toEqual(first.timeline);
  });

  test("an erased customer shows figures but no personal data", async () => {
    const view = await getCustomer360(runtime.db, shopA, ids.redacted);
    expect(view.profile).toMatchObject({
      name: null,
      email: null,
      phone: null,
      tags: [],
      locale: null,
      emailMarketingConsent: "REDACTED",
      redactedAt: day(50).toISOString(),
    });
    expect(view.lifetime).toMatchObject({ ordersCount: 1, totalSpentMinor: 3000 });
  });

  test("an unknown customer id is a 404", async () => {
    await expectStatus(getCustomer360(runtime.db, shopA, "00000000-0000-4000-8000-000000000000"), 404);
  });
});

describe("orders list", () => {
  test("latest first with customer, statuses and money", async () => {
    const page = await listOrders(runtime.db, shopA);
    expectPlainJson(page);
    expect(page.rows.map((order) => order.name)).toEqual(["#5002", "#5003", "#5001", "#5004"]);
    expect(page).toMatchObject({ page: 1, hasNext: false, hasPrevious: false });
    expect(page.rows[0]).toMatchObject({
      customer: { id: ids.anna, name: "Anna Schmidt", isGuest: false, redacted: false },
      totalMinor: 2500,
      totalRefundedMinor: 500,
      currency: "EUR",
      cancelled: false,
    });
    expect(page.rows[1]?.customer).toMatchObject({ id: ids.guest, isGuest: true, name: null, email: "gast@example.org" });
    expect(page.rows[3]?.customer).toBeNull();
  });

  test("filters by payment status, whatever its spelling in the store", async () => {
    const refunded = await listOrders(runtime.db, shopA, { filters: { financialStatus: "partially_refunded" } });
    expect(refunded.rows.map((order) => order.name)).toEqual(["#5002"]);
    const pending = await listOrders(runtime.db, shopA, { filters: { financialStatus: "pending" } });
    expect(pending.rows.map((order) => order.name)).toEqual(["#5003"]);
    expect((await listOrders(runtime.db, shopA, { filters: { financialStatus: "voided" } })).rows).toEqual([]);
  });

  test("counts every matching order and sorts by date or total, both ways", async () => {
    const all = await listOrders(runtime.db, shopA);
    expect(all).toMatchObject({ totalCount: 4, sort: "date", direction: "desc" });
    expect((await listOrders(runtime.db, shopA, { filters: { financialStatus: "pending" } })).totalCount).toBe(1);
    expect((await listOrders(runtime.db, shopA, { filters: { financialStatus: "voided" } })).totalCount).toBe(0);
    const names = async (sort: "date" | "total", direction: "asc" | "desc") =>
      (await listOrders(runtime.db, shopA, { sort, direction })).rows.map((order) => order.name);
    expect(await names("date", "asc")).toEqual(["#5004", "#5001", "#5003", "#5002"]);
    expect(await names("total", "desc")).toEqual(["#5001", "#5002", "#5003", "#5004"]);
    expect(await names("total", "asc")).toEqual(["#5004", "#5003", "#5002", "#5001"]);
  });

  test("pages by 25", async () => {
    const customer = await runtime.db.customer.create({ data: { shopId: shopB.id, firstName: "Page", tags: [] } });
    await runtime.db.order.createMany({
      data: Array.from({ length: ORDER_PAGE_SIZE + 3 }, (_, i) => ({
        shopId: shopB.id,
        platformId: `bulk-${i}`,
        customerId: customer.id,
        name: `#B${i}`,
        currency: "EUR",
        subtotalMinor: 100n,
        totalDiscountsMinor: 0n,
        totalShippingMinor: 0n,
        totalTaxMinor: 0n,
        totalMinor: 100n,
        presentmentCurrency: "EUR",
        presentmentTotalMinor: 100n,
        processedAt: day(100 + i),
        sourceCreatedAt: day(100 + i),
        sourceUpdatedAt: day(100 + i),
      })),
    });
    const first = await listOrders(runtime.db, shopB);
    const second = await listOrders(runtime.db, shopB, { page: 2 });
    expect(first.rows).toHaveLength(ORDER_PAGE_SIZE);
    expect(first.hasNext).toBe(true);
    expect(second).toMatchObject({ hasPrevious: true, hasNext: false, totalCount: ORDER_PAGE_SIZE + 4 });
    // 28 bulk orders plus Anna Bergmann's order.
    expect(second.rows).toHaveLength(4);
    expect(first.rows[0]?.name).toBe(`#B${ORDER_PAGE_SIZE + 2}`);
    // Equal totals: the id breaks the tie, so sorted pages together hold every order once.
    const byTotal = [
      ...(await listOrders(runtime.db, shopB, { sort: "total", direction: "asc" })).rows,
      ...(await listOrders(runtime.db, shopB, { sort: "total", direction: "asc", page: 2 })).rows,
    ];
    expect(new Set(byTotal.map((order) => order.id)).size).toBe(ORDER_PAGE_SIZE + 4);
    expect(byTotal.at(-1)?.totalMinor).toBe(99_999);
  });
});

describe("shop isolation", () => {
  test("shop A never sees shop B's customers, orders or customer 360 (and the other way round)", async () => {
    const customersOfA = [
      ...(await listCustomers(runtime.db, shopA)).rows,
      ...(await listCustomers(runtime.db, shopA, { page: 2 })).rows,
      ...(await listCustomers(runtime.db, shopA, { page: 3 })).rows,
    ];
    const storedB = await runtime.db.customer.findMany({ where: { shopId: shopB.id }, select: { id: true } });
    expect(storedB.length).toBeGreaterThan(0);
    for (const { id } of storedB) expect(customersOfA.map((row) => row.id)).not.toContain(id);

    expect((await listCustomers(runtime.db, shopA, { query: "bergmann" })).rows).toEqual([]);
    expect((await listCustomers(runtime.db, shopB, { query: "anna" })).rows.map((row) => row.id)).toEqual([ids.bergmann]);

    const ordersOfA = await listOrders(runtime.db, shopA);
    const ordersOfB = await runtime.db.order.findMany({ where: { shopId: shopB.id }, select: { id: true } });
    for (const { id } of ordersOfB) expect(ordersOfA.rows.map((row) => row.id)).not.toContain(id);
    expect(ordersOfA.rows.some((row) => row.totalMinor === 99_999)).toBe(false);

    // The id of B's customer gets the same 404 as an id of nobody.
    await expectStatus(getCustomer360(runtime.db, shopA, ids.bergmann), 404);
    await expectStatus(getCustomer360(runtime.db, shopB, ids.anna), 404);
    const bergmann = await getCustomer360(runtime.db, shopB, ids.bergmann);
    expect(bergmann.orders.map((order) => order.totalMinor)).toEqual([99_999]);
  });

  test("sync status counts only the shop's own rows", async () => {
    const now = new Date(day(300).getTime() + 100_000);
    const status = await getSyncStatus(runtime.db, shopA, now);
    expectPlainJson(status);
    const customersOfA = await runtime.db.customer.count({ where: { shopId: shopA.id } });
    expect(status.counts).toEqual({ customers: customersOfA, guests: 1, orders: 4, products: 1, refunds: 1 });
    expect(status.lastDelivery).toEqual({ topic: "customers/update", receivedAt: day(102).toISOString(), status: "PROCESSED" });
    expect(Object.fromEntries(status.deliveriesByStatus.map((row) => [row.status, row.count]))).toEqual({
      RECEIVED: 0,
      PROCESSED: 2,
      IGNORED: 0,
      FAILED: 1,
      DEAD: 2,
      PARKED: 1,
    });
    expect(status.latestImport).toMatchObject({
      phase: "customers",
      status: "RUNNING",
      rowsDone: 1000,
      startedAt: day(300).toISOString(),
      finishedAt: null,
      rowsPerSecond: 10,
    });
    expect(status.deadLetters.map((letter) => [letter.topic, letter.status, letter.error, letter.attempts])).toEqual([
      ["refunds/create", "PARKED", "unreadable payload", 1],
      ["orders/paid", "DEAD", "boom", 8],
      ["customers/create", "DEAD", "early", 8],
    ]);
    expect(JSON.stringify(status)).not.toContain("anna.schmidt@example.com");
    // A's dead webhook job and A's dead import job; not B's, not the unattributable one.
    expect(status.deadJobs).toBe(2);

    const statusB = await getSyncStatus(runtime.db, shopB, now);
    expect(statusB.deadLetters.map((letter) => letter.error)).toEqual(["B's trouble"]);
    expect(statusB.deadJobs).toBe(1);
    expect(statusB.counts.products).toBe(1);
    expect(statusB.latestImport).toMatchObject({ status: "FAILED", phase: "products" });
  });
});

describe("import rate", () => {
  const startedAt = new Date("2025-01-01T00:00:00Z");
  const at = (seconds: number) => new Date(startedAt.getTime() + seconds * 1000);

  test("running: rows over the time until now", () => {
    expect(importRowsPerSecond({ status: "RUNNING", rowsDone: 500, startedAt, finishedAt: null, updatedAt: at(10) }, at(50))).toBe(10);
  });

  test("finished: rows over the run's own duration, whenever asked", () => {
    expect(
      importRowsPerSecond({ status: "COMPLETED", rowsDone: 300, startedAt, finishedAt: at(60), updatedAt: at(60) }, at(9999)),
    ).toBe(5);
  });

  test("failed without an end: up to its last progress", () => {
    expect(importRowsPerSecond({ status: "FAILED", rowsDone: 40, startedAt, finishedAt: null, updatedAt: at(20) }, at(9999))).toBe(2);
  });

  test("no rate before it started or when no time passed", () => {
    expect(importRowsPerSecond({ status: "PENDING", rowsDone: 0, startedAt, finishedAt: null, updatedAt: startedAt }, at(5))).toBeNull();
    expect(importRowsPerSecond({ status: "RUNNING", rowsDone: 0, startedAt, finishedAt: null, updatedAt: startedAt }, startedAt)).toBeNull();
  });
});
