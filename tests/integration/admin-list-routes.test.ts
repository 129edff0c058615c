import { beforeAll, describe, expect, test } from "vitest";
import { loader as notFoundLoader } from "~/routes/app.$";
import { loader as customersLoader } from "~/routes/app.customers._index";
import { loader as ordersLoader } from "~/routes/app.orders._index";
import { day } from "../helpers/snapshots";
import { setUpAdminShop, thrownResponse } from "../helpers/admin-requests";
import { TEST_ENV } from "../helpers/test-runtime";

// The orders list and the 404 page as Shopify's admin calls them (a session token signed with the
// app's secret): what the URL asks for, what it gets wrong, and that nothing is shown without a token.

const STORE = "list-routes";
const ORDERS_URL = `${TEST_ENV.SHOPIFY_APP_URL}/app/orders`;

const admin = setUpAdminShop(STORE);

beforeAll(async () => {
  await admin.runtime.db.order.createMany({
    data: [1200n, 500n, 9900n].map((total, i) => ({
      shopId: admin.shopId,
      platformId: `70${i}`,
      name: `#70${i}`,
      currency: "EUR",
      subtotalMinor: total,
      totalDiscountsMinor: 0n,
      totalShippingMinor: 0n,
      totalTaxMinor: 0n,
      totalMinor: total,
      presentmentCurrency: "EUR",
      presentmentTotalMinor: total,
      financialStatus: "paid",
      processedAt: day(10 + i),
      sourceCreatedAt: day(10 + i),
      sourceUpdatedAt: day(10 + i),
    })),
  });
});

describe("orders list route", () => {
  test("sorts as the URL says and counts every order", async () => {
    const data = await admin.get(ordersLoader, `${ORDERS_URL}?sort=total&dir=asc`);
    expect(data).toMatchObject({ state: { sort: "total", direction: "asc" }, totalCount: 3, problems: [] });
    expect(data.rows.map((row) => row.name)).toEqual(["#701", "#700", "#702"]);
  });

  test("names each invalid value instead of ignoring it silently, and applies the valid ones", async () => {
    const data = await admin.get(ordersLoader, `${ORDERS_URL}?status=storniert&sort=total&dir=sideways&page=0`);
    expect(data.problems).toEqual([
      { kind: "invalid", param: "dir", value: "sideways" },
      { kind: "invalid", param: "page", value: "0" },
      { kind: "invalid", param: "status", value: "storniert" },
    ]);
    expect(data).toMatchObject({ state: { sort: "total", direction: "desc", filters: { financialStatus: null } }, page: 1, totalCount: 3 });
    // The form's "all" (status="") is a choice, not a mistake.
    const all = await admin.get(ordersLoader, `${ORDERS_URL}?status=`);
    expect(all.problems).toEqual([]);
  });

  test("shows nothing without a valid session token", async () => {
    const forged = new Request(ORDERS_URL, { headers: { authorization: "Bearer not-a-token" } });
    const response = await thrownResponse(ordersLoader({ request: forged, params: {}, context: { runtime: admin.runtime } }));
    expect(response.status).toBeGreaterThanOrEqual(300);
  });
});

describe("customers list route", () => {
  test("sorts as the URL says, counts, and names invalid values", async () => {
    const url = `${TEST_ENV.SHOPIFY_APP_URL}/app/customers`;
    const data = await admin.get(customersLoader, `${url}?sort=revenue&dir=asc`);
    expect(data).toMatchObject({ state: { sort: "revenue", direction: "asc" }, totalCount: 0, problems: [] });
    const bad = await admin.get(customersLoader, `${url}?sort=umsatz&page=x`);
    expect(bad).toMatchObject({ state: { sort: "lastOrder", direction: "desc" }, page: 1 });
    expect(bad.problems.map((problem) => problem.kind === "invalid" && problem.param)).toEqual(["sort", "page"]);
    const forged = new Request(url, { headers: { authorization: "Bearer not-a-token" } });
    expect((await thrownResponse(customersLoader({ request: forged, params: {}, context: { runtime: admin.runtime } }))).status).toBeGreaterThanOrEqual(300);
  });
});

describe("unknown addresses under /app", () => {
  test("answer 404 with the page (not a thrown error), after the admin check", async () => {
    const url = `${TEST_ENV.SHOPIFY_APP_URL}/app/settings`;
    const answer = await admin.get(notFoundLoader, url, { "*": "settings" });
    expect(answer).toMatchObject({ init: { status: 404 }, data: { notFound: true } });
    const forged = new Request(url, { headers: { authorization: "Bearer not-a-token" } });
    const response = await thrownResponse(notFoundLoader({ request: forged, params: {}, context: { runtime: admin.runtime } }));
    expect(response.status).toBeGreaterThanOrEqual(300);
  });
});
