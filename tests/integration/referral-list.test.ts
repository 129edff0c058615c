import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_PROGRAM_SETTINGS } from "~/core/loyalty/program-settings";
import { saveProgram } from "~/core/loyalty/program.server";
import { FRAUD_POINTS, type FraudReason } from "~/core/referrals/fraud-score";
import { listReferrals, REFERRAL_PAGE_SIZE, referralFigures } from "~/core/referrals/referral-list.server";
import type { Runtime } from "~/runtime.server";
import { advocateCode, referralCustomer, referralOrder, referralRow } from "../helpers/referral-rows";
import { startTestRuntime } from "../helpers/test-runtime";

// The referrals page's reads against a migrated database: one shop's referrals with both parties,
// the order and the stored fraud reasons; the status filter (a claimed code past its end reads as
// expired), search and paging; and the figures over a period, which count what a referral
// really brought and cost.

const NOW = new Date();
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

let runtime: Runtime;
let shop: { id: string; currency: string };
let otherShop: { id: string; currency: string };
const ids: Record<string, string> = {};

const householdReasons: FraudReason[] = [
  {
    code: "shared_shipping_address",
    points: FRAUD_POINTS.shared_shipping_address,
    detail: { advocateAddress: "Hauptstraße 5, 10115 DE", friendAddress: "Hauptstr. 5, 10115 DE" },
  },
  { code: "shared_phone", points: FRAUD_POINTS.shared_phone, detail: { phone: "+491711234567" } },
];

/** The advocate's 10 € code. */
const AMOUNT_REWARD = { kind: "discount", value: { kind: "amount", amountMinor: 1_000 }, minimumSubtotalMinor: 3_000, codeValidDays: 90 } as const;

