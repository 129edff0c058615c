import type { IncomingMessage, ServerResponse } from "node:http";
import { getRuntime, perRuntime } from "~/runtime.server";
import { getShopify } from "~/shopify.server";
import { SHOPIFY_WEBHOOK_TOPICS, type ShopifyWebhookTopic } from "./map-webhook";
import { VerificationThreads } from "./verification-threads.server";
import { inlineVerifier, type IncomingWebhook, type WebhookVerifier } from "./webhook-verification";

// The front door for Shopify webhooks: verify the HMAC over the raw body, store the delivery with
// its processing job, answer. All work on the payload happens in the queue, so Shopify gets its
// answer in milliseconds and a failure in processing never loses the delivery. The check itself
// runs on verification threads (see verification-threads.server.ts) unless configured inline.

// Shopify retries anything slower than 5 s; the largest payloads (orders with hundreds of lines)
// stay far below this.
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The URL path Shopify posts a topic to, as subscribed in shopify.app.toml. */
export const webhookPath = (topic: ShopifyWebhookTopic) => `/webhooks/${topic}`;

const isKeptHeader = (name: string) => name.startsWith("x-shopify-") || name === "content-type";

function parseTimestamp(value: string | null): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const verifierFor = perRuntime((runtime): WebhookVerifier => {
  const threads = runtime.config.webhooks.verifyThreads;
  return threads === 0
    ? inlineVerifier(() => getShopify().authenticate.webhook)
    : new VerificationThreads(threads, runtime.config.shopify, getShopify().sessionStorage!);
});

/**
 * Starts the webhook verification threads of the running runtime and waits until they can take
 * deliveries, so that the first webhooks after a start are not held up by loading Shopify's
 * library. Fails when a thread cannot start.
 */
export async function startWebhookVerification(): Promise<void> {
  const verifier = verifierFor(getRuntime());
  if (verifier instanceof VerificationThreads) await verifier.ready();
}

interface WebhookAnswer {
  status: number;
  body: string;
}

async function acceptWebhook(
  incoming: Omit<IncomingWebhook, "headers"> & { headers: Iterable<[string, string]> },
  expectedTopic: ShopifyWebhookTopic,
): Promise<WebhookAnswer> {
  const headers: Record<string, string> = {};
  for (const [name, value] of incoming.headers) if (isKeptHeader(name)) headers[name] = value;
  // Decoded before verification: the body's buffer may move to a verification thread.
  const rawBody = Buffer.from(incoming.body.buffer, incoming.body.byteOffset, incoming.body.byteLength).toString("utf8");
  const runtime = getRuntime();
  const verdict = await verifierFor(runtime).verify({ ...incoming, headers });
  if (!verdict.accepted) return { status: verdict.status, body: verdict.reason };
  const { webhook } = verdict;
  const topic = webhook.topic.toLowerCase();
  if (topic !== expectedTopic) {
    return { status: 400, body: `This endpoint receives ${expectedTopic}, not ${topic}` };
  }
  const deliveryId = await runtime.deliveries.record({
    platform: "SHOPIFY",
    shopDomain: webhook.shop,
    topic,
    dedupeKey: webhook.eventId ?? webhook.webhookId,
    webhookId: webhook.webhookId,
    eventId: webhook.eventId,
    triggeredAt: parseTimestamp(webhook.triggeredAt),
    apiVersion: webhook.apiVersion,
    headers,
    rawBody,
  });
  if (deliveryId) runtime.queue.wake();
  return { status: 200, body: "" };
}

/** One delivery as a Fetch request (tests, and any host that speaks Fetch). */
export async function receiveShopifyWebhook(request: Request, topic: ShopifyWebhookTopic): Promise<Response> {
  const body = new Uint8Array(await request.arrayBuffer());
  const answer = await acceptWebhook({ url: request.url, method: request.method, headers: request.headers, body }, topic);
  return new Response(answer.body || null, { status: answer.status });
}

function* nodeHeaders(request: IncomingMessage): Iterable<[string, string]> {
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === "string") yield [name, value];
  }
}

class BodyTooLargeError extends Error {}

/**
 * The body in a buffer of its own (never a slice of Node's shared pool), so it can be moved to a
 * thread. Read with listeners rather than `for await`: the async iterator costs more per request.
 */
function readBody(request: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      // Answered at once; the rest is read and dropped, so that the answer reaches the sender.
      refused = true;
      chunks.length = 0;
      reject(new BodyTooLargeError());
    });
    request.on("error", reject);
    request.on("end", () => {
      if (refused) return;
      const body = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.length;
      }
      resolve(body);
    });
  });
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
    .then((body) => acceptWebhook({ url, method: "POST", headers: nodeHeaders(request), body }, topic))
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
