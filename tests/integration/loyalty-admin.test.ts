import { setUpValidSession } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { settingsToFields, type SettingsFields } from "~/admin/loyalty-settings-form";
import { DEFAULT_SCOPES } from "~/config/env.server";
import { appendEntries, lockMember, type NewEntry } from "~/core/loyalty/ledger.server";
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from "~/core/loyalty/program-settings";
import { activeProgram, saveProgram } from "~/core/loyalty/program.server";
import { recordInstall } from "~/core/shops/shops.server";
import { action as programAction, loader as programLoader } from "~/routes/app.loyalty._index";
import { loader as membersLoader } from "~/routes/app.loyalty.members";
import { action as settingsAction, loader as settingsLoader } from "~/routes/app.loyalty.settings";
import type { Runtime } from "~/runtime.server";
import { signedAdminRequest } from "../helpers/admin-requests";
import { startTestRuntime, TEST_ENV } from "../helpers/test-runtime";

// The loyalty admin's routes as Shopify's admin calls them (a session token signed with the app's
// secret): saving settings makes versions, invalid settings come back as field errors, the program
// page's figures and the members list read one shop's rows only.

const NOW = new Date();
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

const SETTINGS_STORE = "loyalty-settings";
const FIGURES_STORE = "loyalty-figures";
const OTHER_STORE = "loyalty-other";

let runtime: Runtime;
const shopIds: Record<string, string> = {};

async function installShop(store: string): Promise<string> {
  const domain = `${store}.myshopify.com`;
  const shop = await recordInstall(runtime.db, {
    platform: "SHOPIFY",
    domain,
    sealedAccessToken: runtime.secretBox.seal("shpat_test"),
    scopes: DEFAULT_SCOPES.join(","),
    currency: "EUR",
  });
  await runtime.shopify.sessionStorage!.storeSession(
    setUpValidSession({ shop: domain, expires: undefined, scope: DEFAULT_SCOPES.join(","), accessToken: "shpat_test" }),
  );
  return shop.id;
}

const args = async (store: string, path: string, init?: RequestInit) => ({
  request: await signedAdminRequest(store, new Request(`${TEST_ENV.SHOPIFY_APP_URL}${path}`, init)),
  params: {},
  context: { runtime },
});
const post = (store: string, path: string, fields: SettingsFields) => args(store, path, { method: "POST", body: new URLSearchParams(fields) });

/** A route's answer: what `data(…, { status })` wraps, or a plain object (200). */
function answer(result: object): { status: number; body: unknown } {
  if ("init" in result && "data" in result) {
    return { status: z.object({ status: z.number().optional() }).nullable().parse(result.init)?.status ?? 200, body: result.data };
  }
  return { status: 200, body: result };
}

async function seedMember(shopId: string, customer: { platformId: string; firstName: string; lastName: string }, entries: NewEntry[], tierId: string | null) {
  const row = await runtime.db.customer.create({ data: { shopId, ...customer, email: `${customer.firstName.toLowerCase()}@example.test` } });
  await runtime.db.$transaction(async (tx) => {
    const member = await lockMember(tx, shopId, row.id);
    await appendEntries(tx, member, entries, NOW, { inactivityDays: null });
    // The ledger stamps activity with the time it writes; the list sorts by when it happened.
    const lastActivityAt = new Date(Math.max(...entries.map((entry) => entry.occurredAt.getTime())));
    await tx.loyaltyMember.update({ where: { id: member.id }, data: { tierId, lastActivityAt } });
  });
  return row.id;
}

const earn = (key: string, points: number, occurredAt: Date): NewEntry => ({ kind: "earn", points, occurredAt, availableAt: occurredAt, sourceKey: key });
const redeem = (key: string, points: number, occurredAt: Date): NewEntry => ({ kind: "redeem", points: -points, occurredAt, sourceKey: key });

beforeAll(async () => {
  runtime = await startTestRuntime();
  for (const store of [SETTINGS_STORE, FIGURES_STORE, OTHER_STORE]) shopIds[store] = await installShop(store);
});
afterAll(async () => {
  await runtime.close();
});

