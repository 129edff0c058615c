import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig } from "~/config/env.server";
import { openDatabase } from "~/db/database.server";
import { createScratchDatabase } from "~/db/scratch-database.server";
import { streamDemoHistory } from "~/demo/history";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import { startWebhookVerification } from "~/platforms/shopify/webhook-intake.server";
import { createRuntime } from "~/runtime.server";
import { createHttpServer } from "../server/http-app";

// npm run bench:webhooks — signed orders/create webhooks over loopback at a fixed concurrency:
//  1. in alternating rounds, against a bare node:http server that only checks the HMAC and
//     answers 200 (this machine's ceiling) and against the app (verify, store delivery + job,
//     answer): ack rate, p50/p99. Alternating rounds keep a slow spell of a shared machine from
//     landing on one side only; the figures are the medians of the rounds.
//  2. the app's workers process everything into CRM state on PostgreSQL: orders/s end to end.
// Needs a built app (npm run build) and PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL).

const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// Enough for V8 to have optimized both servers' and the load generator's paths.
const WARMUP = 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const WORKERS = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 8);
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const SECRET = "bench-secret";
const SHOP = "alpenroester-demo.myshopify.com";

interface Sample {
  rate: number;
  latencies: number[];
}

/**
 * The demo shop's orders/create bodies, `count` at a time: a round's bodies are made before it
 * starts and dropped after it, so the load generator does not hold every round's in memory. They
 * are kept as bytes, outside the JavaScript heap that the servers' garbage collection scans.
 */
const utf8 = new TextEncoder();

function orderBodies(total: number): (count: number) => Uint8Array<ArrayBuffer>[] {
  const deliveries = streamDemoHistory({ customers: Math.ceil(total / 3), orders: total }).deliveries();
  return (count) => {
    const bodies: Uint8Array<ArrayBuffer>[] = [];
    // next() rather than for-of: breaking out of a for-of would close the generator.
    for (let next = deliveries.next(); !next.done && bodies.length < count; next = deliveries.next()) {
      if (next.value.topic === "orders/create") bodies.push(utf8.encode(next.value.body));
    }
    return bodies;
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function fire(url: string, bodies: Uint8Array<ArrayBuffer>[]): Promise<Sample> {
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
          "x-shopify-hmac-sha256": createHmac("sha256", SECRET).update(body).digest("base64"),
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
  return { rate: bodies.length / seconds, latencies };
}

/** The median round's rate, and latency percentiles over all rounds' requests. */
function summary(samples: Sample[]): { rate: number; p50: number; p99: number } {
  const rates = samples.map((sample) => sample.rate).sort((a, b) => a - b);
  const latencies = samples.flatMap((sample) => sample.latencies).sort((a, b) => a - b);
  return { rate: rates[Math.floor(rates.length / 2)]!, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
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
const show = (name: string, figures: { rate: number; p50: number; p99: number }) =>
  console.log(
    `${name.padEnd(34)} ${figures.rate.toFixed(0).padStart(6)} acks/s   p50 ${figures.p50.toFixed(1)} ms   p99 ${figures.p99.toFixed(1)} ms`,
  );

async function main() {
  // Every round sends orders of its own, so each delivery adds one order to the CRM.
  const nextBodies = orderBodies(WARMUP + WEBHOOKS * ROUNDS);
  console.log(
    `${ROUNDS} rounds of ${WEBHOOKS} signed orders/create webhooks, ${CONCURRENCY} in flight, loopback, ${WORKERS} workers`,
  );

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
    ...(process.env.CRM_WEBHOOK_VERIFY_THREADS ? { CRM_WEBHOOK_VERIFY_THREADS: process.env.CRM_WEBHOOK_VERIFY_THREADS } : {}),
  });
  const runtime = createRuntime(config, await openDatabase(config.database));
  const { db } = runtime;
  const bare = await bareHmacServer();
  const server = await createHttpServer("production");
  try {
    await startWebhookVerification();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const bareUrl = `http://127.0.0.1:${port(bare)}/`;
    const appUrl = `http://127.0.0.1:${port(server)}/webhooks/orders/create`;
    const warmup = nextBodies(WARMUP);
    await fire(bareUrl, warmup);
    await fire(appUrl, warmup);
    const ceilings: Sample[] = [];
    const apps: Sample[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const roundBodies = nextBodies(WEBHOOKS);
      // Which side goes first alternates, so neither always follows the making of the bodies.
      if (round % 2 === 0) ceilings.push(await fire(bareUrl, roundBodies));
      apps.push(await fire(appUrl, roundBodies));
      if (round % 2 === 1) ceilings.push(await fire(bareUrl, roundBodies));
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
    console.log(`deliveries: ${byStatus}`);
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
