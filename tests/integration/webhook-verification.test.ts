import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { setUpValidSession } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CachedSessionStorage } from "~/db/cached-session-storage";
import { EncryptedSessionStorage } from "~/db/encrypted-session-storage.server";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import { VerificationThreadError, VerificationThreads } from "~/platforms/shopify/verification-threads.server";
import { inlineVerifier, type IncomingWebhook, type WebhookVerifier } from "~/platforms/shopify/webhook-verification";
import type { Runtime } from "~/runtime.server";
import { getShopify } from "~/shopify.server";
import { shopifyFixture } from "../helpers/fixtures";
import { shopifyWebhookRequest, type WebhookRequestOptions } from "../helpers/shopify-webhooks";
import { startTestRuntime } from "../helpers/test-runtime";

// Shopify's webhook check, run on the accepting thread and on verification threads: both must
// give the same verdicts, and a thread must reach the app's session storage.

const SHOP = "alpine-outfitters.myshopify.com";

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

/** A delivery as the intake hands it on: Shopify's headers, the raw body. */
function incoming(options: Partial<WebhookRequestOptions> & { body: string }, drop: string[] = []): IncomingWebhook {
  const request = shopifyWebhookRequest({ shop: SHOP, topic: "orders/create", ...options });
  const headers = Object.fromEntries([...request.headers].filter(([name]) => !drop.includes(name)));
  return { url: request.url, method: "POST", headers, body: new TextEncoder().encode(options.body) };
}

/** The app's session storage, counting the loads that reach it. */
function countingStorage(): { storage: SessionStorage; loads: string[] } {
  const storage = new EncryptedSessionStorage(() => runtime);
  const loads: string[] = [];
  const load = storage.loadSession.bind(storage);
  storage.loadSession = (id) => {
    loads.push(id);
    return load(id);
  };
  return { storage, loads };
}

describe.each([
  { name: "inline", start: (): WebhookVerifier => inlineVerifier(() => getShopify().authenticate.webhook) },
  {
    name: "on two verification threads",
    start: (): WebhookVerifier => new VerificationThreads(2, runtime.config.shopify, countingStorage().storage),
  },
])("webhook verification $name", ({ start }) => {
  let verifier: WebhookVerifier;
  beforeAll(() => {
    verifier = start();
  });
  afterAll(async () => {
    await verifier.close();
  });

  test("accepts a signed delivery and names its shop, topic, ids, time and API version", async () => {
    const body = shopifyFixture("orders/create");
    const verdict = await verifier.verify(
      incoming({ body, webhookId: "wh-1", eventId: "evt-1", triggeredAt: "2026-12-01T08:15:00.000Z" }),
    );
    expect(verdict).toEqual({
      accepted: true,
      webhook: {
        shop: SHOP,
        topic: "orders/create",
        webhookId: "wh-1",
        eventId: "evt-1",
        triggeredAt: "2026-12-01T08:15:00.000Z",
        apiVersion: SHOPIFY_API_VERSION,
      },
    });
  });

  test("refuses a wrong signature (401), a missing Shopify header (400) and a signed body that is not JSON (400)", async () => {
    const body = shopifyFixture("orders/create");
    expect(await verifier.verify(incoming({ body, hmac: "Zm9yZ2Vk" }))).toMatchObject({ accepted: false, status: 401 });
    expect(await verifier.verify(incoming({ body }, ["x-shopify-webhook-id"]))).toMatchObject({
      accepted: false,
      status: 400,
    });
    expect(await verifier.verify(incoming({ body: '{"id": 820982911946154500, "email": ' }))).toEqual({
      accepted: false,
      status: 400,
      reason: "Malformed JSON body",
    });
  });

  test("headers the check does not read, and their absence, change nothing", async () => {
    const body = shopifyFixture("orders/create");
    const plain = incoming({ body }, ["content-type"]);
    const extra = incoming({ body });
    extra.headers = { ...extra.headers, "x-shopify-test": "true", "x-shopify-sub-topic": "none" };
    expect(await verifier.verify(plain)).toMatchObject({ accepted: true, webhook: { topic: "orders/create" } });
    expect(await verifier.verify(extra)).toMatchObject({ accepted: true, webhook: { topic: "orders/create" } });
    const forged = incoming({ body, hmac: "Zm9yZ2Vk" });
    forged.headers = { ...forged.headers, "x-shopify-test": "true" };
    expect(await verifier.verify(forged)).toMatchObject({ accepted: false, status: 401 });
  });

  test("verdicts of many deliveries in flight at once each reach their own sender", async () => {
    const deliveries = Array.from({ length: 40 }, (_, i) =>
      incoming({ body: JSON.stringify({ id: i }), eventId: `evt-${i}`, ...(i % 5 === 0 ? { hmac: "Zm9yZ2Vk" } : {}) }),
    );
    const verdicts = await Promise.all(deliveries.map((delivery) => verifier.verify(delivery)));
    verdicts.forEach((verdict, i) => {
      if (i % 5 === 0) expect(verdict).toMatchObject({ accepted: false, status: 401 });
      else expect(verdict).toMatchObject({ accepted: true, webhook: { eventId: `evt-${i}` } });
    });
  });
});

describe("verification threads", () => {
  test("load the shop's offline session through the main thread's storage and remember it", async () => {
    const { storage, loads } = countingStorage();
    await new CachedSessionStorage(storage).storeSession(
      setUpValidSession({ shop: SHOP, isOnline: false, expires: undefined, accessToken: "shpat_threads" }),
    );
    const threads = new VerificationThreads(1, runtime.config.shopify, storage);
    try {
      await threads.ready();
      const body = shopifyFixture("orders/create");
      for (let i = 0; i < 3; i++) {
        expect(await threads.verify(incoming({ body }))).toMatchObject({ accepted: true });
      }
      expect(loads).toEqual([`offline_${SHOP}`]);
    } finally {
      await threads.close();
    }
  });

  test("that cannot start make the start fail, and deliveries sent to them fail instead of waiting", async () => {
    // Shopify's library refuses to configure an app without an API key.
    const threads = new VerificationThreads(1, { ...runtime.config.shopify, apiKey: "" }, countingStorage().storage);
    try {
      await expect(threads.ready()).rejects.toThrow(/apiKey/i);
      await expect(threads.verify(incoming({ body: "{}" }))).rejects.toThrow(/apiKey/i);
    } finally {
      await threads.close();
    }
  });

  test("once closed, refuse to verify", async () => {
    const threads = new VerificationThreads(1, runtime.config.shopify, countingStorage().storage);
    await threads.close();
    await expect(threads.verify(incoming({ body: "{}" }))).rejects.toBeInstanceOf(VerificationThreadError);
  });
});
