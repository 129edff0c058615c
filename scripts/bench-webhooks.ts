import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig } from "~/config/env.server";
import { openDatabase } from "~/db/database.server";
import { createScratchDatabase } from "~/db/scratch-database.server";
import { streamDemoHistory } from "~/demo/history";
import { signShopifyBody } from "~/demo/demo-loader.server";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import { createRuntime } from "~/runtime.server";
import { createHttpServer } from "../server/http-app";

// npm run bench:webhooks — signed orders/create webhooks over loopback at a fixed concurrency:
//  1. against a bare node:http server that only checks the HMAC and answers 200 (this machine's
//     ceiling), then against the app (verify, store delivery + job, answer): ack rate, p50/p99;
//  2. the app's workers process everything into CRM state on PostgreSQL: orders/s end to end.
// Needs a built app (npm run build) and PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL).

const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const WORKERS = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 8);
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const SECRET = "bench-secret";
const SHOP = "alpenroester-demo.myshopify.com";

interface Sample {
  rate: number;
  p50: number;
  p99: number;
}

function orderBodies(count: number): string[] {
  const bodies: string[] = [];
  for (const delivery of streamDemoHistory({ customers: Math.ceil(count / 3), orders: count }).deliveries()) {
    if (delivery.topic === "orders/create") bodies.push(delivery.body);
    if (bodies.length === count) break;
  }
  return bodies;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function fire(url: string, bodies: string[]): Promise<Sample> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const sentAt = performance.now();
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-shopify-topic": "orders/create",
          "x-shopify-shop-domain": SHOP,
          "x-shopify-api-version": SHOPIFY_API_VERSION,
          "x-shopify-webhook-id": randomUUID(),
          "x-shopify-event-id": randomUUID(),
          "x-shopify-triggered-at": new Date().toISOString(),
          "x-shopify-hmac-sha256": signShopifyBody(body, SECRET),
        },
        body,
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      latencies.push(performance.now() - sentAt);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rate: bodies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

function bareHmacServer(): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const expected = createHmac("sha256", SECRET).update(Buffer.concat(chunks)).digest();
      const given = Buffer.from(String(request.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
      const valid = given.length === expected.length && timingSafeEqual(given, expected);
      response.writeHead(valid ? 200 : 401).end();
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const port = (server: Server) => (server.address() as AddressInfo).port;
const show = (name: string, sample: Sample) =>
  console.log(
    `${name.padEnd(34)} ${sample.rate.toFixed(0).padStart(6)} acks/s   p50 ${sample.p50.toFixed(1)} ms   p99 ${sample.p99.toFixed(1)} ms`,
  );

async function main() {
  const bodies = orderBodies(WEBHOOKS);
  const warmup = bodies.slice(0, 200);
  console.log(`${bodies.length} signed orders/create webhooks, ${CONCURRENCY} in flight, loopback, ${WORKERS} workers`);

  const bare = await bareHmacServer();
  await fire(`http://127.0.0.1:${port(bare)}/`, warmup);
  const ceiling = await fire(`http://127.0.0.1:${port(bare)}/`, bodies);
  bare.close();
  show("bare node:http + HMAC (ceiling)", ceiling);

  const scratch = await createScratchDatabase(SERVER_URL, "crm_bench");
  const config = loadConfig({
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "bench",
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_APP_URL: "https://bench.example",
    CRM_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
    DATABASE_URL: scratch.connectionString,
    CRM_WORKER_CONCURRENCY: String(WORKERS),
    DATABASE_POOL_SIZE: String(WORKERS + 4),
  });
  const runtime = createRuntime(config, await openDatabase(config.database));
  const { db } = runtime;
  try {
    const server = await createHttpServer("production");
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${port(server)}/webhooks/orders/create`;
    await fire(url, warmup);
    const acks = await fire(url, bodies);
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
    console.log(`deliveries: ${byStatus}`);
    console.log(
      `processing: ${orders} orders into CRM state in ${seconds.toFixed(1)} s = ${(orders / seconds).toFixed(0)} orders/s (target >= 1000)`,
    );
    server.close();
  } finally {
    await runtime.close();
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
