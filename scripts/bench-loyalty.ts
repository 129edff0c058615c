import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { memberState } from "~/core/loyalty/member-state.server";
import { DEFAULT_PROGRAM_SETTINGS } from "~/core/loyalty/program-settings";
import { saveProgram } from "~/core/loyalty/program.server";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import type { Runtime } from "~/runtime.server";
import { aimAdminApiAtFake, startFakeShopifyAdmin } from "../tests/fakes/shopify-admin-server";
import { factsRecorded } from "./lib/bench-outbox";
import { BENCH_SECRET, BENCH_SHOP, demoOrderBodies } from "./lib/demo-webhooks";
import {
  alternatingRounds,
  BENCH_ACCESS_TOKEN,
  closePipelineSide,
  latencyLine,
  loadGenerator,
  loadResultLine,
  openBenchShop,
  openPipelineSide,
  rateCost,
  serverPort,
  type LoadGenerator,
  type PipelineSide,
} from "./lib/pipeline-bench";
import { median } from "./lib/stats";

// npm run bench:loyalty — what the loyalty program costs and how fast its storefront reads are,
// on PostgreSQL (BENCH_DATABASE_URL, TEST_DATABASE_URL or the local server):
//  1. Processing rate with the program on against off: two scratch databases with the demo shop
//     installed, one running the program with its default settings (started before the orders),
//     one without a program. In alternating rounds each takes the same signed orders/create
//     webhooks (the workers stopped), then its workers process them through the whole pipeline —
//     deliveries, CRM state, outbox, the loyalty subscriber — until no job is due and every
//     subscriber has taken every fact. Medians of the rounds; the cost is what the program takes
//     off the rate.
//  2. The storefront's panel under load: the app's HTTP server on the program's database (its
//     members have the ledgers the orders gave them); a load generator in a process of its own
//     asks for random members' panels through the app proxy's signed path at a fixed rate.
//  3. The panel's read for a member with a long ledger: a shop of BENCH_ENTRIES entries written
//     with SQL, one member holding BENCH_MEMBER_ENTRIES of them; memberState (what the proxy
//     route answers with) timed many times.

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ORDERS = env("BENCH_ORDERS", 2000);
const ROUNDS = env("BENCH_ROUNDS", 3);
const WARMUP = env("BENCH_WARMUP", 500);
const CONCURRENCY = env("BENCH_CONCURRENCY", 16);
const WORKERS = env("BENCH_WORKER_CONCURRENCY", 8);
const PROXY_RATE = env("BENCH_PROXY_RATE", 200);
const PROXY_SECONDS = env("BENCH_PROXY_SECONDS", 20);
const ENTRIES = env("BENCH_ENTRIES", 1_000_000);
const MEMBER_ENTRIES = env("BENCH_MEMBER_ENTRIES", 10_000);
/** The other members hold this many entries on average. */
const ENTRIES_PER_MEMBER = 100;
const READS = env("BENCH_READS", 2000);
const READ_WARMUP = 200;

// Before every order of the demo history (two years up to today): all of them earn.
const PROGRAM_START = new Date(Date.now() - 3 * 365 * 86_400_000);

const startProgram = (runtime: Runtime, shopId: string) =>
  runtime.db.$transaction((tx) => saveProgram(tx, shopId, { settings: DEFAULT_PROGRAM_SETTINGS, enabled: true, startedAt: PROGRAM_START }));

// The production subscribers: the loyalty program's takes the facts in both databases.
const openShop = (prefix: string) => openBenchShop(prefix, { workers: WORKERS });

async function openSide(label: string, program: boolean): Promise<PipelineSide> {
  const shop = await openShop("crm_bench");
  if (program) await startProgram(shop.runtime, shop.shopId);
  return openPipelineSide(label, shop);
}

async function describe(side: PipelineSide): Promise<string> {
  const { db } = side.runtime;
  const [orders, deliveries, entries, members, syncs, later] = await Promise.all([
    db.order.count(),
    db.webhookDelivery.groupBy({ by: ["status"], _count: true, orderBy: { status: "asc" } }),
    db.loyaltyEntry.count(),
    db.loyaltyMember.count(),
    db.loyaltyPlatformSync.count(),
    db.job.count({ where: { status: "QUEUED" } }),
  ]);
  const byStatus = deliveries.map((row) => `${row._count} ${row.status.toLowerCase()}`).join(", ");
  return (
    `${side.label}: ${orders} orders (deliveries ${byStatus}), ${await factsRecorded(db)} facts delivered, ${entries} ledger entries, ${members} members, ` +
    `${syncs} members' platform syncs run, ${later} jobs queued for later`
  );
}

