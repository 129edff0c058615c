import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { earnOnOrderSubscriber } from "~/core/loyalty/earn-on-order.subscriber.server";
import { recommendationsOrdersSubscriber } from "~/core/recommendations/orders.subscriber.server";
import { lockProgram, RECOMMENDATIONS_REBUILD_JOB } from "~/core/recommendations/program.server";
import { createRecommendationJobs } from "~/core/recommendations/rebuild.job.server";
import { referralsConvertSubscriber } from "~/core/referrals/convert.subscriber.server";
import type { Subscriber } from "~/outbox/subscriber";
import type { Runtime } from "~/runtime.server";
import { BENCH_SERVER_URL } from "./lib/bench-config";
import { IDLE, PROFILER_ITSELF, profileCpu, saveProfile, selfTimeBySource, type CpuProfile } from "./lib/cpu-profile";
import { BENCH_SECRET, BENCH_SHOP, demoOrderBodies } from "./lib/demo-webhooks";
import { megabytes, sampleRss } from "./lib/peak-rss";
import {
  alternatingRounds,
  closePipelineSide,
  listen,
  loadGenerator,
  loadResultLine,
  openBenchShop,
  openPipelineSide,
  rateCost,
  serverPort,
  type BenchShop,
  type LoadGenerator,
  type PipelineSide,
} from "./lib/pipeline-bench";
import { postgresCpuSeconds } from "./lib/postgres-cpu";
import { mainThreadCpuSeconds } from "./lib/proc-stat";
import type { LoadResult } from "./lib/proxy-load-generator";
import type { SeedRequest, SeedResult } from "./lib/recs-shop-seed";
import { median, percentile } from "./lib/stats";

// npm run bench:recs — what the cross-sell engine (app/core/recommendations/) costs, on PostgreSQL
// (BENCH_DATABASE_URL, TEST_DATABASE_URL or the local server), in scratch databases dropped after:
//  1. The full rebuild (the recommendations.rebuild job's work) from BENCH_LINES order lines: a
//     shop written by a process of its own (scripts/lib/recs-shop-seed.ts: the demo plan's baskets
//     with their co-purchase structure, payments, cancellations and refunds), then the job run
//     BENCH_REBUILDS times in its transaction, timed, with this process's peak RSS (it held nothing
//     big before), its main thread's CPU and PostgreSQL's. Then once more under the CPU profiler:
//     self time by source file (the profile itself is written to a file; BENCH_PROFILE=0: none).
//  2. The incremental update's cost per order: as bench:loyalty measures the loyalty program, two
//     scratch databases, one with the recommendations subscriber among the runtime's subscribers,
//     one without; in alternating rounds each takes the same signed orders/create webhooks, then
//     its workers process them through the whole pipeline until every subscriber has taken every
//     fact. Medians of the rounds. A job that fails (the queue logs it) is retried after its
//     backoff, which slows its round.
//  3. The storefront endpoint GET /apps/crm/recommendations?product=<id> under load: the app's
//     server on part 1's shop (its lists from the rebuild); a load generator in a process of its
//     own asks for random products of the catalogue, as a guest or a random signed-in buyer, at a
//     fixed rate through the app proxy's signed path, after a warm-up at a tenth of it; then the
//     server profiled at a tenth of the rate.
// BENCH_PARTS (default "rebuild,incremental,storefront") runs some of them; the storefront needs
// the rebuild's shop.

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const LINES = env("BENCH_LINES", 1_000_000);
const MONTHS = env("BENCH_MONTHS", 24);
const REBUILDS = env("BENCH_REBUILDS", 2);
const PROFILE = process.env.BENCH_PROFILE !== "0";
const ORDERS = env("BENCH_ORDERS", 2000);
const ROUNDS = env("BENCH_ROUNDS", 3);
const WARMUP = env("BENCH_WARMUP", 500);
const CONCURRENCY = env("BENCH_CONCURRENCY", 16);
const WORKERS = env("BENCH_WORKER_CONCURRENCY", 8);
const PROXY_RATE = env("BENCH_PROXY_RATE", 500);
const PROXY_SECONDS = env("BENCH_PROXY_SECONDS", 20);
const PROXY_WARMUP_SECONDS = env("BENCH_PROXY_WARMUP_SECONDS", 5);
const PARTS = new Set((process.env.BENCH_PARTS ?? "rebuild,incremental,storefront").split(",").map((part) => part.trim()));