describe("settings page", () => {
  test("a shop without a program sees the defaults; saving makes version 1, switched off", async () => {
    const loaded = await settingsLoader(await args(SETTINGS_STORE, "/app/loyalty/settings"));
    expect(loaded).toMatchObject({ version: null, settings: DEFAULT_PROGRAM_SETTINGS, currency: "EUR" });

    const saved = answer(await settingsAction(await post(SETTINGS_STORE, "/app/loyalty/settings", settingsToFields(DEFAULT_PROGRAM_SETTINGS, "EUR", "de"))));
    expect(saved).toEqual({ status: 200, body: { ok: true, version: 1 } });
    const program = await runtime.db.loyaltyProgram.findUniqueOrThrow({ where: { shopId: shopIds[SETTINGS_STORE] } });
    expect(program).toMatchObject({ version: 1, enabled: false });
  });

  test("saving changed settings makes version 2 with the new points rate", async () => {
    const fields = { ...settingsToFields(DEFAULT_PROGRAM_SETTINGS, "EUR", "en"), "earning.pointsPerUnit": "3", "rewards.0.amountMinor": "7.50" };
    const saved = answer(await settingsAction(await post(SETTINGS_STORE, "/app/loyalty/settings", fields)));
    expect(saved).toEqual({ status: 200, body: { ok: true, version: 2 } });

    const loaded = await settingsLoader(await args(SETTINGS_STORE, "/app/loyalty/settings"));
    expect(loaded.version).toBe(2);
    expect(loaded.settings.earning.pointsPerUnit).toBe(3);
    expect(loaded.settings.rewards[0]).toMatchObject({ amountMinor: 750 });
    const versions = await runtime.db.loyaltyProgramVersion.findMany({ where: { program: { shopId: shopIds[SETTINGS_STORE] } }, orderBy: { version: "asc" } });
    expect(versions.map((row) => row.version)).toEqual([1, 2]);
  });

  test("invalid settings answer 400 with errors at their fields, and save nothing", async () => {
    const fields = {
      ...settingsToFields(DEFAULT_PROGRAM_SETTINGS, "EUR", "de"),
      "earning.pointsPerUnit": "0",
      "tiers.levels.2.threshold": "100",
      codePrefix: "TREUE-!",
      "rewards.1.title.de": "",
    };
    const refused = answer(await settingsAction(await post(SETTINGS_STORE, "/app/loyalty/settings", fields)));
    expect(refused).toEqual({
      status: 400,
      body: {
        ok: false,
        errors: {
          "earning.pointsPerUnit": { code: "min", limit: 1 },
          "tiers.levels.2.threshold": { code: "thresholdsRise" },
          codePrefix: { code: "codePrefix" },
          "rewards.1.title.de": { code: "required" },
        },
      },
    });
    expect((await settingsLoader(await args(SETTINGS_STORE, "/app/loyalty/settings"))).version).toBe(2);
  });

  test("the program page switches the program on from a date, as a new version, and off again", async () => {
    const on = answer(await programAction(await post(SETTINGS_STORE, "/app/loyalty", { intent: "on", startedAt: "2026-11-01" })));
    expect(on).toEqual({ status: 200, body: { ok: true, version: 3, enabled: true } });
    const program = await activeProgram(runtime.db, shopIds[SETTINGS_STORE]!);
    expect(program).toMatchObject({ version: 3, startedAt: new Date("2026-11-01T00:00:00Z") });
    expect(program!.settings.earning.pointsPerUnit).toBe(3);

    const badDate = answer(await programAction(await post(SETTINGS_STORE, "/app/loyalty", { intent: "on", startedAt: "2026-02-30" })));
    expect(badDate.status).toBe(400);

    const off = answer(await programAction(await post(SETTINGS_STORE, "/app/loyalty", { intent: "off" })));
    expect(off).toEqual({ status: 200, body: { ok: true, version: 4, enabled: false } });
    expect(await activeProgram(runtime.db, shopIds[SETTINGS_STORE]!)).toBeNull();
  });
});

