import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createEndpoint } from "~/core/integrations/endpoints.server";
import { recordOutboundEvent } from "~/core/integrations/outbound-events.server";
import { verifySignature } from "~/core/integrations/signature";
import type { OutboundTopic } from "~/core/integrations/topics";
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from "~/core/loyalty/program-settings";
import { redeemReward } from "~/core/loyalty/redemption.server";
import { redactCustomer } from "~/core/privacy/privacy.server";
import { checkStoredSecrets } from "~/db/stored-secrets.server";
import { JobQueue } from "~/jobs/queue.server";
import { SecretBox } from "~/security/secret-box.server";
import { customerGid, smallShopWithFixtureCustomer } from "../fakes/shopify-dataset";
import { creditImportedPoints, setUpLoyaltyTest, startTestProgram, tickProgramClock } from "../helpers/loyalty-program";
import { deliverWebhook } from "../helpers/shopify-webhooks";

// The loyalty program's outbound events reach a merchant's endpoint (a local HTTP receiver here)
// signed, once, retried until answered; and the member's balance and tier reach the platform's
// customer (the fake Admin API) as metafields and a tag.

const DAY = 86_400_000;
const ANA = "207119551123456783";
const ALL_TOPICS: OutboundTopic[] = ["loyalty.points_earned", "loyalty.points_redeemed", "loyalty.points_expiring", "loyalty.tier_changed"];

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let receiver: Server;
let receiverUrl: string;
let received: Received[];
/** The receiver's answer to each request, in turn; 200 once they are used up. */
let answers: number[];

// The orders/create fixture's customer is among the store's, so the write-back has someone to write to.
const t = setUpLoyaltyTest({ startsAt: new Date("2024-05-15T00:00:00Z"), shop: { dataset: smallShopWithFixtureCustomer } });
const { fake, platformActions } = t.shopify;
beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(answers.shift() ?? 200, { "Content-Type": "text/plain" }).end("receiver says hi");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/crm`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  received = [];
  answers = [];
});

/** The program's clock at `at`. */
async function runClock(at: Date) {
  t.clock = at;
  await tickProgramClock(t.runtime, t.queue);
}

async function startProgram(overrides: Partial<ProgramSettings> = {}, topics: OutboundTopic[] = ALL_TOPICS) {
  const shop = await startTestProgram(t.runtime.db, overrides);
  const { endpoint, secret } = await createEndpoint(t.runtime.db, t.runtime.secretBox, shop.id, { url: receiverUrl, topics });
  return { shop, endpoint, secret };
}

const bodies = () => received.map((request) => JSON.parse(request.body) as { id: string; topic: string; occurredAt: string; data: Record<string, unknown> });
const deliveries = () => t.runtime.db.outboundWebhookDelivery.findMany({ orderBy: { createdAt: "asc" } });
const memberOf = (platformId: string) => t.runtime.db.loyaltyMember.findFirstOrThrow({ where: { customer: { platformId } } });

/** The receiver's check as the README gives it, without the app's code. */
function receiverVerifies(secret: string, request: Received): boolean {
  const timestamp = String(request.headers["x-crm-timestamp"]);
  const signature = Buffer.from(String(request.headers["x-crm-signature"]), "hex");
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${timestamp}.${request.body}`).digest();
  return signature.length === expected.length && timingSafeEqual(signature, expected);
}