/** The job queue's transaction limit (app/jobs/queue.server.ts): a rebuild must end within it. */
const QUEUE_TRANSACTION_MS = 120_000;
const REBUILD_TARGET_S = 10;
const PROXY_TARGET_P99_MS = 20;

const rounded = (value: number, digits = 0) => value.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const seconds = (value: number) => `${value.toFixed(2)} s`;

/** The kernel's peak resident memory of this process (VmHWM), in bytes. */
function highWaterMark(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return match ? Number(match[1]) * 1024 : NaN;
}

/** A forked helper compiled beside this file: sends it one request, resolves with its one answer. */
function runChild<Request, Result>(file: string, request: Request): Promise<Result> {
  const child = fork(path.join(import.meta.dirname, file), { execArgv: ["--enable-source-maps"] });
  return new Promise<Result>((resolve, reject) => {
    child.once("message", (result) => resolve(result as Result));
    child.once("exit", (code) => reject(new Error(`${file} exited with ${code}`)));
    child.send(request as object);
  });
}

interface Summary {
  rows: [figure: string, value: string, target: string][];
}

// --- 1. The full rebuild ----------------------------------------------------------------------

interface RebuildRun {
  seconds: number;
  nodeCpu: number | null;
  postgresCpu: number | null;
}

async function runRebuild(shop: BenchShop): Promise<RebuildRun> {
  const job = createRecommendationJobs()[RECOMMENDATIONS_REBUILD_JOB]!;
  const cpuBefore = mainThreadCpuSeconds();
  const postgresBefore = await postgresCpuSeconds(shop.runtime.database.sql);
  const started = performance.now();
  // As the queue runs it: in one transaction, with the queue's time limit.
  await shop.runtime.db.$transaction((tx) => job.run({ shopId: shop.shopId }, tx, { jobId: 0n, attempt: 1 }), {
    maxWait: 60_000,
    timeout: QUEUE_TRANSACTION_MS,
  });
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = mainThreadCpuSeconds();
  const postgresAfter = await postgresCpuSeconds(shop.runtime.database.sql);
  return {
    seconds: elapsed,
    nodeCpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
    postgresCpu: postgresBefore === null || postgresAfter === null ? null : postgresAfter - postgresBefore,
  };
}

async function describeRebuilt(runtime: Runtime, shopId: string): Promise<string> {
  const { rows } = await runtime.database.sql.query<{ products: number; pairs: number; lists: number; orders: number }>(
    `SELECT (SELECT count(*)::int FROM "RecommendationProduct" WHERE "shopId" = $1) AS products,
       (SELECT count(*)::int FROM "RecommendationPair" WHERE "shopId" = $1) AS pairs,
       (SELECT count(*)::int FROM "RecommendationList" WHERE "shopId" = $1) AS lists,
       (SELECT count(*)::int FROM "RecommendationOrder" WHERE "shopId" = $1) AS orders`,
    [shopId],
  );
  const row = rows[0]!;
  return `${rounded(row.orders)} orders contribute, ${rounded(row.products)} products, ${rounded(row.pairs)} pairs, ${rounded(row.lists)} lists stored`;
}

