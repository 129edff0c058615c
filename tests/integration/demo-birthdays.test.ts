import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { appendEntries, lockMember } from "~/core/loyalty/ledger.server";
import { DEFAULT_PROGRAM_SETTINGS } from "~/core/loyalty/program-settings";
import { saveProgram } from "~/core/loyalty/program.server";
import { recordInstall } from "~/core/shops/shops.server";
import { giveDemoBirthdays } from "~/demo/demo-loyalty.server";
import type { Runtime } from "~/runtime.server";
import { startTestRuntime } from "../helpers/test-runtime";

// The demo's members' birthdays in the store: given once, paid for the birthdays since they
// joined (today's included), the clock set for the next one.

const DAY = 86_400_000;
const now = new Date("2026-12-04T15:00:00Z");
let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

describe("demo birthdays", () => {
  test("every fourth member gets one, with the points of the birthdays since they joined; a second run changes nothing", async () => {
    const shop = await recordInstall(runtime.db, { platform: "SHOPIFY", domain: "demo-birthdays.myshopify.com", sealedAccessToken: runtime.secretBox.seal("x"), scopes: "", currency: "EUR" });
    await runtime.db.$transaction((tx) => saveProgram(tx, shop.id, { settings: DEFAULT_PROGRAM_SETTINGS, enabled: true, startedAt: new Date("2024-12-01T00:00:00Z") }));
    for (let index = 0; index < 40; index++) {
      const customer = await runtime.db.customer.create({
        data: { shopId: shop.id, platformId: String(8_100_000 + index), email: `c${index}@example.org`, sourceCreatedAt: new Date(now.getTime() - (500 - index * 5) * DAY) },
      });
      await runtime.db.$transaction(async (tx) => {
        const member = await lockMember(tx, shop.id, customer.id);
        await appendEntries(tx, member, [{ kind: "import", points: 10, occurredAt: now, sourceKey: `import:${customer.id}` }], now, { inactivityDays: null });
      });
    }
    await giveDemoBirthdays(runtime, shop.id, now);
    const members = await runtime.db.loyaltyMember.findMany({ where: { shopId: shop.id, birthdaySetAt: { not: null } }, include: { entries: true } });
    expect(members.length).toBeGreaterThan(4);
    expect(members.length).toBeLessThan(20);
    const paid = members.flatMap((member) => member.entries.filter((entry) => entry.reason === "birthday"));
    expect(paid.length).toBeGreaterThanOrEqual(members.length - 2);
    expect(paid.every((entry) => entry.points === 100 && entry.occurredAt.getTime() <= now.getTime())).toBe(true);
    // Today's birthday is paid; the one in three days is what the clock waits for.
    expect(paid.filter((entry) => entry.occurredAt.getTime() === Date.UTC(2026, 11, 4))).toHaveLength(1);
    expect(members.filter((member) => member.nextDueAt?.getTime() === Date.UTC(2026, 11, 7))).toHaveLength(1);

    await giveDemoBirthdays(runtime, shop.id, new Date(now.getTime() + 10 * DAY));
    expect(await runtime.db.loyaltyEntry.count({ where: { shopId: shop.id, reason: "birthday" } })).toBe(paid.length);
  });
});
