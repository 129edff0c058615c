import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { upsertCustomers } from "~/core/customers/customer-sync.server";
import { applyRefunds, OrderNotSyncedError, upsertOrders } from "~/core/orders/order-sync.server";
import type {
  CustomerSnapshot,
  LineItemSnapshot,
  OrderBuyer,
  OrderSnapshot,
  ProductSnapshot,
  RefundSnapshot,
} from "~/core/platform";
import { markProductDeleted, upsertProducts } from "~/core/products/product-sync.server";
import type { Tx } from "~/db/prisma.server";
import type { Runtime } from "~/runtime.server";
import { startTestRuntime } from "../helpers/test-runtime";
import { day, orderSnapshot } from "../helpers/snapshots";

// The batch sync services against a real, migrated database: a batch ends where applying its
// newest versions one at a time would, whatever it mixes (repeats, stale and newer versions,
// guests and accounts with one email), and at any size.

type Shop = { id: string; domain: string; currency: string };
let runtime: Runtime;
let shop: Shop;
let shops = 0;

async function newShop(): Promise<Shop> {
  shops += 1;
  return runtime.db.shop.create({
    data: { platform: "SHOPIFY", domain: `batch-${shops}.myshopify.com`, currency: "EUR" },
    select: { id: true, domain: true, currency: true },
  });
}

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime?.close();
});
beforeEach(async () => {
  shop = await newShop();
});

function inTx<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return runtime.db.$transaction(work, { timeout: 120_000, maxWait: 60_000 });
}

const syncOrders = (orders: OrderSnapshot[], shopId = shop.id) => inTx((tx) => upsertOrders(tx, shopId, orders));
const syncCustomers = (customers: CustomerSnapshot[]) => inTx((tx) => upsertCustomers(tx, shop.id, customers));
const syncRefunds = (refunds: RefundSnapshot[]) => inTx((tx) => applyRefunds(tx, shop.id, refunds));
const syncProducts = (products: ProductSnapshot[]) => inTx((tx) => upsertProducts(tx, shop, products));

const hour = (base: Date, n: number) => new Date(base.getTime() + n * 3_600_000);

function lineItem(platformId: string, unitPriceMinor = 1000n): LineItemSnapshot {
  return {
    platformId,
    productPlatformId: null,
    variantPlatformId: null,
    title: `Kaffee ${platformId}`,
    variantTitle: null,
    sku: null,
    quantity: 1,
    unitPriceMinor,
    totalDiscountMinor: 0n,
    totalTaxMinor: 0n,
    recommendedFrom: null,
  };
}

function refund(platformId: string, orderPlatformId: string, amountMinor: bigint): RefundSnapshot {
  return {
    platformId,
    orderPlatformId,
    note: null,
    amountMinor,
    currency: "EUR",
    processedAt: day(40),
    lineItems: [
      {
        platformId: `${platformId}-line`,
        lineItemPlatformId: "l1",
        quantity: 1,
        subtotalMinor: amountMinor,
        totalTaxMinor: 0n,
        restockType: null,
      },
    ],
  };
}

function account(platformId: string, email: string | null): OrderBuyer {
  return { platformId, email, firstName: "Vorname", lastName: "Nachname", phone: null };
}

function order(platformId: string, overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  const defaults = { processedAt: day(1), createdAt: day(1), updatedAt: day(1), lineItems: [lineItem("l1")] };
  return orderSnapshot(platformId, { ...defaults, ...overrides });
}

function customer(platformId: string, overrides: Partial<CustomerSnapshot> = {}): CustomerSnapshot {
  return {
    platformId,
    email: `${platformId}@example.com`,
    firstName: "Vorname",
    lastName: "Nachname",
    phone: null,
    emailMarketingConsent: "NOT_SUBSCRIBED",
    consentUpdatedAt: null,
    tags: [],
    locale: "de",
    address: undefined,
    createdAt: day(0),
    updatedAt: day(0),
    ...overrides,
  };
}