describe("outbound webhooks", () => {
  test("an order that earns points sends signed points-earned and tier-changed events, ids only", async () => {
    const { secret, endpoint } = await startProgram();
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const member = await memberOf(ANA);
    expect(bodies().map((body) => body.topic).sort()).toEqual(["loyalty.points_earned", "loyalty.tier_changed"]);
    for (const request of received) {
      expect(receiverVerifies(secret, request)).toBe(true);
      expect(
        verifySignature(secret, { timestamp: String(request.headers["x-crm-timestamp"]), signature: String(request.headers["x-crm-signature"]), body: request.body }, new Date()),
      ).toBe(true);
      expect(receiverVerifies("another secret", request)).toBe(false);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.body).not.toMatch(/@|Ana|Alves/);
    }
    const earned = bodies().find((body) => body.topic === "loyalty.points_earned")!;
    const order = await t.runtime.db.order.findFirstOrThrow({ where: { platformId: "450789469123456781" } });
    expect(earned.data).toEqual({
      customer: { id: member.customerId, platformId: ANA },
      points: 266,
      reason: "order",
      order: { id: order.id, platformId: "450789469123456781" },
      entryId: expect.any(String),
      balance: 266,
      available: 0,
      pending: 266,
    });
    expect(received.find((request) => request.headers["x-crm-topic"] === "loyalty.points_earned")!.headers["x-crm-event-id"]).toBe(earned.id);
    expect(bodies().find((body) => body.topic === "loyalty.tier_changed")!.data).toMatchObject({ fromTierId: null, toTierId: "bronze" });
    expect(await deliveries()).toEqual([
      expect.objectContaining({ endpointId: endpoint.id, status: "DELIVERED", attempts: 1, responseStatus: 200, lastError: null }),
      expect.objectContaining({ endpointId: endpoint.id, status: "DELIVERED", attempts: 1, responseStatus: 200, lastError: null }),
    ]);
  });

  test("a tier's entry reward is earned points too, without an order", async () => {
    const levels = DEFAULT_PROGRAM_SETTINGS.tiers.levels.map((level) => (level.id === "bronze" ? { ...level, entryRewardPoints: 50 } : level));
    await startProgram({ tiers: { ...DEFAULT_PROGRAM_SETTINGS.tiers, levels } }, ["loyalty.points_earned"]);
    await deliverWebhook("orders/create");
    await t.queue.drain();
    expect(bodies().map((body) => [body.data.reason, body.data.points, body.data.order === null, body.data.balance])).toEqual(
      expect.arrayContaining([
        ["order", 266, false, 266],
        ["tier_entry", 50, true, 316],
      ]),
    );
    expect(received).toHaveLength(2);
  });

  test("a customer's erasure takes the platform's customer id out of the delivery log", async () => {
    const { shop } = await startProgram({}, ["loyalty.points_earned"]);
    await deliverWebhook("orders/create");
    await t.queue.drain();
    expect(JSON.stringify((await deliveries())[0]!.payload)).toContain(ANA);
    await t.runtime.db.$transaction((tx) => redactCustomer(tx, shop, { customerPlatformId: ANA, email: null, phone: null, orderPlatformIds: [] }));
    const [erased] = await deliveries();
    expect(JSON.stringify(erased!.payload)).not.toContain(ANA);
    expect(erased!.payload).toMatchObject({ data: { customer: { platformId: null }, points: 266 } });
  });

  test("only the topics an endpoint takes reach it", async () => {
    await startProgram({}, ["loyalty.points_redeemed"]);
    await deliverWebhook("orders/create");
    await t.queue.drain();
    expect(received).toEqual([]);
    expect(await deliveries()).toEqual([]);
  });

  test("a 500 answer is retried with the queue's backoff and then delivered; the log keeps the failed attempt", async () => {
    await startProgram({}, ["loyalty.points_earned"]);
    const waiting = new JobQueue(t.runtime.db, { concurrency: 1, retryBaseMs: 3_600_000 }).register(t.runtime.jobHandlers);
    answers = [500];
    await deliverWebhook("orders/create");
    await waiting.drain();
    const [failed] = await deliveries();
    expect(failed).toMatchObject({ status: "FAILED", attempts: 1, responseStatus: 500 });
    expect(failed!.lastError).toContain("HTTP 500: receiver says hi");
    const job = await t.runtime.db.job.findFirstOrThrow({ where: { kind: "integrations.outbound-webhook" } });
    // Later, by the backoff (this queue waits the longest it waits).
    expect(job.runAt.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
    expect(job.maxAttempts).toBeGreaterThan(90);

    await t.runtime.db.job.update({ where: { id: job.id }, data: { runAt: new Date() } });
    await waiting.drain();
    expect(await deliveries()).toEqual([expect.objectContaining({ status: "DELIVERED", attempts: 2, responseStatus: 200, lastError: null })]);
    // The same event, with the same id, both times.
    expect(new Set(received.map((request) => request.headers["x-crm-event-id"])).size).toBe(1);
    expect(received).toHaveLength(2);
  });

  test("a receiver that never answers 2xx leaves the delivery DEAD when the attempts are used up", async () => {
    await startProgram({}, ["loyalty.points_earned"]);
    const waiting = new JobQueue(t.runtime.db, { concurrency: 1, retryBaseMs: 3_600_000 }).register(t.runtime.jobHandlers);
    answers = [503, 404];
    await deliverWebhook("orders/create");
    await waiting.drain();
    // The job is made with a day of attempts; this one gets two.
    await t.runtime.db.job.updateMany({ where: { kind: "integrations.outbound-webhook" }, data: { maxAttempts: 2, runAt: new Date() } });
    await waiting.drain();
    expect(await deliveries()).toEqual([expect.objectContaining({ status: "DEAD", attempts: 2, responseStatus: 404, lastError: "Error: HTTP 404: receiver says hi" })]);
    expect(await t.runtime.db.job.findFirstOrThrow({ where: { kind: "integrations.outbound-webhook" } })).toMatchObject({ status: "DEAD" });
  });

  test("a replayed order, or the same event recorded again, sends nothing twice", async () => {
    const { shop } = await startProgram({}, ["loyalty.points_earned"]);
    await deliverWebhook("orders/create");
    await t.queue.drain();
    await deliverWebhook("orders/create", { eventId: "repeat", webhookId: "repeat" });
    await t.queue.drain();
    const [delivery] = await deliveries();
    const payload = async () => ({ customer: { id: "c", platformId: null }, points: 1, reason: "order" as const, order: null, entryId: "e", balance: 1, available: 1, pending: 0 });
    const again = await t.runtime.db.$transaction((tx) => recordOutboundEvent(tx, shop.id, "loyalty.points_earned", delivery!.eventKey, payload, t.clock));
    await t.queue.drain();
    expect(again).toBe(0);
    expect(received).toHaveLength(1);
    expect(await deliveries()).toHaveLength(1);
  });

  test("a redemption sends points-redeemed with the code and the balance after it", async () => {
    const { shop } = await startProgram({}, ["loyalty.points_redeemed"]);
    const customer = await t.runtime.db.customer.create({ data: { shopId: shop.id, platformId: customerGid(1).split("/").pop()!, email: "kim@example.org" } });
    await creditImportedPoints(t.runtime.db, { shopId: shop.id, customerId: customer.id, points: 800, at: t.clock, sourceKey: "import:kim" });
    const redemption = await redeemReward(t.runtime.db, () => platformActions(), { shopId: shop.id, customerId: customer.id, rewardId: "five-off", requestKey: "r1", locale: "de" }, t.clock);
    await t.queue.drain();
    expect(bodies().map((body) => [body.topic, body.data])).toEqual([
      [
        "loyalty.points_redeemed",
        {
          customer: { id: customer.id, platformId: customerGid(1).split("/").pop() },
          points: redemption.points,
          redemptionId: redemption.id,
          rewardId: "five-off",
          code: redemption.code,
          codeExpiresAt: redemption.expiresAt?.toISOString() ?? null,
          balance: 800 - redemption.points,
          available: 800 - redemption.points,
          pending: 0,
        },
      ],
    ]);
    expect(received[0]!.body).not.toContain("kim@example.org");
  });

  test("expiry notices: a warning and a last chance per lot, each once, and the clock comes back for them", async () => {
    await startProgram({ expiry: { kind: "lot_age", days: 365 }, expiryNotices: { warningDays: 30, lastChanceDays: 7 } }, ["loyalty.points_expiring"]);
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const earned = await t.runtime.db.loyaltyEntry.findFirstOrThrow({ where: { kind: "EARN" } });
    const expiresAt = earned.expiresAt!.getTime();
    await runClock(new Date(earned.availableAt!.getTime() + 1));
    expect((await memberOf(ANA)).nextDueAt).toEqual(new Date(expiresAt - 30 * DAY));
    expect(received).toEqual([]);

    await runClock(new Date(expiresAt - 30 * DAY));
    await runClock(new Date(expiresAt - 29 * DAY));
    expect((await memberOf(ANA)).nextDueAt).toEqual(new Date(expiresAt - 7 * DAY));
    await runClock(new Date(expiresAt - 7 * DAY));
    await runClock(new Date(expiresAt - 7 * DAY + 60_000));
    expect(bodies().map((body) => [body.topic, body.data.notice, body.data.points, body.data.expiresAt, body.data.lotId])).toEqual([
      ["loyalty.points_expiring", "warning", 266, earned.expiresAt!.toISOString(), earned.id],
      ["loyalty.points_expiring", "last_chance", 266, earned.expiresAt!.toISOString(), earned.id],
    ]);
  });

  test("under inactivity expiry, the notices count down to the end of the inactive period, and activity moves it", async () => {
    await startProgram({ expiry: { kind: "inactivity", days: 90 }, expiryNotices: { warningDays: 30, lastChanceDays: 7 } }, ["loyalty.points_expiring"]);
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const earned = await t.runtime.db.loyaltyEntry.findFirstOrThrow({ where: { kind: "EARN" } });
    const deadline = (await memberOf(ANA)).lastActivityAt!.getTime() + 90 * DAY;
    await runClock(new Date(earned.availableAt!.getTime() + 1));
    expect((await memberOf(ANA)).nextDueAt).toEqual(new Date(deadline - 30 * DAY));
    await runClock(new Date(deadline - 30 * DAY));
    await runClock(new Date(deadline - 7 * DAY));
    expect(bodies().map((body) => [body.data.notice, body.data.points, body.data.expiresAt])).toEqual([
      ["warning", 266, new Date(deadline).toISOString()],
      ["last_chance", 266, new Date(deadline).toISOString()],
    ]);
  });
});

