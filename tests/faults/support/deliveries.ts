import { createHmac, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { loadConfig } from "~/config/env.server";
import { openDatabase } from "~/db/database.server";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import { createRuntime } from "~/runtime.server";
import { BENCH_SHOP, demoOrderBodies } from "../../../scripts/lib/demo-webhooks";
import { installShopifyShop } from "../../helpers/shopify-install";
import { FAULT_API_SECRET, FAULT_ENCRYPTION_KEY } from "./app-process";

// Signed deliveries as Shopify sends them, sent in bursts over real HTTP, and the store's view of
// what became of them.

export const FAULT_SHOP = BENCH_SHOP;
export { demoOrderBodies };

export interface Sent {
  eventId: string;
  topic: string;
  /** The HTTP status, or "error" when the connection failed (server gone). */
  status: number | "error";
  sentAt: number;
  answeredAt: number;
}

export const acknowledged = (sent: Sent) => typeof sent.status === "number" && sent.status >= 200 && sent.status < 300;

/** Headers of a delivery of `body` for `topic`, signed with the fault tests' app secret. */
export function signedHeaders(topic: string, body: Uint8Array | string, eventId: string, shop = FAULT_SHOP): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-shopify-topic": topic,
    "x-shopify-shop-domain": shop,
    "x-shopify-api-version": SHOPIFY_API_VERSION,
    "x-shopify-webhook-id": randomUUID(),
    "x-shopify-event-id": eventId,
    "x-shopify-triggered-at": new Date().toISOString(),
    "x-shopify-hmac-sha256": createHmac("sha256", FAULT_API_SECRET).update(body).digest("base64"),
  };
}

/** Sends one signed delivery; a failed connection is an answer too ("error"), never a throw. */
export async function sendDelivery(baseUrl: string, topic: string, body: Uint8Array | string, shop = FAULT_SHOP): Promise<Sent> {
  const eventId = randomUUID();
  const sentAt = performance.now();
  let status: number | "error";
  try {
    const response = await fetch(`${baseUrl}/webhooks/${topic}`, {
      method: "POST",
      headers: signedHeaders(topic, body, eventId, shop),
      body: typeof body === "string" ? body : new Uint8Array(body),
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    status = response.status;
  } catch {
    status = "error";
  }
  return { eventId, topic, status, sentAt, answeredAt: performance.now() };
}

/**
 * Sends orders/create deliveries of `bodies`, `concurrency` at a time, calling `onAnswer` after
 * each; keeps going through failures (a killed server answers "error" to the rest).
 */
export async function sendBurst(
  baseUrl: string,
  bodies: Uint8Array[],
  options: { concurrency: number; onAnswer?: (sent: Sent, all: Sent[]) => void; pauseMs?: () => number },
): Promise<Sent[]> {
  const results: Sent[] = [];
  let next = 0;
  const client = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const sent = await sendDelivery(baseUrl, "orders/create", body);
      results.push(sent);
      options.onAnswer?.(sent, results);
      const pause = options.pauseMs?.() ?? 0;
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return results;
}

/** Installs the fault tests' shop (its row with a sealed token, the offline session) as an install does. */
export async function installFaultShop(databaseUrl: string, encryptionKey = FAULT_ENCRYPTION_KEY): Promise<void> {
  const config = loadConfig({
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "faults",
    SHOPIFY_API_SECRET: FAULT_API_SECRET,
    SHOPIFY_APP_URL: "https://faults.example",
    CRM_ENCRYPTION_KEY: encryptionKey,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: "2",
  });
  const runtime = createRuntime(config, await openDatabase(config.database));
  try {
    await installShopifyShop(runtime, { shop: FAULT_SHOP, accessToken: "shpat_faults", scopes: config.shopify.scopes.join(",") });
  } finally {
    await runtime.close();
  }
}

export interface Outcome {
  /** Acknowledged deliveries stored and PROCESSED. */
  processed: number;
  /** Acknowledged deliveries not in the store at all: lost. */
  missing: number;
  /** Order deliveries in the store (acknowledged or not) by status. */
  byStatus: Record<string, number>;
  orders: number;
}

/** What became of the acknowledged deliveries, read straight from the store. */
export async function outcomeOf(pool: pg.Pool, acked: Sent[]): Promise<Outcome> {
  const eventIds = acked.map((sent) => sent.eventId);
  const { rows } = await pool.query<{ processed: string; stored: string }>(
    `SELECT count(*) FILTER (WHERE status = 'PROCESSED') AS processed, count(*) AS stored
       FROM "WebhookDelivery" WHERE "eventId" = ANY($1::text[])`,
    [eventIds],
  );
  const statuses = await pool.query<{ status: string; n: string }>(
    `SELECT status::text, count(*) AS n FROM "WebhookDelivery" WHERE topic = 'orders/create' GROUP BY status`,
  );
  const orders = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "Order"`);
  return {
    processed: Number(rows[0]!.processed),
    missing: eventIds.length - Number(rows[0]!.stored),
    byStatus: Object.fromEntries(statuses.rows.map((row) => [row.status, Number(row.n)])),
    orders: Number(orders.rows[0]!.n),
  };
}

/** Polls until every acknowledged delivery is PROCESSED or `timeoutMs` passes; returns the last outcome and the seconds taken. */
export async function waitForProcessed(
  pool: pg.Pool,
  acked: Sent[],
  timeoutMs: number,
): Promise<{ outcome: Outcome; seconds: number; complete: boolean }> {
  const started = performance.now();
  for (;;) {
    let outcome: Outcome | null = null;
    try {
      outcome = await outcomeOf(pool, acked);
    } catch {
      // The database may still be coming back (scenario 2): ask again.
    }
    const seconds = (performance.now() - started) / 1000;
    if (outcome && outcome.processed === acked.length) return { outcome, seconds, complete: true };
    if (seconds * 1000 > timeoutMs) {
      return { outcome: outcome ?? (await outcomeOf(pool, acked)), seconds, complete: false };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function newPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 2 });
  // A restarted server ends idle connections; the pool replaces them, the test need not crash.
  pool.on("error", () => undefined);
  return pool;
}

/** Polls until no stored order delivery is waiting (RECEIVED or FAILED) or `timeoutMs` passes; returns the last outcome. */
export async function waitForSettled(pool: pg.Pool, acked: Sent[], timeoutMs: number): Promise<Outcome> {
  const started = performance.now();
  for (;;) {
    const outcome = await outcomeOf(pool, acked);
    const waiting = (outcome.byStatus.RECEIVED ?? 0) + (outcome.byStatus.FAILED ?? 0);
    if (waiting === 0 || performance.now() - started > timeoutMs) return outcome;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