/** A converted referral: the friend, their order with the friend's code, and what the status says. */
async function converted(
  shopId: string,
  codeId: string,
  input: { friendCode: string; friend: string; total: bigint; convertedDaysAgo: number; usedCode?: string } & Parameters<typeof referralRow>[1],
) {
  const { friend: firstName, total, convertedDaysAgo, usedCode, ...rest } = input;
  const friend = await referralCustomer(runtime.db, shopId, { firstName, lastName: "Freundin", email: `${firstName.toLowerCase()}@example.com` });
  const order = await referralOrder(runtime.db, shopId, {
    customerId: friend.id,
    name: `#${firstName}`,
    totalMinor: total,
    at: daysAgo(convertedDaysAgo),
    discounts: [{ code: usedCode ?? input.friendCode, amountMinor: 1_000n }],
  });
  return referralRow(runtime.db, {
    friendCustomerId: friend.id,
    orderId: order.id,
    orderTotalMinor: total,
    orderCurrency: "EUR",
    convertedAt: daysAgo(convertedDaysAgo),
    returnWindowEndsAt: daysAgo(convertedDaysAgo - 30),
    fraudScore: 0,
    fraudReasons: [],
    createdAt: daysAgo(convertedDaysAgo + 1),
    ...rest,
  });
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  const db = runtime.db;
  shop = await db.shop.create({ data: { platform: "SHOPIFY", domain: "referral-list.myshopify.com", currency: "EUR" } });
  otherShop = await db.shop.create({ data: { platform: "SHOPIFY", domain: "referral-other.myshopify.com", currency: "EUR" } });
  await db.$transaction((tx) => saveProgram(tx, shop.id, { settings: DEFAULT_PROGRAM_SETTINGS, enabled: true }));

  const anna = await referralCustomer(db, shop.id, { firstName: "Anna", lastName: "Schmidt", email: "anna@example.com" });
  const ben = await referralCustomer(db, shop.id, { firstName: "Ben", lastName: "Weber", email: "ben@example.com" });
  const annaCode = await advocateCode(db, shop.id, anna.id, "ANNA-7K3Q");
  const benCode = await advocateCode(db, shop.id, ben.id, "BEN-2XYZ");
  ids.anna = anna.id;

  const claimed = { shopId: shop.id, codeId: annaCode.id };
  ids.claimed = (await referralRow(db, { ...claimed, friendCode: "FREUND-CLAIMED01", friendEmail: "claire@example.com", friendCodeExpiresAt: daysAgo(-10), createdAt: daysAgo(5) })).id;
  ids.expired = (await referralRow(db, { ...claimed, friendCode: "FREUND-EXPIRED01", friendEmail: "old@example.com", friendCodeExpiresAt: daysAgo(1), createdAt: daysAgo(20) })).id;

  ids.pending = (await converted(shop.id, annaCode.id, { ...claimed, friendCode: "FREUND-PENDING01", friend: "Clara", total: 5_000n, convertedDaysAgo: 3, status: "PENDING" })).id;
  ids.review = (
    await converted(shop.id, annaCode.id, {
      ...claimed,
      friendCode: "FREUND-REVIEW001",
      friend: "Dora",
      total: 8_000n,
      convertedDaysAgo: 2,
      status: "REVIEW",
      fraudScore: 70,
      fraudReasons: householdReasons,
    })
  ).id;
  // The order's code as the checkout wrote it (lower case) is still the friend's code.
  ids.rewardedAmount = (
    await converted(shop.id, annaCode.id, {
      ...claimed,
      friendCode: "FREUND-AMOUNT001",
      usedCode: "freund-amount001",
      friend: "Emil",
      total: 4_000n,
      convertedDaysAgo: 10,
      status: "REWARDED",
      advocateReward: AMOUNT_REWARD,
      advocateRewardCode: "FREUND-ADVAMOUNT",
      advocateRewardedAt: daysAgo(1),
    })
  ).id;
  await converted(shop.id, benCode.id, {
    shopId: shop.id,
    codeId: benCode.id,
    friendCode: "FREUND-POINTS001",
    friend: "Frida",
    total: 6_000n,
    convertedDaysAgo: 12,
    status: "REWARDED",
    advocateReward: { kind: "points", points: 300 },
    advocateRewardPoints: 300,
    advocateRewardedAt: daysAgo(2),
  });
  // A percentage for the advocate costs what it took off where it was used; one unused is unpriced.
  await converted(shop.id, benCode.id, {
    shopId: shop.id,
    codeId: benCode.id,
    friendCode: "FREUND-PERCENT01",
    friend: "Gerd",
    total: 5_000n,
    convertedDaysAgo: 14,
    status: "REWARDED",
    advocateReward: { kind: "discount", value: { kind: "percent", percent: 10 }, minimumSubtotalMinor: null, codeValidDays: 90 },
    advocateRewardCode: "FREUND-ADVPCT01",
    advocateRewardedAt: daysAgo(3),
  });
  await referralOrder(db, shop.id, { customerId: ben.id, name: "#ben-own", totalMinor: 7_500n, at: daysAgo(1), discounts: [{ code: "FREUND-ADVPCT01", amountMinor: 750n }] });
  await converted(shop.id, benCode.id, {
    shopId: shop.id,
    codeId: benCode.id,
    friendCode: "FREUND-PERCENT02",
    friend: "Hanna",
    total: 5_000n,
    convertedDaysAgo: 14,
    status: "REWARDED",
    advocateReward: { kind: "discount", value: { kind: "free_shipping" }, minimumSubtotalMinor: null, codeValidDays: 90 },
    advocateRewardCode: "FREUND-ADVSHIP1",
    advocateRewardedAt: daysAgo(3),
  });
  ids.voided = (
    await converted(shop.id, annaCode.id, { ...claimed, friendCode: "FREUND-VOIDED01", friend: "Ida", total: 3_000n, convertedDaysAgo: 4, status: "VOIDED", closedReason: "refunded" })
  ).id;
  await converted(shop.id, annaCode.id, { ...claimed, friendCode: "FREUND-REJECT01", friend: "Jan", total: 2_000n, convertedDaysAgo: 4, status: "REJECTED", closedReason: "score", fraudScore: 100 });
  // Before the 30-day period.
  await converted(shop.id, annaCode.id, { ...claimed, friendCode: "FREUND-OLD00001", friend: "Kai", total: 9_000n, convertedDaysAgo: 60, status: "PENDING" });

  await db.referralClick.createMany({
    data: [1, 2, 3, 45].map((days) => ({ shopId: shop.id, codeId: annaCode.id, ipKey: "ip", deviceKey: "device", at: daysAgo(days) })),
  });

  const stranger = await referralCustomer(db, otherShop.id, { firstName: "Anna", lastName: "Fremd", email: "anna@other.example" });
  const strangerCode = await advocateCode(db, otherShop.id, stranger.id, "ANNA-OTHR");
  await converted(otherShop.id, strangerCode.id, { shopId: otherShop.id, codeId: strangerCode.id, friendCode: "FREUND-OTHER001", friend: "Otto", total: 50_000n, convertedDaysAgo: 1, status: "REVIEW" });
  await db.referralClick.create({ data: { shopId: otherShop.id, codeId: strangerCode.id, ipKey: "ip", deviceKey: "device", at: daysAgo(1) } });
});

afterAll(async () => {
  await runtime?.close();
});

