import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { loadConfig } from "~/config/env.server";
import { requestFullImport } from "~/platforms/shopify/bulk/import-requests.server";
import { openDatabase } from "~/db/database.server";
import { createScratchDatabase } from "~/db/scratch-database.server";
import { JobQueue } from "~/jobs/queue.server";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import { createRuntime } from "~/runtime.server";
import { aimAdminApiAtFake, startFakeShopifyAdmin } from "../tests/fakes/shopify-admin-server";
import {
  bulkHistorySpec,
  refundNode,
  writeBulkResult,
  type BulkHistorySpec,
  type HistoryResource,
  type WrittenResult,
} from "../tests/fakes/shopify-bulk-history";
import { benchSubscribers, factsRecorded } from "./lib/bench-outbox";
import { megabytes, sampleRss } from "./lib/peak-rss";
import { postgresCpuSeconds } from "./lib/postgres-cpu";
import { installShopifyShop } from "../tests/helpers/shopify-install";

// npm run bench:import — the full-history import of a shop with BENCH_ORDERS (1,000,000) orders,
// ~250k customers and 1,000 products, the way production runs it:
//  1. generates the three Bulk Operation results (grouped JSONL) into a folder (timed apart);
//  2. requestFullImport, then the app's job queue runs the chain (bulkOperationRunQuery, polling,
//     one job per batch reading the result URL at a byte offset, refund lines by nodes(ids:))
//     against the fake Admin API, which serves the files over HTTP; the writes go to a scratch
//     PostgreSQL database (BENCH_DATABASE_URL, TEST_DATABASE_URL or the local server);
//  3. prints wall time, rates and peak RSS against the targets, and checks the stored counts.
// BENCH_DATA_DIR keeps the files (and reuses them on the next run with the same spec);
// BENCH_BATCH and BENCH_CHUNK override the import's batch and chunk sizes.
//
// The npm script sets NODE_OPTIONS="--max-old-space-size=1024 --max-semi-space-size=32", which the
// worker should run with too. The import's live heap stays near 45 MB, but with no limit V8 lets
// promoted garbage grow to ~200 MB between full collections (RSS ~380 MB); a stated limit makes it
// collect sooner, and a larger young generation lets a chunk's short-lived objects die young
// instead of being promoted (measured: RSS ~250-280 MB, and less GC time than with the limit alone).

const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const SEED = Number(process.env.BENCH_SEED ?? 20_261_201);
const BATCH = process.env.BENCH_BATCH ? Number(process.env.BENCH_BATCH) : undefined;
const CHUNK = process.env.BENCH_CHUNK ? Number(process.env.BENCH_CHUNK) : undefined;
const DATA_DIR = process.env.BENCH_DATA_DIR;
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const TARGET_SECONDS = 300;
const TARGET_RSS_BYTES = 300 * 1024 * 1024;
const SHOP = "bench-import.myshopify.com";
const TOKEN = "shpat_bench_import";
const RESOURCES: readonly HistoryResource[] = ["customers", "products", "orders"];

const writtenSchema = z.object({
  path: z.string(),
  bytes: z.number(),
  objectCount: z.number(),
  rootObjectCount: z.number(),
  children: z.record(z.string(), z.number()),
});
const manifestSchema = z.object({
  spec: z.object({ seed: z.number(), orders: z.number(), customers: z.number(), products: z.number() }),
  results: z.object({ customers: writtenSchema, products: writtenSchema, orders: writtenSchema }),
});
type Results = Record<HistoryResource, WrittenResult>;

async function reusable(dir: string, spec: BulkHistorySpec): Promise<Results | null> {
  const text = await readFile(path.join(dir, "manifest.json"), "utf8").catch(() => null);
  const parsed = text === null ? null : manifestSchema.safeParse(JSON.parse(text));
  if (!parsed?.success || JSON.stringify(parsed.data.spec) !== JSON.stringify(spec)) return null;
  return parsed.data.results;
}

async function generate(dir: string, spec: BulkHistorySpec): Promise<Results> {
  const results = {} as Results;
  for (const resource of RESOURCES) {
    results[resource] = await writeBulkResult(spec, resource, path.join(dir, `${resource}.jsonl`));
  }
  await writeFile(path.join(dir, "manifest.json"), JSON.stringify({ spec, results }));
  return results;
}