async function programCost(on: PipelineSide, off: PipelineSide): Promise<void> {
  console.log(`\n1. Processing rate, program on against off: ${ROUNDS} rounds of ${ORDERS} orders/create webhooks each side (after ${WARMUP} to warm up), ${CONCURRENCY} in flight, ${WORKERS} workers`);
  const bodies = demoOrderBodies(WARMUP + ORDERS * ROUNDS, { anchor: new Date() });
  await alternatingRounds(off, on, bodies, { warmup: WARMUP, rounds: ROUNDS, orders: ORDERS, concurrency: CONCURRENCY }, (index) =>
    console.log(
      `   round ${index + 1}: processing off ${off.processing[index]!.toFixed(0)}, on ${on.processing[index]!.toFixed(0)} orders/s; ` +
        `end to end off ${off.endToEnd[index]!.toFixed(0)}, on ${on.endToEnd[index]!.toFixed(0)} orders/s`,
    ),
  );
  for (const side of [off, on]) console.log(`   ${await describe(side)}`);
  console.log(
    `   processing (workers: deliveries → CRM → outbox → loyalty): off ${median(off.processing).toFixed(0)} orders/s, on ${median(on.processing).toFixed(0)} orders/s → the program costs ${rateCost(on.processing, off.processing).toFixed(1)} % (target <= 25 %)`,
  );
  console.log(
    `   end to end (webhooks sent → all processed):            off ${median(off.endToEnd).toFixed(0)} orders/s, on ${median(on.endToEnd).toFixed(0)} orders/s → ${rateCost(on.endToEnd, off.endToEnd).toFixed(1)} %`,
  );
}

async function proxyUnderLoad(on: PipelineSide, generator: LoadGenerator): Promise<void> {
  const members = await on.runtime.db.customer.findMany({
    where: { shopId: on.shopId, platformId: { not: null }, loyaltyMember: { isNot: null } },
    select: { platformId: true },
  });
  console.log(
    `\n2. App proxy GET /apps/crm/loyalty/member under load: ${PROXY_RATE} requests/s open-loop for ${PROXY_SECONDS} s from a process of its own, ` +
      `random signed-in customers among ${members.length} members (the ledgers of part 1), the app's production server on PostgreSQL`,
  );
  const result = await generator.generate({
    baseUrl: `http://127.0.0.1:${serverPort(on.server)}`,
    shop: BENCH_SHOP,
    secret: BENCH_SECRET,
    paths: ["/loyalty/member?locale=de", "/loyalty/member?locale=en"],
    customerIds: members.map((member) => member.platformId!),
    ratePerSecond: PROXY_RATE,
    seconds: PROXY_SECONDS,
  });
  console.log(`   ${loadResultLine(result, "target p99 < 20 ms")}`);
}

/**
 * A shop's ledger written with SQL: members with ENTRIES_PER_MEMBER entries on average, the first
 * of them (platform id 7000000000000) with MEMBER_ENTRIES; over two years, of every kind in about
 * the shares a running program has, the first member's earnings on orders of theirs.
 */
