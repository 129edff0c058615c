import { describe, expect, test } from "vitest";
import { redactCustomer } from "~/core/privacy/privacy.server";
import { addAllowListEntry } from "~/core/referrals/allow-list.server";
import { parseFraudReasons } from "~/core/referrals/fraud-reasons";
import { advocateWithCode, claimedReferral, setUpReferralTest, startReferralProgram } from "../helpers/referral-conversion";
import { deliverWebhook } from "../helpers/shopify-webhooks";

// A customer's erasure in the referral program: as a friend, the claim's address and their mails
// go and the fraud reasons lose their evidence; as an advocate, their code goes with its clicks
// and referrals; the referral events sent no longer name the platform's customer.

const t = setUpReferralTest(new Date("2024-05-15T00:00:00Z"));

// The advocate lives at the friend's address: the conversion keeps addresses as evidence.
async function convertedInReview() {
  const shop = t.shopify.shop();
  await startReferralProgram(t.runtime.db, shop.id);
  const { customer: advocate, code } = await advocateWithCode(t.runtime.db, shop.id, { addressLine1: "Bahnhofstrasse 1", addressZip: "8001", addressCountryCode: "CH" });
  const referral = await claimedReferral(t.runtime.db, { shopId: shop.id, codeId: code.id });
  await t.runtime.db.mailMessage.create({
    data: { shopId: shop.id, referralId: referral.id, kind: "referral_friend_code", locale: "de", to: "ana.example@example.com", subject: "s", text: "t", html: "h", eventKey: `referral:${referral.id}:friend-code` },
  });
  await t.runtime.db.referralClick.create({ data: { shopId: shop.id, codeId: code.id, ipKey: "ip", deviceKey: "device" } });
  await t.endpoint(shop.id, ["referral.converted"]);
  await deliverWebhook("orders/create");
  await t.queue.drain();
  const converted = await t.runtime.db.referral.findUniqueOrThrow({ where: { id: referral.id } });
  expect(converted.status).toBe("REVIEW");
  expect(JSON.stringify(converted.fraudReasons)).toContain("Bahnhofstrasse");
  return { shop, advocate, code, referral };
}

describe("erasure", () => {
  test("the friend erased: their claim's address and mails go, the reasons keep codes, points and figures only, the event no longer names them", async () => {
    const { shop, referral } = await convertedInReview();
    await t.runtime.db.$transaction((tx) => redactCustomer(tx, shop, { customerPlatformId: "207119551123456783", email: "ana.example@example.com", phone: null, orderPlatformIds: [] }));

    const erased = await t.runtime.db.referral.findUniqueOrThrow({ where: { id: referral.id } });
    expect(erased).toMatchObject({ friendEmail: null, friendEmailKey: null, status: "REVIEW", fraudScore: 35 });
    expect(erased.fraudReasons).toEqual([{ code: "shared_shipping_address", points: 35, detail: { advocateAddress: "—", friendAddress: "—" } }]);
    // The admin still reads them.
    expect(parseFraudReasons(erased.fraudReasons)).toHaveLength(1);
    expect(await t.runtime.db.mailMessage.count({ where: { referralId: referral.id } })).toBe(0);
    const delivery = await t.runtime.db.outboundWebhookDelivery.findFirstOrThrow({ where: { topic: "referral.converted" } });
    expect((delivery.payload as { data: { friend: { platformId: string | null } } }).data.friend.platformId).toBeNull();
  });

  test("a friend who claimed by e-mail and never ordered is erased by the request's address", async () => {
    const shop = t.shopify.shop();
    const { code } = await advocateWithCode(t.runtime.db, shop.id);
    const referral = await claimedReferral(t.runtime.db, { shopId: shop.id, codeId: code.id, friendEmail: "dora@example.net" });
    await t.runtime.db.$transaction((tx) => redactCustomer(tx, shop, { customerPlatformId: null, email: "Dora@Example.net", phone: null, orderPlatformIds: [] }));
    expect(await t.runtime.db.referral.findUniqueOrThrow({ where: { id: referral.id } })).toMatchObject({ friendEmail: null, friendEmailKey: null });
  });

  test("the advocate erased: their code goes with its clicks, referrals and their mails; the event no longer names them", async () => {
    const { shop, advocate, code } = await convertedInReview();
    await t.runtime.db.$transaction((tx) => redactCustomer(tx, shop, { customerPlatformId: advocate.platformId, email: null, phone: null, orderPlatformIds: [] }));

    expect(await t.runtime.db.referralCode.count({ where: { id: code.id } })).toBe(0);
    expect(await t.runtime.db.referral.count({ where: { codeId: code.id } })).toBe(0);
    expect(await t.runtime.db.referralClick.count({ where: { codeId: code.id } })).toBe(0);
    expect(await t.runtime.db.mailMessage.count({ where: { shopId: shop.id, kind: "referral_friend_code" } })).toBe(0);
    const delivery = await t.runtime.db.outboundWebhookDelivery.findFirstOrThrow({ where: { topic: "referral.converted" } });
    expect((delivery.payload as { data: { advocate: { id: string; platformId: string | null } } }).data.advocate).toEqual({ id: advocate.id, platformId: null });
  });

  test("the shop erased: its allow-list goes with it (no key to the shop), another shop's stays", async () => {
    const shop = t.shopify.shop();
    await addAllowListEntry(t.runtime.db, shop.id, { kind: "phone", phone: "+49 171 1234567" }, "DE");
    const other = await t.runtime.db.shop.create({ data: { platform: "SHOPIFY", domain: "other-shop.myshopify.com" } });
    await addAllowListEntry(t.runtime.db, other.id, { kind: "phone", phone: "+49 171 1234567" }, "DE");
    await deliverWebhook("shop/redact");
    await t.queue.drain();
    expect(await t.runtime.db.referralAllowListEntry.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await t.runtime.db.referralAllowListEntry.count({ where: { shopId: other.id } })).toBe(1);
  });
});
