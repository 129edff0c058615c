import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_SCOPES } from "~/config/env.server";
import { normalizeEmail } from "~/core/customers/email";
import { CUSTOMER_PAGE_SIZE, listCustomers } from "~/core/customers/customer-queries.server";
import { listOrders } from "~/core/orders/order-queries.server";
import { recordInstall } from "~/core/shops/shops.server";
import type { Runtime } from "~/runtime.server";
import { startTestRuntime } from "../helpers/test-runtime";

// Search and filters of the customers and orders lists against a migrated database (PGlite, and
// PostgreSQL with TEST_DATABASE_URL): every search kind, every filter, totals that match the rows,
// and one shop never finding another's customers.

let runtime: Runtime;
type Shop = { id: string; currency: string };
let shop: Shop;
let otherShop: Shop;
const ids = { anna: "", bernd: "", carla: "", erased: "", otherAnna: "" };
const orderIds = { o1042: "", o1043: "", o2001: "", o2002: "" };

const at = (iso: string) => new Date(iso);

async function install(domain: string): Promise<Shop> {
  const installed = await recordInstall(runtime.db, {
    platform: "SHOPIFY",
    domain,
    sealedAccessToken: runtime.secretBox.seal("shpat_test"),
    scopes: DEFAULT_SCOPES.join(","),
    currency: "EUR",
  });
  return { id: installed.id, currency: "EUR" };
}

// As the sync stores them: the e-mail also normalized (a whole address is searched by that).
async function customer(shopId: string, data: { email?: string } & Record<string, unknown>): Promise<string> {
  const created = await runtime.db.customer.create({
    data: { shopId, emailNormalized: normalizeEmail(data.email), ...data },
    select: { id: true },
  });
  return created.id;
}

async function order(
  shopId: string,
  customerId: string | null,
  number: number,
  data: { processedAt: Date; financialStatus?: string | null; fulfillmentStatus?: string | null; cancelledAt?: Date; test?: boolean; totalMinor?: bigint },
): Promise<string> {
  const total = data.totalMinor ?? 1000n;
  const created = await runtime.db.order.create({
    data: {
      shopId,
      customerId,
      platformId: `${shopId.slice(0, 4)}-${number}`,
      name: `#${number}`,
      orderNumber: number,
      currency: "EUR",
      subtotalMinor: total,
      totalDiscountsMinor: 0n,
      totalShippingMinor: 0n,
      totalTaxMinor: 0n,
      totalMinor: total,
      presentmentCurrency: "EUR",
      presentmentTotalMinor: total,
      financialStatus: data.financialStatus ?? null,
      fulfillmentStatus: data.fulfillmentStatus ?? null,
      cancelledAt: data.cancelledAt ?? null,
      test: data.test ?? false,
      processedAt: data.processedAt,
      sourceCreatedAt: data.processedAt,
      sourceUpdatedAt: data.processedAt,
    },
    select: { id: true },
  });
  return created.id;
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  shop = await install("list-search.myshopify.com");
  otherShop = await install("list-search-other.myshopify.com");
  ids.anna = await customer(shop.id, {
    platformId: "1",
    firstName: "Anna",
    lastName: "Schmidt",
    email: "anna.schmidt@example.com",
    phone: "+491522126069",
    addressCity: "Köln",
    emailMarketingConsent: "SUBSCRIBED",
    ordersCount: 2,
    totalSpentMinor: 3000n,
    lastOrderAt: at("2026-11-20T10:00:00Z"),
  });
  // A guest whose phone was typed at checkout, in national format with separators.
  ids.bernd = await customer(shop.id, {
    firstName: "Bernd",
    lastName: "Müller",
    email: "bernd@example.org",
    phone: "0171 / 234 56-78",
    addressCity: "München",
    isGuest: true,
    ordersCount: 2,
    totalSpentMinor: 9000n,
    lastOrderAt: at("2026-12-01T10:00:00Z"),
  });
  ids.carla = await customer(shop.id, {
    platformId: "3",
    firstName: "Carla",
    lastName: "Weber",
    email: "carla_100%@example.net",
    addressCity: "Berlin",
    emailMarketingConsent: "UNSUBSCRIBED",
  });
  // Erased: only the tombstone is left, and a search must not reach it through its orders either.
  ids.erased = await customer(shop.id, { platformId: "4", redactedAt: at("2026-10-01T00:00:00Z"), ordersCount: 0 });
  ids.otherAnna = await customer(otherShop.id, {
    platformId: "1",
    firstName: "Anna",
    lastName: "Schmidt",
    email: "anna.schmidt@example.com",
    phone: "+491522126069",
    addressCity: "Köln",
  });
  orderIds.o1042 = await order(shop.id, ids.anna, 1042, {
    processedAt: at("2026-11-20T10:00:00Z"),
    financialStatus: "paid",
    fulfillmentStatus: "fulfilled",
    totalMinor: 2000n,
  });
  // The import spells statuses in upper case.
  orderIds.o1043 = await order(shop.id, ids.anna, 1043, {
    processedAt: at("2026-06-01T10:00:00Z"),
    financialStatus: "PENDING",
    cancelledAt: at("2026-06-02T10:00:00Z"),
    totalMinor: 1000n,
  });
  orderIds.o2001 = await order(shop.id, ids.bernd, 2001, {
    processedAt: at("2026-12-01T10:00:00Z"),
    financialStatus: "paid",
    fulfillmentStatus: "partial",
    test: true,
    totalMinor: 5000n,
  });
  orderIds.o2002 = await order(shop.id, ids.bernd, 2002, {
    processedAt: at("2025-12-31T23:59:59Z"),
    financialStatus: "refunded",
    fulfillmentStatus: "fulfilled",
    totalMinor: 4000n,
  });
  await order(shop.id, ids.erased, 3001, { processedAt: at("2026-01-05T10:00:00Z"), financialStatus: "paid" });
  await order(otherShop.id, ids.otherAnna, 1042, { processedAt: at("2026-11-20T10:00:00Z"), financialStatus: "paid" });
});
afterAll(async () => {
  await runtime.close();
});

