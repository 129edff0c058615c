import { performance } from "node:perf_hooks";
import pg from "pg";
import { z } from "zod";
import { listCustomers, type CustomerListParams } from "~/core/customers/customer-queries.server";
import { listOrders, type OrderListParams } from "~/core/orders/order-queries.server";
import { migrate } from "~/db/migrator.server";
import { createDatabaseClients } from "~/db/prisma.server";
import { createScratchDatabase, type ScratchDatabase } from "~/db/scratch-database.server";

// npm run bench:lists — p50/p95 of every query variant of the admin's customers and orders lists
// (default, each sort, each filter, each search kind, a deep page), BENCH_RUNS times each.
//
// With DATABASE_URL: a PostgreSQL that holds a shop's data (e.g. the 1 M-order import benchmark's
// database, kept with BENCH_KEEP_DATABASE=1 npm run bench:import); the shop with the most orders
// is measured, after migrating (which builds the list indexes if they are missing) and VACUUM ANALYZE.
// Without: a scratch database on the local server (BENCH_DATABASE_URL, TEST_DATABASE_URL or
// 127.0.0.1) is filled with BENCH_ORDERS generated orders (default 20,000; a customer per four)
// and dropped afterwards, unless BENCH_KEEP_DATABASE=1.
// Search values are taken from the data, so each search finds something.

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARMUP = 3;
const ORDERS = Number(process.env.BENCH_ORDERS ?? 20_000);
const TARGET_P95_MS = 200;
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

// Generated data: German names and cities, E.164 phones for three in four customers, statuses in
// webhook spelling, two years of orders.
const SEED_SQL = (orders: number) => `
INSERT INTO "Shop" (id, platform, domain, currency, "updatedAt")
VALUES ('00000000-0000-4000-8000-000000000001', 'SHOPIFY', 'bench-lists.myshopify.com', 'EUR', now());

INSERT INTO "Customer" (id, "shopId", "platformId", "firstName", "lastName", email, "emailNormalized", phone, "addressCity",
  "emailMarketingConsent", "isGuest", "ordersCount", "totalSpentMinor", "lastOrderAt", "updatedAt")
SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0'))::uuid,
  '00000000-0000-4000-8000-000000000001', CASE WHEN g % 5 = 0 THEN NULL ELSE g::text END,
  (ARRAY['Anna','Bernd','Carla','Dieter','Eva','Felix','Greta','Hans','Ida','Jonas','Klara','Lukas'])[1 + g % 12],
  (ARRAY['Schmidt','Müller','Weber','Fischer','Wagner','Becker','Hoffmann','Schulz','Koch','Richter','Klein','Wolf'])[1 + (g / 12) % 12] || g,
  'kunde' || g || '@example.' || (ARRAY['de','com','org'])[1 + g % 3],
  'kunde' || g || '@example.' || (ARRAY['de','com','org'])[1 + g % 3],
  CASE WHEN g % 4 = 0 THEN NULL ELSE '+49' || (1500000000 + g * 7919 % 99999999)::text END,
  (ARRAY['Berlin','Hamburg','München','Köln','Frankfurt','Stuttgart','Düsseldorf','Leipzig','Dresden','Bremen'])[1 + g % 10],
  (ARRAY['SUBSCRIBED','NOT_SUBSCRIBED','UNSUBSCRIBED','UNKNOWN'])[1 + g % 4]::"MarketingConsent",
  g % 5 = 0, 0, 0, NULL, now()
FROM generate_series(1, ${Math.max(1, Math.floor(orders / 4))}) g;

INSERT INTO "Order" (id, "shopId", "platformId", "customerId", name, "orderNumber", currency, "subtotalMinor",
  "totalDiscountsMinor", "totalShippingMinor", "totalTaxMinor", "totalMinor", "presentmentCurrency",
  "presentmentTotalMinor", "financialStatus", "fulfillmentStatus", "cancelledAt", test, "processedAt",
  "sourceCreatedAt", "sourceUpdatedAt", "updatedAt")
SELECT gen_random_uuid(), '00000000-0000-4000-8000-000000000001', g::text,
  ('00000000-0000-4000-9000-' || lpad(to_hex(1 + (g * 7) % ${Math.max(1, Math.floor(orders / 4))}), 12, '0'))::uuid,
  '#' || (1000 + g), 1000 + g, 'EUR', t, 0, 0, 0, t, 'EUR', t,
  (ARRAY['paid','paid','paid','paid','paid','partially_refunded','refunded','pending','authorized','voided'])[1 + g % 10],
  (ARRAY[NULL,'fulfilled','fulfilled','fulfilled','partial'])[1 + g % 5],
  CASE WHEN g % 40 = 0 THEN p + interval '1 day' END, g % 200 = 0, p, p, p, now()
FROM generate_series(1, ${orders}) g,
  LATERAL (SELECT (500 + (g * 7919) % 20000)::bigint AS t, now() - ((${orders} - g) * interval '730 days' / ${orders}) AS p) x;

UPDATE "Customer" c SET "ordersCount" = s.n, "totalSpentMinor" = s.total, "firstOrderAt" = s.first, "lastOrderAt" = s.last
FROM (SELECT "customerId", count(*) AS n, sum("totalMinor") AS total, min("processedAt") AS first, max("processedAt") AS last
      FROM "Order" GROUP BY "customerId") s
WHERE c.id = s."customerId";
`;

