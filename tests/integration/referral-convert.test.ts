import { describe, expect, test } from "vitest";
import { addAllowListEntry } from "~/core/referrals/allow-list.server";
import { DEFAULT_REFERRAL_SETTINGS } from "~/core/referrals/program-settings";
import { referralsConvertSubscriber } from "~/core/referrals/convert.subscriber.server";
import { shopifyFixture } from "../helpers/fixtures";
import { advocateWithCode, claimedReferral, DAY, ORDER_PAID_AT, runReferralsDue, setUpReferralTest, startReferralProgram } from "../helpers/referral-conversion";
import { referralCustomer, referralOrder } from "../helpers/referral-rows";
import { deliverWebhook } from "../helpers/shopify-webhooks";

// A friend's first paid order with their code converts the referral through the sync's facts:
// the fraud score routes it (approve, review, reject, with the reasons kept), the timeline and
// the outbound event record it, and a refund or cancellation within the return window voids it.

const t = setUpReferralTest(new Date("2024-05-15T00:00:00Z"));

async function setUp(overrides: Parameters<typeof startReferralProgram>[2] = {}, advocate: Parameters<typeof advocateWithCode>[2] = {}) {
  const shop = t.shopify.shop();
  await startReferralProgram(t.runtime.db, shop.id, overrides);
  const { customer, code } = await advocateWithCode(t.runtime.db, shop.id, advocate);
  const referral = await claimedReferral(t.runtime.db, { shopId: shop.id, codeId: code.id });
  return { shop, advocate: customer, code, referral };
}

const referralOf = (id: string) => t.runtime.db.referral.findUniqueOrThrow({ where: { id } });

const reasonCodes = (reasons: unknown) => (Array.isArray(reasons) ? reasons.map((reason: { code: string }) => reason.code) : []);