describe("program figures and members", () => {
  const FIGURES_SETTINGS: ProgramSettings = {
    ...DEFAULT_PROGRAM_SETTINGS,
    rewards: [
      // The cheapest fixed amount sets the value: 300 points for 2 €, so 1 point is 2/3 cent.
      { id: "ten-off", kind: "amount_off", title: { de: "10 €", en: "€10" }, active: true, pointsCost: 1_000, amountMinor: 1_000, minimumSubtotalMinor: null, codeValidDays: 90 },
      { id: "two-off", kind: "amount_off", title: { de: "2 € Rabatt", en: "€2 off" }, active: true, pointsCost: 300, amountMinor: 200, minimumSubtotalMinor: null, codeValidDays: 90 },
      { id: "free-shipping", kind: "free_shipping", title: { de: "Versand", en: "Shipping" }, active: true, pointsCost: 100, minimumSubtotalMinor: null, codeValidDays: 90 },
    ],
  };
  let annaId: string;

  beforeAll(async () => {
    const shopId = shopIds[FIGURES_STORE]!;
    await runtime.db.$transaction((tx) => saveProgram(tx, shopId, { settings: FIGURES_SETTINGS, enabled: true, startedAt: daysAgo(400) }));
    annaId = await seedMember(
      shopId,
      { platformId: "9001", firstName: "Anna", lastName: "Albers" },
      [earn("a1", 1_000, daysAgo(200)), earn("a2", 500, daysAgo(60)), redeem("a3", 300, daysAgo(10))],
      "silver",
    );
    await seedMember(shopId, { platformId: "9002", firstName: "Bernd", lastName: "Brandt" }, [earn("b1", 700, daysAgo(20)), redeem("b2", 300, daysAgo(45))], "bronze");
    // Bernd's redemption at day 45 came back (a cancelled reward): it counts in neither window's net.
    await runtime.db.$transaction(async (tx) => {
      const customer = await tx.customer.findFirstOrThrow({ where: { shopId, platformId: "9002" } });
      const member = await lockMember(tx, shopId, customer.id);
      await appendEntries(tx, member, [{ kind: "reward_refund", points: 300, occurredAt: daysAgo(44), sourceKey: "b3" }], NOW, { inactivityDays: null });
    });
    await seedMember(shopId, { platformId: "9003", firstName: "Clara", lastName: "Conrad" }, [earn("c1", 100, daysAgo(5)), redeem("c2", 400, daysAgo(4))], null);
    const anna = await runtime.db.loyaltyMember.findUniqueOrThrow({ where: { customerId: annaId } });
    await runtime.db.loyaltyReward.createMany({
      data: [
        { shopId, memberId: anna.id, rewardId: "two-off", ruleVersion: 1, points: 300, code: "TREUE-A", status: "USED", requestKey: "r1" },
        { shopId, memberId: anna.id, rewardId: "two-off", ruleVersion: 1, points: 300, code: "TREUE-B", status: "ISSUED", requestKey: "r2" },
        { shopId, memberId: anna.id, rewardId: "two-off", ruleVersion: 1, points: 300, code: "TREUE-C", status: "CANCELLED", requestKey: "r3" },
      ],
    });

    // Another shop, busier: none of it may show in the first one's figures or list.
    const otherId = shopIds[OTHER_STORE]!;
    await runtime.db.$transaction((tx) => saveProgram(tx, otherId, { settings: DEFAULT_PROGRAM_SETTINGS, enabled: true }));
    for (let index = 0; index < 30; index++) {
      await seedMember(otherId, { platformId: `8${index}`, firstName: `Other${index}`, lastName: "Shop" }, [earn(`o${index}`, 50_000 + index, daysAgo(3)), redeem(`p${index}`, 10_000, daysAgo(2))], "gold");
    }
  });

  test("the program page shows the shop's own figures", async () => {
    const { figures } = await programLoader(await args(FIGURES_STORE, "/app/loyalty"));
    // Anna 1,200, Bernd 700, Clara -300: the negative balance is not a liability.
    expect(figures).toMatchObject({
      program: { enabled: true, version: 1 },
      currency: "EUR",
      members: 3,
      pointsOutstanding: 1_900,
      // 1,900 × 200 / 300 = 1,266.67 cents.
      liability: { valueMinor: 1_267, basis: { kind: "amount_off", rewardId: "two-off", amountMinor: 200, points: 300 } },
      pointsRedeemed30Days: 300 + 400,
      pointsRedeemed90Days: 300 + 300 - 300 + 400,
      pointsEarned90Days: 500 + 700 + 100,
      rewardsIssued: 2,
      rewardsUsed: 1,
    });
    expect(figures.redemptionRate90Days).toBeCloseTo(700 / 1_300, 10);
  });

  test("the other shop sees only its own figures", async () => {
    const { figures } = await programLoader(await args(OTHER_STORE, "/app/loyalty"));
    expect(figures).toMatchObject({ members: 30, pointsRedeemed30Days: 300_000, rewardsIssued: 0 });
    expect(figures.liability).toMatchObject({ basis: { rewardId: "five-off" } });
  });

  test("a shop without a program has no program and zero figures", async () => {
    const shopId = await installShop("loyalty-empty");
    expect(shopId).toBeTruthy();
    const { figures } = await programLoader(await args("loyalty-empty", "/app/loyalty"));
    expect(figures).toMatchObject({ program: null, members: 0, pointsOutstanding: 0, liability: null, redemptionRate90Days: null, rewardsIssued: 0 });
  });

  test("the members list shows the shop's members by balance, with their tier and customer", async () => {
    const page = await membersLoader(await args(FIGURES_STORE, "/app/loyalty/members"));
    expect(page.totalCount).toBe(3);
    expect(page.rows.map((row) => [row.name, row.balance, row.available, row.pending, row.tierId])).toEqual([
      ["Anna Albers", 1_200, 1_200, 0, "silver"],
      ["Bernd Brandt", 700, 700, 0, "bronze"],
      ["Clara Conrad", -300, -300, 0, null],
    ]);
    expect(page.rows[0]!.customerId).toBe(annaId);
    expect(page.tiers.map((tier) => tier.name.de)).toEqual(["Bronze", "Silber", "Gold"]);
  });

  test("sorts by last activity and filters by tier", async () => {
    const byActivity = await membersLoader(await args(FIGURES_STORE, "/app/loyalty/members?sort=lastActivity&dir=asc"));
    expect(byActivity.rows.map((row) => row.name)).toEqual(["Bernd Brandt", "Anna Albers", "Clara Conrad"]);
    expect(byActivity.state).toMatchObject({ sort: "lastActivity", direction: "asc" });
    const newest = await membersLoader(await args(FIGURES_STORE, "/app/loyalty/members?sort=lastActivity&dir=desc"));
    expect(newest.rows.map((row) => row.name)).toEqual(["Clara Conrad", "Anna Albers", "Bernd Brandt"]);
    const silver = await membersLoader(await args(FIGURES_STORE, "/app/loyalty/members?tier=silver"));
    expect(silver.rows.map((row) => row.name)).toEqual(["Anna Albers"]);
    expect(silver.totalCount).toBe(1);
  });

  test("pages by 25, and an address it cannot read falls back to the defaults", async () => {
    const first = await membersLoader(await args(OTHER_STORE, "/app/loyalty/members?sort=sideways&page=x"));
    expect(first).toMatchObject({ totalCount: 30, page: 1, hasNext: true, hasPrevious: false, state: { sort: "balance", direction: "desc" } });
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0]!.balance).toBe(40_029);
    const second = await membersLoader(await args(OTHER_STORE, "/app/loyalty/members?page=2"));
    expect(second).toMatchObject({ page: 2, hasNext: false, hasPrevious: true });
    expect(second.rows.map((row) => row.balance)).toEqual([40_004, 40_003, 40_002, 40_001, 40_000]);
  });
});
