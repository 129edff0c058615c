import { createHmac, randomUUID } from "node:crypto";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import type { DemoDelivery } from "./history";

// A webhook of the demo shop, sent to the app's own endpoint signed exactly as Shopify signs: the
// history's deliveries and the demo storefront's orders take the path a real shop's data takes.

function signShopifyBody(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

/** Posts one delivery to the app's webhook endpoint, signed as Shopify signs (the demo storefront's orders too). */
export async function postDemoDelivery(baseUrl: string, shopDomain: string, secret: string, delivery: DemoDelivery) {
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
