import { createHmac, webcrypto } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import { shopifyApp } from "@shopify/shopify-app-remix/server";
import { MemorySessionStorage } from "@shopify/shopify-app-session-storage-memory";
import { shopifyAppSettings } from "~/platforms/shopify/app-settings";
import { verifyWebhook, type IncomingWebhook } from "~/platforms/shopify/webhook-verification";
import { BENCH_SECRET, BENCH_SHOP, demoOrderBodies, signedOrderHeaders } from "./lib/demo-webhooks";

// npm run bench:verify — the CPU one webhook verification costs on one thread: the app's call of
// Shopify's `authenticate.webhook` on the demo shop's orders/create deliveries (shop installed,
// its offline session in memory), next to the parts of that work done directly: the HMAC through
// WebCrypto as Shopify's library does it (key imported for every call), the same HMAC through
// node:crypto, and parsing the body. The figures are medians of rounds over the same deliveries.

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 2000);
const ROUNDS = 5;

const utf8 = new TextEncoder();

const signed = (body: Uint8Array<ArrayBuffer>): IncomingWebhook => ({
  url: "http://127.0.0.1/webhooks/orders/create",
  method: "POST",
  headers: signedOrderHeaders(body),
  body,
});

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
    ...shopifyAppSettings({ apiKey: "bench", apiSecret: BENCH_SECRET, appUrl: "https://bench.example", scopes: ["read_orders"] }),
    sessionStorage,
  });
  const averageBytes = bodyBytes.reduce((sum, body) => sum + body.length, 0) / bodyBytes.length;
  console.log(`${bodies.length} orders/create deliveries of the demo shop, ${(averageBytes / 1024).toFixed(1)} KB on average; CPU per delivery, one thread:`);

  // Signed ahead, a set per round (each with ids of its own), outside the measured time.
  const deliveries = Array.from({ length: ROUNDS }, () => bodyBytes.map(signed));
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
