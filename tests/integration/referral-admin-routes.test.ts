import { beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { referralSettingsToFields } from "~/admin/referrals/settings-form";
import { FRAUD_POINTS } from "~/core/referrals/fraud-score";
import { DEFAULT_REFERRAL_SETTINGS } from "~/core/referrals/program-settings";
import { referralProgram } from "~/core/referrals/program.server";
import { action as referralsAction, loader as referralsLoader } from "~/routes/app.referrals._index";
import { action as settingsAction, loader as settingsLoader } from "~/routes/app.referrals.settings";
import { setUpAdminShop, thrownResponse } from "../helpers/admin-requests";
import { advocateCode, referralCustomer, referralOrder, referralRow } from "../helpers/referral-rows";
import { TEST_ENV } from "../helpers/test-runtime";

// The referral admin's routes as Shopify's admin calls them: the settings form saves amounts typed
// in German, answers invalid values with errors at their fields and switches the program; the
// referrals page reads one shop's figures, queue, list and allow-list, approves and rejects in
// bulk (another shop's referral is left alone), and allow-lists a referral's household.

const admin = setUpAdminShop("referral-admin");
const SETTINGS_URL = `${TEST_ENV.SHOPIFY_APP_URL}/app/referrals/settings`;
const REFERRALS_URL = `${TEST_ENV.SHOPIFY_APP_URL}/app/referrals`;
const NOW = Date.now();
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000);

/** A route's answer: what `data(…, { status })` wraps, or a plain object (200). */
function answer(result: object): { status: number; body: unknown } {
  if ("init" in result && "data" in result) {
    return { status: z.object({ status: z.number().optional() }).nullable().parse(result.init)?.status ?? 200, body: result.data };
  }
  return { status: 200, body: result };
}

const reviewIds: string[] = [];
let otherShopReferral = "";
let claimedId = "";

beforeAll(async () => {
  const db = admin.runtime.db;
  const shopId = admin.shopId;
  const anna = await referralCustomer(db, shopId, { firstName: "Anna", lastName: "Schmidt", email: "anna@example.com" });
  const code = await advocateCode(db, shopId, anna.id, "ANNA-7K3Q");
  for (const name of ["Dora", "Emil", "Frida"]) {
    const friend = await referralCustomer(db, shopId, { firstName: name, lastName: "Schmidt", email: `${name.toLowerCase()}@example.com` });
    await db.customer.update({ where: { id: friend.id }, data: { phone: "0171 1234567" } });
    const order = await referralOrder(db, shopId, { customerId: friend.id, name: `#${name}`, totalMinor: 5_000n, at: daysAgo(2), discounts: [{ code: `FREUND-${name.toUpperCase()}00000`, amountMinor: 1_000n }] });
    await db.order.update({ where: { id: order.id }, data: { shippingAddress1: "Hauptstraße 5", shippingZip: "10115", shippingCountryCode: "DE" } });
    const referral = await referralRow(db, {
      shopId,
      codeId: code.id,
      friendCode: `FREUND-${name.toUpperCase()}00000`,
      friendCustomerId: friend.id,
      status: "REVIEW",
      orderId: order.id,
      orderTotalMinor: 5_000n,
      orderCurrency: "EUR",
      convertedAt: daysAgo(2),
      returnWindowEndsAt: daysAgo(-28),
      fraudScore: 70,
      fraudReasons: [
        { code: "shared_shipping_address", points: FRAUD_POINTS.shared_shipping_address, detail: { advocateAddress: "Hauptstraße 5, 10115 DE", friendAddress: "Hauptstraße 5, 10115 DE" } },
        { code: "shared_phone", points: FRAUD_POINTS.shared_phone, detail: { phone: "+491711234567" } },
      ],
      advocateReward: DEFAULT_REFERRAL_SETTINGS.advocateReward,
      createdAt: daysAgo(3),
    });
    reviewIds.push(referral.id);
  }
  claimedId = (await referralRow(db, { shopId, codeId: code.id, friendCode: "FREUND-CLAIMED000", friendEmail: "claire@example.com", createdAt: daysAgo(1) })).id;

  const other = await db.shop.create({ data: { platform: "SHOPIFY", domain: "referral-admin-other.myshopify.com", currency: "EUR" } });
  const stranger = await referralCustomer(db, other.id, { firstName: "Otto", lastName: "Fremd", email: "otto@example.com" });
  const strangerCode = await advocateCode(db, other.id, stranger.id, "OTTO-2XYZ");
  otherShopReferral = (await referralRow(db, { shopId: other.id, codeId: strangerCode.id, friendCode: "FREUND-OTHER0000", status: "REVIEW" })).id;
});

