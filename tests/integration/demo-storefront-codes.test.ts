import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { lockMember } from "~/core/loyalty/ledger.server";
import { DEFAULT_PROGRAM_SETTINGS } from "~/core/loyalty/program-settings";
import { saveProgram } from "~/core/loyalty/program.server";
import { lookUpCode } from "~/demo/storefront/storefront-data.server";
import type { Runtime } from "~/runtime.server";
import { startTestRuntime } from "../helpers/test-runtime";

// The demo storefront's checkout checks a typed code as Shopify checks the program's codes: it
// exists in any case, is unused and unexpired, belongs to the signed-in customer, and is worth
// what its reward gave in the settings version it was redeemed under.

let runtime: Runtime;
let shopId: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

const NOW = new Date("2026-12-04T12:00:00Z");

async function rewardFor(platformId: string, code: string, data: { status?: "ISSUED" | "USED" | "CANCELLED"; expiresAt?: Date | null; rewardId?: string } = {}) {
  const customer = await runtime.db.customer.create({ data: { shopId, platformId, email: `${platformId}@example.org` } });
  const member = await runtime.db.$transaction((tx) => lockMember(tx, shopId, customer.id));
  await runtime.db.loyaltyReward.create({
    data: {
      shopId,
      memberId: member.id,
      rewardId: data.rewardId ?? "five-off",
      ruleVersion: 1,
      points: 500,
      code,
      status: data.status ?? "ISSUED",
      requestKey: `test:${code}`,
      expiresAt: data.expiresAt ?? null,
    },
  });
}

beforeEach(async () => {
  await runtime.db.shop.deleteMany();
  const shop = await runtime.db.shop.create({ data: { platform: "SHOPIFY", domain: "codes-test.myshopify.com", currency: "EUR" } });
  shopId = shop.id;
  await runtime.db.$transaction((tx) => saveProgram(tx, shopId, { settings: DEFAULT_PROGRAM_SETTINGS, enabled: true }));
});

describe("demo storefront: a code at checkout", () => {
  test("is its reward's discount, typed in any case, for its own customer only", async () => {
    await rewardFor("1001", "TREUE-AAAAA-BBBBB");
    await rewardFor("1002", "TREUE-CCCCC-DDDDD", { rewardId: "ten-percent" });
    expect(await lookUpCode(runtime.db, shopId, "EUR", " treue-aaaaa-bbbbb ", "1001", NOW)).toEqual({
      ok: true,
      discount: { code: "TREUE-AAAAA-BBBBB", value: { kind: "amount", amountMinor: 500n, currency: "EUR" }, minimumSubtotalMinor: null },
    });
    expect(await lookUpCode(runtime.db, shopId, "EUR", "TREUE-CCCCC-DDDDD", "1002", NOW)).toEqual({
      ok: true,
      discount: { code: "TREUE-CCCCC-DDDDD", value: { kind: "percent", percent: 10 }, minimumSubtotalMinor: 2_000 },
    });
    expect(await lookUpCode(runtime.db, shopId, "EUR", "TREUE-AAAAA-BBBBB", "1002", NOW)).toEqual({ ok: false, reason: "notYours" });
    expect(await lookUpCode(runtime.db, shopId, "EUR", "TREUE-AAAAA-BBBBB", null, NOW)).toEqual({ ok: false, reason: "notYours" });
  });

  test("is refused once used, expired, cancelled or unknown", async () => {
    await rewardFor("2001", "TREUE-USED0-00000", { status: "USED" });
    await rewardFor("2002", "TREUE-EXPIR-ED000", { expiresAt: new Date(NOW.getTime() - 1) });
    await rewardFor("2003", "TREUE-CANCE-LLED0", { status: "CANCELLED" });
    expect(await lookUpCode(runtime.db, shopId, "EUR", "TREUE-USED0-00000", "2001", NOW)).toEqual({ ok: false, reason: "used" });
    expect(await lookUpCode(runtime.db, shopId, "EUR", "TREUE-EXPIR-ED000", "2002", NOW)).toEqual({ ok: false, reason: "expired" });
    expect(await lookUpCode(runtime.db, shopId, "EUR", "TREUE-CANCE-LLED0", "2003", NOW)).toEqual({ ok: false, reason: "unknown" });
    expect(await lookUpCode(runtime.db, shopId, "EUR", "NICHT-GUELTIG", "2001", NOW)).toEqual({ ok: false, reason: "unknown" });
  });
});