async function rebuild(shop: BenchShop, summary: Summary): Promise<void> {
  console.log(`\n1. Full rebuild from ${rounded(LINES)} order lines (${MONTHS} months of the demo plan's baskets, written by a process of its own)`);
  const seeded = await runChild<SeedRequest, SeedResult>("bench-recs-seed.js", {
    connectionString: shop.scratch.connectionString,
    shopId: shop.shopId,
    lines: LINES,
    months: MONTHS,
  });
  console.log(
    `   shop written in ${seconds(seeded.seconds)}: ${rounded(seeded.products)} products, ${rounded(seeded.customers)} customers, ${rounded(seeded.orders)} orders ` +
      `(${rounded(seeded.paidOrders)} paid and not cancelled), ${rounded(seeded.lines)} lines, ${rounded(seeded.refunds)} refunds of ${rounded(seeded.refundLines)} lines`,
  );
  // The program first, as an order or the admin makes it: the rebuild then finds it.
  await shop.runtime.db.$transaction((tx) => lockProgram(tx, shop.shopId, new Date()));
  const rssBefore = process.memoryUsage.rss();
  const rss = sampleRss(50);
  const runs: RebuildRun[] = [];
  for (let index = 0; index < REBUILDS; index++) {
    const run = await runRebuild(shop);
    runs.push(run);
    const cpu = (value: number | null) => (value === null ? "n/a" : seconds(value));
    console.log(`   rebuild ${index + 1}: ${seconds(run.seconds)} (CPU: this process's main thread ${cpu(run.nodeCpu)}, the PostgreSQL server ${cpu(run.postgresCpu)} — other work on it counts too)`);
  }
  const peak = rss.stop();
  const hwm = highWaterMark();
  console.log(`   ${await describeRebuilt(shop.runtime, shop.shopId)}`);
  console.log(
    `   RSS before ${megabytes(rssBefore)}; peak during the rebuilds: sampled ${megabytes(peak.sampledPeak)}, the process's lifetime peak ${megabytes(peak.processPeak)} (VmHWM ${megabytes(hwm)})`,
  );
  const best = Math.min(...runs.map((run) => run.seconds));
  const worst = Math.max(...runs.map((run) => run.seconds));
  summary.rows.push(
    [`rebuild, ${rounded(seeded.lines)} order lines (${rounded(seeded.orders)} orders)`, `${seconds(best)} … ${seconds(worst)} (${runs.length} runs)`, `< ${REBUILD_TARGET_S} s`],
    ["rebuild, peak RSS of the process", megabytes(Math.max(peak.processPeak, hwm)), "report"],
  );
  if (PROFILE) await profileRebuild(shop, summary);
}

/** Prints the profile's self time by source (the top ones) and writes the profile to a file; returns the sums. */
function printProfile(profile: CpuProfile, name: string): { source: string; ms: number }[] {
  const file = path.join(tmpdir(), `bench-recs-${name}-${Date.now()}.cpuprofile`);
  saveProfile(profile, file);
  const bySource = selfTimeBySource(profile);
  const total = bySource.reduce((sum, entry) => sum + entry.ms, 0);
  console.log(`   self time by source (${file}):`);
  for (const entry of bySource.slice(0, 14)) console.log(`     ${entry.source.padEnd(58)} ${rounded(entry.ms).padStart(7)} ms  ${((entry.ms / total) * 100).toFixed(1).padStart(5)} %`);
  return bySource;
}

async function profileRebuild(shop: BenchShop, summary: Summary): Promise<void> {
  const { result, profile } = await profileCpu(() => runRebuild(shop));
  console.log(`   profiled rebuild: ${seconds(result.seconds)} (under the profiler)`);
  const bySource = printProfile(profile, "rebuild");
  const total = bySource.reduce((sum, entry) => sum + entry.ms, 0);
  const engine = bySource.filter((entry) => entry.source.startsWith("app/core/recommendations/"));
  const table = bySource.find((entry) => entry.source === "app/core/recommendations/pair-table.ts")?.ms ?? 0;
  summary.rows.push([
    "rebuild profile: engine code / pair-table.ts self time",
    `${rounded(engine.reduce((sum, entry) => sum + entry.ms, 0))} ms / ${rounded(table)} ms of ${rounded(total)} ms`,
    "—",
  ]);
}

// --- 2. The incremental update's cost per order ------------------------------------------------

/**
 * The runtime's production subscribers (app/runtime.server.ts), with or without the engine's:
 * named here on both sides, so that the comparison stays one of the engine alone.
 */
function subscribers(engine: boolean): Subscriber[] {
  return [earnOnOrderSubscriber(), referralsConvertSubscriber(), ...(engine ? [recommendationsOrdersSubscriber()] : [])];
}

async function openSide(label: string, engine: boolean): Promise<PipelineSide> {
  // The engine's jobs (a new shop's first rebuild, the lists' refresh) are the runtime's on both sides.
  return openPipelineSide(label, await openBenchShop("crm_bench_recs", { workers: WORKERS, runtime: { outbox: { subscribers: subscribers(engine) } } }));
}