function product(platformId: string, overrides: Partial<ProductSnapshot> = {}): ProductSnapshot {
  return {
    platformId,
    title: `Produkt ${platformId}`,
    handle: null,
    status: "active",
    vendor: null,
    productType: null,
    imageUrl: null,
    tags: [],
    collectionIds: undefined,
    createdAt: day(0),
    updatedAt: day(1),
    variants: [],
    ...overrides,
  };
}

function variant(platformId: string) {
  return { platformId, title: platformId, sku: null, priceMinor: 990n, inventoryQuantity: 3, available: true };
}

const findOrder = (platformId: string, shopId = shop.id) =>
  runtime.db.order.findUniqueOrThrow({
    where: { shopId_platformId: { shopId, platformId } },
    include: { lineItems: { orderBy: { platformId: "asc" } }, discountCodes: true, refunds: true, customer: true },
  });

describe("orders in batches", () => {
  test("the same order twice in a batch: the newest version counts, wherever it stands", async () => {
    const older = order("1", { updatedAt: day(1), totalMinor: 1000n, lineItems: [lineItem("a")] });
    const newer = order("1", { updatedAt: day(2), totalMinor: 2000n, lineItems: [lineItem("b"), lineItem("c")] });
    expect(await syncOrders([newer, older])).toMatchObject({ applied: ["1"] });
    const stored = await findOrder("1");
    expect(stored.totalMinor).toBe(2000n);
    expect(stored.lineItems.map((line) => line.platformId)).toEqual(["b", "c"]);

    // Two copies of one version: the first one is kept, as one at a time.
    const first = order("2", { updatedAt: day(3), financialStatus: "paid" });
    const second = order("2", { updatedAt: day(3), financialStatus: "refunded" });
    expect((await syncOrders([first, second])).applied).toEqual(["2"]);
    expect((await findOrder("2")).financialStatus).toBe("paid");
  });

  test("a mixed batch inserts new orders, applies newer versions and leaves stale ones alone", async () => {
    const buyer = account("c-1", "kim@example.com");
    await syncOrders([
      order("A", { buyer, updatedAt: day(2), totalMinor: 1000n }),
      order("B", { buyer, updatedAt: day(2), totalMinor: 1000n, lineItems: [lineItem("b1"), lineItem("b2")] }),
    ]);
    const before = await findOrder("A");

    const result = await syncOrders([
      order("A", { buyer, updatedAt: day(1), totalMinor: 5n }),
      order("B", {
        buyer,
        updatedAt: day(3),
        totalMinor: 3000n,
        lineItems: [lineItem("b3")],
        discountCodes: [{ code: "SOMMER", kind: "percentage", amountMinor: 300n }],
        refunds: [refund("r-B", "B", 700n)],
      }),
      order("C", { buyer, updatedAt: day(1), totalMinor: 400n }),
      order("A", { buyer, updatedAt: day(2), totalMinor: 6n }),
    ]);

    expect(result.applied).toEqual(["B", "C"]);
    expect([...result.orderIds.keys()].sort()).toEqual(["A", "B", "C"]);
    expect(result.orderIds.get("A")).toBe(before.id);
    const a = await findOrder("A");
    expect(a).toMatchObject({ totalMinor: 1000n, updatedAt: before.updatedAt });
    const b = await findOrder("B");
    expect(b).toMatchObject({ totalMinor: 3000n, totalRefundedMinor: 700n });
    expect(b.lineItems.map((line) => line.platformId)).toEqual(["b3"]);
    expect(b.discountCodes.map((code) => code.code)).toEqual(["SOMMER"]);
    expect(b.refunds.map((row) => row.platformId)).toEqual(["r-B"]);
    expect(b.customer).toMatchObject({
      platformId: "c-1",
      ordersCount: 3,
      totalSpentMinor: 1000n + 3000n - 700n + 400n,
      totalRefundedMinor: 700n,
    });
  });

  test("guests and an account with the same email in one batch end as one customer with every order", async () => {
    // Earlier guest checkouts, and a registered customer with another email.
    await syncOrders([
      order("G0", { email: "mia@example.com" }),
      order("N0", { email: "nora@example.com" }),
    ]);
    const guests = await runtime.db.customer.findMany({ where: { shopId: shop.id } });
    expect(guests.map((row) => [row.isGuest, row.platformId])).toEqual([
      [true, null],
      [true, null],
    ]);
    const guestOf = (email: string) => guests.find((row) => row.emailNormalized === email)!.id;
    await syncCustomers([customer("lea", { email: "Lea@Example.com" })]);

    const result = await syncOrders([
      order("G1", { email: "MIA@example.com" }),
      order("R1", { buyer: account("mia", "mia@example.com") }),
      order("G2", { email: " mia@EXAMPLE.com " }),
      order("L1", { email: "lea@example.com" }),
      // Two new accounts with one guest's email: the first takes over the guest row, the second is new.
      order("N1", { buyer: account("nora-1", "nora@example.com") }),
      order("N2", { buyer: account("nora-2", "Nora@example.com") }),
    ]);
    expect(result.applied).toHaveLength(6);

    const customers = await runtime.db.customer.findMany({ where: { shopId: shop.id }, orderBy: { platformId: "asc" } });
    expect(customers.map((row) => [row.platformId, row.isGuest, row.ordersCount])).toEqual([
      ["lea", false, 1],
      ["mia", false, 4],
      ["nora-1", false, 2],
      ["nora-2", false, 1],
    ]);
    expect(customers.find((row) => row.platformId === "mia")!.id).toBe(guestOf("mia@example.com"));
    for (const platformId of ["G0", "G1", "R1", "G2"]) {
      expect((await findOrder(platformId)).customerId).toBe(guestOf("mia@example.com"));
    }
    expect((await findOrder("L1")).customer).toMatchObject({ platformId: "lea" });
    expect(customers.find((row) => row.platformId === "nora-1")!.id).toBe(guestOf("nora@example.com"));
    expect((await findOrder("N0")).customer).toMatchObject({ platformId: "nora-1" });
  });

  test("2,000 orders in one call land exactly, and the same call again changes nothing", async () => {
    const orders = Array.from({ length: 2000 }, (_, i) => {
      const kind = i % 10;
      const lines = Array.from({ length: 1 + (i % 3) }, (_, j) => lineItem(`${i}-${j}`, BigInt(500 + 100 * j)));
      const totalMinor = lines.reduce((sum, line) => sum + line.unitPriceMinor, 0n);
      return order(`o-${i}`, {
        buyer: kind < 7 ? account(`acc-${i % 300}`, `acc${i % 300}@example.com`) : null,
        email: kind >= 7 && kind < 9 ? `guest${i % 100}@example.com` : null,
        totalMinor,
        lineItems: lines,
        discountCodes: i % 5 === 0 ? [{ code: "SAVE5", kind: "fixed_amount", amountMinor: 500n }] : [],
        refunds: i % 7 === 0 ? [refund(`r-${i}`, `o-${i}`, 100n + BigInt(i))] : [],
        cancelledAt: i % 50 === 0 ? day(3) : null,
        test: i % 97 === 0,
        processedAt: day(i % 365),
      });
    });

    const result = await syncOrders(orders);
    expect(result.applied).toEqual(orders.map((row) => row.platformId));

    const expected = new Map<string, { count: number; spent: bigint; refunded: bigint }>();
    for (const row of orders) {
      const key = row.buyer?.platformId ?? row.email;
      if (!key) continue;
      const figures = expected.get(key) ?? { count: 0, spent: 0n, refunded: 0n };
      expected.set(key, figures);
      if (row.cancelledAt || row.test) continue;
      const refunded = row.refunds.reduce((sum, item) => sum + item.amountMinor, 0n);
      figures.count += 1;
      figures.spent += row.totalMinor - refunded;
      figures.refunded += refunded;
    }
    const customers = await runtime.db.customer.findMany({ where: { shopId: shop.id } });
    expect(customers).toHaveLength(expected.size);
    expect(
      new Map(
        customers.map((row) => [
          row.platformId ?? row.emailNormalized!,
          { count: row.ordersCount, spent: row.totalSpentMinor, refunded: row.totalRefundedMinor },
        ]),
      ),
    ).toEqual(expected);

    const counts = async () => ({
      orders: await runtime.db.order.count({ where: { shopId: shop.id } }),
      lines: await runtime.db.orderLineItem.count({ where: { shopId: shop.id } }),
      codes: await runtime.db.orderDiscountCode.count({ where: { shopId: shop.id } }),
      refunds: await runtime.db.refund.count({ where: { shopId: shop.id } }),
      refundLines: await runtime.db.refundLineItem.count({ where: { shopId: shop.id } }),
      timeline: await runtime.db.timelineEvent.count({ where: { shopId: shop.id } }),
      refundedMinor: (await runtime.db.order.aggregate({ where: { shopId: shop.id }, _sum: { totalRefundedMinor: true } }))
        ._sum.totalRefundedMinor,
    });
    const refunds = orders.flatMap((row) => row.refunds);
    const withCustomer = orders.filter((row) => row.buyer || row.email);
    const landed = await counts();
    expect(landed).toEqual({
      orders: 2000,
      lines: orders.reduce((sum, row) => sum + row.lineItems.length, 0),
      codes: 400,
      refunds: refunds.length,
      refundLines: refunds.length,
      timeline:
        withCustomer.length +
        withCustomer.filter((row) => row.cancelledAt).length +
        withCustomer.reduce((sum, row) => sum + row.refunds.length, 0),
      refundedMinor: refunds.reduce((sum, item) => sum + item.amountMinor, 0n),
    });

    expect((await syncOrders(orders)).applied).toEqual([]);
    expect(await counts()).toEqual(landed);
  });

  test("an order's new customer and its former one both get their figures recomputed", async () => {
    await syncOrders([order("X", { buyer: account("first", "first@example.com"), totalMinor: 900n })]);
    await syncOrders([order("X", { buyer: account("second", "second@example.com"), totalMinor: 900n, updatedAt: day(2) })]);
    const figures = await runtime.db.customer.findMany({
      where: { shopId: shop.id },
      select: { platformId: true, ordersCount: true, totalSpentMinor: true },
      orderBy: { platformId: "asc" },
    });
    expect(figures).toEqual([
      { platformId: "first", ordersCount: 0, totalSpentMinor: 0n },
      { platformId: "second", ordersCount: 1, totalSpentMinor: 900n },
    ]);
  });
});

