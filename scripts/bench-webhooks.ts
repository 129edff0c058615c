import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import { performance } from "node:perf_hooks";
import type { AddressInfo } from "node:net";
import { openDatabase } from "~/db/database.server";
import type { SqlClient } from "~/db/prisma.server";
import { createScratchDatabase } from "~/db/scratch-database.server";
import { createRuntime } from "~/runtime.server";
import { createHttpServer } from "../server/http-app";
import { BENCH_SECRET, BENCH_SHOP, demoOrderBodies, postOrders } from "./lib/demo-webhooks";
import { benchSubscribers, factsRecorded } from "./lib/bench-outbox";
import { BENCH_SERVER_URL, benchConfig } from "./lib/bench-config";
import { postgresCpuSeconds } from "./lib/postgres-cpu";
import { mainThreadCpuSeconds } from "./lib/proc-stat";
import { median, percentile } from "./lib/stats";
import { installShopifyShop } from "../tests/helpers/shopify-install";

// npm run bench:webhooks — signed orders/create webhooks over loopback at a fixed concurrency:
//  1. in alternating rounds, against a bare node:http server that only checks the HMAC and
//     answers 200 (this machine's ceiling) and against the app (verify, store delivery + job,
//     answer): ack rate, p50/p99. Alternating rounds keep a slow spell of a shared machine from
//     landing on one side only; the figures are the medians of the rounds.
//  2. the app's workers process everything into CRM state on PostgreSQL: orders/s end to end.
// The deliveries are the demo shop's, installed as a real shop is. Needs a built app (npm run
// build) and PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL).

const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// Enough for V8 to have optimized both servers' and the load generator's paths.
const WARMUP = 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const WORKERS = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 8);

interface Sample {
  rate: number;
  latencies: number[];
  /** CPU time of this whole process (all its threads) per acknowledgement, load generator included. */
  cpuMicrosPerAck: number;
  /** The part of it on the main thread (load generator, HTTP, storing); null where /proc is missing. */
  mainThreadMicrosPerAck: number | null;
  /** Share of the round the main thread's event loop was busy. */
  mainThreadBusy: number;
  /** CPU time of the PostgreSQL server per acknowledgement; null when it is not on this machine. */
  postgresMicrosPerAck: number | null;
}

async function fire(url: string, bodies: Uint8Array<ArrayBuffer>[], sql: SqlClient): Promise<Sample> {
  const latencies: number[] = [];
  const postgresBefore = await postgresCpuSeconds(sql);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const mainThreadBefore = mainThreadCpuSeconds();
  const loopBefore = performance.eventLoopUtilization();
  await postOrders(url, bodies, CONCURRENCY, latencies);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const mainThreadAfter = mainThreadCpuSeconds();
  const mainThreadBusy = performance.eventLoopUtilization(loopBefore).utilization;
  const postgresAfter = await postgresCpuSeconds(sql);
  return {
    rate: bodies.length / seconds,
    latencies,
    cpuMicrosPerAck: (cpu.user + cpu.system) / bodies.length,
    mainThreadMicrosPerAck:
      mainThreadBefore === null || mainThreadAfter === null ? null : ((mainThreadAfter - mainThreadBefore) * 1e6) / bodies.length,
    mainThreadBusy,
    postgresMicrosPerAck:
      postgresBefore === null || postgresAfter === null ? null : ((postgresAfter - postgresBefore) * 1e6) / bodies.length,
  };
}

interface Summary {
  rate: number;
  p50: number;
  p99: number;
  cpuMicrosPerAck: number;
  mainThreadMicrosPerAck: number | null;
  mainThreadBusy: number;
  postgresMicrosPerAck: number | null;
}

const medianOrNull = (values: Array<number | null>) =>
  values.some((value) => value === null) ? null : median(values as number[]);

/** Medians of the rounds' rates and CPU figures, and latency percentiles over all rounds' requests. */
function summary(samples: Sample[]): Summary {
  const latencies = samples.flatMap((sample) => sample.latencies).sort((a, b) => a - b);
  return {
    rate: median(samples.map((sample) => sample.rate)),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuMicrosPerAck: median(samples.map((sample) => sample.cpuMicrosPerAck)),
    mainThreadMicrosPerAck: medianOrNull(samples.map((sample) => sample.mainThreadMicrosPerAck)),
    mainThreadBusy: median(samples.map((sample) => sample.mainThreadBusy)),
    postgresMicrosPerAck: medianOrNull(samples.map((sample) => sample.postgresMicrosPerAck)),
  };
}

