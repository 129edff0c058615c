import { createHmac, randomUUID, webcrypto } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import { shopifyApp } from "@shopify/shopify-app-remix/server";
import { MemorySessionStorage } from "@shopify/shopify-app-session-storage-memory";
import { streamDemoHistory } from "~/demo/history";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import { shopifyAppSettings } from "~/platforms/shopify/app-settings";
import { verifyWebhook, type IncomingWebhook } from "~/platforms/shopify/webhook-verification";

// npm run bench:verify — the CPU one webhook verification costs on one thread: the app's call of
// Shopify's `authenticate.webhook` on the demo shop's orders/create deliveries (shop installed,
// its offline session in memory), next to the parts of that work done directly: the HMAC through
// WebCrypto as Shopify's library does it (key imported for every call), the same HMAC through
// node:crypto, and parsing the body. The figures are medians of rounds over the same deliveries.

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 2000);
const ROUNDS = 5;
const SECRET = "bench-secret";
const SHOP = "alpenroester-demo.myshopify.com";

const utf8 = new TextEncoder();

function orderBodies(count: number): string[] {
  const bodies: string[] = [];
  const deliveries = streamDemoHistory({ customers: Math.ceil(count / 3), orders: count }).deliveries();
  for (let next = deliveries.next(); !next.done && bodies.length < count; next = deliveries.next()) {
    if (next.value.topic === "orders/create") bodies.push(next.value.body);
  }
  return bodies;
}

function signed(body: string): IncomingWebhook {
  return {
    url: "http://127.0.0.1/webhooks/orders/create",
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
    body: utf8.encode(body),
  };
}

/** Median CPU microseconds per item of `work` over the rounds. */
async function cpuPerItem(count: number, work: (round: number) => Promise<void>): Promise<number> {
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const before = process.cpuUsage();
    await work(round);
    const used = process.cpuUsage(before);
    rounds.push((used.user + used.system) / count);
  }
  return rounds.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
}

async function main() {
  const bodies = orderBodies(DELIVERIES);
  const sessionStorage = new MemorySessionStorage();
  await sessionStorage.storeSession(
    new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, accessToken: "shpat_bench", scope: "read_orders" }),
  );
  const shopify = shopifyApp({
    ...shopifyAppSettings({ apiKey: "bench", apiSecret: SECRET, appUrl: "https://bench.example", scopes: ["read_orders"] }),
    sessionStorage,
  });
  const averageBytes = bodies.reduce((sum, body) => sum + utf8.encode(body).length, 0) / bodies.length;
  console.log(`${bodies.length} orders/create deliveries of the demo shop, ${(averageBytes / 1024).toFixed(1)} KB on average; CPU per delivery, one thread:`);

  // Signed ahead, a set per round: the check takes each delivery's bytes.
  const deliveries = Array.from({ length: ROUNDS }, () => bodies.map(signed));
  const figures: Array<[string, number]> = [];
  figures.push([
    "authenticate.webhook (as the intake calls it)",
    await cpuPerItem(bodies.length, async (round) => {
      for (const delivery of deliveries[round]!) {
        const verdict = await verifyWebhook(shopify.authenticate.webhook, delivery);
        if (!verdict.accepted) throw new Error(`delivery refused: ${verdict.reason}`);
      }
    }),
  ]);
  figures.push([
    "  of which could be: HMAC by WebCrypto, key imported each time",
    await cpuPerItem(bodies.length, async () => {
      for (const body of bodies) {
        const key = await webcrypto.subtle.importKey("raw", utf8.encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
        await webcrypto.subtle.sign("HMAC", key, utf8.encode(body));
      }
    }),
  ]);
  figures.push([
    "  the same HMAC by node:crypto",
    await cpuPerItem(bodies.length, async () => {
      for (const body of bodies) createHmac("sha256", SECRET).update(body).digest("base64");
    }),
  ]);
  figures.push([
    "  JSON.parse of the body",
    await cpuPerItem(bodies.length, async () => {
      for (const body of bodies) JSON.parse(body);
    }),
  ]);
  for (const [name, micros] of figures) console.log(`${name.padEnd(64)} ${micros.toFixed(0).padStart(5)} µs`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
