import { createHmac, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { streamDemoHistory } from "~/demo/history";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";

// The webhook benchmarks' deliveries: the demo shop's orders/create bodies, signed as Shopify
// signs them.

export const BENCH_SECRET = "bench-secret";
export const BENCH_SHOP = "alpenroester-demo.myshopify.com";

const utf8 = new TextEncoder();

/**
 * `count` orders/create bodies of a demo history as bytes (ending before `anchor`'s day when
 * given, as the demo shop's does). The generator is dropped once they are made: its plan of the
 * whole history (~75 MB of objects) would otherwise stay on the heap.
 */
export function demoOrderBodies(count: number, options: { anchor?: Date } = {}): Uint8Array<ArrayBuffer>[] {
  const bodies: Uint8Array<ArrayBuffer>[] = [];
  const deliveries = streamDemoHistory({ customers: Math.ceil(count / 3), orders: count, ...options }).deliveries();
  // next() rather than for-of: breaking out of a for-of would close the generator.
  for (let next = deliveries.next(); !next.done && bodies.length < count; next = deliveries.next()) {
    if (next.value.topic === "orders/create") bodies.push(utf8.encode(next.value.body));
  }
  return bodies;
}

/** The headers Shopify sends with an orders/create delivery of `body`, ids fresh for each call. */
export function signedOrderHeaders(body: Uint8Array): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-shopify-topic": "orders/create",
    "x-shopify-shop-domain": BENCH_SHOP,
    "x-shopify-api-version": SHOPIFY_API_VERSION,
    "x-shopify-webhook-id": randomUUID(),
    "x-shopify-event-id": randomUUID(),
    "x-shopify-triggered-at": new Date().toISOString(),
    "x-shopify-hmac-sha256": createHmac("sha256", BENCH_SECRET).update(body).digest("base64"),
  };
}

/**
 * Posts the bodies to `url` as signed orders/create deliveries, `concurrency` at a time, in order;
 * each answer's latency in ms is pushed to `latencies`. Throws on an answer other than 200.
 */
export async function postOrders(url: string, bodies: readonly Uint8Array<ArrayBuffer>[], concurrency: number, latencies: number[] = []): Promise<void> {
  let next = 0;
  const client = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const sentAt = performance.now();
      const response = await fetch(url, { method: "POST", headers: signedOrderHeaders(body), body });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      latencies.push(performance.now() - sentAt);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
}