describe("listReferrals", () => {
  test("lists the shop's referrals newest first with both parties, the order and the parsed fraud reasons", async () => {
    const page = await listReferrals(runtime.db, shop.id, { page: 1, now: NOW });
    expect(page.totalCount).toBe(11);
    expect(page.rows.map((row) => row.friendCode)).not.toContain("FREUND-OTHER001");
    expect(page.rows[0]!.id).toBe(ids.review);
    const review = page.rows[0]!;
    expect(review).toMatchObject({
      status: "REVIEW",
      advocate: { customerId: ids.anna, name: "Anna Schmidt", email: "anna@example.com", redacted: false },
      advocateCode: "ANNA-7K3Q",
      friend: { name: "Dora Freundin", email: "dora@example.com" },
      fraud: { score: 70, reasons: householdReasons },
      order: { name: "#Dora", totalMinor: 8_000, currency: "EUR" },
      friendReward: { value: { kind: "amount", amountMinor: 1_000 } },
    });
    const claimed = page.rows.find((row) => row.id === ids.claimed)!;
    expect(claimed).toMatchObject({ status: "CLAIMED", friend: { customerId: null, name: null, email: "claire@example.com" }, order: null, fraud: null });
  });

  test("a claimed code past its end reads as expired, in the rows and in the filter", async () => {
    const expired = await listReferrals(runtime.db, shop.id, { status: "EXPIRED", page: 1, now: NOW });
    expect(expired.rows.map((row) => [row.id, row.status])).toEqual([[ids.expired, "EXPIRED"]]);
    const claimed = await listReferrals(runtime.db, shop.id, { status: "CLAIMED", page: 1, now: NOW });
    expect(claimed.rows.map((row) => row.id)).toEqual([ids.claimed]);
  });

  test("filters by status and searches codes, e-mails and names of either party", async () => {
    const review = await listReferrals(runtime.db, shop.id, { status: "REVIEW", page: 1, now: NOW });
    expect(review.rows.map((row) => row.id)).toEqual([ids.review]);
    expect((await listReferrals(runtime.db, shop.id, { page: 1, search: "dora", now: NOW })).rows.map((row) => row.id)).toEqual([ids.review]);
    expect((await listReferrals(runtime.db, shop.id, { page: 1, search: "claire@", now: NOW })).rows.map((row) => row.id)).toEqual([ids.claimed]);
    expect((await listReferrals(runtime.db, shop.id, { page: 1, search: "amount001", now: NOW })).rows.map((row) => row.id)).toEqual([ids.rewardedAmount]);
    expect((await listReferrals(runtime.db, shop.id, { page: 1, search: "BEN-2X", now: NOW })).totalCount).toBe(3);
    expect((await listReferrals(runtime.db, shop.id, { page: 1, search: "Weber", now: NOW })).totalCount).toBe(3);
    // LIKE's wildcards are searched for as text.
    expect((await listReferrals(runtime.db, shop.id, { page: 1, search: "%", now: NOW })).totalCount).toBe(0);
  });

  test("pages without repeating or skipping a referral", async () => {
    const extra = await referralCustomer(runtime.db, shop.id, { firstName: "Paula", lastName: "Page", email: "paula@example.com" });
    const code = await advocateCode(runtime.db, shop.id, extra.id, "PAULA-PAGE");
    const sameMoment = daysAgo(100);
    for (let index = 0; index < REFERRAL_PAGE_SIZE + 3; index++) {
      await referralRow(runtime.db, { shopId: shop.id, codeId: code.id, friendCode: `FREUND-PAGE${String(index).padStart(5, "0")}`, createdAt: sameMoment });
    }
    const first = await listReferrals(runtime.db, shop.id, { page: 1, search: "PAULA", now: NOW });
    const second = await listReferrals(runtime.db, shop.id, { page: 2, search: "PAULA", now: NOW });
    expect([first.rows.length, first.hasNext, first.hasPrevious]).toEqual([REFERRAL_PAGE_SIZE, true, false]);
    expect([second.rows.length, second.hasNext, second.hasPrevious]).toEqual([3, false, true]);
    expect(new Set([...first.rows, ...second.rows].map((row) => row.id)).size).toBe(REFERRAL_PAGE_SIZE + 3);
    const beyond = await listReferrals(runtime.db, shop.id, { page: 9, search: "PAULA", now: NOW });
    expect(beyond.page).toBe(2);
    await runtime.db.referral.deleteMany({ where: { codeId: code.id } });
  });
});

describe("referralFigures", () => {
  test("counts the period's clicks, claims and orders that still count, and what they brought and cost", async () => {
    const figures = await referralFigures(runtime.db, shop, { since: daysAgo(30) });
    expect(figures).toEqual({
      currency: "EUR",
      since: daysAgo(30).toISOString(),
      clicks: 3,
      // Claimed within 30 days: all but the expired one (20 days: inside) and the old one.
      claims: 10,
      convertedOrders: 6,
      voidedOrders: 1,
      rejectedOrders: 1,
      // Pending 5000 + review 8000 + rewarded 4000 + 6000 + 5000 + 5000.
      revenueMinor: 33_000,
      cost: {
        // Six counting orders and the rejected one took 10 € each; the voided one's discount went back.
        friendDiscountsMinor: 7_000,
        // 10 € face value + 7,50 € the percentage took off; free shipping not used yet.
        advocateDiscountsMinor: 1_750,
        advocateDiscountsUnpriced: 1,
        advocatePoints: 300,
        // The catalog's cheapest fixed reward: 500 points for 5 €.
        advocatePointsValueMinor: 300,
        totalMinor: 9_050,
      },
    });
  });

  test("a longer period takes the older conversion in; another shop's rows never count", async () => {
    const figures = await referralFigures(runtime.db, shop, { since: daysAgo(365) });
    expect([figures.clicks, figures.convertedOrders, figures.revenueMinor]).toEqual([4, 7, 42_000]);
    const other = await referralFigures(runtime.db, otherShop, { since: daysAgo(30) });
    expect(other).toMatchObject({ clicks: 1, claims: 1, convertedOrders: 1, revenueMinor: 50_000, cost: { advocatePointsValueMinor: null } });
  });
});
