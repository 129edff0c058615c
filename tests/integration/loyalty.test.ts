import { describe, expect, test } from "vitest";
import { adjustPoints } from "~/core/loyalty/adjustments.server";
import { earnOnOrderSubscriber } from "~/core/loyalty/earn-on-order.subscriber.server";
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from "~/core/loyalty/program-settings";
import { cancelReward, redeemReward } from "~/core/loyalty/redemption.server";
import { RedemptionRefused } from "~/core/loyalty/rewards";
import type { PlatformActions } from "~/core/platform-actions";
import { customerGid } from "../fakes/shopify-dataset";
import { shopifyFixture } from "../helpers/fixtures";
import { creditImportedPoints, setUpLoyaltyTest, startTestProgram, tickProgramClock } from "../helpers/loyalty-program";
import { deliverWebhook } from "../helpers/shopify-webhooks";

// The loyalty program on the store: orders earn through the outbox's facts, refunds and
// cancellations take back the refunded share, the clock matures and expires points, and
// redemptions reserve points under the member's lock and get their code from the platform.

const DAY = 86_400_000;
const ANA = "207119551123456783";

const t = setUpLoyaltyTest({ startsAt: new Date("2024-06-01T00:00:00Z") });

const startProgram = (overrides: Partial<ProgramSettings> = {}) => startTestProgram(t.runtime.db, overrides);

async function memberOf(platformId: string) {
  return t.runtime.db.loyaltyMember.findFirstOrThrow({ where: { customer: { platformId } }, include: { entries: { orderBy: { occurredAt: "asc" } } } });
}

describe("earning and clawing back", () => {
  test("a paid order earns its points, pending through the return window, then available", async () => {
    // The day after the order (placed 2024-05-14).
    t.clock = new Date("2024-05-15T00:00:00Z");
    await startProgram();
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const member = await memberOf(ANA);
    // 166.32 € eligible at 1 point per euro, rounded down, and the first order's 100.
    expect(member.entries.map((entry) => [entry.kind, entry.points])).toEqual([["EARN", 266]]);
    expect(member).toMatchObject({ balance: 266, pending: 266, available: 0, tierId: "bronze" });
    expect(await t.runtime.db.timelineEvent.count({ where: { kind: "loyalty.points_earned", customerId: member.customerId } })).toBe(1);

    t.clock = new Date(member.entries[0]!.availableAt!.getTime() + 1);
    await tickProgramClock(t.runtime, t.queue);
    expect(await memberOf(ANA)).toMatchObject({ balance: 266, pending: 0, available: 266 });
  });

  test("a refund takes back the refunded share of everything the order earned, once", async () => {
    await startProgram();
    await deliverWebhook("orders/create");
    await deliverWebhook("refunds/create");
    await deliverWebhook("refunds/create", { eventId: "repeat", webhookId: "repeat" });
    await t.queue.drain();
    const member = await memberOf(ANA);
    const clawbacks = member.entries.filter((entry) => entry.kind === "CLAWBACK");
    expect(clawbacks).toHaveLength(1);
    const refunded = clawbacks[0]!.eligibleMinor!;
    expect(refunded).toBeGreaterThan(0n);
    expect(-clawbacks[0]!.points).toBe(Number((266n * refunded) / 16_632n));
    expect(member.balance).toBe(266 + clawbacks[0]!.points);
  });

  test("a clawback capped at the balance forgives what was spent, once: refund and cancellation never take or forgive more than the order earned", async () => {
    const shop = await startProgram({ spentPoints: { kind: "cap_at_balance" } });
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const member = await memberOf(ANA);
    expect(member.balance).toBe(266);
    // The member spent all but 16 of the order's points.
    await adjustPoints(t.runtime.db, { shopId: shop.id, customerId: member.customerId, points: -250, reason: "spent in the shop", requestKey: "spent" }, t.clock);

    await deliverWebhook("refunds/create");
    await t.queue.drain();
    const [refundClawback, ...none] = (await memberOf(ANA)).entries.filter((entry) => entry.kind === "CLAWBACK");
    expect(none).toEqual([]);
    expect(refundClawback).toMatchObject({ points: -16, reason: null });
    expect(refundClawback!.forgivenPoints).toBeGreaterThan(0);

    // The same order cancelled afterwards (edited as text: its ids are beyond a double's precision).
    const cancelled = shopifyFixture("orders/create")
      .replace('"cancelled_at": null', '"cancelled_at": "2024-05-21T09:00:00+02:00"')
      .replace('"updated_at": "2024-05-14T10:15:05+02:00"', '"updated_at": "2024-05-21T09:00:01+02:00"');
    await deliverWebhook("orders/cancelled", { body: cancelled });
    await t.queue.drain();
    const after = await memberOf(ANA);
    const clawbacks = after.entries.filter((entry) => entry.kind === "CLAWBACK");
    expect(clawbacks).toHaveLength(2);
    // Nothing left to take; the rest of the order's points is forgiven, and only the rest.
    expect(clawbacks[1]!.points).toBe(0);
    expect(clawbacks.reduce((sum, entry) => sum - entry.points + entry.forgivenPoints, 0)).toBe(266);
    expect(after.balance).toBe(0);
  });

  test("replaying an order's fact earns nothing twice", async () => {
    const shop = await startProgram();
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const member = await memberOf(ANA);
    const order = await t.runtime.db.order.findFirstOrThrow({ where: { platformId: "450789469123456781" } });
    const fact = {
      id: "999999",
      shopId: shop.id,
      kind: "order.paid" as const,
      history: false,
      customerId: member.customerId,
      occurredAt: order.processedAt,
      recordedAt: order.processedAt,
      data: {
        order: { id: order.id, platformId: order.platformId },
        customer: { id: member.customerId, platformId: ANA },
        currency: "EUR",
        financialStatus: "paid",
        paid: true,
        cancelled: false,
        test: false,
        amounts: { subtotalMinor: "16632", discountsMinor: "0", shippingMinor: "590", taxMinor: "0", totalMinor: "17222", refundedMinor: "0", eligibleMinor: "16632" },
        lines: [],
      },
    };
    const subscriber = earnOnOrderSubscriber(() => t.clock);
    await t.runtime.db.$transaction((tx) => subscriber.handle(fact, tx, { subscriber: subscriber.name, shopId: shop.id, attempt: 2 }));
    expect((await memberOf(ANA)).entries).toHaveLength(1);
  });

  test("without a program, or for an order paid before it started, nothing is earned", async () => {
    await deliverWebhook("orders/create");
    await t.queue.drain();
    expect(await t.runtime.db.loyaltyMember.count()).toBe(0);
  });
});

