import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { memberState } from "~/core/loyalty/member-state.server";
import { DEFAULT_PROGRAM_SETTINGS } from "~/core/loyalty/program-settings";
import { recordInstall } from "~/core/shops/shops.server";
import type { LoyaltyEntryKind } from "~/db/generated/enums";
import type { Runtime } from "~/runtime.server";
import { startTestProgram } from "../helpers/loyalty-program";
import { startTestRuntime } from "../helpers/test-runtime";

// The storefront panel's way to the next tier counts what the tier rules count — an order's
// earning, a clawback against it — inside the window at the moment of the read, summed by the
// database (a member of years has thousands of entries).

const NOW = new Date("2026-06-15T12:00:00Z");
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

interface Entry {
  kind: LoyaltyEntryKind;
  points: number;
  at: Date;
  fromOrder?: boolean;
  eligibleMinor?: number;
}

const LEDGER: Entry[] = [
  { kind: "EARN", points: 100, at: daysAgo(30), fromOrder: true, eligibleMinor: 10_000 },
  { kind: "EARN", points: 60, at: daysAgo(200), fromOrder: true, eligibleMinor: 6_000 },
  // Clawed back from an order: against points and spend.
  { kind: "CLAWBACK", points: -30, at: daysAgo(10), fromOrder: true, eligibleMinor: 3_000 },
  // Outside the rolling twelve months.
  { kind: "EARN", points: 80, at: daysAgo(400), fromOrder: true, eligibleMinor: 8_000 },
  // Not yet (an order dated after the read).
  { kind: "EARN", points: 90, at: new Date(NOW.getTime() + DAY_MS), fromOrder: true, eligibleMinor: 9_000 },
  // Points for an action, a redemption, an adjustment, an expiry: no tier counts them.
  { kind: "EARN", points: 50, at: daysAgo(5) },
  { kind: "REDEEM", points: -500, at: daysAgo(3) },
  { kind: "ADJUST", points: 1_000, at: daysAgo(2) },
  { kind: "EXPIRE", points: -20, at: daysAgo(1) },
];

/** A shop with the program (these tier settings) and a member holding LEDGER; the member's platform id. */
async function memberWithLedger(domain: string, tiers: typeof DEFAULT_PROGRAM_SETTINGS.tiers) {
  await recordInstall(runtime.db, { platform: "SHOPIFY", domain, sealedAccessToken: runtime.secretBox.seal("shpat_test"), scopes: null, currency: "EUR" });
  const shop = await startTestProgram(runtime.db, { tiers }, domain);
  const customer = await runtime.db.customer.create({ data: { shopId: shop.id, platformId: "4001", email: "kim@example.org" } });
  const member = await runtime.db.loyaltyMember.create({ data: { shopId: shop.id, customerId: customer.id } });
  await runtime.db.loyaltyEntry.createMany({
    data: LEDGER.map((entry, index) => ({
      id: randomUUID(),
      shopId: shop.id,
      memberId: member.id,
      kind: entry.kind,
      points: entry.points,
      occurredAt: entry.at,
      sourceKey: `test:${index}`,
      orderId: entry.fromOrder ? randomUUID() : null,
      eligibleMinor: entry.eligibleMinor === undefined ? null : BigInt(entry.eligibleMinor),
    })),
  });
  return memberState(runtime.db, { shopId: shop.id, currency: "EUR", customerPlatformId: "4001", locale: "en" }, NOW);
}

const levels = DEFAULT_PROGRAM_SETTINGS.tiers.levels;

describe("the panel's way to the next tier", () => {
  test("by spend: orders' eligible value in the window, less what was clawed back", async () => {
    const state = await memberWithLedger("spend-shop.myshopify.com", { ...DEFAULT_PROGRAM_SETTINGS.tiers, basis: "spend", window: "rolling_12_months" });
    // 10,000 + 6,000 - 3,000 = 13,000 of silver's 25,000.
    expect(state.member).toMatchObject({ tier: { id: "bronze" }, next: { id: "silver", missing: 12_000 } });
  });

  test("by points: orders' points in the window, less what was clawed back", async () => {
    const state = await memberWithLedger("points-shop.myshopify.com", {
      ...DEFAULT_PROGRAM_SETTINGS.tiers,
      basis: "points",
      window: "rolling_12_months",
      levels: levels.map((level, index) => ({ ...level, threshold: [0, 500, 1_000][index]! })),
    });
    // 100 + 60 - 30 = 130 of silver's 500.
    expect(state.member).toMatchObject({ tier: { id: "bronze" }, next: { id: "silver", missing: 370 } });
  });

  test("over the member's lifetime the old order counts too, the one after the read still does not", async () => {
    const state = await memberWithLedger("lifetime-shop.myshopify.com", { ...DEFAULT_PROGRAM_SETTINGS.tiers, basis: "spend", window: "lifetime" });
    // 13,000 + 8,000 = 21,000.
    expect(state.member).toMatchObject({ next: { id: "silver", missing: 4_000 } });
  });
});