async function customerIds(params: Parameters<typeof listCustomers>[2]): Promise<string[]> {
  const page = await listCustomers(runtime.db, shop, params);
  expect(page.totalCount, "the total counts the rows a single page shows").toBe(page.rows.length);
  return page.rows.map((row) => row.id).sort();
}

async function orderNumbers(params: Parameters<typeof listOrders>[2]): Promise<string[]> {
  const page = await listOrders(runtime.db, shop, params);
  expect(page.totalCount, "the total counts the rows a single page shows").toBe(page.rows.length);
  return page.rows.map((row) => row.name ?? "").sort();
}

describe("customers search", () => {
  test.each([
    ["anna", "anna"],
    ["SCHMIDT", "anna"],
    ["anna schm", "anna"],
    ["example.com", "anna"],
    ["Anna.Schmidt@Example.com", "anna"],
    ["anna.schmidt@", "anna"],
    ["köln", "anna"],
    ["KÖLN", "anna"],
    ["münchen", "bernd"],
    ["berl", "carla"],
    ["100%", "carla"],
    ["carla_", "carla"],
  ] as const)("by name, e-mail or city: %j", async (query, who) => {
    expect(await customerIds({ query })).toEqual([ids[who]]);
  });

  test.each([
    ["+49 1522 126069", "anna"],
    ["+491522126069", "anna"],
    ["0049 1522 126069", "anna"],
    ["01522126069", "anna"],
    ["1522126069", "anna"],
    ["126069", "anna"],
    ["+49 171 2345678", "bernd"],
    ["01712345678", "bernd"],
    ["0171 234 5678", "bernd"],
  ] as const)("by phone, however typed: %j", async (query, who) => {
    expect(await customerIds({ query })).toEqual([ids[who]]);
  });

  test.each([
    ["#1042", "anna"],
    ["1042", "anna"],
    ["#2002", "bernd"],
  ] as const)("by the number of an order they placed: %j", async (query, who) => {
    expect(await customerIds({ query })).toEqual([ids[who]]);
  });

  test("nothing is found for a miss, in another shop, or of an erased customer", async () => {
    expect(await customerIds({ query: "zzz-nobody" })).toEqual([]);
    expect(await customerIds({ query: "anna bernd" })).toEqual([]);
    expect(await customerIds({ query: "+49 1522 126068" })).toEqual([]);
    expect(await customerIds({ query: "#9999" })).toEqual([]);
    // The erased customer placed #3001.
    expect(await customerIds({ query: "#3001" })).toEqual([]);
    const other = await listCustomers(runtime.db, otherShop, { query: "anna" });
    expect(other.rows.map((row) => row.id)).toEqual([ids.otherAnna]);
  });

  test("filters: consent, registered or guest, with or without orders", async () => {
    expect(await customerIds({ filters: { consent: "subscribed" } })).toEqual([ids.anna]);
    expect(await customerIds({ filters: { consent: "unsubscribed" } })).toEqual([ids.carla]);
    expect(await customerIds({ filters: { kind: "guest" } })).toEqual([ids.bernd]);
    expect(await customerIds({ filters: { kind: "registered" } })).toEqual([ids.anna, ids.carla, ids.erased].sort());
    expect(await customerIds({ filters: { orders: "without" } })).toEqual([ids.carla, ids.erased].sort());
    expect(await customerIds({ filters: { orders: "with" } })).toEqual([ids.anna, ids.bernd].sort());
    expect(await customerIds({ filters: { orders: "with", kind: "registered" }, query: "anna" })).toEqual([ids.anna]);
    expect(await customerIds({ filters: { orders: "with", kind: "guest" }, query: "anna" })).toEqual([]);
  });

  test("sorts by revenue both ways; newest buyer first and never-buyers last by default", async () => {
    const names = async (params: Parameters<typeof listCustomers>[2]) =>
      (await listCustomers(runtime.db, shop, params)).rows.map((row) => row.id);
    expect(await names({})).toEqual([ids.bernd, ids.anna, ...[ids.carla, ids.erased].sort()]);
    expect(await names({ direction: "asc" })).toEqual([ids.anna, ids.bernd, ...[ids.carla, ids.erased].sort()]);
    expect((await names({ sort: "revenue" })).slice(0, 2)).toEqual([ids.bernd, ids.anna]);
  });

  test("a page beyond the end serves the last page and says so", async () => {
    const page = await listCustomers(runtime.db, shop, { page: 7 });
    expect(page).toMatchObject({ page: 1, pageBeyondEnd: { page: 7, lastPage: 1 }, totalCount: 4, hasPrevious: false, hasNext: false });
    expect(page.rows).toHaveLength(4);
    expect(CUSTOMER_PAGE_SIZE).toBeGreaterThan(4);
    expect((await listCustomers(runtime.db, shop, { page: 1 })).pageBeyondEnd).toBeNull();
  });
});