describe("referral settings page", () => {
  test("a shop without a program sees the defaults, switched off", async () => {
    const loaded = await admin.get(settingsLoader, SETTINGS_URL);
    expect(loaded).toEqual({ enabled: false, saved: false, settings: DEFAULT_REFERRAL_SETTINGS, currency: "EUR" });
  });

  test("saves amounts typed in German as minor units, and the page reloads them", async () => {
    const fields = {
      ...referralSettingsToFields(DEFAULT_REFERRAL_SETTINGS, "EUR", "de"),
      intent: "save",
      "friendReward.value.amountMinor": "12,50",
      "advocateReward.kind": "points",
      "advocateReward.points": "250",
      minimumOrderMinor: "1.000,00",
      advocateMonthlyLimit: "",
      codePrefix: "empfehlung",
      "fraud.rejectAt": "",
    };
    expect(answer(await admin.post(settingsAction, SETTINGS_URL, fields))).toEqual({ status: 200, body: { ok: true, switched: null } });
    const program = await referralProgram(admin.runtime.db, admin.shopId);
    expect(program).toMatchObject({
      enabled: false,
      settings: {
        friendReward: { value: { kind: "amount", amountMinor: 1_250 }, minimumSubtotalMinor: 3_000, codeValidDays: 30 },
        advocateReward: { kind: "points", points: 250 },
        minimumOrderMinor: 100_000,
        advocateMonthlyLimit: null,
        codePrefix: "EMPFEHLUNG",
        fraud: { rejectAt: null, reviewAt: 30 },
      },
    });
    const loaded = await admin.get(settingsLoader, SETTINGS_URL);
    expect(referralSettingsToFields(loaded.settings, "EUR", "de")).toMatchObject({ "friendReward.value.amountMinor": "12,50", minimumOrderMinor: "1000,00" });
  });

  test("invalid values answer 400 with errors at their fields and save nothing", async () => {
    const fields = {
      ...referralSettingsToFields(DEFAULT_REFERRAL_SETTINGS, "EUR", "de"),
      intent: "save",
      "friendReward.value.amountMinor": "zehn",
      "friendReward.codeValidDays": "400",
      returnWindowDays: "",
      claimsPerHourPerIp: "1,5",
      codePrefix: "FREUND-!",
      "fraud.reviewAt": "60",
      "fraud.rejectAt": "50",
      "advocateReward.value.kind": "percent",
      "advocateReward.value.percent": "0",
    };
    const refused = answer(await admin.post(settingsAction, SETTINGS_URL, fields));
    expect(refused).toEqual({
      status: 400,
      body: {
        ok: false,
        errors: {
          "friendReward.value.amountMinor": { code: "amount" },
          "friendReward.codeValidDays": { code: "max", limit: 365 },
          returnWindowDays: { code: "required" },
          claimsPerHourPerIp: { code: "wholeNumber" },
          codePrefix: { code: "codePrefix" },
          "fraud.rejectAt": { code: "rejectBelowReview" },
          "advocateReward.value.percent": { code: "min", limit: 1 },
        },
      },
    });
    expect((await referralProgram(admin.runtime.db, admin.shopId))?.settings.codePrefix).toBe("EMPFEHLUNG");
  });

  test("an amount's bound is named in currency units", async () => {
    const fields = { ...referralSettingsToFields(DEFAULT_REFERRAL_SETTINGS, "EUR", "en"), intent: "save", "friendReward.value.amountMinor": "2000000" };
    expect(answer(await admin.post(settingsAction, SETTINGS_URL, fields)).body).toEqual({
      ok: false,
      errors: { "friendReward.value.amountMinor": { code: "max", limit: 1_000_000 } },
    });
  });

  test("switches the program on and off", async () => {
    expect(await admin.post(settingsAction, SETTINGS_URL, { intent: "switch", enabled: "true" })).toEqual({ ok: true, switched: true });
    expect((await admin.get(settingsLoader, SETTINGS_URL)).enabled).toBe(true);
    expect(await admin.post(settingsAction, SETTINGS_URL, { intent: "switch", enabled: "false" })).toEqual({ ok: true, switched: false });
    expect((await referralProgram(admin.runtime.db, admin.shopId))?.enabled).toBe(false);
    expect((await thrownResponse(admin.post(settingsAction, SETTINGS_URL, { intent: "explode" }))).status).toBe(400);
  });
});