async function incremental(summary: Summary): Promise<void> {
  console.log(
    `\n2. Incremental update, engine on against off: ${ROUNDS} rounds of ${ORDERS} orders/create webhooks each side (after ${WARMUP} to warm up), ` +
      `${CONCURRENCY} in flight, ${WORKERS} workers; the demo shop's orders; the subscriber as it is now takes ` +
      ("handleAll" in recommendationsOrdersSubscriber() ? "a delivery job's facts together" : "one fact at a time"),
  );
  const off = await openSide("engine off", false);
  const on = await openSide("engine on ", true);
  try {
    const bodies = demoOrderBodies(WARMUP + ORDERS * ROUNDS, { anchor: new Date() });
    await alternatingRounds(off, on, bodies, { warmup: WARMUP, rounds: ROUNDS, orders: ORDERS, concurrency: CONCURRENCY }, (index) =>
      console.log(
        `   round ${index + 1}: processing off ${off.processing[index]!.toFixed(0)}, on ${on.processing[index]!.toFixed(0)} orders/s; ` +
          `end to end off ${off.endToEnd[index]!.toFixed(0)}, on ${on.endToEnd[index]!.toFixed(0)} orders/s; ` +
          `this process's CPU per order off ${off.cpuPerOrder[index]!.toFixed(2)}, on ${on.cpuPerOrder[index]!.toFixed(2)} ms`,
      ),
    );
    console.log(`   engine on: ${await describeRebuilt(on.runtime, on.shopId)}`);
    const perOrderMs = (rate: number) => 1000 / rate;
    const cost = perOrderMs(median(on.processing)) - perOrderMs(median(off.processing));
    console.log(
      `   processing (workers: deliveries → CRM → outbox → subscribers): off ${median(off.processing).toFixed(0)} orders/s, on ${median(on.processing).toFixed(0)} orders/s ` +
        `→ the engine takes ${rateCost(on.processing, off.processing).toFixed(1)} % of the rate, ${cost.toFixed(2)} ms of the pipeline's wall time per order (${WORKERS} workers)`,
    );
    console.log(
      `   end to end (webhooks sent → all processed): off ${median(off.endToEnd).toFixed(0)} orders/s, on ${median(on.endToEnd).toFixed(0)} orders/s → ${rateCost(on.endToEnd, off.endToEnd).toFixed(1)} %`,
    );
    const cpuCost = median(on.cpuPerOrder) - median(off.cpuPerOrder);
    console.log(
      `   this process's CPU per order while processing (PostgreSQL's not included): off ${median(off.cpuPerOrder).toFixed(2)} ms, on ${median(on.cpuPerOrder).toFixed(2)} ms → the engine ${cpuCost.toFixed(2)} ms`,
    );
    summary.rows.push(
      ["processing without the engine", `${median(off.processing).toFixed(0)} orders/s`, "—"],
      ["processing with the engine", `${median(on.processing).toFixed(0)} orders/s`, "—"],
      ["incremental cost per order (wall, pipeline)", `${cost.toFixed(2)} ms (${rateCost(on.processing, off.processing).toFixed(1)} % of the rate)`, "report"],
      ["incremental cost per order (Node CPU)", `${cpuCost.toFixed(2)} ms (off ${median(off.cpuPerOrder).toFixed(2)}, on ${median(on.cpuPerOrder).toFixed(2)} ms)`, "report"],
    );
  } finally {
    for (const side of [off, on]) await closePipelineSide(side);
  }
}

// --- 3. The storefront endpoint under load ------------------------------------------------------