function bareHmacServer(): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const expected = createHmac("sha256", BENCH_SECRET).update(Buffer.concat(chunks)).digest();
      const given = Buffer.from(String(request.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
      const valid = given.length === expected.length && timingSafeEqual(given, expected);
      response.writeHead(valid ? 200 : 401).end();
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const port = (server: Server) => (server.address() as AddressInfo).port;
const show = (name: string, figures: Summary) =>
  console.log(
    `${name.padEnd(34)} ${figures.rate.toFixed(0).padStart(6)} acks/s   p50 ${figures.p50.toFixed(1)} ms   p99 ${figures.p99.toFixed(1)} ms   ` +
      `CPU per ack: ${figures.cpuMicrosPerAck.toFixed(0)} µs here (main thread ${figures.mainThreadMicrosPerAck?.toFixed(0) ?? "?"}) + ` +
      `${figures.postgresMicrosPerAck?.toFixed(0) ?? "?"} µs PostgreSQL, main thread busy ${(figures.mainThreadBusy * 100).toFixed(0)} %`,
  );

async function main() {
  // Every round sends orders of its own, so each delivery adds one order to the CRM.
  // All made before the servers start, kept as bytes outside the JavaScript heap.
  const bodies = demoOrderBodies(WARMUP + WEBHOOKS * ROUNDS);
  console.log(
    `${ROUNDS} rounds of ${WEBHOOKS} signed orders/create webhooks, ${CONCURRENCY} in flight, loopback, ${WORKERS} workers`,
  );

  const scratch = await createScratchDatabase(BENCH_SERVER_URL, "crm_bench");
  const config = benchConfig(scratch.connectionString, { workers: WORKERS });
  const runtime = createRuntime(config, await openDatabase(config.database), { outbox: { subscribers: benchSubscribers() } });
  const { db } = runtime;
  const bare = await bareHmacServer();
  const server = await createHttpServer(runtime);
  try {
    await installShopifyShop(runtime, { shop: BENCH_SHOP, accessToken: "shpat_bench", scopes: runtime.config.shopify.scopes.join(",") });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const bareUrl = `http://127.0.0.1:${port(bare)}/`;
    const appUrl = `http://127.0.0.1:${port(server)}/webhooks/orders/create`;
    const warmup = bodies.slice(0, WARMUP);
    await fire(bareUrl, warmup, runtime.database.sql);
    await fire(appUrl, warmup, runtime.database.sql);
    const ceilings: Sample[] = [];
    const apps: Sample[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const roundBodies = bodies.slice(WARMUP + round * WEBHOOKS, WARMUP + (round + 1) * WEBHOOKS);
      // Which side goes first alternates, so that a drift in the machine's speed falls on both.
      if (round % 2 === 0) ceilings.push(await fire(bareUrl, roundBodies, runtime.database.sql));
      apps.push(await fire(appUrl, roundBodies, runtime.database.sql));
      if (round % 2 === 1) ceilings.push(await fire(bareUrl, roundBodies, runtime.database.sql));
      console.log(
        `round ${round + 1}: ceiling ${ceilings[round]!.rate.toFixed(0)} acks/s, app ${apps[round]!.rate.toFixed(0)} acks/s (${((apps[round]!.rate / ceilings[round]!.rate) * 100).toFixed(0)} %)`,
      );
    }
    const ceiling = summary(ceilings);
    const acks = summary(apps);
    show("bare node:http + HMAC (ceiling)", ceiling);
    show("app: verify + store + queue", acks);
    console.log(
      `ack rate ${((acks.rate / ceiling.rate) * 100).toFixed(0)} % of the ceiling (target >= 50 %), p99 ${acks.p99.toFixed(1)} ms (target < 50 ms)`,
    );

    const started = performance.now();
    runtime.queue.start();
    await runtime.queue.whenIdle();
    const seconds = (performance.now() - started) / 1000;
    // Counted where they landed: the rate is orders in the Order table, not deliveries handled
    // (the warm-up's repeats are deliveries that add no order).
    const orders = await db.order.count();
    const outcomes = await db.webhookDelivery.groupBy({ by: ["status"], _count: true, orderBy: { status: "asc" } });
    const byStatus = outcomes.map((outcome) => `${outcome._count} ${outcome.status.toLowerCase()}`).join(", ");
    console.log(`deliveries: ${byStatus}; outbox facts recorded and delivered: ${await factsRecorded(db)}`);
    console.log(
      `processing: ${orders} orders into CRM state in ${seconds.toFixed(1)} s = ${(orders / seconds).toFixed(0)} orders/s (target >= 1000)`,
    );
  } finally {
    bare.close();
    server.close();
    await runtime.close();
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
