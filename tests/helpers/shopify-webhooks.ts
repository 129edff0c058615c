import { randomUUID } from "node:crypto";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import type { ShopifyWebhookTopic } from "~/platforms/shopify/map-webhook";
import { receiveShopifyWebhook } from "~/platforms/shopify/webhook-intake.server";
import { TEST_API_SECRET } from "./test-runtime";

export interface WebhookRequestOptions {
  topic: string;
  shop: string;
  body: string;
  eventId?: string;
  webhookId?: string;
  triggeredAt?: string;
  secret?: string;
  /** Overrides the signature (to send a wrong one). */
  hmac?: string;
}

/** A webhook request exactly as Shopify sends it: headers and HMAC over the raw body. */
export function shopifyWebhookRequest(options: WebhookRequestOptions): Request {
  return new Request(`https://crm.example.test/webhooks/${options.topic}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": options.topic,
      "x-shopify-shop-domain": options.shop,
      "x-shopify-api-version": SHOPIFY_API_VERSION,
      "x-shopify-webhook-id": options.webhookId ?? randomUUID(),
      "x-shopify-event-id": options.eventId ?? randomUUID(),
      "x-shopify-triggered-at": options.triggeredAt ?? new Date().toISOString(),
      "x-shopify-hmac-sha256": options.hmac ?? getHmac(options.body, options.secret ?? TEST_API_SECRET),
    },
    body: options.body,
  });
}

/** The app's endpoint for one topic, taking a Fetch request (as the HTTP server's route does). */
export function webhookEndpoint(topic: ShopifyWebhookTopic) {
  return ({ request }: { request: Request }) => receiveShopifyWebhook(request, topic);
}