describe("orders search and filters", () => {
  test.each([
    ["#1042", ["#1042"]],
    ["1042", ["#1042"]],
    ["anna", ["#1042", "#1043"]],
    ["Anna Schmidt", ["#1042", "#1043"]],
    ["bernd@example.org", ["#2001", "#2002"]],
    ["müller", ["#2001", "#2002"]],
    ["+49 171 2345678", ["#2001", "#2002"]],
    ["#9999", []],
    ["nobody", []],
  ] as const)("search %j", async (query, names) => {
    expect(await orderNumbers({ query })).toEqual(names);
  });

  test("another shop's order with the same number stays there", async () => {
    const page = await listOrders(runtime.db, otherShop, { query: "#1042" });
    expect(page.totalCount).toBe(1);
    expect((await orderNumbers({ query: "#1042" })).length).toBe(1);
  });

  test("payment status, in any spelling", async () => {
    expect(await orderNumbers({ filters: { financialStatus: "paid" } })).toEqual(["#1042", "#2001", "#3001"]);
    expect(await orderNumbers({ filters: { financialStatus: "pending" } })).toEqual(["#1043"]);
    expect(await orderNumbers({ filters: { financialStatus: "voided" } })).toEqual([]);
  });

  test("fulfillment status; no status is unfulfilled", async () => {
    expect(await orderNumbers({ filters: { fulfillmentStatus: "fulfilled" } })).toEqual(["#1042", "#2002"]);
    expect(await orderNumbers({ filters: { fulfillmentStatus: "partial" } })).toEqual(["#2001"]);
    expect(await orderNumbers({ filters: { fulfillmentStatus: "unfulfilled" } })).toEqual(["#1043", "#3001"]);
  });

  test("date range: whole days, both ends included, either end open", async () => {
    const range = (from: string | null, to: string | null) => orderNumbers({ filters: { range: { from, to } } });
    expect(await range("2026-11-20", "2026-11-20")).toEqual(["#1042"]);
    expect(await range("2026-11-01", "2026-12-01")).toEqual(["#1042", "#2001"]);
    expect(await range(null, "2025-12-31")).toEqual(["#2002"]);
    expect(await range("2026-01-01", null)).toEqual(["#1042", "#1043", "#2001", "#3001"]);
    expect(await range("2026-12-02", null)).toEqual([]);
  });

  test("cancelled and test orders, only or without", async () => {
    expect(await orderNumbers({ filters: { cancelled: "yes" } })).toEqual(["#1043"]);
    expect(await orderNumbers({ filters: { cancelled: "no" } })).toEqual(["#1042", "#2001", "#2002", "#3001"]);
    expect(await orderNumbers({ filters: { test: "yes" } })).toEqual(["#2001"]);
    expect(await orderNumbers({ filters: { test: "no", cancelled: "no" } })).toEqual(["#1042", "#2002", "#3001"]);
  });

  test("filters and search combine", async () => {
    expect(await orderNumbers({ query: "anna", filters: { financialStatus: "paid" } })).toEqual(["#1042"]);
    expect(await orderNumbers({ query: "bernd", filters: { test: "no", range: { from: "2025-01-01", to: "2025-12-31" } } })).toEqual(["#2002"]);
  });

  test("sorts by date and total both ways", async () => {
    const names = async (params: Parameters<typeof listOrders>[2]) => (await listOrders(runtime.db, shop, params)).rows.map((row) => row.name);
    expect(await names({})).toEqual(["#2001", "#1042", "#1043", "#3001", "#2002"]);
    expect(await names({ direction: "asc" })).toEqual(["#2002", "#3001", "#1043", "#1042", "#2001"]);
    expect((await names({ sort: "total" })).slice(0, 3)).toEqual(["#2001", "#2002", "#1042"]);
  });

  test("a page beyond the end serves the last page and says so", async () => {
    const page = await listOrders(runtime.db, shop, { page: 3, filters: { financialStatus: "paid" } });
    expect(page).toMatchObject({ page: 1, pageBeyondEnd: { page: 3, lastPage: 1 }, totalCount: 3 });
    expect(page.rows).toHaveLength(3);
  });
});
