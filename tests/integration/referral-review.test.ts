import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { AllowListRefused, addAllowListEntry, allowHouseholdOfReferral, listAllowList, removeAllowListEntry } from "~/core/referrals/allow-list.server";
import { reviewReferrals } from "~/core/referrals/review.server";
import { advocateWithCode, claimedReferral, DAY, ORDER_PAID_AT, runReferralsDue, setUpReferralTest, startReferralProgram } from "../helpers/referral-conversion";
import { referralCustomer, referralOrder } from "../helpers/referral-rows";

// The merchant's review queue (approve or reject many at once; others are reported and left as
// they are) and the household allow-list.

const t = setUpReferralTest(new Date("2024-05-20T00:00:00Z"));

async function referralsInReview() {
  const shop = t.shopify.shop();
  await startReferralProgram(t.runtime.db, shop.id);
  const { code } = await advocateWithCode(t.runtime.db, shop.id);
  const make = async (n: number, status: "REVIEW" | "PENDING", windowEndsAt: Date) => {
    const friend = await referralCustomer(t.runtime.db, shop.id, { firstName: `Friend${n}`, lastName: "Beispiel", email: `friend${n}@example.net` });
    const order = await referralOrder(t.runtime.db, shop.id, { customerId: friend.id, name: `#30${n}`, totalMinor: 5_000n, at: ORDER_PAID_AT });
    return claimedReferral(t.runtime.db, {
      shopId: shop.id,
      codeId: code.id,
      friendEmail: `friend${n}@example.net`,
      friendCode: `FREUND-${n}`,
      friendCustomerId: friend.id,
      status,
      orderId: order.id,
      convertedAt: ORDER_PAID_AT,
      returnWindowEndsAt: windowEndsAt,
      advocateReward: { kind: "discount", value: { kind: "percent", percent: 10 }, minimumSubtotalMinor: null, codeValidDays: null },
      fraudScore: status === "REVIEW" ? 35 : 0,
    });
  };
  return { shop, make };
}

describe("reviewing referrals", () => {
  test("approve in bulk: reviewed ones wait for their window (settled after it), others are reported and left alone", async () => {
    const { shop, make } = await referralsInReview();
    const windowOpen = await make(1, "REVIEW", new Date(t.clock.getTime() + 5 * DAY));
    const windowPassed = await make(2, "REVIEW", new Date(t.clock.getTime() - DAY));
    const pending = await make(3, "PENDING", new Date(t.clock.getTime() + 5 * DAY));
    const unknown = randomUUID();

    const results = await reviewReferrals(t.runtime.db, shop.id, [windowOpen.id, windowPassed.id, pending.id, unknown, windowOpen.id], "approve", t.clock);
    expect(results).toEqual([
      { id: windowOpen.id, outcome: "approved", status: "PENDING" },
      { id: windowPassed.id, outcome: "approved", status: "PENDING" },
      { id: pending.id, outcome: "not_in_review", status: "PENDING" },
      { id: unknown, outcome: "not_found", status: null },
    ]);
    const jobs = await t.runtime.db.job.findMany({ where: { kind: "referrals.settle" }, orderBy: { runAt: "asc" } });
    expect(jobs.map((job) => [(job.payload as { referralId: string }).referralId, job.runAt])).toEqual([
      [windowPassed.id, t.clock],
      [windowOpen.id, windowOpen.returnWindowEndsAt],
    ]);
    expect((await t.runtime.db.referral.findUniqueOrThrow({ where: { id: windowOpen.id } })).reviewedAt).toEqual(t.clock);

    // The one past its window is rewarded at once; the other after its window.
    await t.queue.drain();
    expect(await t.runtime.db.referral.findUniqueOrThrow({ where: { id: windowPassed.id } })).toMatchObject({ status: "REWARDED" });
    expect(await t.runtime.db.referral.findUniqueOrThrow({ where: { id: windowOpen.id } })).toMatchObject({ status: "PENDING" });
    t.clock = new Date(t.clock.getTime() + 6 * DAY);
    await runReferralsDue(t.runtime, t.queue);
    expect(await t.runtime.db.referral.findUniqueOrThrow({ where: { id: windowOpen.id } })).toMatchObject({ status: "REWARDED" });
  });

  test("reject in bulk: REJECTED by the merchant; a second decision finds them decided; another shop's referral is not found", async () => {
    const { shop, make } = await referralsInReview();
    const first = await make(1, "REVIEW", new Date(t.clock.getTime() + DAY));
    const second = await make(2, "REVIEW", new Date(t.clock.getTime() + DAY));
    expect((await reviewReferrals(t.runtime.db, shop.id, [first.id, second.id], "reject", t.clock)).map((result) => result.outcome)).toEqual(["rejected", "rejected"]);
    expect(await t.runtime.db.referral.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ status: "REJECTED", closedReason: "merchant", reviewedAt: t.clock });
    expect(await reviewReferrals(t.runtime.db, shop.id, [first.id], "approve", t.clock)).toEqual([{ id: first.id, outcome: "not_in_review", status: "REJECTED" }]);
    expect(await reviewReferrals(t.runtime.db, randomUUID(), [second.id], "approve", t.clock)).toEqual([{ id: second.id, outcome: "not_found", status: null }]);
    expect(await t.runtime.db.job.count({ where: { kind: "referrals.settle" } })).toBe(0);
  });
});