const SAMPLE = z.object({
  shopId: z.string(),
  currency: z.string(),
  lastName: z.string(),
  email: z.string(),
  city: z.string(),
  phone: z.string(),
  orderNumber: z.number(),
  orders: z.coerce.number(),
  customers: z.coerce.number(),
});

async function sample(pool: pg.Pool): Promise<z.infer<typeof SAMPLE>> {
  const { rows } = await pool.query(`
    WITH shop AS (SELECT "shopId" FROM "Order" GROUP BY "shopId" ORDER BY count(*) DESC LIMIT 1),
         person AS (SELECT * FROM "Customer" WHERE "shopId" = (SELECT "shopId" FROM shop) AND "redactedAt" IS NULL
                    AND "lastName" IS NOT NULL AND email IS NOT NULL AND phone IS NOT NULL AND "addressCity" IS NOT NULL
                    AND "ordersCount" > 0 ORDER BY id LIMIT 1 OFFSET 100)
    SELECT s.id AS "shopId", s.currency, p."lastName", p.email, p."addressCity" AS city, p.phone,
           (SELECT "orderNumber" FROM "Order" WHERE "customerId" = p.id AND "orderNumber" IS NOT NULL LIMIT 1) AS "orderNumber",
           (SELECT count(*) FROM "Order" WHERE "shopId" = s.id) AS orders,
           (SELECT count(*) FROM "Customer" WHERE "shopId" = s.id) AS customers
    FROM person p JOIN "Shop" s ON s.id = p."shopId"`);
  return SAMPLE.parse(rows[0]);
}

