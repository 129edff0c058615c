import { describe, expect, test } from "vitest";
import type { IncomingDelivery } from "~/webhooks/delivery-log.server";
import { createWebhookIntake, MAX_WEBHOOK_BODY_BYTES, type WebhookIntakeAdapter } from "~/webhooks/intake.server";

// The generic intake knows no platform: it routes by path to an adapter, asks it for a verdict,
// and stores what is accepted. Here with a made-up platform whose "signature" is a header.

const adapter: WebhookIntakeAdapter = {
  platform: "WOOCOMMERCE",
  endpoints: [
    { path: "/hooks/order.created", topic: "order.created" },
    { path: "/hooks/order.updated", topic: "order.updated" },
  ],
  verify(request, topic) {
    if (request.headers["x-test-signed"] !== "yes") return { accepted: false, status: 401, reason: "unsigned" };
    return {
      accepted: true,
      delivery: {
        shopDomain: "shop.example",
        topic,
        dedupeKey: request.headers["x-test-id"] ?? "none",
        webhookId: request.headers["x-test-id"] ?? null,
        eventId: null,
        triggeredAt: null,
        apiVersion: null,
        headers: { "x-test-id": request.headers["x-test-id"] ?? "" },
      },
    };
  },
};

function intakeRecording() {
  const recorded: IncomingDelivery[] = [];
  let stored = 0;
  const intake = createWebhookIntake({
    adapters: [adapter],
    recorder: {
      // A repeat of a stored key is not stored again.
      record: async (delivery) => {
        if (recorded.some((earlier) => earlier.dedupeKey === delivery.dedupeKey)) return null;
        recorded.push(delivery);
        return `id-${recorded.length}`;
      },
    },
    onStored: () => stored++,
  });
  return { intake, recorded, stored: () => stored };
}

const post = (path: string, body: BodyInit, headers: Record<string, string> = { "x-test-signed": "yes", "x-test-id": "1" }) =>
  new Request(`https://crm.example.test${path}`, { method: "POST", headers, body });

describe("the webhook intake", () => {
  test("stores an accepted delivery under its adapter's platform and the endpoint's topic, and says so once", async () => {
    const { intake, recorded, stored } = intakeRecording();
    expect((await intake.receive(post("/hooks/order.updated", '{"id":1}'))).status).toBe(200);
    expect((await intake.receive(post("/hooks/order.updated", '{"id":1}'))).status).toBe(200);
    expect(recorded).toEqual([
      expect.objectContaining({ platform: "WOOCOMMERCE", topic: "order.updated", dedupeKey: "1", rawBody: '{"id":1}' }),
    ]);
    expect(stored()).toBe(1);
  });

  test("answers a refusal with the adapter's status and reason, and stores nothing", async () => {
    const { intake, recorded } = intakeRecording();
    const response = await intake.receive(post("/hooks/order.created", "{}", {}));
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("unsigned");
    expect(recorded).toEqual([]);
  });

  test("stores any body the adapter accepts, JSON or not, as the text it was", async () => {
    const { intake, recorded } = intakeRecording();
    expect((await intake.receive(post("/hooks/order.created", "not json {"))).status).toBe(200);
    expect(recorded[0]?.rawBody).toBe("not json {");
  });

  test("refuses with 400 a body that PostgreSQL text cannot hold as received: not UTF-8, or NUL", async () => {
    const { intake, recorded } = intakeRecording();
    expect((await intake.receive(post("/hooks/order.created", Uint8Array.of(0x7b, 0xc3, 0x7d)))).status).toBe(400);
    expect((await intake.receive(post("/hooks/order.created", Uint8Array.of(0x7b, 0x00, 0x7d)))).status).toBe(400);
    expect(recorded).toEqual([]);
  });

  test("refuses with 413 a body over the bound", async () => {
    const { intake, recorded } = intakeRecording();
    expect((await intake.receive(post("/hooks/order.created", "x".repeat(MAX_WEBHOOK_BODY_BYTES + 1)))).status).toBe(413);
    expect((await intake.receive(post("/hooks/order.created", "x".repeat(MAX_WEBHOOK_BODY_BYTES)))).status).toBe(200);
    expect(recorded).toHaveLength(1);
  });

  test("has no route but its adapters' endpoints", async () => {
    const { intake } = intakeRecording();
    expect((await intake.receive(post("/hooks/order.deleted", "{}"))).status).toBe(404);
  });

  test("refuses two adapters claiming one path", () => {
    expect(() =>
      createWebhookIntake({ adapters: [adapter, adapter], recorder: { record: async () => null }, onStored: () => {} }),
    ).toThrow(/Two webhook endpoints at \/hooks\/order.created/);
  });
});
