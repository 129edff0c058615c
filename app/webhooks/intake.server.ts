import { isUtf8 } from "node:buffer";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PlatformName } from "~/core/platform";
import { BodyBudget } from "./body-budget";
import type { IncomingDelivery } from "./delivery-log.server";
import type { DeliveryRecorder } from "./delivery-recorder.server";

// The front door for webhooks of any platform: read the body (bounded), have the platform's
// adapter verify it, store the delivery with its processing job, answer. Nothing here parses the
// payload: all work on it happens in the queue, so the platform gets its answer in milliseconds
// and a payload that cannot be processed is parked there with its error instead of being lost.

/**
 * Larger bodies are refused with 413. Shopify's largest payloads (orders with hundreds of lines)
 * stay far below it; a sender that goes beyond is not a platform delivering a record.
 */
export const MAX_WEBHOOK_BODY_BYTES = 5 * 1024 * 1024;

/**
 * Bytes of bodies the intake holds at once, from reading to the answer. Each byte in flight costs
 * about four in memory at its peak: the body as read, its text, and the driver's parameter and
 * message buffers (deliveries written together go out in one message). 16 MB lets three bodies
 * at the size limit through at a time (~64 MB) and never binds on usual traffic (16 deliveries
 * in flight of ~9 KB are 150 KB); the other large ones wait, unread, at the cost of a socket.
 */
const BODY_BUDGET_BYTES = 16 * 1024 * 1024;

/**
 * How long a delivery waits for room before it is refused with 503. Shopify waits 5 s for an
 * answer and counts a later one as a failure; after 2 s of waiting, reading and storing a body
 * at the limit still fits. Under a flood of large bodies the refused ones are sent again later
 * (Shopify resends what is not acknowledged), instead of all of them timing out in a queue.
 */
const BODY_WAIT_MS = 2_000;

/** The answer to a delivery refused for want of room, in seconds. */
const RETRY_AFTER_SECONDS = 5;

/** A delivery as received: header names in lower case, the raw body. */
export interface IntakeRequest {
  method: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** What an adapter tells of a verified delivery: all that is stored besides its platform and body. */
export type VerifiedDelivery = Omit<IncomingDelivery, "platform" | "rawBody">;

export type IntakeVerdict =
  | { accepted: true; delivery: VerifiedDelivery }
  | { accepted: false; status: number; reason: string };

/** One platform's side of the intake: its endpoints and its check of a delivery's signature. */
export interface WebhookIntakeAdapter {
  platform: PlatformName;
  /** One per subscribed topic. */
  endpoints: ReadonlyArray<{ path: string; topic: string }>;
  /** Synchronous: a check that waits for nothing costs nothing to schedule. */
  verify(request: IntakeRequest, topic: string): IntakeVerdict;
}

export interface WebhookIntake {
  /**
   * Takes the request when it is a POST to an endpoint's path (true), else leaves it to the rest
   * of the app (false). Webhooks are routed ahead of Express and Remix: the request pipeline of a
   * page framework costs more than everything else an acknowledgement does.
   */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** One delivery as a Fetch request (tests, and any host that speaks Fetch). */
  receive(request: Request): Promise<Response>;
}

interface Route {
  adapter: WebhookIntakeAdapter;
  topic: string;
}

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** Given before the body was read: the connection cannot carry another request. */
  unread?: true;
}

const TOO_LARGE: Answer = { status: 413, body: `Bodies over ${MAX_WEBHOOK_BODY_BYTES} bytes are refused`, unread: true };
const BUSY: Answer = {
  status: 503,
  unread: true,
  body: "Too many large deliveries at once: send it again later",
  headers: { "Retry-After": String(RETRY_AFTER_SECONDS) },
};

/** What a body will hold, as declared: a body sent without its length (chunked) may reach the limit. */
function reservedBytes(contentLength: string | null | undefined): number {
  return contentLength == null ? MAX_WEBHOOK_BODY_BYTES : Number(contentLength);
}

function routesOf(adapters: readonly WebhookIntakeAdapter[]): Map<string, Route> {
  const routes = new Map<string, Route>();
  for (const adapter of adapters) {
    for (const { path, topic } of adapter.endpoints) {
      if (routes.has(path)) throw new Error(`Two webhook endpoints at ${path}`);
      routes.set(path, { adapter, topic });
    }
  }
  return routes;
}

const pathOf = (url: string) => {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
};

/**
 * The body as text, or null when it cannot be stored as it was signed: bodies are kept as
 * PostgreSQL text, which holds neither bytes that are not UTF-8 nor NUL. No platform sends such a
 * body; decoding it anyway would store something other than what was signed.
 */
function storableText(body: Uint8Array): string | null {
  if (!isUtf8(body) || body.includes(0)) return null;
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
}

class BodyTooLargeError extends Error {}

