import { randomUUID } from "node:crypto";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { expect } from "vitest";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import type { ShopifyWebhookTopic } from "~/platforms/shopify/map-webhook";
import { shopifyFixture } from "./fixtures";
import { TEST_API_SECRET, testRuntime } from "./test-runtime";

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
  /** The endpoint's topic when it is not `topic` (to send a delivery to the wrong endpoint). */
  endpoint?: string;
}

/** A webhook request exactly as Shopify sends it: headers and HMAC over the raw body. */
export function shopifyWebhookRequest(options: WebhookRequestOptions): Request {
  return new Request(`https://crm.example.test/webhooks/${options.endpoint ?? options.topic}`, {
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

/** The shop the tests' deliveries come from unless they name another. */
export const TEST_SHOP = "alpine-outfitters.myshopify.com";

/**
 * Sends a signed delivery to the app's endpoint for `endpoint` (as the HTTP server's route does)
 * and returns the answer. Topic, body and shop default to the endpoint's, its fixture and
 * TEST_SHOP; a different `topic` sends a delivery to the wrong endpoint.
 */
export function sendWebhook(endpoint: ShopifyWebhookTopic, options: Partial<WebhookRequestOptions> = {}): Promise<Response> {
  const topic = options.topic ?? endpoint;
  const request = shopifyWebhookRequest({ shop: TEST_SHOP, body: shopifyFixture(topic), ...options, topic, endpoint });
  return testRuntime().intake.receive(request);
}

/** sendWebhook, expecting the delivery to be accepted. */
export async function deliverWebhook(endpoint: ShopifyWebhookTopic, options: Partial<WebhookRequestOptions> = {}): Promise<void> {
  expect((await sendWebhook(endpoint, options)).status).toBe(200);
}
