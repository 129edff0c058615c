import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadConfig } from "~/config/env.server";
import { openDatabase } from "~/db/database.server";
import { createScratchDatabase } from "~/db/scratch-database.server";
import { PROJECT_ROOT } from "~/project-root.server";
import { createRuntime } from "~/runtime.server";
import { MAX_WEBHOOK_BODY_BYTES } from "~/webhooks/intake.server";
import { appEnv, freePort } from "../tests/faults/support/app-process";
import { installShopifyShop } from "../tests/helpers/shopify-install";
import { BENCH_SECRET, BENCH_SHOP, demoOrderBodies, signedOrderHeaders } from "./lib/demo-webhooks";
import { megabytes } from "./lib/peak-rss";

// npm run bench:memory — resident memory of the production server while it takes and processes
// deliveries at the body size limit. The compiled server (build/node/main.js) runs as a child
// process, as `npm run serve` starts it, with its in-process worker, on a scratch PostgreSQL
// database (BENCH_DATABASE_URL, TEST_DATABASE_URL or the local server). BENCH_ROUNDS rounds (4)
// of BENCH_CONCURRENCY (16) signed orders/create deliveries of ~5 MB each (thousands of line
// items, so that processing parses real structure, not one long string) are sent at once, each
// round right after the last one's answers; a refused delivery (503) is sent again after its
// Retry-After, as Shopify would. The server's VmRSS is sampled from /proc every 50 ms, idle
// before, from the first delivery until all are processed, and idle after. Target: < 400 MB.
// BENCH_SERVER_NODE_OPTIONS adds Node options to the server's (e.g. `--import` of a module that
// logs process.memoryUsage(), to see what holds the memory).

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const TARGET_RSS_BYTES = 400 * 1024 * 1024;
const SAMPLE_MS = 50;
const IDLE_MS = 3_000;
const PROCESSING_DEADLINE_MS = 15 * 60_000;
const MAX_ATTEMPTS = 20;
// Well inside the limit: the body's own bytes, not its headers, count against it.
const BODY_BYTES = MAX_WEBHOOK_BODY_BYTES - 64 * 1024;
// The same settings as `npm run serve`.
const SERVE_NODE_OPTIONS = "--max-old-space-size=1024 --max-semi-space-size=16";

const utf8 = new TextEncoder();

/**
 * An orders/create body of `bytes` at most: a demo order whose line items are repeated, each
 * with ids of its own, so that each delivery becomes an order with thousands of lines.
 */
function largeOrderBody(template: Record<string, unknown>, serial: number, bytes: number): Uint8Array<ArrayBuffer> {
  const [line] = template.line_items as Array<Record<string, unknown>>;
  const orderId = 7_000_000_000_000 + serial;
  const order = { ...template, id: orderId, admin_graphql_api_id: `gid://shopify/Order/${orderId}`, name: `#M${serial}` };
  const lines: Array<Record<string, unknown>> = [];
  let size = Buffer.byteLength(JSON.stringify({ ...order, line_items: [] }));
  for (let i = 0; ; i++) {
    const lineId = 8_000_000_000_000 + serial * 100_000 + i;
    const next = { ...line, id: lineId, admin_graphql_api_id: `gid://shopify/LineItem/${lineId}`, title: `${String(line!.title)} ${i}` };
    const added = Buffer.byteLength(JSON.stringify(next)) + 1;
    if (size + added > bytes) break;
    lines.push(next);
    size += added;
  }
  return utf8.encode(JSON.stringify({ ...order, line_items: lines }));
}

/** VmRSS and VmHWM (the kernel's peak over the process's life) of a process, in bytes. */
function residentBytes(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
  return { rss: field("VmRSS"), hwm: field("VmHWM") };
}

