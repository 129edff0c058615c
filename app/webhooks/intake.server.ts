import { isUtf8 } from "node:buffer";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PlatformName } from "~/core/platform";
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
}

const TOO_LARGE: Answer = { status: 413, body: `Bodies over ${MAX_WEBHOOK_BODY_BYTES} bytes are refused` };

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
 * iterator costs more per request. Past the bound, reading stops and the promise fails.
 */
function readBody(request: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
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
  response.writeHead(answer.status, { Connection: "close", "Content-Type": "text/plain; charset=utf-8" });
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
}): WebhookIntake {
  const routes = routesOf(options.adapters);

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
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > MAX_WEBHOOK_BODY_BYTES) {
      // Answered before a byte of the body is read.
      refuseAndClose(request, response, TOO_LARGE);
      return true;
    }
    readBody(request)
      .then((body) => accept(route, { method: "POST", headers: nodeHeaders(request), body }))
      .then(
        (answer) => response.writeHead(answer.status).end(answer.body),
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
    const body = new Uint8Array(await request.arrayBuffer());
    if (body.length > MAX_WEBHOOK_BODY_BYTES) return new Response(TOO_LARGE.body, { status: TOO_LARGE.status });
    const answer = await accept(route, { method: request.method, headers: Object.fromEntries(request.headers), body });
    return new Response(answer.body || null, { status: answer.status });
  }

  return { handle, receive };
}
