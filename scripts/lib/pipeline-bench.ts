import { fork } from "node:child_process";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { openDatabase } from "~/db/database.server";
import { createScratchDatabase, type ScratchDatabase } from "~/db/scratch-database.server";
import { createRuntime, type Runtime, type RuntimeOptions } from "~/runtime.server";
import { createHttpServer } from "../../server/http-app";
import { installShopifyShop } from "../../tests/helpers/shopify-install";
import { BENCH_SERVER_URL, benchConfig } from "./bench-config";
import { BENCH_SHOP, postOrders } from "./demo-webhooks";
import type { LoadPlan, LoadResult } from "./proxy-load-generator";
import { median, percentile } from "./stats";

// What the program benchmarks (bench:loyalty, bench:recs) share: a scratch database with the
// benchmark shop installed and the app's HTTP server on it, orders sent as signed webhooks and
// processed by the workers through the whole pipeline, two such sides compared in alternating
// rounds, and the storefront load generator in a process of its own.

export const BENCH_ACCESS_TOKEN = "shpat_bench";

export const serverPort = (server: Server) => (server.address() as AddressInfo).port;
export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
export const latencyLine = (sorted: readonly number[]) =>
  `p50 ${ms(percentile(sorted, 50))}   p99 ${ms(percentile(sorted, 99))}   max ${ms(sorted.at(-1) ?? NaN)}`;

export interface BenchShop {
  scratch: ScratchDatabase;
  runtime: Runtime;
  shopId: string;
}

/** A migrated scratch database with the benchmark shop installed, and the production runtime on it (its workers stopped). */
export async function openBenchShop(prefix: string, options: { workers: number; runtime?: RuntimeOptions }): Promise<BenchShop> {
  const scratch = await createScratchDatabase(BENCH_SERVER_URL, prefix);
  const config = benchConfig(scratch.connectionString, { workers: options.workers });
  const runtime = createRuntime(config, await openDatabase(config.database), options.runtime);
  const shop = await installShopifyShop(runtime, { shop: BENCH_SHOP, accessToken: BENCH_ACCESS_TOKEN, scopes: config.shopify.scopes.join(",") });
  return { scratch, runtime, shopId: shop.id };
}