describe("refunds in batches", () => {
  test("each refund is added once, totals and figures follow, the timeline gets one entry each", async () => {
    await syncOrders([
      order("A", { buyer: account("c", "c@example.com"), totalMinor: 5000n }),
      order("B", { buyer: account("c", "c@example.com"), totalMinor: 3000n }),
    ]);
    const result = await syncRefunds([
      refund("r1", "A", 100n),
      { ...refund("r1", "A", 999n) },
      refund("r2", "A", 200n),
      refund("r3", "B", 300n),
    ]);
    expect(result.applied).toEqual(["r1", "r2", "r3"]);
    expect((await findOrder("A")).totalRefundedMinor).toBe(300n);
    expect((await findOrder("B")).totalRefundedMinor).toBe(300n);
    const buyer = await runtime.db.customer.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(buyer).toMatchObject({ totalRefundedMinor: 600n, totalSpentMinor: 8000n - 600n });
    expect(await runtime.db.timelineEvent.count({ where: { shopId: shop.id, kind: "order.refunded" } })).toBe(3);

    expect((await syncRefunds([refund("r1", "A", 100n)])).applied).toEqual([]);
  });

  test("one refund whose order is not stored yet fails the whole batch, so that it is retried", async () => {
    await syncOrders([order("A")]);
    await expect(syncRefunds([refund("r1", "A", 100n), refund("r2", "missing", 100n)])).rejects.toBeInstanceOf(
      OrderNotSyncedError,
    );
    expect(await runtime.db.refund.count({ where: { shopId: shop.id } })).toBe(0);
  });
});

