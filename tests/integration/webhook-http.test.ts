import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Runtime } from "~/runtime.server";
import { MAX_WEBHOOK_BODY_BYTES } from "~/webhooks/intake.server";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { shopifyWebhookRequest, type WebhookRequestOptions } from "../helpers/shopify-webhooks";
import { startTestRuntime } from "../helpers/test-runtime";

// The webhook routes as the HTTP server takes them, over a real socket: what reaches the
// store must be the bytes Shopify signed, whatever the body holds.

const SHOP = "alpine-outfitters.myshopify.com";

let runtime: Runtime;
let server: Server;
let port: number;
let baseUrl: string;

/** Sends the request the test helpers sign, over HTTP to the mounted route of `path`. */
async function post(path: string, options: Partial<WebhookRequestOptions> & { topic: string; body: string }) {
  const signed = shopifyWebhookRequest({ shop: SHOP, ...options });
  return fetch(`${baseUrl}${path}`, { method: "POST", headers: signed.headers, body: options.body });
}

/** Signed headers of `body` as HTTP/1.1 header lines (without the blank line that ends them). */
function headerLines(body: string, extra: string[]): string {
  const signed = shopifyWebhookRequest({ shop: SHOP, topic: "orders/create", body });
  const lines = [`POST /webhooks/orders/create HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...extra];
  for (const [name, value] of signed.headers) lines.push(`${name}: ${value}`);
  return lines.join("\r\n");
}

/** Everything the server sends on `socket` until it closes the connection. */
function answerOf(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let answer = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (answer += chunk));
    // A reset after the answer (the client was still sending) ends it as well.
    socket.on("error", () => resolve(answer));
    socket.on("close", () => resolve(answer));
  });
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  // What is not a webhook goes on to the rest of the app; here, a 404 stands in for it.
  server = createServer((request, response) => {
    if (!runtime.intake.handle(request, response)) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await runtime.close();
});
beforeEach(async () => {
  await runtime.db.job.deleteMany();
  await runtime.db.webhookDelivery.deleteMany();
});

describe("webhook routes over HTTP", () => {
  test("stores the signed bytes exactly, non-ASCII text and 64-bit ids included, and queues one job", async () => {
    const body = replaceAll(shopifyFixture("orders/create"), '"note": null', '"note": "Grüße aus Zürich – bitte 🎁"');
    const response = await post("/webhooks/orders/create", { topic: "orders/create", body, eventId: "evt-http" });
    expect(response.status).toBe(200);
    const stored = await runtime.db.webhookDelivery.findFirstOrThrow();
    expect(stored.rawBody).toBe(body);
    expect(stored.headers).toMatchObject({ "x-shopify-topic": "orders/create", "x-shopify-event-id": "evt-http" });
    expect(await runtime.db.job.count()).toBe(1);

    const again = await post("/webhooks/orders/create", { topic: "orders/create", body, eventId: "evt-http" });
    expect(again.status).toBe(200);
    expect(await runtime.db.webhookDelivery.count()).toBe(1);
  });

  test("a bad signature gets 401 and a body posted to the wrong topic's route 400; neither is stored", async () => {
    const body = shopifyFixture("customers/create");
    const forged = await post("/webhooks/customers/create", { topic: "customers/create", body, hmac: "Zm9yZ2Vk" });
    expect(forged.status).toBe(401);
    const misrouted = await post("/webhooks/orders/paid", { topic: "customers/create", body });
    expect(misrouted.status).toBe(400);
    expect(await runtime.db.webhookDelivery.count()).toBe(0);
    expect(await runtime.db.job.count()).toBe(0);
  });

  test.each(["evil.example.com", "../../x.myshopify.com", "x.myshopify.com.evil.example", "admin.shopify.com/store/x"])(
    "a signed delivery naming the shop %s gets 400 and is not stored",
    async (shop) => {
      const body = shopifyFixture("orders/create");
      const response = await post("/webhooks/orders/create", { topic: "orders/create", body, shop });
      expect(response.status).toBe(400);
      expect(await runtime.db.webhookDelivery.count()).toBe(0);
    },
  );

  test("a signed body that PostgreSQL text cannot hold as signed (not UTF-8, or NUL) gets 400", async () => {
    for (const bytes of [Uint8Array.of(0x7b, 0xff, 0x7d), Uint8Array.of(0x7b, 0x00, 0x7d)]) {
      const body = Buffer.from(bytes);
      const signed = shopifyWebhookRequest({ shop: SHOP, topic: "orders/create", body: "" });
      const headers = new Headers(signed.headers);
      headers.set("x-shopify-hmac-sha256", createHmac("sha256", runtime.config.shopify.apiSecret).update(body).digest("base64"));
      const response = await fetch(`${baseUrl}/webhooks/orders/create`, { method: "POST", headers, body });
      expect(response.status).toBe(400);
    }
    expect(await runtime.db.webhookDelivery.count()).toBe(0);
  });

  test("a Content-Length over 5 MB is answered 413 at once, without the body being sent, and the connection closed", async () => {
    const socket = connect(port, "127.0.0.1");
    const answer = answerOf(socket);
    // Only the head: were the server to wait for the body, no answer would come.
    socket.write(`${headerLines("{}", [`Content-Length: ${MAX_WEBHOOK_BODY_BYTES + 1}`])}\r\n\r\n`);
    const text = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toMatch(/\r\nconnection: close\r\n/i);
    expect(await runtime.db.webhookDelivery.count()).toBe(0);
  });

  test("a chunked body that grows past 5 MB is answered 413, reading stops and the connection is closed", async () => {
    const socket = connect(port, "127.0.0.1");
    const answer = answerOf(socket);
    let answered = false;
    void answer.then(() => (answered = true));
    socket.write(`${headerLines("{}", ["Transfer-Encoding: chunked"])}\r\n\r\n`);
    const chunk = "x".repeat(64 * 1024);
    let sent = 0;
    // Sends until the server has answered (and closed), at most twice the bound.
    while (!answered && !socket.destroyed && sent < 2 * MAX_WEBHOOK_BODY_BYTES) {
      const flushed = socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      sent += chunk.length;
      if (!flushed) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const text = await answer;
    // The server answers 413 and closes while the client is still sending: the client's TCP stack
    // may then drop the unread answer when the reset arrives (as fetch may, in the next test). The
    // connection is closed either way, and nothing is stored.
    if (text !== "") {
      expect(text).toMatch(/^HTTP\/1\.1 413 /);
      expect(text).toMatch(/\r\nconnection: close\r\n/i);
    }
    expect(socket.destroyed || answered).toBe(true);
    expect(sent).toBeGreaterThan(MAX_WEBHOOK_BODY_BYTES);
    expect(sent).toBeLessThan(2 * MAX_WEBHOOK_BODY_BYTES);
    expect(await runtime.db.webhookDelivery.count()).toBe(0);
  });

  test("after a 413 the server goes on answering deliveries", async () => {
    const body = JSON.stringify({ id: 1, note: "x".repeat(MAX_WEBHOOK_BODY_BYTES) });
    const refused = await post("/webhooks/orders/create", { topic: "orders/create", body }).catch((error: unknown) => error);
    // fetch may see the answer, or the connection closed under its upload; either way nothing is stored.
    if (refused instanceof Response) expect(refused.status).toBe(413);
    const accepted = await post("/webhooks/orders/create", { topic: "orders/create", body: shopifyFixture("orders/create") });
    expect(accepted.status).toBe(200);
    expect(await runtime.db.webhookDelivery.count()).toBe(1);
  });

  test("only subscribed topics have a route, and only POST is taken", async () => {
    const body = shopifyFixture("orders/create");
    const response = await post("/webhooks/orders/delete", { topic: "orders/delete", body });
    expect(response.status).toBe(404);
    expect((await fetch(`${baseUrl}/webhooks/orders/create`)).status).toBe(404);
  });
});