describe("the household allow-list", () => {
  test("adds an address as its household and a phone as E.164, once each; lists and removes them; refuses what names no household", async () => {
    const shop = t.shopify.shop();
    const address = await addAllowListEntry(
      t.runtime.db,
      shop.id,
      { kind: "address", address: { address1: "Hauptstr. 5", address2: null, zip: "10115", countryCode: "DE" }, note: " Ehepaar " },
      "DE",
    );
    const again = await addAllowListEntry(t.runtime.db, shop.id, { kind: "address", address: { address1: "Hauptstraße 5", address2: "3. OG", zip: "10115", countryCode: "DE" } }, "DE");
    expect(again.id).toBe(address.id);
    const phone = await addAllowListEntry(t.runtime.db, shop.id, { kind: "phone", phone: "0171 1234567" }, "DE");
    const stored = await t.runtime.db.referralAllowListEntry.findMany({ where: { shopId: shop.id }, orderBy: { kind: "asc" } });
    expect(stored.map((entry) => [entry.kind, entry.value, entry.label])).toEqual([
      ["address", "DE|10115|hauptstrasse5", "Hauptstr. 5, 10115 DE"],
      ["phone", "+491711234567", "0171 1234567"],
    ]);
    expect((await listAllowList(t.runtime.db, shop.id)).map((entry) => entry.id).sort()).toEqual([address.id, phone.id].sort());

    await expect(addAllowListEntry(t.runtime.db, shop.id, { kind: "phone", phone: "000000" }, "DE")).rejects.toThrow(AllowListRefused);
    await expect(addAllowListEntry(t.runtime.db, shop.id, { kind: "address", address: { address1: "Packstation 105", address2: null, zip: "10115", countryCode: "DE" } }, "DE")).rejects.toThrow(AllowListRefused);

    expect(await removeAllowListEntry(t.runtime.db, shop.id, address.id)).toBe(true);
    expect(await removeAllowListEntry(t.runtime.db, randomUUID(), phone.id)).toBe(false);
    expect((await listAllowList(t.runtime.db, shop.id)).map((entry) => entry.kind)).toEqual(["phone"]);
  });

  test("adds the household of a referral's friend: the order's shipping address or the friend's phone", async () => {
    const shop = t.shopify.shop();
    const { code } = await advocateWithCode(t.runtime.db, shop.id);
    const friend = await referralCustomer(t.runtime.db, shop.id, { firstName: "Carla", lastName: "Beispiel", email: "carla@example.net" });
    await t.runtime.db.customer.update({ where: { id: friend.id }, data: { phone: "+49 171 1234567" } });
    const order = await referralOrder(t.runtime.db, shop.id, { customerId: friend.id, name: "#401", totalMinor: 5_000n, at: ORDER_PAID_AT });
    await t.runtime.db.order.update({ where: { id: order.id }, data: { shippingAddress1: "Marienpl. 1", shippingZip: "80331", shippingCountryCode: "DE" } });
    const referral = await claimedReferral(t.runtime.db, { shopId: shop.id, codeId: code.id, friendCustomerId: friend.id, orderId: order.id, status: "REVIEW" });

    expect(await allowHouseholdOfReferral(t.runtime.db, shop.id, referral.id, "address")).toMatchObject({ kind: "address", label: "Marienpl. 1, 80331 DE" });
    expect(await allowHouseholdOfReferral(t.runtime.db, shop.id, referral.id, "phone")).toMatchObject({ kind: "phone", label: "+49 171 1234567" });
    const values = (await t.runtime.db.referralAllowListEntry.findMany({ where: { shopId: shop.id } })).map((entry) => entry.value).sort();
    expect(values).toEqual(["+491711234567", "DE|80331|marienplatz1"]);
    await expect(allowHouseholdOfReferral(t.runtime.db, randomUUID(), referral.id, "address")).rejects.toThrow(AllowListRefused);
  });
});