/** Samples a process's RSS until stopped: the peak and the last value. */
function sampleProcessRss(pid: number) {
  let peak = 0;
  let last = 0;
  const sample = () => {
    last = residentBytes(pid).rss;
    peak = Math.max(peak, last);
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peak, last };
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sent {
  refusals: number;
  slowestAckMs: number;
}

/** Sends one delivery until it is acknowledged; a refusal (503, or the connection cut under the upload) is sent again later. */
async function deliver(url: string, body: Uint8Array<ArrayBuffer>, sent: Sent): Promise<void> {
  // Sent again with the same ids, as Shopify resends.
  const headers = signedOrderHeaders(body);
  for (let attempt = 1; ; attempt++) {
    if (attempt > MAX_ATTEMPTS) throw new Error(`${url} refused a delivery ${MAX_ATTEMPTS} times`);
    const started = performance.now();
    const response = await fetch(url, { method: "POST", headers, body }).catch(() => null);
    if (response) await response.arrayBuffer();
    if (response?.status === 200) {
      sent.slowestAckMs = Math.max(sent.slowestAckMs, performance.now() - started);
      return;
    }
    if (response && response.status !== 503) throw new Error(`${url} answered ${response.status}`);
    sent.refusals += 1;
    await sleep(Number(response?.headers.get("retry-after") ?? 1) * 1000);
  }
}

async function main() {
  // Made before the server starts: generating them is not the server's work, nor its memory.
  const template = JSON.parse(new TextDecoder().decode(demoOrderBodies(30)[0])) as Record<string, unknown>;
  const rounds = Array.from({ length: ROUNDS }, (_, round) =>
    Array.from({ length: CONCURRENCY }, (_, i) => largeOrderBody(template, round * CONCURRENCY + i, BODY_BYTES)),
  );
  const scratch = await createScratchDatabase(SERVER_URL, "crm_bench_memory");
  const port = await freePort();
  const env = appEnv(scratch.connectionString, port, {
    NODE_OPTIONS: `${SERVE_NODE_OPTIONS} ${process.env.BENCH_SERVER_NODE_OPTIONS ?? ""}`,
    SHOPIFY_API_SECRET: BENCH_SECRET,
    // The production defaults, not the fault tests' settings.
    DATABASE_POOL_SIZE: "10",
    CRM_WORKER_CONCURRENCY: "4",
  });
  // The bench's own view of the database (its queue is never started): installs the shop, counts.
  const config = loadConfig(env);
  const runtime = createRuntime(config, await openDatabase(config.database));
  const server = spawn(process.execPath, ["--enable-source-maps", path.join(PROJECT_ROOT, "build/node/main.js")], {
    cwd: PROJECT_ROOT,
    env: { ...env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((resolve) => server.once("exit", resolve));
  try {
    await installShopifyShop(runtime, { shop: BENCH_SHOP, accessToken: "shpat_bench", scopes: runtime.config.shopify.scopes.join(",") });
    await new Promise<void>((resolve, reject) => {
      let output = "";
      server.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("CRM listening")) resolve();
      });
      void exited.then((code) => reject(new Error(`The server exited (${String(code)}) before listening`)));
    });
    const pid = server.pid!;
    const url = `http://127.0.0.1:${port}/webhooks/orders/create`;
    const bodyMb = (rounds[0]![0]!.length / 1024 / 1024).toFixed(2);
    console.log(`${ROUNDS} rounds of ${CONCURRENCY} concurrent signed orders/create deliveries of ${bodyMb} MB; server pid ${pid}, PostgreSQL`);

    await sleep(IDLE_MS);
    const idle = sampleProcessRss(pid);
    await sleep(IDLE_MS);
    const before = idle.stop();

    const during = sampleProcessRss(pid);
    const started = performance.now();
    const sent: Sent = { refusals: 0, slowestAckMs: 0 };
    for (const [round, bodies] of rounds.entries()) {
      await Promise.all(bodies.map((body) => deliver(url, body, sent)));
      console.log(`round ${round + 1}: acknowledged after ${((performance.now() - started) / 1000).toFixed(1)} s, ${megabytes(residentBytes(pid).rss)} RSS now`);
    }
    const acknowledged = (performance.now() - started) / 1000;
    const deliveries = ROUNDS * CONCURRENCY;
    const deadline = performance.now() + PROCESSING_DEADLINE_MS;
    while ((await runtime.db.webhookDelivery.count({ where: { status: { notIn: ["RECEIVED", "FAILED"] } } })) < deliveries) {
      if (performance.now() > deadline) throw new Error(`Not all ${deliveries} deliveries processed in ${PROCESSING_DEADLINE_MS / 60_000} minutes`);
      await sleep(250);
    }
    const processed = (performance.now() - started) / 1000;
    const peak = during.stop();
    await sleep(IDLE_MS);
    const after = sampleProcessRss(pid).stop();
    const { hwm } = residentBytes(pid);

    const outcomes = await runtime.db.webhookDelivery.groupBy({ by: ["status"], _count: true, orderBy: { status: "asc" } });
    const lineItems = await runtime.db.orderLineItem.count();
    console.log(`deliveries: ${outcomes.map((outcome) => `${outcome._count} ${outcome.status.toLowerCase()}`).join(", ")}`);
    console.log(
      `orders: ${await runtime.db.order.count()}, line items: ${lineItems}; all acknowledged in ${acknowledged.toFixed(1)} s ` +
        `(slowest ${(sent.slowestAckMs / 1000).toFixed(2)} s, ${sent.refusals} refused and sent again), processed in ${processed.toFixed(1)} s`,
    );
    console.log(
      `server RSS: before ${megabytes(before.peak)} (idle), during peak ${megabytes(peak.peak)} (sampled every ${SAMPLE_MS} ms), ` +
        `after ${megabytes(after.last)} (${IDLE_MS / 1000} s idle); VmHWM (lifetime peak) ${megabytes(hwm)}`,
    );
    const met = Math.max(peak.peak, hwm) < TARGET_RSS_BYTES;
    console.log(`${met ? "met    " : "MISSED "} peak RSS < ${megabytes(TARGET_RSS_BYTES)}`);
    if (!met) process.exitCode = 1;
  } finally {
    server.kill("SIGTERM");
    await exited;
    await runtime.close();
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