describe("customers in batches", () => {
  test("newest version per customer, stale ones ignored, unsaid consent and tags kept, guests taken over", async () => {
    await syncCustomers([
      customer("1", { tags: ["vip"], emailMarketingConsent: "SUBSCRIBED", consentUpdatedAt: day(0) }),
      customer("2", { updatedAt: day(5), firstName: "Alt" }),
    ]);
    await syncOrders([order("G", { email: "neu@example.com" })]);
    const guest = await runtime.db.customer.findFirstOrThrow({ where: { shopId: shop.id, platformId: null } });

    const result = await syncCustomers([
      customer("1", { updatedAt: day(2), firstName: "Zwei", tags: undefined, emailMarketingConsent: undefined, consentUpdatedAt: undefined }),
      customer("1", { updatedAt: day(1), firstName: "Eins" }),
      customer("2", { updatedAt: day(4), firstName: "Stale" }),
      customer("3", { email: "Neu@Example.com" }),
      customer("4", { emailMarketingConsent: "SUBSCRIBED" }),
    ]);
    expect(result.applied).toEqual(["1", "3", "4"]);
    expect([...result.customerIds.keys()].sort()).toEqual(["1", "2", "3", "4"]);

    const rows = await runtime.db.customer.findMany({ where: { shopId: shop.id }, orderBy: { platformId: "asc" } });
    expect(rows.map((row) => [row.platformId, row.firstName, row.tags, row.emailMarketingConsent])).toEqual([
      ["1", "Zwei", ["vip"], "SUBSCRIBED"],
      ["2", "Alt", [], "NOT_SUBSCRIBED"],
      ["3", "Vorname", [], "NOT_SUBSCRIBED"],
      ["4", "Vorname", [], "SUBSCRIBED"],
    ]);
    expect(rows[0]!.consentUpdatedAt).toEqual(day(0));
    expect(rows[2]).toMatchObject({ id: guest.id, isGuest: false, ordersCount: 1 });
  });

  test("a consent change of a stored customer or a taken-over guest is on the timeline", async () => {
    await syncCustomers([customer("1")]);
    await syncOrders([order("G", { email: "gast@example.com" })]);
    await syncCustomers([
      customer("1", { updatedAt: day(3), emailMarketingConsent: "SUBSCRIBED", consentUpdatedAt: day(2) }),
      customer("2", { email: "gast@example.com", emailMarketingConsent: "SUBSCRIBED" }),
    ]);
    const changes = await runtime.db.timelineEvent.findMany({
      where: { shopId: shop.id, kind: "customer.consent_changed" },
      orderBy: { sourceKey: "asc" },
    });
    expect(changes.map((entry) => [entry.sourceKey, entry.data])).toEqual([
      [`customer:1:consent:${day(3).toISOString()}`, { from: "NOT_SUBSCRIBED", to: "SUBSCRIBED" }],
      [`customer:2:consent:${day(0).toISOString()}`, { from: "UNKNOWN", to: "SUBSCRIBED" }],
    ]);
    expect(changes[0]!.occurredAt).toEqual(day(2));
  });
});