describe("earning for actions", () => {
  test("a new account earns once, and subscribing to the newsletter earns once", async () => {
    t.clock = new Date("2024-09-01T00:00:00Z");
    await startProgram();
    // Created subscribed: both actions at once.
    await deliverWebhook("customers/create");
    await t.queue.drain();
    const dana = "207119551123456821";
    const reasons = async () => (await memberOf(dana)).entries.map((entry) => [entry.reason, entry.points]);
    expect(await reasons()).toEqual([
      ["account_created", DEFAULT_PROGRAM_SETTINGS.actions.accountCreated],
      ["newsletter", DEFAULT_PROGRAM_SETTINGS.actions.newsletter],
    ]);
    // Unsubscribing and subscribing again earns nothing more.
    await deliverWebhook("customers/update");
    const resubscribed = shopifyFixture("customers/update")
      .replace('"state": "unsubscribed"', '"state": "subscribed"')
      .replaceAll("2024-08-12T19:22:4", "2024-08-20T10:00:0");
    await deliverWebhook("customers/update", { body: resubscribed });
    await t.queue.drain();
    expect((await t.runtime.db.customer.findFirstOrThrow({ where: { platformId: dana } })).emailMarketingConsent).toBe("SUBSCRIBED");
    expect(await reasons()).toHaveLength(2);
    expect((await memberOf(dana)).available).toBe(DEFAULT_PROGRAM_SETTINGS.actions.accountCreated + DEFAULT_PROGRAM_SETTINGS.actions.newsletter);
  });
});

