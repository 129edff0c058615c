import { createHmac, randomUUID } from "node:crypto";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import type { Runtime } from "~/runtime.server";
import { streamDemoHistory, type DemoDelivery } from "./history";

// Feeds the demo shop's generated history through the app's real webhook endpoints, signed the way
// Shopify signs, so the demo exercises exactly the path a real shop's data takes. Deliveries are
// deduplicated by event id, so a restart simply sends everything again and only what is missing
// is stored.

const IN_FLIGHT = 16;

export function signShopifyBody(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

async function post(baseUrl: string, shopDomain: string, secret: string, delivery: DemoDelivery) {
  const response = await fetch(`${baseUrl}/webhooks/${delivery.topic}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": delivery.topic,
      "x-shopify-shop-domain": shopDomain,
      "x-shopify-api-version": SHOPIFY_API_VERSION,
      "x-shopify-webhook-id": randomUUID(),
      "x-shopify-event-id": delivery.eventId,
      "x-shopify-triggered-at": delivery.triggeredAt,
      "x-shopify-hmac-sha256": signShopifyBody(delivery.body, secret),
    },
    body: delivery.body,
  });
  if (response.status !== 200) {
    throw new Error(`Demo delivery ${delivery.topic} ${delivery.eventId} answered ${response.status}: ${await response.text()}`);
  }
}

export async function loadDemoShop(runtime: Runtime, baseUrl: string, log: (line: string) => void): Promise<void> {
  const { db, config, queue } = runtime;
  const history = streamDemoHistory(config.demoSize);
  const { domain, name, currency } = history.shop;
  await db.shop.upsert({
    where: { platform_domain: { platform: "SHOPIFY", domain } },
    create: { platform: "SHOPIFY", domain, name, currency, isDemo: true },
    update: { isDemo: true },
  });
  const stored = await db.webhookDelivery.count({ where: { shopDomain: domain } });
  if (stored < history.deliveryCount) {
    log(`Sending the demo shop's history: ${history.deliveryCount} signed webhooks to ${baseUrl}/webhooks/…`);
    const started = Date.now();
    const deliveries = history.deliveries();
    let sent = 0;
    let nextReport = 0.1;
    const sender = async () => {
      for (let next = deliveries.next(); !next.done; next = deliveries.next()) {
        await post(baseUrl, domain, config.shopify.apiSecret, next.value);
        sent += 1;
        if (sent / history.deliveryCount >= nextReport) {
          log(`  ${Math.round(nextReport * 100)} % sent (${sent}, ${Math.round(sent / ((Date.now() - started) / 1000))}/s)`);
          nextReport += 0.1;
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
  }
  if (!config.worker.inProcess) {
    log("Deliveries stored; the workers (npm run worker) process them.");
    return;
  }
  log("Processing the deliveries into the CRM store…");
  queue.wake();
  await queue.whenIdle();
  const [customers, orders, products] = await Promise.all([
    db.customer.count({ where: { shop: { domain } } }),
    db.order.count({ where: { shop: { domain } } }),
    db.product.count({ where: { shop: { domain } } }),
  ]);
  log(`Demo shop ${name}: ${customers} customers, ${orders} orders, ${products} products.`);
}
