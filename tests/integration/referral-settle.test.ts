import { describe, expect, test } from "vitest";
import { startTestProgram } from "../helpers/loyalty-program";
import {
  advocateWithCode,
  claimedReferral,
  DAY,
  ORDER_PAID_AT,
  runReferralsDue,
  setUpReferralTest,
  startReferralProgram,
} from "../helpers/referral-conversion";
import { referralCustomer, referralOrder } from "../helpers/referral-rows";
import { deliverWebhook } from "../helpers/shopify-webhooks";

// Settling a converted referral after its return window: the advocate's points on the loyalty
// ledger or a discount code from the platform, once; the monthly limit; the daily round that
// expires unused friend codes.

const t = setUpReferralTest(new Date("2024-05-15T00:00:00Z"));

async function convertedReferral(overrides: Parameters<typeof startReferralProgram>[2] = {}) {
  const shop = t.shopify.shop();
  await startReferralProgram(t.runtime.db, shop.id, { returnWindowDays: 14, ...overrides });
  const { customer, code } = await advocateWithCode(t.runtime.db, shop.id);
  const referral = await claimedReferral(t.runtime.db, { shopId: shop.id, codeId: code.id });
  const endpoint = await t.endpoint(shop.id, ["referral.rewarded"]);
  await deliverWebhook("orders/create");
  await t.queue.drain();
  expect(await t.runtime.db.referral.findUniqueOrThrow({ where: { id: referral.id } })).toMatchObject({ status: "PENDING" });
  return { shop, advocate: customer, code, referral, endpoint };
}

const referralOf = (id: string) => t.runtime.db.referral.findUniqueOrThrow({ where: { id } });
const afterWindow = () => new Date(ORDER_PAID_AT.getTime() + 15 * DAY);

