import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { handleShopifyWebhook } from "~/platforms/shopify/webhook-intake.server";
import type { Runtime } from "~/runtime.server";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { shopifyWebhookRequest, type WebhookRequestOptions } from "../helpers/shopify-webhooks";
import { startTestRuntime } from "../helpers/test-runtime";

// The webhook routes as the HTTP server takes them, over a real socket: what reaches the
// store must be the bytes Shopify signed, whatever the body holds.

const SHOP = "alpine-outfitters.myshopify.com";

let runtime: Runtime;
let server: Server;
let baseUrl: string;

/** Sends the request the test helpers sign, over HTTP to the mounted route of `path`. */
async function post(path: string, options: Partial<WebhookRequestOptions> & { topic: string; body: string }) {
  const signed = shopifyWebhookRequest({ shop: SHOP, ...options });
  return fetch(`${baseUrl}${path}`, { method: "POST", headers: signed.headers, body: options.body });
}

// Verified on the accepting thread, and on a verification thread as in production.
describe.each([
  { verification: "inline", threads: "0" },
  { verification: "on a verification thread", threads: "1" },
])("webhook routes over HTTP, verification $verification", ({ threads }) => {
  beforeAll(async () => {
    runtime = await startTestRuntime({ env: { CRM_WEBHOOK_VERIFY_THREADS: threads } });
    // What is not a webhook goes on to the rest of the app; here, a 404 stands in for it.
    server = createServer((request, response) => {
      if (!handleShopifyWebhook(request, response)) response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await runtime.close();
  });
  beforeEach(async () => {
    await runtime.db.job.deleteMany();
    await runtime.db.webhookDelivery.deleteMany();
  });

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

  test("a body over 10 MB is refused with 413 before it is verified or stored", async () => {
    const body = JSON.stringify({ id: 1, note: "x".repeat(10 * 1024 * 1024) });
    const response = await post("/webhooks/orders/create", { topic: "orders/create", body });
    expect(response.status).toBe(413);
    expect(await runtime.db.webhookDelivery.count()).toBe(0);
  });

  test("only subscribed topics have a route", async () => {
    const body = shopifyFixture("orders/create");
    const response = await post("/webhooks/orders/delete", { topic: "orders/delete", body });
    expect(response.status).toBe(404);
  });
});
