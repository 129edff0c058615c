import type { ActionFunctionArgs } from "@remix-run/node";
import { getRuntime } from "~/runtime.server";
import { getShopify } from "~/shopify.server";
import { recordDelivery } from "~/webhooks/delivery-log.server";
import type { ShopifyWebhookTopic } from "./map-webhook";

// The front door for Shopify webhooks: verify the HMAC over the raw body, store the delivery with
// its processing job, answer. All work on the payload happens in the queue, so Shopify gets its
// answer in milliseconds and a failure in processing never loses the delivery.

function shopifyHeaders(request: Request): Record<string, string> {
  const kept: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (name.startsWith("x-shopify-") || name === "content-type") kept[name] = value;
  });
  return kept;
}

function parseTimestamp(value: string | undefined | null): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export async function receiveShopifyWebhook(
  request: Request,
  expectedTopic: ShopifyWebhookTopic,
): Promise<Response> {
  const rawBody = await request.clone().text();
  let webhook: Awaited<ReturnType<ReturnType<typeof getShopify>["authenticate"]["webhook"]>>;
  try {
    webhook = await getShopify().authenticate.webhook(request);
  } catch (error) {
    if (error instanceof Response) return error; // 401 bad HMAC, 400 missing headers, 405
    if (error instanceof SyntaxError) return new Response("Malformed JSON body", { status: 400 });
    throw error;
  }
  const topic = request.headers.get("x-shopify-topic")?.toLowerCase();
  if (topic !== expectedTopic) {
    return new Response(`This endpoint receives ${expectedTopic}, not ${topic}`, { status: 400 });
  }
  const eventId = "eventId" in webhook ? (webhook.eventId ?? null) : null;
  const { db, queue } = getRuntime();
  const deliveryId = await recordDelivery(db, {
    platform: "SHOPIFY",
    shopDomain: webhook.shop,
    topic,
    dedupeKey: eventId ?? webhook.webhookId,
    webhookId: webhook.webhookId,
    eventId,
    triggeredAt: parseTimestamp(webhook.triggeredAt),
    apiVersion: webhook.apiVersion,
    headers: shopifyHeaders(request),
    rawBody,
  });
  if (deliveryId) queue.wake();
  return new Response(null, { status: 200 });
}

export function shopifyWebhookAction(topic: ShopifyWebhookTopic) {
  return ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, topic);
}