/** "+491522126069" typed the way a merchant reads it off a note: national, with spaces. */
function nationalSpelling(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  const national = digits.startsWith("49") ? `0${digits.slice(2)}` : digits;
  return `${national.slice(0, 4)} ${national.slice(4)}`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  let scratch: ScratchDatabase | null = null;
  let url = process.env.DATABASE_URL;
  if (url) {
    await migrate(url);
  } else {
    scratch = await createScratchDatabase(SERVER_URL, "crm_bench_lists");
    url = scratch.connectionString;
    const started = performance.now();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(SEED_SQL(ORDERS));
    await client.end();
    console.log(`generated ${ORDERS} orders in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const { db, pool, close } = createDatabaseClients(url, 2);
  try {
    // The steady state autovacuum reaches after an import: statistics, and a visibility map that
    // lets counts read the indexes alone.
    await pool.query(`VACUUM ANALYZE "Customer", "Order"`);
    const data = await sample(pool);
    const shop = { id: data.shopId, currency: data.currency };
    const deepPage = Math.max(1, Math.floor(data.orders / 25 / 2));
    console.log(`shop ${shop.id}: ${data.orders} orders, ${data.customers} customers; ${RUNS} runs per query after ${WARMUP} warm-up runs`);
    const customers = (params: CustomerListParams) => () => listCustomers(db, shop, params);
    const orders = (params: OrderListParams) => () => listOrders(db, shop, params);
    const today = new Date().toISOString().slice(0, 10);
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const variants: Array<[string, () => Promise<{ totalCount: number }>]> = [
      ["customers: default (last order, newest first)", customers({})],
      ["customers: last order, oldest first", customers({ direction: "asc" })],
      ["customers: revenue, highest first", customers({ sort: "revenue" })],
      ["customers: orders, lowest first", customers({ sort: "orders", direction: "asc" })],
      ["customers: consent subscribed", customers({ filters: { consent: "subscribed" } })],
      ["customers: guests", customers({ filters: { kind: "guest" } })],
      ["customers: without orders", customers({ filters: { orders: "without" } })],
      [`customers: search name "${data.lastName.slice(0, 6)}"`, customers({ query: data.lastName.slice(0, 6) })],
      [`customers: search e-mail "${data.email}"`, customers({ query: data.email })],
      [`customers: search part of an e-mail "${data.email.split("@")[0]}@"`, customers({ query: `${data.email.split("@")[0]}@` })],
      [`customers: search city "${data.city}"`, customers({ query: data.city })],
      [`customers: search phone "${nationalSpelling(data.phone)}"`, customers({ query: nationalSpelling(data.phone) })],
      [`customers: search order "#${data.orderNumber}"`, customers({ query: `#${data.orderNumber}` })],
      [`customers: deep page ${Math.max(1, Math.floor(data.customers / 25 / 2))}`, customers({ page: Math.max(1, Math.floor(data.customers / 25 / 2)) })],
      ["orders: default (date, newest first)", orders({})],
      ["orders: date, oldest first", orders({ direction: "asc" })],
      ["orders: total, highest first", orders({ sort: "total" })],
      ["orders: total, lowest first", orders({ sort: "total", direction: "asc" })],
      ["orders: payment paid", orders({ filters: { financialStatus: "paid" } })],
      ["orders: payment voided", orders({ filters: { financialStatus: "voided" } })],
      ["orders: unfulfilled", orders({ filters: { fulfillmentStatus: "unfulfilled" } })],
      ["orders: last 30 days", orders({ filters: { range: { from: monthAgo, to: today } } })],
      ["orders: cancelled", orders({ filters: { cancelled: "yes" } })],
      ["orders: test orders", orders({ filters: { test: "yes" } })],
      ["orders: paid, fulfilled, not cancelled, last 30 days", orders({ filters: { financialStatus: "paid", fulfillmentStatus: "fulfilled", cancelled: "no", range: { from: monthAgo, to: today } } })],
      [`orders: search order "#${data.orderNumber}"`, orders({ query: `#${data.orderNumber}` })],
      [`orders: search customer name "${data.lastName.slice(0, 6)}"`, orders({ query: data.lastName.slice(0, 6) })],
      [`orders: search customer e-mail "${data.email}"`, orders({ query: data.email })],
      [`orders: search part of an e-mail "${data.email.split("@")[0]}@"`, orders({ query: `${data.email.split("@")[0]}@` })],
      [`orders: deep page ${deepPage}`, orders({ page: deepPage })],
    ];
    const width = Math.max(...variants.map(([name]) => name.length));
    console.log(`${"query".padEnd(width)}  ${"rows".padStart(8)}  ${"p50 ms".padStart(8)}  ${"p95 ms".padStart(8)}`);
    let missed = 0;
    for (const [name, run] of variants) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const started = performance.now();
        total = (await run()).totalCount;
        if (i >= WARMUP) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      if (p95 >= TARGET_P95_MS) missed++;
      console.log(
        `${name.padEnd(width)}  ${String(total).padStart(8)}  ${percentile(times, 50).toFixed(1).padStart(8)}  ${p95.toFixed(1).padStart(8)}${p95 >= TARGET_P95_MS ? "  MISSED" : ""}`,
      );
    }
    console.log(missed === 0 ? `met     every p95 < ${TARGET_P95_MS} ms` : `MISSED  ${missed} queries with p95 >= ${TARGET_P95_MS} ms`);
    if (missed > 0) process.exitCode = 1;
  } finally {
    await close();
    if (scratch && process.env.BENCH_KEEP_DATABASE !== "1") await scratch.drop();
    else if (scratch) console.log(`kept ${scratch.connectionString}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
