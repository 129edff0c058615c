import { createHmac, webcrypto } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import { shopifyApp } from "@shopify/shopify-app-remix/server";
import { MemorySessionStorage } from "@shopify/shopify-app-session-storage-memory";
import { shopifyAppSettings } from "~/platforms/shopify/app-settings";
import { verifyShopifyWebhook, type ShopifyWebhookRequest } from "~/platforms/shopify/webhook-hmac";
import { BENCH_SECRET, BENCH_SHOP, demoOrderBodies, signedOrderHeaders } from "./lib/demo-webhooks";

// npm run bench:verify — the CPU one webhook verification costs on one thread, on the demo shop's
// orders/create deliveries: the app's own check (webhook-hmac.ts: HMAC by node:crypto over the
// bytes, headers read directly), beside Shopify's `authenticate.webhook` as the app called it
// until it verified directly (shop installed, its offline session in memory) and the parts of that
// work done alone: the HMAC through WebCrypto as the library does it (key imported for every
// call), the same HMAC through node:crypto, and parsing the body. The figures are medians of
// rounds over the same deliveries.

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 2000);
const ROUNDS = 5;

const utf8 = new TextEncoder();

const signed = (body: Uint8Array<ArrayBuffer>): ShopifyWebhookRequest & { body: Uint8Array<ArrayBuffer> } => ({
  method: "POST",
  headers: signedOrderHeaders(body),
  body,
});

/** A delivery as the app handed it to `authenticate.webhook`: a Fetch request of the body's bytes. */
const libraryRequest = (delivery: ShopifyWebhookRequest & { body: Uint8Array<ArrayBuffer> }) =>
  new Request("http://127.0.0.1/webhooks/orders/create", { method: "POST", headers: delivery.headers, body: delivery.body });

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
  const bodyBytes = demoOrderBodies(DELIVERIES);
  const bodies = bodyBytes.map((body) => Buffer.from(body).toString("utf8"));
  const sessionStorage = new MemorySessionStorage();
  await sessionStorage.storeSession(
    new Session({ id: `offline_${BENCH_SHOP}`, shop: BENCH_SHOP, state: "", isOnline: false, accessToken: "shpat_bench", scope: "read_orders" }),
  );
  const shopify = shopifyApp({
    ...shopifyAppSettings({ apiKey: "bench", apiSecret: BENCH_SECRET, appUrl: "https://bench.example", scopes: ["read_orders"], previousApiSecret: null }),
    sessionStorage,
  });
  const averageBytes = bodyBytes.reduce((sum, body) => sum + body.length, 0) / bodyBytes.length;
  console.log(`${bodies.length} orders/create deliveries of the demo shop, ${(averageBytes / 1024).toFixed(1)} KB on average; CPU per delivery, one thread:`);

  // Signed ahead, a set per round (each with ids of its own), outside the measured time.
  const deliveries = Array.from({ length: ROUNDS }, () => bodyBytes.map(signed));
  const figures: Array<[string, number]> = [];
  const secrets = { apiSecret: BENCH_SECRET, previousApiSecret: null };
  figures.push([
    "the app's check (webhook-hmac.ts)",
    await cpuPerItem(bodies.length, async (round) => {
      for (const delivery of deliveries[round]!) {
        const verdict = verifyShopifyWebhook(delivery, secrets);
        if (!verdict.accepted) throw new Error(`delivery refused: ${verdict.reason}`);
      }
    }),
  ]);
  figures.push([
    "Shopify's authenticate.webhook (request built from the bytes)",
    await cpuPerItem(bodies.length, async (round) => {
      for (const delivery of deliveries[round]!) await shopify.authenticate.webhook(libraryRequest(delivery));
    }),
  ]);
  figures.push([
    "  of which could be: HMAC by WebCrypto, key imported each time",
    await cpuPerItem(bodies.length, async () => {
      for (const body of bodies) {
        const key = await webcrypto.subtle.importKey("raw", utf8.encode(BENCH_SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
        await webcrypto.subtle.sign("HMAC", key, utf8.encode(body));
      }
    }),
  ]);
  figures.push([
    "  the same HMAC by node:crypto",
    await cpuPerItem(bodies.length, async () => {
      for (const body of bodies) createHmac("sha256", BENCH_SECRET).update(body).digest("base64");
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
