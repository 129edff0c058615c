import { upsertOrders } from "~/core/orders/order-sync.server";
import type { LineItemSnapshot, OrderSnapshot } from "~/core/platform";
import { chunk } from "~/core/sync/batch";
import { createDatabaseClients, type Db } from "~/db/prisma.server";
import { createScratchDatabase } from "~/db/scratch-database.server";

// upsertOrders on PostgreSQL, on a scratch database of its own (dropped afterwards):
//  1. import: BENCH_ORDERS generated orders in batches of BENCH_BATCH, one transaction per batch;
//  2. the same import again: every version is stale, so this is the cost of finding that out;
//  3. webhooks: BENCH_WEBHOOKS newer versions of imported orders, one order per transaction, on
//     BENCH_CONCURRENCY connections (the shape of the webhook path, without HTTP and the queue).
// Server: BENCH_DATABASE_URL or TEST_DATABASE_URL (default: the local PostgreSQL).

const ORDERS = Number(process.env.BENCH_ORDERS ?? 20_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const SEED = Number(process.env.BENCH_SEED ?? 20_261_123);
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** mulberry32: a small seeded generator, so that every run writes the same orders. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DAY_MS = 86_400_000;
const START = Date.UTC(2022, 0, 1);

function generateOrders(count: number, seed: number): OrderSnapshot[] {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const accounts = Math.max(1, Math.floor(count / 4));
  const guestEmails = Math.max(1, Math.floor(count / 10));
  return Array.from({ length: count }, (_, i) => {
    const platformId = String(5_000_000_000_000 + i);
    const processedAt = new Date(START + pick(3 * 365) * DAY_MS + pick(DAY_MS));
    const lineItems: LineItemSnapshot[] = Array.from({ length: 1 + pick(4) }, (_, j) => {
      const product = pick(200);
      return {
        platformId: `${platformId}${j}`,
        productPlatformId: String(7_000_000 + product),
        variantPlatformId: String(8_000_000 + product * 3 + pick(3)),
        title: `Produkt ${product}`,
        variantTitle: ["250 g", "500 g", "1 kg"][pick(3)]!,
        sku: `SKU-${product}`,
        quantity: 1 + pick(3),
        unitPriceMinor: BigInt(500 + pick(5000)),
        totalDiscountMinor: 0n,
        totalTaxMinor: BigInt(pick(300)),
      };
    });
    const subtotalMinor = lineItems.reduce((sum, line) => sum + line.unitPriceMinor * BigInt(line.quantity), 0n);
    const discountMinor = random() < 0.3 ? subtotalMinor / 10n : 0n;
    const totalMinor = subtotalMinor - discountMinor + 490n;
    const guest = random() < 0.2;
    const account = pick(accounts);
    const email = guest ? `gast${pick(guestEmails)}@example.net` : `kunde${account}@example.com`;
    const refunded = random() < 0.05;
    return {
      platformId,
      name: `#${1001 + i}`,
      orderNumber: 1001 + i,
      email,
      buyer: guest
        ? null
        : { platformId: String(6_000_000 + account), email, firstName: "Kim", lastName: `Muster${account}`, phone: null },
      currency: "EUR",
      subtotalMinor,
      totalDiscountsMinor: discountMinor,
      totalShippingMinor: 490n,
      totalTaxMinor: lineItems.reduce((sum, line) => sum + line.totalTaxMinor, 0n),
      totalMinor,
      presentmentCurrency: "EUR",
      presentmentTotalMinor: totalMinor,
      financialStatus: refunded ? "partially_refunded" : "paid",
      fulfillmentStatus: random() < 0.8 ? "fulfilled" : null,
      cancelledAt: random() < 0.02 ? new Date(processedAt.getTime() + DAY_MS) : null,
      cancelReason: null,
      test: false,
      tags: random() < 0.1 ? ["wholesale"] : [],
      sourceName: "web",
      landingSite: "/",
      referringSite: null,
      processedAt,
      createdAt: processedAt,
      updatedAt: new Date(processedAt.getTime() + 60_000),
      lineItems,
      discountCodes: discountMinor > 0n ? [{ code: "WILLKOMMEN10", kind: "percentage", amountMinor: discountMinor }] : [],
      refunds: refunded
        ? [
            {
              platformId: String(9_000_000_000 + i),
              orderPlatformId: platformId,
              note: null,
              amountMinor: totalMinor / 2n,
              currency: "EUR",
              processedAt: new Date(processedAt.getTime() + 2 * DAY_MS),
              lineItems: [],
            },
          ]
        : [],
    };
  });
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

async function importInBatches(db: Db, shopId: string, orders: OrderSnapshot[]): Promise<number> {
  let applied = 0;
  for (const batch of chunk(orders, BATCH)) {
    const result = await db.$transaction((tx) => upsertOrders(tx, shopId, batch), { timeout: 120_000 });
    applied += result.applied.length;
  }
  return applied;
}

async function oneByOne(db: Db, shopId: string, orders: OrderSnapshot[]): Promise<number> {
  let next = 0;
  let applied = 0;
  const worker = async () => {
    while (next < orders.length) {
      const order = orders[next++]!;
      const result = await db.$transaction((tx) => upsertOrders(tx, shopId, [order]));
      applied += result.applied.length;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return applied;
}

function report(label: string, count: number, seconds: number, applied: number) {
  const rate = Math.round(count / seconds);
  console.log(`${label.padEnd(44)} ${String(count).padStart(7)} orders ${seconds.toFixed(2).padStart(7)} s ${String(rate).padStart(7)} orders/s (applied ${applied})`);
}

async function main() {
  const orders = generateOrders(ORDERS, SEED);
  const random = seededRandom(SEED + 1);
  const updates = Array.from({ length: Math.min(WEBHOOKS, ORDERS) }, () => orders[Math.floor(random() * ORDERS)]!)
    .filter((order, i, all) => all.indexOf(order) === i)
    .map((order) => ({ ...order, fulfillmentStatus: "fulfilled", updatedAt: new Date(order.updatedAt.getTime() + DAY_MS) }));

  const scratch = await createScratchDatabase(SERVER_URL, "crm_bench");
  const clients = createDatabaseClients(scratch.connectionString, CONCURRENCY);
  const { db } = clients;
  try {
    const shop = await db.shop.create({ data: { platform: "SHOPIFY", domain: "bench.myshopify.com", currency: "EUR" } });
    console.log(`upsertOrders on PostgreSQL (${new URL(SERVER_URL).host}), batches of ${BATCH}, ${CONCURRENCY} connections for webhooks`);
    let applied = 0;
    report("import (new orders)", ORDERS, await timed(async () => void (applied = await importInBatches(db, shop.id, orders))), applied);
    report("import again (all stale)", ORDERS, await timed(async () => void (applied = await importInBatches(db, shop.id, orders))), applied);
    report(`webhooks (newer versions, 1 per transaction)`, updates.length, await timed(async () => void (applied = await oneByOne(db, shop.id, updates))), applied);
    const counts = await db.$queryRaw<Array<{ orders: bigint; lines: bigint; customers: bigint }>>`
      SELECT (SELECT count(*) FROM "Order") AS orders, (SELECT count(*) FROM "OrderLineItem") AS lines,
             (SELECT count(*) FROM "Customer") AS customers`;
    console.log("store:", counts[0]);
  } finally {
    await clients.close();
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