describe("products in batches", () => {
  test("newest version per product, variants replaced and moved, unsaid collections kept, tombstones hold", async () => {
    await syncProducts([product("P", { collectionIds: ["col-1"], variants: [variant("a")] })]);
    await inTx((tx) => markProductDeleted(tx, shop.id, "T", day(5)));

    const result = await syncProducts([
      product("P", { updatedAt: day(2), title: "Alt", variants: [variant("a"), variant("b")] }),
      product("P", { updatedAt: day(3), title: "Neu", variants: [variant("b"), variant("c")] }),
      product("Q", { variants: [variant("a")] }),
      product("T", { updatedAt: day(4) }),
    ]);
    expect(result.applied).toEqual(["P", "Q"]);

    const rows = await runtime.db.product.findMany({
      where: { shopId: shop.id },
      include: { variants: { orderBy: { platformId: "asc" } } },
      orderBy: { platformId: "asc" },
    });
    expect(rows.map((row) => [row.platformId, row.title, row.collectionIds, row.variants.map((item) => item.platformId)])).toEqual([
      ["P", "Neu", ["col-1"], ["b", "c"]],
      ["Q", "Produkt Q", [], ["a"]],
      ["T", "", [], []],
    ]);
    expect(rows[2]!.deletedAt).toEqual(day(5));

    expect((await syncProducts([product("T", { updatedAt: day(6) })])).applied).toEqual(["T"]);
    expect((await runtime.db.product.findFirstOrThrow({ where: { shopId: shop.id, platformId: "T" } })).deletedAt).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Property: any shuffle of an order history, cut into any batches, ends where its newest versions
// alone end. Versions of an order keep their buyer, and refunds and cancellations only accumulate,
// as on the platforms.

const ACCOUNTS = ["acc-1", "acc-2", "acc-3"];
const emailOf = (platformId: string) => `${platformId}@example.com`;
const GUEST_EMAILS = ["g1@example.com", "g2@example.com", ...ACCOUNTS.map(emailOf)];
const MAX_ORDERS = 8;
const MAX_VERSIONS = 3;

type BuyerPlan = { kind: "account"; platformId: string } | { kind: "guest"; email: string } | { kind: "none" };

const versionArb = fc.record({
  totalMinor: fc.bigInt({ min: 0n, max: 100_000n }),
  lines: fc.subarray(["l1", "l2", "l3"], { minLength: 1 }),
  code: fc.option(fc.constantFrom("A", "B")),
  fulfilled: fc.boolean(),
  test: fc.boolean(),
});

const orderPlanArb = fc.record({
  buyer: fc.oneof(
    fc.constantFrom(...ACCOUNTS).map((platformId): BuyerPlan => ({ kind: "account", platformId })),
    fc.constantFrom(...GUEST_EMAILS).map((email): BuyerPlan => ({ kind: "guest", email })),
    fc.constant<BuyerPlan>({ kind: "none" }),
  ),
  versions: fc.array(versionArb, { minLength: 1, maxLength: MAX_VERSIONS }),
  refundsFrom: fc.array(fc.nat(MAX_VERSIONS - 1), { maxLength: 2 }),
  cancelledFrom: fc.option(fc.nat(MAX_VERSIONS - 1)),
  processedDay: fc.integer({ min: 1, max: 30 }),
});

type OrderPlan = typeof orderPlanArb extends fc.Arbitrary<infer T> ? T : never;

function versionsOf(plan: OrderPlan, index: number): OrderSnapshot[] {
  const platformId = `o${index}`;
  return plan.versions.map((version, v) =>
    order(platformId, {
      buyer: plan.buyer.kind === "account" ? account(plan.buyer.platformId, emailOf(plan.buyer.platformId)) : null,
      email: plan.buyer.kind === "guest" ? plan.buyer.email : null,
      totalMinor: version.totalMinor,
      lineItems: version.lines.map((id) => lineItem(id)),
      discountCodes: version.code ? [{ code: version.code, kind: "fixed_amount", amountMinor: 100n }] : [],
      fulfillmentStatus: version.fulfilled ? "fulfilled" : null,
      test: version.test,
      cancelledAt: plan.cancelledFrom !== null && v >= plan.cancelledFrom ? day(50) : null,
      refunds: plan.refundsFrom.flatMap((from, k) =>
        v >= from ? [refund(`${platformId}-r${k}`, platformId, 10n * BigInt(k + 1))] : [],
      ),
      processedAt: day(plan.processedDay),
      updatedAt: hour(day(1), v),
    }),
  );
}

/** What a shop's store says, with store ids replaced by the identities they stand for. */
async function storeState(shopId: string) {
  const customers = await runtime.db.customer.findMany({ where: { shopId } });
  const identity = new Map(customers.map((row) => [row.id, row.platformId ?? `guest:${row.emailNormalized}`]));
  const orders = await runtime.db.order.findMany({
    where: { shopId },
    include: { lineItems: true, discountCodes: true, refunds: { include: { lineItems: true } } },
  });
  const timeline = await runtime.db.timelineEvent.findMany({ where: { shopId } });
  return {
    customers: customers
      .map((row) => ({
        identity: identity.get(row.id),
        isGuest: row.isGuest,
        emailNormalized: row.emailNormalized,
        ordersCount: row.ordersCount,
        totalSpentMinor: row.totalSpentMinor,
        totalRefundedMinor: row.totalRefundedMinor,
        firstOrderAt: row.firstOrderAt,
        lastOrderAt: row.lastOrderAt,
      }))
      .sort((a, b) => String(a.identity).localeCompare(String(b.identity))),
    orders: orders
      .map(({ id: _id, shopId: _shop, createdAt: _created, updatedAt: _updated, customerId, lineItems, discountCodes, refunds, ...columns }) => ({
        ...columns,
        customer: customerId ? identity.get(customerId) : null,
        lineItems: lineItems.map(({ id: _i, orderId: _o, shopId: _s, ...line }) => line).sort((a, b) => a.platformId.localeCompare(b.platformId)),
        discountCodes: discountCodes.map(({ id: _i, orderId: _o, shopId: _s, ...code }) => code).sort((a, b) => a.code.localeCompare(b.code)),
        refunds: refunds
          .map(({ id: _i, orderId: _o, shopId: _s, createdAt: _c, lineItems: refundLines, ...row }) => ({
            ...row,
            lineItems: refundLines.map(({ id: _l, refundId: _r, shopId: _x, ...line }) => line),
          }))
          .sort((a, b) => a.platformId.localeCompare(b.platformId)),
      }))
      .sort((a, b) => a.platformId.localeCompare(b.platformId)),
    timeline: timeline.map((entry) => `${entry.sourceKey} ${entry.kind} ${identity.get(entry.customerId)}`).sort(),
  };
}

describe("property: batches of shuffled versions end at the newest versions", () => {
  const slots = MAX_ORDERS * MAX_VERSIONS;

  test("any shuffle, cut into any batches, ends where the newest versions alone end", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(orderPlanArb, { minLength: 1, maxLength: MAX_ORDERS }),
        fc.array(fc.integer(), { minLength: slots, maxLength: slots }),
        fc.array(fc.boolean(), { minLength: slots, maxLength: slots }),
        async (plans, shuffleKeys, cuts) => {
          const histories = plans.map(versionsOf);
          const shuffled = histories
            .flat()
            .map((version, i) => ({ version, key: shuffleKeys[i]! }))
            .sort((a, b) => a.key - b.key)
            .map(({ version }) => version);
          const batches: OrderSnapshot[][] = [[]];
          shuffled.forEach((version, i) => {
            batches.at(-1)!.push(version);
            if (cuts[i] && i < shuffled.length - 1) batches.push([]);
          });

          const [replayed, newestOnly] = [await newShop(), await newShop()];
          for (const batch of batches) await syncOrders(batch, replayed.id);
          await syncOrders(histories.map((versions) => versions.at(-1)!), newestOnly.id);

          expect(await storeState(replayed.id)).toEqual(await storeState(newestOnly.id));
        },
      ),
      { numRuns: 15 },
    );
  });
});