describe("the advocate's reward", () => {
  test("a discount code from the platform for the advocate alone, once the window has passed; its event; a second run gives nothing more", async () => {
    const { advocate, referral, endpoint } = await convertedReferral();
    // The job that ran with the conversion found the window open.
    expect(t.shopify.fake.discounts()).toEqual([]);

    t.clock = afterWindow();
    await runReferralsDue(t.runtime, t.queue);
    const rewarded = await referralOf(referral.id);
    // Dated when it fell due (the window's end), though the daily round gave it a day later.
    expect(rewarded).toMatchObject({ status: "REWARDED", advocateRewardedAt: rewarded.returnWindowEndsAt, error: null });
    expect(rewarded.returnWindowEndsAt!.getTime()).toBeLessThan(t.clock.getTime());
    const [discount, ...more] = t.shopify.fake.discounts();
    expect(more).toEqual([]);
    expect(discount).toMatchObject({ code: rewarded.advocateRewardCode, customerIds: [`gid://shopify/Customer/${advocate.platformId}`] });
    expect(rewarded.advocateRewardCode).toMatch(/^FREUND-/);
    const deliveries = await t.runtime.db.outboundWebhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    expect(deliveries.map((delivery) => [delivery.topic, (delivery.payload as { data: { reward: unknown } }).data.reward])).toEqual([
      ["referral.rewarded", { kind: "discount", code: rewarded.advocateRewardCode }],
    ]);
    expect(await t.runtime.db.timelineEvent.count({ where: { customerId: advocate.id, kind: "referral.rewarded" } })).toBe(1);
    // The advocate's mail, in their language: the friend's first name, the reward and the code.
    const [mail, ...moreMails] = await t.runtime.db.mailMessage.findMany({ where: { kind: "referral_advocate_rewarded" } });
    expect(moreMails).toEqual([]);
    expect(mail).toMatchObject({ customerId: advocate.id, referralId: referral.id, to: "berta@example.org", locale: "de" });
    expect(mail!.text).toContain("Ana hat zum ersten Mal");
    expect(mail!.text).toContain(rewarded.advocateRewardCode!);
    expect(mail!.text).toContain("10,00");
    expect(mail!.text).not.toContain("Example");

    await t.runtime.db.job.create({ data: { kind: "referrals.settle", payload: { referralId: referral.id } } });
    await t.queue.drain();
    expect(t.shopify.fake.discounts()).toHaveLength(1);
  });

  test("points: a referral entry on the advocate's ledger, once; without the loyalty program the referral waits with an error", async () => {
    const { shop, advocate, referral } = await convertedReferral({ advocateReward: { kind: "points", points: 500 } });
    t.clock = afterWindow();
    await runReferralsDue(t.runtime, t.queue);
    expect(await referralOf(referral.id)).toMatchObject({ status: "PENDING", error: "loyalty_program_inactive" });

    await startTestProgram(t.runtime.db, {}, shop.domain);
    t.clock = new Date(t.clock.getTime() + DAY);
    await runReferralsDue(t.runtime, t.queue);
    expect(await referralOf(referral.id)).toMatchObject({ status: "REWARDED", advocateRewardPoints: 500, error: null });
    const member = await t.runtime.db.loyaltyMember.findUniqueOrThrow({ where: { customerId: advocate.id }, include: { entries: true } });
    expect(member.entries.map((entry) => [entry.kind, entry.points, entry.sourceKey])).toEqual([["REFERRAL", 500, `referral:${referral.id}:advocate`]]);
    expect(member.balance).toBe(500);
    // Referring a friend is activity: the inactivity clock starts again.
    expect(member.lastActivityAt).toEqual(t.clock);
    const mail = await t.runtime.db.mailMessage.findFirstOrThrow({ where: { kind: "referral_advocate_rewarded", referralId: referral.id } });
    expect(mail.text).toContain("500 Punkte gutgeschrieben");

    await t.runtime.db.job.create({ data: { kind: "referrals.settle", payload: { referralId: referral.id } } });
    await t.queue.drain();
    expect(await t.runtime.db.loyaltyEntry.count({ where: { memberId: member.id } })).toBe(1);
  });

  test("a reward settled long after it fell due (a queue that was down, a history played back) is dated when it fell due and mails no one", async () => {
    const { shop, advocate, referral } = await convertedReferral({ advocateReward: { kind: "points", points: 500 } });
    await startTestProgram(t.runtime.db, {}, shop.domain);
    t.clock = new Date(ORDER_PAID_AT.getTime() + 60 * DAY);
    await runReferralsDue(t.runtime, t.queue);
    const rewarded = await referralOf(referral.id);
    expect(rewarded).toMatchObject({ status: "REWARDED", advocateRewardedAt: rewarded.returnWindowEndsAt });
    const entry = await t.runtime.db.loyaltyEntry.findFirstOrThrow({ where: { member: { customerId: advocate.id }, kind: "REFERRAL" } });
    expect(entry.occurredAt).toEqual(rewarded.returnWindowEndsAt);
    expect(await t.runtime.db.mailMessage.count({ where: { kind: "referral_advocate_rewarded", referralId: referral.id } })).toBe(0);
  });

  test("over the advocate's monthly limit the referral is rejected", async () => {
    const { shop, code, referral } = await convertedReferral({ advocateMonthlyLimit: 1 });
    t.clock = afterWindow();
    // Another friend's referral of the same advocate was rewarded earlier this month.
    const other = await referralCustomer(t.runtime.db, shop.id, { firstName: "Carla", lastName: "Beispiel", email: "carla@example.net" });
    const otherOrder = await referralOrder(t.runtime.db, shop.id, { customerId: other.id, name: "#2001", totalMinor: 5_000n, at: ORDER_PAID_AT });
    await claimedReferral(t.runtime.db, {
      shopId: shop.id,
      codeId: code.id,
      friendEmail: "carla@example.net",
      friendCode: "FREUND-CARLA",
      status: "REWARDED",
      orderId: otherOrder.id,
      advocateRewardedAt: new Date(t.clock.getTime() - DAY),
    });
    await runReferralsDue(t.runtime, t.queue);
    expect(await referralOf(referral.id)).toMatchObject({ status: "REJECTED", closedReason: "advocate_limit", advocateRewardCode: null });
    expect(t.shopify.fake.discounts()).toEqual([]);
  });
});

describe("the daily round", () => {
  test("an unused friend code past its end expires; one still valid stays claimed", async () => {
    const shop = t.shopify.shop();
    await startReferralProgram(t.runtime.db, shop.id);
    const { code } = await advocateWithCode(t.runtime.db, shop.id);
    const expired = await claimedReferral(t.runtime.db, { shopId: shop.id, codeId: code.id, friendEmail: "a@example.net", friendCode: "FREUND-A", friendCodeExpiresAt: new Date(t.clock.getTime() - 1) });
    const valid = await claimedReferral(t.runtime.db, { shopId: shop.id, codeId: code.id, friendEmail: "b@example.net", friendCode: "FREUND-B", friendCodeExpiresAt: new Date(t.clock.getTime() + DAY) });
    await runReferralsDue(t.runtime, t.queue);
    expect(await referralOf(expired.id)).toMatchObject({ status: "EXPIRED", closedReason: "code_expired" });
    expect(await referralOf(valid.id)).toMatchObject({ status: "CLAIMED", closedReason: null });
  });
});