async function historyFiles(spec: BulkHistorySpec): Promise<{ dir: string; results: Results; reused: boolean; seconds: number }> {
  const dir = DATA_DIR ?? (await mkdtemp(path.join(tmpdir(), "crm-bench-import-")));
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  const kept = DATA_DIR ? await reusable(dir, spec) : null;
  const results = kept ?? (await generate(dir, spec));
  return { dir, results, reused: kept !== null, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  const spec = bulkHistorySpec(ORDERS, SEED);
  const files = await historyFiles(spec);
  const { results } = files;
  const gigabytes = RESOURCES.reduce((sum, resource) => sum + results[resource].bytes, 0) / 1024 ** 3;
  console.log(
    `history: ${spec.orders} orders (${results.orders.children.lineItems} line items), ${spec.customers} customers, ` +
      `${spec.products} products; ${gigabytes.toFixed(2)} GB of JSONL in ${files.dir} ` +
      (files.reused ? "(reused)" : `generated in ${files.seconds.toFixed(1)} s (not counted)`),
  );

  const scratch = await createScratchDatabase(SERVER_URL, "crm_bench_import");
  const config = loadConfig({
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "bench",
    SHOPIFY_API_SECRET: "bench-secret",
    SHOPIFY_APP_URL: "https://bench.example",
    CRM_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
    DATABASE_URL: scratch.connectionString,
    DATABASE_POOL_SIZE: "2",
  });
  // The production handlers and batch size; only the polling fallback is not made to wait 30 s.
  const runtime = createRuntime(config, await openDatabase(config.database), {
    outbox: { subscribers: benchSubscribers() },
    importOverrides: { pollIntervalMs: 0, ...(BATCH ? { batchSize: BATCH } : {}), ...(CHUNK ? { chunkSize: CHUNK } : {}) },
  });
  const { db } = runtime;
  const fake = await startFakeShopifyAdmin({
    shop: SHOP,
    accessToken: TOKEN,
    apiVersion: SHOPIFY_API_VERSION,
    dataset: { customers: [], products: [], orders: [] },
    resultFiles: results,
    findRefund: (id) => refundNode(spec, id),
  });
  const restoreFetch = aimAdminApiAtFake(SHOP, () => fake.origin);
  try {
    const shop = await installShopifyShop(runtime, { shop: SHOP, accessToken: TOKEN, scopes: "read_customers,read_orders,read_all_orders,read_products" });
    const queue = new JobQueue(db, {
      concurrency: 1,
      log: (message) => console.warn(`[queue] ${message}`),
    }).register(runtime.jobHandlers);

    const memory = sampleRss();
    const postgresBefore = await postgresCpuSeconds(runtime.database.sql);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { run } = await requestFullImport(db, shop.id);
    const jobs = await queue.drain();
    const seconds = (performance.now() - started) / 1000;
    const peak = memory.stop();
    const { user, system } = process.cpuUsage(cpu);
    const postgresAfter = await postgresCpuSeconds(runtime.database.sql);

    const done = await db.importRun.findUniqueOrThrow({ where: { id: run.id } });
    const [counts] = await db.$queryRaw<Array<Record<string, bigint>>>`
      SELECT (SELECT count(*) FROM "Customer") AS customers, (SELECT count(*) FROM "Product") AS products,
             (SELECT count(*) FROM "ProductVariant") AS variants, (SELECT count(*) FROM "Order") AS orders,
             (SELECT count(*) FROM "OrderLineItem") AS "lineItems", (SELECT count(*) FROM "OrderDiscountCode") AS codes,
             (SELECT count(*) FROM "Refund") AS refunds, (SELECT count(*) FROM "RefundLineItem") AS "refundLines",
             (SELECT count(*) FROM "TimelineEvent") AS timeline`;
    const stored = Object.fromEntries(Object.entries(counts!).map(([table, count]) => [table, Number(count)]));
    const rows = Object.values(stored).reduce((sum, count) => sum + count, 0);
    const records = RESOURCES.reduce((sum, resource) => sum + results[resource].rootObjectCount, 0);

    console.log(`import run ${done.status} (${done.phase}), ${done.rowsDone} records in ${jobs} jobs${done.error ? `; note: ${done.error}` : ""}`);
    console.log(`stored rows: ${JSON.stringify(stored)}; outbox facts recorded: ${await factsRecorded(db)}`);
    console.log(`orders: ${stored.orders} (expected ${spec.orders}), line items: ${stored.lineItems} (expected ${results.orders.children.lineItems})`);
    console.log(`import wall time ${seconds.toFixed(1)} s: ${(records / seconds).toFixed(0)} records/s, ${rows} rows = ${(rows / seconds).toFixed(0)} rows/s`);
    console.log(`CPU of this process (app, fake Admin API, queue): ${((user + system) / 1e6).toFixed(1)} s`);
    if (postgresBefore !== null && postgresAfter !== null) {
      console.log(`CPU of PostgreSQL (its processes on this machine): ${(postgresAfter - postgresBefore).toFixed(1)} s`);
    }
    console.log(`peak RSS: ${megabytes(peak.sampledPeak)} sampled during the import, ${megabytes(peak.processPeak)} process maxRSS`);

    const checks = {
      "run completed": done.status === "COMPLETED" && done.rowsDone === records,
      [`orders == ${spec.orders}`]: stored.orders === spec.orders,
      "line items complete": stored.lineItems === results.orders.children.lineItems,
      [`time < ${TARGET_SECONDS} s`]: seconds < TARGET_SECONDS,
      [`peak RSS < ${megabytes(TARGET_RSS_BYTES)}`]: Math.max(peak.sampledPeak, peak.processPeak) < TARGET_RSS_BYTES,
    };
    for (const [check, ok] of Object.entries(checks)) console.log(`${ok ? "met    " : "MISSED "} ${check}`);
    if (!Object.values(checks).every(Boolean)) process.exitCode = 1;
  } finally {
    restoreFetch();
    await fake.close();
    await runtime.close();
    // BENCH_KEEP_DATABASE=1 leaves the imported shop for npm run bench:lists (DATABASE_URL=<printed URL>).
    if (process.env.BENCH_KEEP_DATABASE === "1") console.log(`kept ${scratch.connectionString}`);
    else await scratch.drop();
    if (!DATA_DIR) await rm(files.dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