describe("conversion on order.paid", () => {
  test("the friend's first paid order with their code converts the referral: PENDING, window, order, reward and score kept; timeline on both; event recorded", async () => {
    const { shop, advocate, referral } = await setUp({ returnWindowDays: 14 });
    const endpoint = await t.endpoint(shop.id, ["referral.converted"]);
    await deliverWebhook("orders/create");
    await t.queue.drain();

    const converted = await referralOf(referral.id);
    const order = await t.runtime.db.order.findFirstOrThrow({ where: { shopId: shop.id, platformId: "450789469123456781" } });
    expect(converted).toMatchObject({
      status: "PENDING",
      orderId: order.id,
      orderTotalMinor: 17_222n,
      orderCurrency: "EUR",
      convertedAt: ORDER_PAID_AT,
      returnWindowEndsAt: new Date(ORDER_PAID_AT.getTime() + 14 * DAY),
      friendCustomerId: order.customerId,
      fraudScore: 0,
      fraudReasons: [],
      advocateReward: { kind: "discount" },
      closedReason: null,
    });
    const events = await t.runtime.db.timelineEvent.findMany({ where: { shopId: shop.id, kind: "referral.converted" }, orderBy: { sourceKey: "asc" } });
    expect(events.map((event) => [event.customerId, (event.data as { role: string }).role])).toEqual([
      [advocate.id, "advocate"],
      [order.customerId, "friend"],
    ]);
    const [delivery, ...more] = await t.runtime.db.outboundWebhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    expect(more).toEqual([]);
    expect(delivery).toMatchObject({ topic: "referral.converted", eventKey: `referral:${referral.id}:converted` });
    expect((delivery!.payload as { data: unknown }).data).toMatchObject({
      referralId: referral.id,
      status: "PENDING",
      advocate: { id: advocate.id, platformId: advocate.platformId },
      friend: { id: order.customerId },
      order: { id: order.id, platformId: order.platformId },
      orderTotalMinor: "17222",
      currency: "EUR",
      fraudScore: 0,
      fraudReasons: [],
    });
    // Its settle job waits for the window's end.
    const settle = await t.runtime.db.job.findFirstOrThrow({ where: { kind: "referrals.settle", uniqueKey: `referrals-settle:${referral.id}` } });
    expect(settle.runAt).toEqual(converted.returnWindowEndsAt);
  });

  test("an order below the minimum, a code of a referral not CLAIMED, and a program switched off convert nothing", async () => {
    const { shop, referral } = await setUp({ minimumOrderMinor: 20_000 });
    await deliverWebhook("orders/create");
    await t.queue.drain();
    expect(await referralOf(referral.id)).toMatchObject({ status: "CLAIMED", orderId: null });

    await t.runtime.db.referral.update({ where: { id: referral.id }, data: { status: "EXPIRED" } });
    await startReferralProgram(t.runtime.db, shop.id);
    const subscriber = referralsConvertSubscriber();
    const order = await t.runtime.db.order.findFirstOrThrow({ where: { shopId: shop.id } });
    const fact = paidFact(shop.id, order);
    await t.runtime.db.$transaction((tx) => subscriber.handle(fact, tx, { subscriber: subscriber.name, shopId: shop.id, attempt: 1 }));
    expect(await referralOf(referral.id)).toMatchObject({ status: "EXPIRED", orderId: null });

    await t.runtime.db.referral.update({ where: { id: referral.id }, data: { status: "CLAIMED" } });
    await t.runtime.db.referralProgram.update({ where: { shopId: shop.id }, data: { enabled: false } });
    await t.runtime.db.$transaction((tx) => subscriber.handle(fact, tx, { subscriber: subscriber.name, shopId: shop.id, attempt: 1 }));
    expect(await referralOf(referral.id)).toMatchObject({ status: "CLAIMED", orderId: null });
  });

  test("routing: the advocate's household sends it to review, the advocate's own mailbox rejects it, each with its reasons", async () => {
    // The advocate lives at the friend's shipping address (Bahnhofstrasse 1, 8001 Zürich).
    const household = await setUp({}, { addressLine1: "Bahnhofstr. 1", addressZip: "8001", addressCountryCode: "CH" });
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const reviewed = await referralOf(household.referral.id);
    expect(reviewed).toMatchObject({ status: "REVIEW", fraudScore: 35, closedReason: null });
    expect(reasonCodes(reviewed.fraudReasons)).toEqual(["shared_shipping_address"]);
    expect(await t.runtime.db.job.count({ where: { kind: "referrals.settle" } })).toBe(0);
  });

  test("routing: the friend's mailbox is the advocate's: rejected by the score", async () => {
    const { referral } = await setUp({}, { email: "Ana.Example+referral@example.com", emailNormalized: "ana.example+referral@example.com" });
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const rejected = await referralOf(referral.id);
    expect(rejected).toMatchObject({ status: "REJECTED", fraudScore: 100, closedReason: "score" });
    expect(reasonCodes(rejected.fraudReasons)).toEqual(["same_email"]);
  });

  test("an allow-listed household clears the shared address: approved, with a note of what was cleared", async () => {
    const { shop, referral } = await setUp({}, { addressLine1: "Bahnhofstrasse 1", addressZip: "8001", addressCountryCode: "CH" });
    await addAllowListEntry(t.runtime.db, shop.id, { kind: "address", address: { address1: "Bahnhofstrasse 1", address2: null, zip: "8001", countryCode: "CH" } }, "CH");
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const approved = await referralOf(referral.id);
    expect(approved).toMatchObject({ status: "PENDING", fraudScore: 0 });
    expect(reasonCodes(approved.fraudReasons)).toEqual(["household_allow_listed"]);
  });

  test("velocity: other claims from the friend's device raise the device signal", async () => {
    const { shop, code, referral } = await setUp();
    for (const n of [1, 2, 3]) {
      await claimedReferral(t.runtime.db, { shopId: shop.id, codeId: code.id, friendEmail: `other${n}@example.net`, friendCode: `OTHER-${n}`, createdAt: new Date(referral.createdAt.getTime() + n * 60_000) });
    }
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const scored = await referralOf(referral.id);
    // Three more claims from the same device (limit 3 in 24 h) and IP (limit 10): device only.
    expect(reasonCodes(scored.fraudReasons)).toEqual(["device_velocity"]);
    expect(scored).toMatchObject({ status: "REVIEW", fraudScore: 40 });
  });
});