describe("referrals page", () => {
  test("reads the shop's figures, review queue, list and allow-list", async () => {
    const loaded = await admin.get(referralsLoader, REFERRALS_URL);
    expect(loaded.figures).toMatchObject({ currency: "EUR", claims: 4, convertedOrders: 3, revenueMinor: 15_000, cost: { friendDiscountsMinor: 3_000 } });
    expect(loaded.review.rows.map((row) => row.id).sort()).toEqual([...reviewIds].sort());
    expect(loaded.review.rows[0]!.fraud?.reasons.map((reason) => reason.code)).toEqual(["shared_shipping_address", "shared_phone"]);
    expect(loaded.list.totalCount).toBe(4);
    expect(loaded.list.rows[0]!.id).toBe(claimedId);
    expect(loaded.allowList).toEqual([]);
    expect(loaded.state).toEqual({ status: null, page: 1, q: "", period: "30d" });
  });

  test("the status tab, search and period come from the URL; what does not parse falls back", async () => {
    const claimed = await admin.get(referralsLoader, `${REFERRALS_URL}?status=CLAIMED&period=12m`);
    expect(claimed.list.rows.map((row) => row.id)).toEqual([claimedId]);
    expect(claimed.state).toMatchObject({ status: "CLAIMED", period: "12m" });
    const searched = await admin.get(referralsLoader, `${REFERRALS_URL}?q=emil`);
    expect(searched.list.rows.map((row) => row.friend.name)).toEqual(["Emil Schmidt"]);
    const wrong = await admin.get(referralsLoader, `${REFERRALS_URL}?status=LOST&page=-3&period=week`);
    expect(wrong.state).toEqual({ status: null, page: 1, q: "", period: "30d" });
  });

  test("approves and rejects in bulk; a referral decided already or of another shop is left as it is", async () => {
    const [first, second, third] = reviewIds as [string, string, string];
    const approved = await admin.post(referralsAction, REFERRALS_URL, [["intent", "approve"], ["id", first], ["id", second], ["id", otherShopReferral]]);
    expect(approved).toEqual({ kind: "reviewed", approved: 2, rejected: 0, skipped: 1 });
    const rejected = await admin.post(referralsAction, REFERRALS_URL, [["intent", "reject"], ["id", second], ["id", third]]);
    expect(rejected).toEqual({ kind: "reviewed", approved: 0, rejected: 1, skipped: 1 });

    const rows = await admin.runtime.db.referral.findMany({ where: { id: { in: [...reviewIds, otherShopReferral] } }, select: { id: true, status: true, closedReason: true } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(first)).toMatchObject({ status: "PENDING" });
    expect(byId.get(second)).toMatchObject({ status: "PENDING" });
    expect(byId.get(third)).toMatchObject({ status: "REJECTED", closedReason: "merchant" });
    expect(byId.get(otherShopReferral)).toMatchObject({ status: "REVIEW" });
    expect((await admin.get(referralsLoader, REFERRALS_URL)).review.rows).toEqual([]);

    expect((await thrownResponse(admin.post(referralsAction, REFERRALS_URL, [["intent", "approve"], ["id", "not-a-uuid"]]))).status).toBe(400);
  });

  test("allow-lists a referral's household address and phone, and removes an entry", async () => {
    const [first] = reviewIds as [string];
    expect(await admin.post(referralsAction, REFERRALS_URL, { intent: "allow:address", id: first })).toEqual({ kind: "allowed" });
    expect(await admin.post(referralsAction, REFERRALS_URL, { intent: "allow:phone", id: first })).toEqual({ kind: "allowed" });
    const loaded = await admin.get(referralsLoader, REFERRALS_URL);
    expect(loaded.allowList.map((entry) => [entry.kind, entry.label]).sort()).toEqual([
      ["address", expect.stringContaining("Hauptstraße 5")],
      ["phone", "0171 1234567"],
    ]);

    const refused = answer(await admin.post(referralsAction, REFERRALS_URL, { intent: "allow:address", id: claimedId }));
    expect(refused).toEqual({ status: 400, body: { kind: "refused", reason: "no_household" } });

    const phone = loaded.allowList.find((entry) => entry.kind === "phone")!;
    expect(await admin.post(referralsAction, REFERRALS_URL, { intent: "remove-allowed", id: phone.id })).toEqual({ kind: "removed" });
    expect((await admin.get(referralsLoader, REFERRALS_URL)).allowList.map((entry) => entry.kind)).toEqual(["address"]);
  });
});
