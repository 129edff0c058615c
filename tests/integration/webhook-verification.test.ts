import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import type { Runtime } from "~/runtime.server";
import { shopifyFixture } from "../helpers/fixtures";
import { shopifyWebhookRequest, type WebhookRequestOptions } from "../helpers/shopify-webhooks";
import { startTestRuntime, TEST_API_SECRET } from "../helpers/test-runtime";

// The direct check of Shopify's signature (app/platforms/shopify/webhook-hmac.ts) through the
// intake, as deliveries reach it: what it accepts is stored with what it read from the headers,
// what it refuses is answered as Shopify's own library answers and not stored. The property test
// (tests/unit/platforms/shopify/webhook-hmac.test.ts) holds the check to the library.

const SHOP = "alpine-outfitters.myshopify.com";
const PREVIOUS_SECRET = "the-secret-before-the-change";

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime({ env: { SHOPIFY_API_SECRET_PREVIOUS: PREVIOUS_SECRET } });
});
afterAll(async () => {
  await runtime.close();
});

/** A signed orders/create delivery to its endpoint, some headers dropped or replaced. */
function delivery(
  options: Partial<WebhookRequestOptions> = {},
  change: { drop?: string[]; set?: Record<string, string>; method?: string } = {},
): Request {
  const signed = shopifyWebhookRequest({ shop: SHOP, topic: "orders/create", body: shopifyFixture("orders/create"), ...options });
  const headers = new Headers(signed.headers);
  for (const name of change.drop ?? []) headers.delete(name);
  for (const [name, value] of Object.entries(change.set ?? {})) headers.set(name, value);
  const method = change.method ?? "POST";
  return new Request("https://crm.example.test/webhooks/orders/create", {
    method,
    headers,
    body: method === "GET" || method === "HEAD" ? null : signed.body,
    ...(method === "GET" || method === "HEAD" ? {} : { duplex: "half" }),
  } as RequestInit);
}

async function stored() {
  const deliveries = await runtime.db.webhookDelivery.findMany();
  await runtime.db.job.deleteMany();
  await runtime.db.webhookDelivery.deleteMany();
  return deliveries;
}

describe("Shopify's signature checked directly, through the intake", () => {
  test("accepts a signed delivery and stores its shop, topic, ids, time and API version", async () => {
    const response = await runtime.intake.receive(
      delivery({ webhookId: "wh-1", eventId: "evt-1", triggeredAt: "2026-12-01T08:15:00.000Z" }),
    );
    expect(response.status).toBe(200);
    const [row, ...others] = await stored();
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      platform: "SHOPIFY",
      shopDomain: SHOP,
      topic: "orders/create",
      dedupeKey: "evt-1",
      webhookId: "wh-1",
      eventId: "evt-1",
      triggeredAt: new Date("2026-12-01T08:15:00.000Z"),
      apiVersion: SHOPIFY_API_VERSION,
      rawBody: shopifyFixture("orders/create"),
    });
  });

  test("without an event id, the delivery's own id is its dedupe key", async () => {
    expect((await runtime.intake.receive(delivery({ webhookId: "wh-2" }, { drop: ["x-shopify-event-id"] }))).status).toBe(200);
    expect(await stored()).toMatchObject([{ dedupeKey: "wh-2", eventId: null }]);
  });

  test("answers as Shopify's library: 405 not a POST, 401 a bad signature, 400 no body or a header missing", async () => {
    const cases: Array<[Request, number]> = [
      [delivery({}, { method: "PUT" }), 405],
      [delivery({ hmac: "Zm9yZ2Vk" }), 401],
      [delivery({ secret: "another-apps-secret" }), 401],
      [delivery({ body: "" }), 400],
      [delivery({}, { drop: ["x-shopify-hmac-sha256"] }), 400],
      [delivery({}, { set: { "x-shopify-hmac-sha256": "" } }), 400],
      ...["x-shopify-topic", "x-shopify-shop-domain", "x-shopify-api-version", "x-shopify-webhook-id"].map(
        (name): [Request, number] => [delivery({}, { drop: [name] }), 400],
      ),
      // The signature is checked before the headers, as the library does.
      [delivery({ hmac: "Zm9yZ2Vk" }, { drop: ["x-shopify-topic"] }), 401],
    ];
    for (const [request, status] of cases) expect((await runtime.intake.receive(request)).status).toBe(status);
    expect(await stored()).toEqual([]);
  });

  test("a signed body that is not JSON is accepted: it is parked when processed, not refused at the door", async () => {
    expect((await runtime.intake.receive(delivery({ body: '{"id": 820982911946154500, "email": ' }))).status).toBe(200);
    expect(await stored()).toMatchObject([{ rawBody: '{"id": 820982911946154500, "email": ' }]);
  });

  test("during a change of the secret, deliveries signed with the previous one are accepted too", async () => {
    expect((await runtime.intake.receive(delivery({ secret: PREVIOUS_SECRET }))).status).toBe(200);
    expect((await runtime.intake.receive(delivery({ secret: TEST_API_SECRET }))).status).toBe(200);
    expect(await stored()).toHaveLength(2);
    const body = shopifyFixture("orders/create");
    // The signature of the previous secret over other bytes is no signature.
    const elsewhere = createHmac("sha256", PREVIOUS_SECRET).update(`${body} `).digest("base64");
    expect((await runtime.intake.receive(delivery({ body, hmac: elsewhere }))).status).toBe(401);
  });

  test("without a previous secret configured, only the current one signs", async () => {
    const alone = await startTestRuntime();
    try {
      expect((await alone.intake.receive(delivery({ secret: PREVIOUS_SECRET }))).status).toBe(401);
      expect((await alone.intake.receive(delivery())).status).toBe(200);
    } finally {
      await alone.close();
    }
  });

  test("headers the check does not read, and their absence, change nothing", async () => {
    const plain = delivery({}, { drop: ["content-type", "x-shopify-event-id", "x-shopify-triggered-at"] });
    const extra = delivery({}, { set: { "x-shopify-test": "true", "x-shopify-sub-topic": "none", "x-forwarded-for": "10.0.0.1" } });
    expect((await runtime.intake.receive(plain)).status).toBe(200);
    expect((await runtime.intake.receive(extra)).status).toBe(200);
    const rows = await stored();
    expect(rows).toHaveLength(2);
    // Shopify's headers are kept with the delivery, others are not.
    expect(rows.map((row) => row.headers)).toContainEqual(expect.objectContaining({ "x-shopify-test": "true" }));
    expect(rows.every((row) => !("x-forwarded-for" in (row.headers as object)))).toBe(true);
  });

  test("verdicts of many deliveries in flight at once each reach their own sender", async () => {
    const requests = Array.from({ length: 40 }, (_, i) =>
      delivery({ body: JSON.stringify({ id: i }), eventId: `evt-${i}`, ...(i % 5 === 0 ? { hmac: "Zm9yZ2Vk" } : {}) }),
    );
    const answers = await Promise.all(requests.map((request) => runtime.intake.receive(request)));
    answers.forEach((answer, i) => expect(answer.status).toBe(i % 5 === 0 ? 401 : 200));
    const keys = (await stored()).map((row) => row.dedupeKey).sort();
    expect(keys).toEqual(Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 5 !== 0).map((i) => `evt-${i}`).sort());
  });
});