async function seedLedger(runtime: Runtime, shopId: string): Promise<{ members: number }> {
  const sql = runtime.database.sql;
  const members = Math.max(2, Math.ceil((ENTRIES - MEMBER_ENTRIES) / ENTRIES_PER_MEMBER) + 1);
  await sql.query(
    `INSERT INTO "Customer" (id, "shopId", "platformId", email, "emailNormalized", "firstName", tags, "sourceCreatedAt", "updatedAt")
     SELECT gen_random_uuid(), $1, (7000000000000 + g)::text, 'member' || g || '@bench.example', 'member' || g || '@bench.example', 'Member', '{}', now() - interval '760 days', now()
     FROM generate_series(0, $2 - 1) AS g`,
    [shopId, members],
  );
  await sql.query(
    `INSERT INTO "LoyaltyMember" (id, "shopId", "customerId", "tierId", "tierSince", "birthMonth", "birthDay", "birthdaySetAt", "updatedAt")
     SELECT gen_random_uuid(), $1, c.id, (ARRAY['bronze', 'bronze', 'silver', 'gold'])[1 + floor(random() * 4)::int], now() - interval '100 days',
       b.month, CASE WHEN b.month IS NOT NULL THEN b.day END, CASE WHEN b.month IS NOT NULL THEN now() - interval '400 days' END, now()
     FROM "Customer" AS c
     -- Every third member gave their birthday.
     CROSS JOIN LATERAL (SELECT CASE WHEN (c."platformId"::bigint - 7000000000000) % 3 = 0 THEN 1 + c."platformId"::bigint % 12 END AS month, 1 + c."platformId"::bigint % 28 AS day) AS b
     WHERE c."shopId" = $1`,
    [shopId],
  );
  // Kinds by g % 20: 14 earnings on orders, 1 on an action, 2 redemptions, 1 clawback, 1 expiry, 1 adjustment.
  await sql.query(
    `WITH m AS (
       SELECT (c."platformId"::bigint - 7000000000000) AS n, lm.id
       FROM "LoyaltyMember" AS lm JOIN "Customer" AS c ON c.id = lm."customerId" WHERE lm."shopId" = $1
     ), e AS (
       -- The first member's entries spread over the table as over two years of writes.
       SELECT g, CASE WHEN g % ($2 / $3) = 0 AND g / ($2 / $3) < $3 THEN 0 ELSE 1 + floor(random() * ($4 - 1))::int END AS n,
         CASE WHEN g % 20 < 15 THEN 'EARN' WHEN g % 20 < 17 THEN 'REDEEM' WHEN g % 20 = 17 THEN 'CLAWBACK' WHEN g % 20 = 18 THEN 'EXPIRE' ELSE 'ADJUST' END AS kind,
         now() - random() * interval '730 days' AS at,
         CASE WHEN g % 20 < 14 OR g % 20 = 17 THEN gen_random_uuid() END AS "orderId",
         10 + floor(random() * 290)::int AS size
       FROM generate_series(0, $2 - 1) AS g
     )
     INSERT INTO "LoyaltyEntry" (id, "shopId", "memberId", kind, points, "occurredAt", "availableAt", "expiresAt", "sourceKey", "ruleVersion", "orderId", "eligibleMinor", reason)
     SELECT gen_random_uuid(), $1, m.id, e.kind::"LoyaltyEntryKind",
       CASE e.kind WHEN 'EARN' THEN e.size WHEN 'REDEEM' THEN -(ARRAY[300, 500, 800])[1 + e.g % 3] WHEN 'ADJUST' THEN e.size - 150 ELSE -(e.size / 4) END,
       e.at,
       CASE WHEN e.kind = 'EARN' THEN e.at + interval '14 days' END,
       CASE WHEN e.kind = 'EARN' THEN e.at + interval '379 days' END,
       CASE WHEN e."orderId" IS NULL THEN 'bench:' || e.g ELSE 'order:' || e."orderId" || CASE e.kind WHEN 'EARN' THEN ':earn' ELSE ':cancel-clawback' END END,
       1, e."orderId",
       CASE WHEN e."orderId" IS NOT NULL THEN e.size * 100 END,
       CASE WHEN e.kind = 'ADJUST' THEN 'Kulanz' END
     FROM e JOIN m ON m.n = e.n`,
    [shopId, ENTRIES, MEMBER_ENTRIES, members],
  );
  // The first member's orders, so that their history names them as the panel does.
  await sql.query(
    `INSERT INTO "Order" (id, "shopId", "platformId", "customerId", name, currency, "subtotalMinor", "totalDiscountsMinor", "totalShippingMinor", "totalTaxMinor",
       "totalMinor", "presentmentCurrency", "presentmentTotalMinor", "financialStatus", tags, "processedAt", "sourceCreatedAt", "sourceUpdatedAt", "updatedAt")
     SELECT e."orderId", $1, (8000000000000 + row_number() OVER ())::text, c.id, '#' || (1000 + row_number() OVER ()), 'EUR', e."eligibleMinor", 0, 490, 0,
       e."eligibleMinor" + 490, 'EUR', e."eligibleMinor" + 490, 'paid', '{}', e."occurredAt", e."occurredAt", e."occurredAt", now()
     FROM "LoyaltyEntry" AS e JOIN "LoyaltyMember" AS lm ON lm.id = e."memberId" JOIN "Customer" AS c ON c.id = lm."customerId"
     WHERE c."shopId" = $1 AND c."platformId" = '7000000000000' AND e.kind = 'EARN' AND e."orderId" IS NOT NULL`,
    [shopId],
  );
  await sql.query(
    `UPDATE "LoyaltyMember" AS lm SET balance = s.total, available = s.available, pending = s.total - s.available, "lastActivityAt" = s.last
     FROM (
       SELECT "memberId", sum(points)::int AS total, coalesce(sum(points) FILTER (WHERE "availableAt" IS NULL OR "availableAt" <= now()), 0)::int AS available, max("occurredAt") AS last
       FROM "LoyaltyEntry" WHERE "shopId" = $1 GROUP BY "memberId"
     ) AS s
     WHERE lm.id = s."memberId"`,
    [shopId],
  );
  await sql.query(`ANALYZE "Customer", "LoyaltyMember", "LoyaltyEntry", "Order"`);
  return { members };
}

