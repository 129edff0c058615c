import type { IncomingMessage } from "node:http";
import express, { type Router } from "express";
import { getRuntime } from "~/runtime.server";
import { getShopify } from "~/shopify.server";
import { recordDelivery } from "~/webhooks/delivery-log.server";
import { SHOPIFY_WEBHOOK_TOPICS, type ShopifyWebhookTopic } from "./map-webhook";

// The front door for Shopify webhooks: verify the HMAC over the raw body, store the delivery with
// its processing job, answer. All work on the payload happens in the queue, so Shopify gets its
// answer in milliseconds and a failure in processing never loses the delivery.

// Shopify retries anything slower than 5 s; the largest payloads (orders with hundreds of lines)
// stay far below this.
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The URL path Shopify posts a topic to, as subscribed in shopify.app.toml. */
export const webhookPath = (topic: ShopifyWebhookTopic) => `/webhooks/${topic}`;

const isKeptHeader = (name: string) => name.startsWith("x-shopify-") || name === "content-type";

function parseTimestamp(value: string | undefined | null): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

interface IncomingWebhook {
  url: string;
  method: string;
  /** Header names in lower case. */
  headers: Iterable<[string, string]>;
  rawBody: string;
}

async function acceptWebhook(incoming: IncomingWebhook, expectedTopic: ShopifyWebhookTopic): Promise<Response> {
  // Shopify's check looks each header up by scanning all of them, so it is handed only the
  // headers it and the delivery log read: the cost per webhook falls by a third.
  const headers: Record<string, string> = {};
  for (const [name, value] of incoming.headers) if (isKeptHeader(name)) headers[name] = value;
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  const request = new Request(incoming.url, {
    method: incoming.method,
    headers,
    body: hasBody ? incoming.rawBody : undefined,
  });
  let webhook: Awaited<ReturnType<ReturnType<typeof getShopify>["authenticate"]["webhook"]>>;
  try {
    webhook = await getShopify().authenticate.webhook(request);
  } catch (error) {
    if (error instanceof Response) return error; // 401 bad HMAC, 400 missing headers, 405
    if (error instanceof SyntaxError) return new Response("Malformed JSON body", { status: 400 });
    throw error;
  }
  const topic = headers["x-shopify-topic"]?.toLowerCase();
  if (topic !== expectedTopic) {
    return new Response(`This endpoint receives ${expectedTopic}, not ${topic}`, { status: 400 });
  }
  const eventId = "eventId" in webhook ? (webhook.eventId ?? null) : null;
  const { sql, queue } = getRuntime();
  const deliveryId = await recordDelivery(sql, {
    platform: "SHOPIFY",
    shopDomain: webhook.shop,
    topic,
    dedupeKey: eventId ?? webhook.webhookId,
    webhookId: webhook.webhookId,
    eventId,
    triggeredAt: parseTimestamp(webhook.triggeredAt),
    apiVersion: webhook.apiVersion,
    headers,
    rawBody: incoming.rawBody,
  });
  if (deliveryId) queue.wake();
  return new Response(null, { status: 200 });
}

/** One delivery as a Fetch request (tests, and any host that speaks Fetch). */
export async function receiveShopifyWebhook(request: Request, topic: ShopifyWebhookTopic): Promise<Response> {
  const rawBody = await request.text();
  return acceptWebhook({ url: request.url, method: request.method, headers: request.headers, rawBody }, topic);
}

function* nodeHeaders(request: IncomingMessage): Iterable<[string, string]> {
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === "string") yield [name, value];
  }
}

class BodyTooLargeError extends Error {}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * One route per subscribed topic, mounted ahead of Remix: webhooks skip the page framework's
 * request pipeline, which would cost more than everything else an acknowledgement does.
 */
export function shopifyWebhookRouter(): Router {
  const router = express.Router();
  for (const topic of SHOPIFY_WEBHOOK_TOPICS) {
    router.post(webhookPath(topic), (request, response, next) => {
      const url = `${request.protocol}://${request.get("host") ?? "localhost"}${request.originalUrl}`;
      readBody(request)
        .then((rawBody) => acceptWebhook({ url, method: request.method, headers: nodeHeaders(request), rawBody }, topic))
        .then(async (answer) => {
          response.statusCode = answer.status;
          response.end(await answer.text());
        })
        .catch((error: unknown) => {
          if (error instanceof BodyTooLargeError) response.status(413).end();
          else next(error);
        });
    });
  }
  return router;
}
