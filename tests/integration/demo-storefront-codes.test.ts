import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { adjustPoints } from "~/core/loyalty/adjustments.server";
import { DEFAULT_PROGRAM_SETTINGS } from "~/core/loyalty/program-settings";
import { saveProgram } from "~/core/loyalty/program.server";
import { redeemReward } from "~/core/loyalty/redemption.server";
import type { DiscountCodeRequest } from "~/core/platform-actions";
import { demoPlatformActions } from "~/demo/demo-platform-actions";
import { lookUpCode } from "~/demo/storefront/discount-codes.server";
import type { Runtime } from "~/runtime.server";
import { startTestRuntime } from "../helpers/test-runtime";

// The demo storefront's checkout checks a typed code as Shopify checks it, against the codes the
// demo's platform stand-in created (not the CRM's records): it exists in any case, is active,
// has started and not ended, has a use left, and belongs to the signed-in customer if it is
// restricted to one. A loyalty reward's code is one of them: the program creates it through the
// stand-in as it would through Shopify.

const DOMAIN = "codes-test.myshopify.com";
let runtime: Runtime;
let shopId: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

const NOW = new Date();
const DAY = 86_400_000;

beforeEach(async () => {
  await runtime.db.shop.deleteMany();
  await runtime.db.demoDiscountCode.deleteMany();
  const shop = await runtime.db.shop.create({ data: { platform: "SHOPIFY", domain: DOMAIN, currency: "EUR" } });
  shopId = shop.id;
  await runtime.db.$transaction((tx) => saveProgram(tx, shopId, { settings: DEFAULT_PROGRAM_SETTINGS, enabled: true }));
});

function codeRequest(code: string, overrides: Partial<DiscountCodeRequest> = {}): DiscountCodeRequest {
  return {
    code,
    title: code,
    value: { kind: "amount", amountMinor: 500n, currency: "EUR" },
    customerPlatformId: null,
    usageLimit: 1,
    oncePerCustomer: true,
    minimumSubtotal: null,
    startsAt: new Date(NOW.getTime() - DAY),
    endsAt: null,
    ...overrides,
  };
}

async function memberWithPoints(platformId: string, points: number) {
  const customer = await runtime.db.customer.create({ data: { shopId, platformId, email: `${platformId}@example.org` } });
  await adjustPoints(runtime.db, { shopId, customerId: customer.id, points, reason: "test", requestKey: `test:${platformId}` }, NOW);
  return customer;
}

describe("demo storefront: a code at checkout", () => {
  test("a redeemed loyalty reward's code is its discount, typed in any case, for its own customer only", async () => {
    const ana = await memberWithPoints("1001", 1_500);
    const redeem = (rewardId: string) =>
      redeemReward(runtime.db, async () => demoPlatformActions(runtime.db, DOMAIN), { shopId, customerId: ana.id, rewardId, requestKey: `test:${rewardId}`, locale: "de" }, NOW);
    const fiveOff = await redeem("five-off");
    const tenPercent = await redeem("ten-percent");
    expect(fiveOff.status).toBe("ISSUED");
    const platformId = async (rewardRowId: string) => (await runtime.db.loyaltyReward.findUniqueOrThrow({ where: { id: rewardRowId } })).discountPlatformId;
    const stored = await runtime.db.demoDiscountCode.findFirstOrThrow({ where: { shopId, code: fiveOff.code } });
    expect(stored).toMatchObject({ id: await platformId(fiveOff.id), customerPlatformId: "1001", usageLimit: 1, usedCount: 0, active: true });

    expect(await lookUpCode(runtime.db, shopId, ` ${fiveOff.code.toLowerCase()} `, "1001", NOW)).toEqual({
      ok: true,
      platformId: stored.id,
      discount: { code: fiveOff.code, value: { kind: "amount", amountMinor: 500n, currency: "EUR" }, minimumSubtotalMinor: null },
    });
    expect(await lookUpCode(runtime.db, shopId, tenPercent.code, "1001", NOW)).toEqual({
      ok: true,
      platformId: await platformId(tenPercent.id),
      discount: { code: tenPercent.code, value: { kind: "percent", percent: 10 }, minimumSubtotalMinor: 2_000 },
    });
    expect(await lookUpCode(runtime.db, shopId, fiveOff.code, "1002", NOW)).toEqual({ ok: false, reason: "notYours" });
    expect(await lookUpCode(runtime.db, shopId, fiveOff.code, null, NOW)).toEqual({ ok: false, reason: "notYours" });
  });

  test("a code for anyone is honoured for guests and every customer", async () => {
    await demoPlatformActions(runtime.db, DOMAIN).createDiscountCode(codeRequest("FREUND-ALLE", { value: { kind: "free_shipping" }, usageLimit: null }));
    for (const customer of [null, "1001", "1002"]) expect(await lookUpCode(runtime.db, shopId, "freund-alle", customer, NOW)).toMatchObject({ ok: true });
  });

  test("is refused once used up, expired, before its start, deactivated, or unknown", async () => {
    const actions = demoPlatformActions(runtime.db, DOMAIN);
    await actions.createDiscountCode(codeRequest("USED-UP"));
    await runtime.db.demoDiscountCode.updateMany({ where: { code: "USED-UP" }, data: { usedCount: 1 } });
    await actions.createDiscountCode(codeRequest("EXPIRED", { endsAt: NOW }));
    await actions.createDiscountCode(codeRequest("LATER", { startsAt: new Date(NOW.getTime() + 1) }));
    const cancelled = await actions.createDiscountCode(codeRequest("CANCELLED"));
    await actions.deactivateDiscountCode(cancelled.platformId);
    await actions.createDiscountCode(codeRequest("STILL-GOOD", { endsAt: new Date(NOW.getTime() + 1) }));

    expect(await lookUpCode(runtime.db, shopId, "USED-UP", null, NOW)).toEqual({ ok: false, reason: "used" });
    expect(await lookUpCode(runtime.db, shopId, "EXPIRED", null, NOW)).toEqual({ ok: false, reason: "expired" });
    expect(await lookUpCode(runtime.db, shopId, "LATER", null, NOW)).toEqual({ ok: false, reason: "unknown" });
    expect(await lookUpCode(runtime.db, shopId, "CANCELLED", null, NOW)).toEqual({ ok: false, reason: "unknown" });
    expect(await lookUpCode(runtime.db, shopId, "NICHT-GUELTIG", null, NOW)).toEqual({ ok: false, reason: "unknown" });
    expect(await lookUpCode(runtime.db, shopId, "STILL-GOOD", null, NOW)).toMatchObject({ ok: true });
  });

  test("another shop's code is unknown here", async () => {
    await demoPlatformActions(runtime.db, DOMAIN).createDiscountCode(codeRequest("OTHER-SHOP"));
    const other = await runtime.db.shop.create({ data: { platform: "SHOPIFY", domain: "other.myshopify.com", currency: "EUR" } });
    expect(await lookUpCode(runtime.db, other.id, "OTHER-SHOP", null, NOW)).toEqual({ ok: false, reason: "unknown" });
  });
});