describe("the clock", () => {
  test("lots expire after their age, and whole balances after inactivity", async () => {
    const shop = await startProgram({ expiry: { kind: "lot_age", days: 60 } });
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const earned = (await memberOf(ANA)).entries[0]!;
    t.clock = new Date(earned.expiresAt!.getTime() + DAY);
    await tickProgramClock(t.runtime, t.queue);
    const expired = await memberOf(ANA);
    expect(expired.entries.map((entry) => [entry.kind, entry.points])).toEqual([
      ["EARN", 266],
      ["EXPIRE", -266],
    ]);
    expect(expired).toMatchObject({ balance: 0, available: 0, nextDueAt: null });
    expect(shop.id).toBe(expired.shopId);
  });
});

describe("redemption", () => {
  /** A member with a balance, whose customer exists at the (fake) platform. */
  async function memberWithPoints(points: number) {
    const shop = await startProgram();
    const customer = await t.runtime.db.customer.create({ data: { shopId: shop.id, platformId: customerGid(1).split("/").pop()!, email: "kim@example.org" } });
    await creditImportedPoints(t.runtime.db, { shopId: shop.id, customerId: customer.id, points, at: t.clock, sourceKey: "import:kim" });
    return { shop, customer };
  }

  const actions = () => t.shopify.platformActions();

  test("50 concurrent redemptions against a balance that affords 10: exactly 10 succeed, never below zero", async () => {
    const { shop, customer } = await memberWithPoints(5_000);
    const attempts = await Promise.allSettled(
      Array.from({ length: 50 }, (_, n) =>
        redeemReward(t.runtime.db, actions, { shopId: shop.id, customerId: customer.id, rewardId: "five-off", requestKey: `r${n}`, locale: "de" }, t.clock),
      ),
    );
    const issued = attempts.filter((attempt) => attempt.status === "fulfilled");
    expect(issued).toHaveLength(10);
    expect(attempts.filter((attempt) => attempt.status === "rejected").every((attempt) => attempt.reason instanceof RedemptionRefused)).toBe(true);
    const member = await t.runtime.db.loyaltyMember.findFirstOrThrow({ where: { customerId: customer.id } });
    expect(member).toMatchObject({ balance: 0, available: 0 });
    const rewards = await t.runtime.db.loyaltyReward.findMany({ where: { memberId: member.id } });
    expect(rewards.filter((reward) => reward.status === "ISSUED")).toHaveLength(10);
    expect(new Set(rewards.map((reward) => reward.code)).size).toBe(10);
  });

  test("a repeated request returns the first redemption; cancelling returns the points and switches the code off", async () => {
    const { shop, customer } = await memberWithPoints(800);
    const request = { shopId: shop.id, customerId: customer.id, rewardId: "five-off", requestKey: "same", locale: "en" as const };
    const first = await redeemReward(t.runtime.db, actions, request, t.clock);
    const again = await redeemReward(t.runtime.db, actions, request, t.clock);
    expect(again.id).toBe(first.id);
    expect(await t.runtime.db.loyaltyMember.findFirstOrThrow({ where: { customerId: customer.id } })).toMatchObject({ balance: 300 });
    const cancelled = await cancelReward(t.runtime.db, actions, shop.id, first.id, t.clock);
    expect(cancelled.status).toBe("CANCELLED");
    expect(await t.runtime.db.loyaltyMember.findFirstOrThrow({ where: { customerId: customer.id } })).toMatchObject({ balance: 800 });
  });

  test("when the platform cannot make the code, the points come back", async () => {
    const { shop, customer } = await memberWithPoints(800);
    const failing = async (): Promise<PlatformActions> => ({
      ...(await actions()),
      createDiscountCode: () => Promise.reject(new Error("platform down")),
    });
    await expect(
      redeemReward(t.runtime.db, failing, { shopId: shop.id, customerId: customer.id, rewardId: "five-off", requestKey: "x", locale: "de" }, t.clock),
    ).rejects.toThrow("platform down");
    expect(await t.runtime.db.loyaltyMember.findFirstOrThrow({ where: { customerId: customer.id } })).toMatchObject({ balance: 800 });
    expect((await t.runtime.db.loyaltyReward.findFirstOrThrow()).status).toBe("FAILED");
  });
});