/** The app's HTTP server on the runtime, on a free local port. */
export async function listen(runtime: Runtime): Promise<Server> {
  const server = await createHttpServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

export interface PipelineSide extends BenchShop {
  label: string;
  server: Server;
  webhookUrl: string;
  /** Per round: orders/s from the first webhook sent until everything is processed, and of the processing alone. */
  endToEnd: number[];
  processing: number[];
  /**
   * Per round: this process's CPU (all its threads) per order while processing, in ms — unlike the
   * rates, not stretched by other work on a shared machine. PostgreSQL's share is not in it.
   */
  cpuPerOrder: number[];
}

export async function openPipelineSide(label: string, shop: BenchShop): Promise<PipelineSide> {
  const server = await listen(shop.runtime).catch(async (error: unknown) => {
    // No side to close later: its database would outlive the run.
    await shop.runtime.close();
    await shop.scratch.drop();
    throw error;
  });
  return { ...shop, label, server, webhookUrl: `http://127.0.0.1:${serverPort(server)}/webhooks/orders/create`, endToEnd: [], processing: [], cpuPerOrder: [] };
}

export async function closePipelineSide(side: PipelineSide): Promise<void> {
  side.server.close();
  await side.runtime.close();
  await side.scratch.drop();
}

/**
 * Waits until the workers find no due job and every subscriber has taken every fact (a delivery
 * put off for a moment is not due, yet belongs to the work). Jobs that run later on purpose — a
 * member's platform sync after its minute — are not waited for.
 */
export async function settled(runtime: Runtime): Promise<void> {
  for (;;) {
    await runtime.queue.whenIdle();
    const { rows } = await runtime.database.sql.query<{ due: number; behind: number; failing: string | null }>(`
      SELECT
        (SELECT count(*)::int FROM "Job" WHERE status IN ('QUEUED', 'RUNNING') AND "runAt" <= now()) AS due,
        (SELECT count(*)::int FROM "OutboxSubscription" s JOIN "OutboxStream" t ON t."shopId" = s."shopId" WHERE s.position < t."lastFactId") AS behind,
        (SELECT max("lastError") FROM "OutboxSubscription" WHERE "lastError" IS NOT NULL AND attempts > 0) AS failing`);
    const { due, behind, failing } = rows[0]!;
    if (failing) throw new Error(`A subscriber fails: ${failing}`);
    if (due === 0 && behind === 0) return;
    await sleep(20);
  }
}

/** Sends the orders with the workers stopped, then lets them process everything; seconds of each, and the processing's CPU. */
export async function processOrders(
  side: PipelineSide,
  bodies: readonly Uint8Array<ArrayBuffer>[],
  concurrency: number,
): Promise<{ intake: number; processing: number; processingCpu: number }> {
  const started = performance.now();
  await postOrders(side.webhookUrl, bodies, concurrency);
  const acknowledged = performance.now();
  const cpu = process.cpuUsage();
  side.runtime.queue.start();
  await settled(side.runtime);
  const done = performance.now();
  const used = process.cpuUsage(cpu);
  await side.runtime.queue.stop();
  return { intake: (acknowledged - started) / 1000, processing: (done - acknowledged) / 1000, processingCpu: (used.user + used.system) / 1e6 };
}

export interface RoundsPlan {
  /** Orders sent to each side before the measured rounds. */
  warmup: number;
  rounds: number;
  /** Orders per side and round. */
  orders: number;
  /** Webhooks in flight. */
  concurrency: number;
}

/**
 * The same orders through both sides in alternating rounds — which side goes first alternates, so
 * that a drift in the machine's speed falls on both — after a warm-up of each. `bodies` holds
 * warmup + rounds × orders of them. Calls `onRound` with the round's index after each round.
 */
export async function alternatingRounds(
  off: PipelineSide,
  on: PipelineSide,
  bodies: readonly Uint8Array<ArrayBuffer>[],
  plan: RoundsPlan,
  onRound: (index: number) => void,
): Promise<void> {
  for (const side of [off, on]) await processOrders(side, bodies.slice(0, plan.warmup), plan.concurrency);
  for (let index = 0; index < plan.rounds; index++) {
    const orders = bodies.slice(plan.warmup + index * plan.orders, plan.warmup + (index + 1) * plan.orders);
    for (const side of index % 2 === 0 ? [off, on] : [on, off]) {
      const seconds = await processOrders(side, orders, plan.concurrency);
      side.endToEnd.push(orders.length / (seconds.intake + seconds.processing));
      side.processing.push(orders.length / seconds.processing);
      side.cpuPerOrder.push((seconds.processingCpu * 1000) / orders.length);
    }
    onRound(index);
  }
}

/** What the program takes off a rate, in percent of the rate without it (medians of the rounds). */
export const rateCost = (on: readonly number[], off: readonly number[]) => (1 - median(on) / median(off)) * 100;

export interface LoadGenerator {
  generate(plan: LoadPlan): Promise<LoadResult>;
  stop(): void;
}

/**
 * Starts the load generator's process now and gives it its plan later: the compiled file is read
 * at the start, right after the build, and not after minutes in which a rebuild may replace it.
 * It is compiled beside the benchmarks (scripts/build-node.ts): `benchmarkDir` is their folder.
 */
export function loadGenerator(benchmarkDir: string): LoadGenerator {
  const child = fork(path.join(benchmarkDir, "bench-proxy-load.js"), { execArgv: ["--enable-source-maps"] });
  const exited = new Promise<never>((_resolve, reject) => child.once("exit", (code) => reject(new Error(`The load generator exited with ${code}`))));
  exited.catch(() => {});
  return {
    generate(plan) {
      const answered = new Promise<LoadResult>((resolve) => child.once("message", (result) => resolve(result as LoadResult)));
      child.send(plan);
      return Promise.race([answered, exited]);
    },
    stop: () => child.kill(),
  };
}

/** The generator's result as a line: the rate it kept, the latencies of the answers, the errors. */
export function loadResultLine(result: LoadResult, target: string): string {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const errors = Object.entries(result.errors).map(([status, count]) => `${count} × ${status}`).join(", ") || "none";
  return (
    `${result.sent} sent at ${(result.sent / result.sendingSeconds).toFixed(0)} requests/s (latest send ${ms(result.maxLagMs)} behind schedule), ` +
    `${sorted.length} answered 200: ${latencyLine(sorted)} (${target}); errors: ${errors}`
  );
}