/**
 * Reads the body up to the bound. Read with listeners rather than `for await`: the async
 * iterator costs more per request. Past the bound, reading stops and the promise fails; so it
 * does when the sender went away (perhaps while the delivery waited for room), which would
 * otherwise leave its share of the budget held for good.
 */
function readBody(request: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    if (request.destroyed) {
      reject(new Error("The connection closed before the body was read"));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_WEBHOOK_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      request.off("data", onData);
      request.pause();
      chunks.length = 0;
      reject(new BodyTooLargeError());
    };
    request.on("data", onData);
    request.on("error", reject);
    request.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    // After "end" this changes nothing: the promise is settled.
    request.on("close", () => reject(new Error("The connection closed before the body was read")));
  });
}

function nodeHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    // Only set-cookie comes as a list, and no platform signs with it.
    if (typeof value === "string") headers[name] = value;
  }
  return headers;
}

/** How long a sender that was refused may keep its side of the connection open. */
const CLOSE_GRACE_MS = 5_000;

/**
 * Answers and closes the connection: the rest of the body is not read, so the connection cannot
 * carry another request. The answer is written first, then our side is ended (the sender reads
 * the answer, sees the end and stops); a sender that goes on regardless is cut off after a grace.
 */
function refuseAndClose(request: IncomingMessage, response: ServerResponse, answer: Answer): void {
  const { socket } = request;
  response.shouldKeepAlive = false;
  response.writeHead(answer.status, { ...answer.headers, Connection: "close", "Content-Type": "text/plain; charset=utf-8" });
  response.end(answer.body, () => {
    socket.end();
    setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  });
}

export function createWebhookIntake(options: {
  adapters: readonly WebhookIntakeAdapter[];
  recorder: Pick<DeliveryRecorder, "record">;
  /** Called when a new delivery was stored (not a repeat): its job waits in the queue. */
  onStored: () => void;
  /** Bytes of bodies held at once, and how long a delivery waits for room (tests make them small). */
  bodyBudget?: { bytes: number; maxWaitMs: number };
}): WebhookIntake {
  const routes = routesOf(options.adapters);
  const { bytes = BODY_BUDGET_BYTES, maxWaitMs = BODY_WAIT_MS } = options.bodyBudget ?? {};
  const budget = new BodyBudget(bytes);

  async function accept(route: Route, request: IntakeRequest): Promise<Answer> {
    const verdict = route.adapter.verify(request, route.topic);
    if (!verdict.accepted) return { status: verdict.status, body: verdict.reason };
    const rawBody = storableText(request.body);
    if (rawBody === null) return { status: 400, body: "The body is not UTF-8 text without NUL" };
    const id = await options.recorder.record({ platform: route.adapter.platform, ...verdict.delivery, rawBody });
    if (id) options.onStored();
    return { status: 200, body: "" };
  }

  function handle(request: IncomingMessage, response: ServerResponse): boolean {
    if (request.method !== "POST" || !request.url) return false;
    const route = routes.get(pathOf(request.url));
    if (!route) return false;
    const reserved = reservedBytes(request.headers["content-length"]);
    if (reserved > MAX_WEBHOOK_BODY_BYTES) {
      // Answered before a byte of the body is read.
      refuseAndClose(request, response, TOO_LARGE);
      return true;
    }
    // Room is taken before a byte is read: a waiting body stays in the sender's socket.
    budget
      .acquire(reserved, maxWaitMs)
      .then(async (release) => {
        if (!release) return BUSY;
        try {
          const body = await readBody(request);
          return await accept(route, { method: "POST", headers: nodeHeaders(request), body });
        } finally {
          release();
        }
      })
      .then(
        (answer) => {
          if (answer.unread) refuseAndClose(request, response, answer);
          else response.writeHead(answer.status).end(answer.body);
        },
        (error: unknown) => {
          if (error instanceof BodyTooLargeError) {
            refuseAndClose(request, response, TOO_LARGE);
            return;
          }
          // The platform sends a delivery again that was not acknowledged: nothing is lost.
          console.error(`[webhooks] ${request.url} not accepted: ${error instanceof Error ? error.message : String(error)}`);
          if (!response.headersSent) response.writeHead(500);
          response.end();
        },
      );
    return true;
  }

  async function receive(request: Request): Promise<Response> {
    const route = routes.get(new URL(request.url).pathname);
    if (!route) return new Response(null, { status: 404 });
    const release = await budget.acquire(reservedBytes(request.headers.get("content-length")), maxWaitMs);
    if (!release) return new Response(BUSY.body, { status: BUSY.status, headers: BUSY.headers });
    try {
      const body = new Uint8Array(await request.arrayBuffer());
      if (body.length > MAX_WEBHOOK_BODY_BYTES) return new Response(TOO_LARGE.body, { status: TOO_LARGE.status });
      const answer = await accept(route, { method: request.method, headers: Object.fromEntries(request.headers), body });
      return new Response(answer.body || null, { status: answer.status });
    } finally {
      release();
    }
  }

  return { handle, receive };
}