async function timeReads(runtime: Runtime, shopId: string, customerPlatformIds: () => string): Promise<number[]> {
  const read = (index: number) =>
    memberState(runtime.db, { shopId, currency: "EUR", customerPlatformId: customerPlatformIds(), locale: index % 2 === 0 ? "de" : "en" });
  for (let index = 0; index < READ_WARMUP; index++) await read(index);
  const latencies: number[] = [];
  for (let index = 0; index < READS; index++) {
    const started = performance.now();
    await read(index);
    latencies.push(performance.now() - started);
  }
  return latencies.sort((a, b) => a - b);
}

async function balanceReads(): Promise<void> {
  const { scratch, runtime, shopId } = await openShop("crm_bench_ledger");
  try {
    await startProgram(runtime, shopId);
    const started = performance.now();
    const { members } = await seedLedger(runtime, shopId);
    console.log(
      `\n3. The storefront panel's read (memberState, as the proxy route calls it): ${ENTRIES} ledger entries of ${members} members written in ` +
        `${((performance.now() - started) / 1000).toFixed(0)} s; ${READS} reads after ${READ_WARMUP} to warm up, one after another`,
    );
    const heavy = await timeReads(runtime, shopId, () => "7000000000000");
    console.log(`   the member with ${MEMBER_ENTRIES} entries: ${latencyLine(heavy)} (target p99 < 5 ms)`);
    const typical = await timeReads(runtime, shopId, () => String(7000000000001 + Math.floor(Math.random() * (members - 1))));
    console.log(`   random members with ~${ENTRIES_PER_MEMBER} entries: ${latencyLine(typical)}`);
  } finally {
    await runtime.close();
    await scratch.drop();
  }
}

async function main() {
  const generator = loadGenerator(import.meta.dirname);
  const off = await openSide("program off", false);
  const on = await openSide("program on ", true);
  const { rows } = await off.runtime.database.sql.query<{ server_version: string }>("SHOW server_version");
  console.log(
    `npm run bench:loyalty — ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}, PostgreSQL ${rows[0]!.server_version}; ` +
      `the machine is shared: other work may run meanwhile`,
  );
  // The program writes members' points and tiers to the platform's customers (a job a minute
  // after a change): a fake Admin API answers for Shopify, which is not reachable from here. It
  // knows none of the customers, so each write is answered with a user error and kept as failed.
  const shopify = await startFakeShopifyAdmin({
    shop: BENCH_SHOP,
    accessToken: BENCH_ACCESS_TOKEN,
    apiVersion: SHOPIFY_API_VERSION,
    dataset: { customers: [], products: [], orders: [] },
  });
  const restoreFetch = aimAdminApiAtFake(BENCH_SHOP, () => shopify.origin);
  try {
    await programCost(on, off);
    await proxyUnderLoad(on, generator);
  } finally {
    generator.stop();
    for (const side of [off, on]) await closePipelineSide(side);
    restoreFetch();
    await shopify.close();
  }
  await balanceReads();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