describe("the fraud facts from the store", () => {
  test("an earlier paid order of the friend's e-mail (a guest order) counts: not a first order", async () => {
    const { shop, referral } = await setUp();
    const earlier = await referralOrder(t.runtime.db, shop.id, { customerId: null, name: "#900", totalMinor: 2_000n, at: new Date(ORDER_PAID_AT.getTime() - 30 * DAY) });
    await t.runtime.db.order.update({ where: { id: earlier.id }, data: { email: "ana.example@example.com" } });
    // A cancelled-and-unpaid one does not.
    const unpaid = await referralOrder(t.runtime.db, shop.id, { customerId: null, name: "#901", totalMinor: 2_000n, at: new Date(ORDER_PAID_AT.getTime() - 20 * DAY) });
    await t.runtime.db.order.update({ where: { id: unpaid.id }, data: { email: "ana.example@example.com", financialStatus: "pending" } });
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const scored = await referralOf(referral.id);
    expect(reasonCodes(scored.fraudReasons)).toEqual(["not_first_order"]);
    expect(scored.fraudReasons).toMatchObject([{ detail: { ordersBefore: 1 } }]);
    expect(scored).toMatchObject({ status: "REVIEW", fraudScore: 50 });
  });

  test("a recent order of the advocate shipped to the friend's door is the advocate's household", async () => {
    const { shop, advocate, referral } = await setUp();
    const shipped = await referralOrder(t.runtime.db, shop.id, { customerId: advocate.id, name: "#800", totalMinor: 2_000n, at: new Date(ORDER_PAID_AT.getTime() - 60 * DAY) });
    await t.runtime.db.order.update({ where: { id: shipped.id }, data: { shippingAddress1: "Bahnhofstr. 1", shippingZip: "8001", shippingCountryCode: "CH" } });
    await deliverWebhook("orders/create");
    await t.queue.drain();
    expect(reasonCodes((await referralOf(referral.id)).fraudReasons)).toEqual(["shared_shipping_address"]);
  });

  test("code spread: other friends of the advocate's code in the window count, one per person, the advocate's household not", async () => {
    const { shop, code, referral } = await setUp(
      { fraud: { ...testFraud(), codeSpread: { windowDays: 30, limit: 2 } } },
      { addressLine1: "Lindenweg 3", addressZip: "80331", addressCountryCode: "DE" },
    );
    const friend = async (n: number, address: string | null) => {
      const customer = await referralCustomer(t.runtime.db, shop.id, { firstName: `Friend${n}`, lastName: "Other", email: `spread${n}@example.net` });
      if (address) await t.runtime.db.customer.update({ where: { id: customer.id }, data: { addressLine1: address, addressZip: "80331", addressCountryCode: "DE" } });
      return claimedReferral(t.runtime.db, {
        shopId: shop.id,
        codeId: code.id,
        friendEmail: `spread${n}@example.net`,
        friendCode: `SPREAD-${n}`,
        friendCustomerId: customer.id,
        claimIpKey: `ip-${n}`,
        claimDeviceKey: `device-${n}`,
        createdAt: new Date(ORDER_PAID_AT.getTime() - n * DAY),
      });
    };
    await friend(1, null);
    // The advocate's flatmate: same door.
    await friend(2, "Lindenweg 3");
    await deliverWebhook("orders/create");
    await t.queue.drain();
    expect(reasonCodes((await referralOf(referral.id)).fraudReasons)).toEqual([]);

    const second = await setUpAgain(shop.id, code.id);
    await friend(3, "Ahornweg 9");
    await t.runtime.db.referral.update({ where: { id: second.id }, data: { status: "CLAIMED" } });
    const subscriber = referralsConvertSubscriber();
    const order = await t.runtime.db.order.findFirstOrThrow({ where: { shopId: shop.id, platformId: "450789469123456781" } });
    await t.runtime.db.$transaction((tx) => subscriber.handle(paidFact(shop.id, order), tx, { subscriber: subscriber.name, shopId: shop.id, attempt: 1 }));
    const spread = await referralOf(second.id);
    // Friend1 and Friend3 (Friend2 is the advocate's household; this referral's own friend is not counted).
    expect(spread.fraudReasons).toMatchObject([{ code: "advocate_code_spread", detail: { customers: 2, limit: 2, windowDays: 30 } }]);
  });
});

