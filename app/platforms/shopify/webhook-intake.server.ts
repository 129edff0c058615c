import type { IncomingMessage, ServerResponse } from "node:http";
import { getRuntime } from "~/runtime.server";
import { getShopify } from "~/shopify.server";
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

interface WebhookAnswer {
  status: number;
  body: string;
}

async function acceptWebhook(incoming: IncomingWebhook, expectedTopic: ShopifyWebhookTopic): Promise<WebhookAnswer> {
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
    // 401 bad HMAC, 400 missing headers, 405 not a POST
    if (error instanceof Response) return { status: error.status, body: await error.text() };
    if (error instanceof SyntaxError) return { status: 400, body: "Malformed JSON body" };
    throw error;
  }
  const topic = headers["x-shopify-topic"]?.toLowerCase();
  if (topic !== expectedTopic) {
    return { status: 400, body: `This endpoint receives ${expectedTopic}, not ${topic}` };
  }
  const eventId = "eventId" in webhook ? (webhook.eventId ?? null) : null;
  const { deliveries, queue } = getRuntime();
  const deliveryId = await deliveries.record({
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
  return { status: 200, body: "" };
}

/** One delivery as a Fetch request (tests, and any host that speaks Fetch). */
export async function receiveShopifyWebhook(request: Request, topic: ShopifyWebhookTopic): Promise<Response> {
  const rawBody = await request.text();
  const answer = await acceptWebhook({ url: request.url, method: request.method, headers: request.headers, rawBody }, topic);
  return new Response(answer.body || null, { status: answer.status });
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

const TOPIC_BY_PATH = new Map(SHOPIFY_WEBHOOK_TOPICS.map((topic) => [webhookPath(topic), topic]));

/** The paths the HTTP server routes to the intake: one per subscribed topic. */
export const WEBHOOK_PATHS: readonly string[] = [...TOPIC_BY_PATH.keys()];

/**
 * Takes the request when it is a POST to a topic's path (true), else leaves it to the rest of the
 * app (false). Webhooks are routed ahead of Express and Remix: the request pipeline of a page
 * framework costs more than everything else an acknowledgement does.
 */
export function handleShopifyWebhook(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method !== "POST" || !request.url) return false;
  const query = request.url.indexOf("?");
  const topic = TOPIC_BY_PATH.get(query === -1 ? request.url : request.url.slice(0, query));
  if (!topic) return false;
  const url = `http://${request.headers.host ?? "localhost"}${request.url}`;
  readBody(request)
    .then((rawBody) => acceptWebhook({ url, method: "POST", headers: nodeHeaders(request), rawBody }, topic))
    .then(
      (answer) => response.writeHead(answer.status).end(answer.body),
      (error: unknown) => {
        if (error instanceof BodyTooLargeError) {
          response.writeHead(413).end();
          return;
        }
        // Shopify retries a delivery that was not acknowledged: nothing is lost.
        console.error(`[webhooks] ${topic} not accepted: ${error instanceof Error ? error.message : String(error)}`);
        if (!response.headersSent) response.writeHead(500);
        response.end();
      },
    );
  return true;
}