async function storefront(shop: BenchShop, generator: LoadGenerator, summary: Summary): Promise<void> {
  const server = await listen(shop.runtime);
  try {
    const products = await shop.runtime.db.product.findMany({ where: { shopId: shop.shopId }, select: { platformId: true } });
    const buyers = await shop.runtime.db.customer.findMany({ where: { shopId: shop.shopId, platformId: { not: null } }, select: { platformId: true }, take: 10_000 });
    // Half the requests from guests, half from signed-in buyers (whose past purchases are left out).
    const shoppers = buyers.flatMap((buyer) => [buyer.platformId, null]);
    console.log(
      `\n3. App proxy GET /apps/crm/recommendations?product=<id> under load: ${PROXY_RATE} requests/s open-loop for ${PROXY_SECONDS} s from a process of its own, ` +
        `random products of ${products.length}, half as guests, half as one of ${rounded(buyers.length)} buyers; the app's production server on part 1's shop`,
    );
    const plan = {
      baseUrl: `http://127.0.0.1:${serverPort(server)}`,
      shop: BENCH_SHOP,
      secret: BENCH_SECRET,
      paths: products.map((product) => `/recommendations?product=${product.platformId}`),
      customerIds: shoppers.length > 0 ? shoppers : [null],
      ratePerSecond: PROXY_RATE,
    };
    // A fresh server compiles and caches on its first requests (JIT, prepared statements): warmed up at a tenth of the rate.
    const warmup = await generator.generate({ ...plan, ratePerSecond: PROXY_RATE / 10, seconds: PROXY_WARMUP_SECONDS });
    console.log(`   warm-up: ${loadResultLine(warmup, "not counted")}`);
    const result: LoadResult = await generator.generate({ ...plan, seconds: PROXY_SECONDS });
    console.log(`   ${loadResultLine(result, `target p99 < ${PROXY_TARGET_P99_MS} ms`)}`);
    const sorted = [...result.latencies].sort((a, b) => a - b);
    const latencies = sorted.length === 0 ? "no answer 200" : [percentile(sorted, 50), percentile(sorted, 99), sorted.at(-1)!].map((value) => value.toFixed(1)).join(" / ") + " ms";
    summary.rows.push(
      [`storefront at ${PROXY_RATE} requests/s: p50 / p99 / max`, latencies, `p99 < ${PROXY_TARGET_P99_MS} ms`],
      ["storefront errors", `${result.sent - sorted.length} of ${result.sent}`, "0"],
    );
    if (PROFILE) {
      // Where a request's time goes: the server (this process) profiled at a rate it keeps up with.
      const rate = PROXY_RATE / 10;
      const profiled = await profileCpu(() => generator.generate({ ...plan, ratePerSecond: rate, seconds: PROXY_WARMUP_SECONDS }));
      console.log(`   profiled at ${rate} requests/s: ${loadResultLine(profiled.result, "under the profiler")}`);
      const bySource = printProfile(profiled.profile, "storefront");
      const busy = bySource.filter((entry) => entry.source !== IDLE && entry.source !== PROFILER_ITSELF).reduce((sum, entry) => sum + entry.ms, 0);
      const perRequest = busy / profiled.result.sent;
      console.log(`   the server's main thread is busy ${perRequest.toFixed(2)} ms per request: at most ~${Math.floor(1000 / perRequest)} requests/s on one free core`);
      summary.rows.push(["storefront: server main-thread CPU per request (profiled)", `${perRequest.toFixed(2)} ms`, `≤ ${(1000 / PROXY_RATE).toFixed(1)} ms for ${PROXY_RATE}/s`]);
    }
  } finally {
    server.close();
  }
}

// --- The run ------------------------------------------------------------------------------------

function printSummary(summary: Summary): void {
  const width = Math.max(...summary.rows.map(([figure]) => figure.length));
  const valueWidth = Math.max(...summary.rows.map(([, value]) => value.length));
  console.log(`\n${"figure".padEnd(width)}  ${"measured".padEnd(valueWidth)}  target`);
  for (const [figure, value, target] of summary.rows) console.log(`${figure.padEnd(width)}  ${value.padEnd(valueWidth)}  ${target}`);
  console.log(`load average (1/5/15 min) at the end: ${loadavg().map((value) => value.toFixed(2)).join(" / ")}`);
}

async function serverVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: BENCH_SERVER_URL });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "?";
  } finally {
    await client.end();
  }
}

async function main() {
  const generator = PARTS.has("storefront") ? loadGenerator(import.meta.dirname) : null;
  const summary: Summary = { rows: [] };
  const shop = PARTS.has("rebuild") ? await openBenchShop("crm_bench_recs", { workers: WORKERS }) : null;
  try {
    console.log(
      `npm run bench:recs — ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}, PostgreSQL ${await serverVersion()}; ` +
        `load average at the start ${loadavg().map((value) => value.toFixed(2)).join(" / ")}; the machine is shared: other work may run meanwhile`,
    );
    if (shop) await rebuild(shop, summary);
    if (PARTS.has("incremental")) await incremental(summary);
    if (shop && generator) await storefront(shop, generator, summary);
  } finally {
    generator?.stop();
    if (shop) {
      await shop.runtime.close();
      await shop.scratch.drop();
    }
  }
  printSummary(summary);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