describe("voiding within the return window", () => {
  test("a partial refund that takes the order below the minimum voids it; no reward follows after the window", async () => {
    const { shop, referral } = await setUp({ minimumOrderMinor: 10_000, returnWindowDays: 30 });
    await deliverWebhook("orders/create");
    await t.queue.drain();
    expect(await referralOf(referral.id)).toMatchObject({ status: "PENDING" });
    // 76.95 € of 172.22 € refunded on 2024-05-20: below the 100 € minimum.
    await deliverWebhook("refunds/create");
    await t.queue.drain();
    expect(await referralOf(referral.id)).toMatchObject({ status: "VOIDED", closedReason: "refunded" });
    expect(await t.runtime.db.timelineEvent.count({ where: { shopId: shop.id, kind: "referral.voided" } })).toBe(1);

    t.clock = new Date(ORDER_PAID_AT.getTime() + 31 * DAY);
    await runReferralsDue(t.runtime, t.queue);
    await t.runtime.db.job.create({ data: { kind: "referrals.settle", payload: { referralId: referral.id } } });
    await t.queue.drain();
    expect(await referralOf(referral.id)).toMatchObject({ status: "VOIDED", advocateRewardedAt: null, advocateRewardCode: null });
    expect(t.shopify.fake.discounts()).toEqual([]);
  });

  test("a partial refund that keeps the order above the minimum, and any refund after the window, change nothing", async () => {
    const { referral } = await setUp({ returnWindowDays: 3 });
    await deliverWebhook("orders/create");
    await t.queue.drain();
    // The refund of 2024-05-20 comes after the window (ends 2024-05-17).
    await deliverWebhook("refunds/create");
    await t.queue.drain();
    expect(await referralOf(referral.id)).toMatchObject({ status: "PENDING", closedReason: null });
  });

  test("a full refund or a cancellation within the window voids a referral in review too", async () => {
    const { shop, referral } = await setUp({}, { addressLine1: "Bahnhofstrasse 1", addressZip: "8001", addressCountryCode: "CH" });
    await deliverWebhook("orders/create");
    await t.queue.drain();
    expect(await referralOf(referral.id)).toMatchObject({ status: "REVIEW" });
    const order = await t.runtime.db.order.findFirstOrThrow({ where: { shopId: shop.id } });
    const subscriber = referralsConvertSubscriber();
    const refund = {
      id: "1",
      shopId: shop.id,
      kind: "refund.applied" as const,
      history: false,
      customerId: order.customerId,
      occurredAt: new Date(ORDER_PAID_AT.getTime() + DAY),
      recordedAt: new Date(ORDER_PAID_AT.getTime() + DAY),
      data: {
        refund: { id: order.id, platformId: "1" },
        order: { id: order.id, platformId: order.platformId },
        customer: null,
        currency: "EUR",
        amountMinor: "17222",
        lines: [],
        eligibleBeforeMinor: "16632",
        eligibleAfterMinor: "0",
      },
    };
    await t.runtime.db.$transaction((tx) => subscriber.handle(refund, tx, { subscriber: subscriber.name, shopId: shop.id, attempt: 1 }));
    expect(await referralOf(referral.id)).toMatchObject({ status: "VOIDED", closedReason: "refunded" });
  });

  test("the order cancelled within the window voids it", async () => {
    const { referral } = await setUp();
    await deliverWebhook("orders/create");
    await t.queue.drain();
    const cancelled = shopifyFixture("orders/create")
      .replace('"cancelled_at": null', '"cancelled_at": "2024-05-21T09:00:00+02:00"')
      .replace('"updated_at": "2024-05-14T10:15:05+02:00"', '"updated_at": "2024-05-21T09:00:01+02:00"');
    await deliverWebhook("orders/cancelled", { body: cancelled });
    await t.queue.drain();
    expect(await referralOf(referral.id)).toMatchObject({ status: "VOIDED", closedReason: "cancelled" });
  });
});

const testFraud = () => DEFAULT_REFERRAL_SETTINGS.fraud;

/** A second claim of the code whose friend paid the same order (the first one converted already). */
async function setUpAgain(shopId: string, codeId: string) {
  const referral = await claimedReferral(t.runtime.db, { shopId, codeId, friendEmail: "again@example.net", friendCode: "AGAIN-1", claimIpKey: "ip-again", claimDeviceKey: "device-again" });
  const order = await t.runtime.db.order.findFirstOrThrow({ where: { shopId, platformId: "450789469123456781" } });
  await t.runtime.db.orderDiscountCode.create({ data: { shopId, orderId: order.id, code: "again-1", kind: "fixed_amount", amountMinor: 100n, currency: "EUR" } });
  return referral;
}

function paidFact(shopId: string, order: { id: string; platformId: string; customerId: string | null }) {
  return {
    id: "1",
    shopId,
    kind: "order.paid" as const,
    history: false,
    customerId: order.customerId,
    occurredAt: ORDER_PAID_AT,
    recordedAt: ORDER_PAID_AT,
    data: {
      order: { id: order.id, platformId: order.platformId },
      customer: order.customerId ? { id: order.customerId, platformId: null } : null,
      currency: "EUR",
      financialStatus: "paid",
      paid: true,
      cancelled: false,
      test: false,
      amounts: { subtotalMinor: "16632", discountsMinor: "1798", shippingMinor: "590", taxMinor: "2750", totalMinor: "17222", refundedMinor: "0", eligibleMinor: "16632" },
      lines: [],
    },
  };
}