describe("write-back to the platform's customer", () => {
  test("balances and tier become crm_loyalty metafields and the tier's tag", async () => {
    await startProgram();
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const metafields = fake.metafieldsOf(`gid://shopify/Customer/${ANA}`);
    expect(Object.fromEntries(metafields.map((field) => [`${field.namespace}.${field.key}`, [field.type, field.value]]))).toEqual({
      "crm_loyalty.points_balance": ["number_integer", "266"],
      "crm_loyalty.points_available": ["number_integer", "0"],
      "crm_loyalty.tier": ["single_line_text_field", "bronze"],
    });
    const customer = fake.dataset.customers.find((node) => node.id === `gid://shopify/Customer/${ANA}`)!;
    expect(customer.tags).toContain("loyalty-tier:bronze");
    const member = await memberOf(ANA);
    expect(await t.runtime.db.loyaltyPlatformSync.findUniqueOrThrow({ where: { memberId: member.id } })).toMatchObject({ status: "SYNCED", tierId: "bronze", detail: null });
    // One sync for the order's several changes (earn entry, tier) in the same minute.
    expect(fake.requests.filter((request) => request.kind === "metafieldsSet")).toHaveLength(1);
  });

  test("a customer the platform no longer has is recorded as failed, not retried", async () => {
    await startProgram();
    const gone = fake.dataset.customers.findIndex((node) => node.id === `gid://shopify/Customer/${ANA}`);
    fake.dataset.customers.splice(gone, 1);
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const member = await memberOf(ANA);
    const sync = await t.runtime.db.loyaltyPlatformSync.findUniqueOrThrow({ where: { memberId: member.id } });
    expect(sync.status).toBe("FAILED");
    expect(sync.detail).toContain("not_found");
    expect(await t.runtime.db.job.count({ where: { kind: "loyalty.customer-sync", status: { not: "DONE" } } })).toBe(0);
  });

  test("a guest's points are not written anywhere: recorded as skipped", async () => {
    const { shop } = await startProgram();
    const guest = await t.runtime.db.customer.create({ data: { shopId: shop.id, platformId: null } });
    await creditImportedPoints(t.runtime.db, { shopId: shop.id, customerId: guest.id, points: 50, at: t.clock, sourceKey: "import:guest" });
    await t.queue.drain();
    const member = await t.runtime.db.loyaltyMember.findFirstOrThrow({ where: { customerId: guest.id } });
    expect(await t.runtime.db.loyaltyPlatformSync.findUniqueOrThrow({ where: { memberId: member.id } })).toMatchObject({ status: "SKIPPED", detail: "guest" });
    expect(fake.requests.filter((request) => request.kind === "metafieldsSet")).toHaveLength(0);
  });
});

describe("the signing secrets at rest", () => {
  test("are sealed anew with a changed CRM_ENCRYPTION_KEY, and still sign", async () => {
    const { endpoint, secret } = await startProgram({}, ["loyalty.points_earned"]);
    const previous = t.runtime.secretBox;
    const rotated = new SecretBox(Buffer.alloc(32, 9), [Buffer.alloc(32, 7)]);
    expect(await checkStoredSecrets(t.runtime.db, rotated)).toBeGreaterThanOrEqual(1);
    const stored = await t.runtime.db.outboundWebhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(rotated.openWithKey(stored.secretEncrypted)).toEqual({ plaintext: secret, current: true });
    expect(() => previous.open(stored.secretEncrypted)).toThrow();
  });
});
