import { describe, expect, test } from "vitest";
import { setBirthday } from "~/core/loyalty/birthday.server";
import { appendEntries, lockMember } from "~/core/loyalty/ledger.server";
import { ledgerOptions, lotExpiry } from "~/core/loyalty/member-tier.server";
import { saveProgramSettings, switchProgram } from "~/core/loyalty/program-admin.server";
import { activeProgram } from "~/core/loyalty/program.server";
import { FIXTURE_ORDER_CUSTOMER } from "../fakes/shopify-dataset";
import { setUpLoyaltyTest, startTestProgram, testProgramSettings, tickProgramClock } from "../helpers/loyalty-program";

// The program switched off and on again: while it is off the clock lets go of members that come
// due (there is nothing to do), so the switch back on must bring every member due again, or
// their maturities, expiries and birthdays wait for their next ledger entry.

const DAY = 86_400_000;
const YEAR_EXPIRY = { kind: "lot_age", days: 365 } as const;

const t = setUpLoyaltyTest({ startsAt: new Date("2024-06-01T00:00:00Z") });

let shopId: string;
let customerId: string;

async function startProgram(overrides: Parameters<typeof startTestProgram>[1] = {}) {
  shopId = (await startTestProgram(t.runtime.db, overrides)).id;
  customerId = (await t.runtime.db.customer.create({ data: { shopId, platformId: FIXTURE_ORDER_CUSTOMER, email: "ana@example.org" } })).id;
}

const member = () => t.runtime.db.loyaltyMember.findFirstOrThrow({ where: { customerId } });

/** Points earned now (at the test's clock), pending until `availableAt`. */
async function earnPending(points: number, availableAt: string, sourceKey: string) {
  await t.runtime.db.$transaction(async (tx) => {
    const program = (await activeProgram(tx, shopId))!;
    const row = await lockMember(tx, shopId, customerId);
    const lot = lotExpiry(program, new Date(availableAt));
    await appendEntries(tx, row, [{ kind: "earn", points, occurredAt: t.clock, ...lot, sourceKey }], t.clock, ledgerOptions(program));
  });
}

/** The program's clock (and every job it queues) at `iso`. */
async function tickAt(iso: string) {
  t.clock = new Date(iso);
  await tickProgramClock(t.runtime, t.queue);
}

async function switchAt(iso: string, enabled: boolean) {
  t.clock = new Date(iso);
  await switchProgram(t.runtime.db, shopId, enabled ? { enabled, startedAt: t.clock } : { enabled });
  await t.queue.drain();
}

describe("switching the program on again", () => {
  test("a pending lot matures on its day after the program was off and on again", async () => {
    await startProgram();
    await earnPending(100, "2024-06-05T00:00:00Z", "lot-a");
    await earnPending(200, "2024-06-20T00:00:00Z", "lot-b");
    expect(await member()).toMatchObject({ available: 0, pending: 300, nextDueAt: new Date("2024-06-05T00:00:00Z") });

    await switchAt("2024-06-02T00:00:00Z", false);
    // Off: the first lot still matures when due, and the clock lets go of the member.
    await tickAt("2024-06-06T00:00:00Z");
    expect(await member()).toMatchObject({ available: 100, pending: 200, nextDueAt: null });

    await switchAt("2024-06-10T00:00:00Z", true);
    expect((await member()).nextDueAt).toEqual(new Date("2024-06-20T00:00:00Z"));
    await tickAt("2024-06-20T00:05:00Z");
    expect(await member()).toMatchObject({ available: 300, pending: 0 });
  });

  test("a lot that matured while the program was off is settled at once after the switch", async () => {
    await startProgram({ expiry: YEAR_EXPIRY });
    await earnPending(100, "2024-06-05T00:00:00Z", "lot-a");
    await earnPending(200, "2024-06-20T00:00:00Z", "lot-b");
    await switchAt("2024-06-02T00:00:00Z", false);
    await tickAt("2024-06-06T00:00:00Z");

    // The second lot matured while nobody looked: the member is due at the switch.
    await switchAt("2024-06-25T00:00:00Z", true);
    expect((await member()).nextDueAt).toEqual(t.clock);
    await tickAt("2024-06-25T00:10:00Z");
    const settled = await member();
    expect(settled).toMatchObject({ available: 300, pending: 0 });
    // Then due when the lots' expiry notices are (the default: 30 days before a year's expiry).
    expect(settled.nextDueAt).toEqual(new Date(new Date("2024-06-05T00:00:00Z").getTime() + 335 * DAY));
  });

  test("a birthday is paid on the day after the program was off and on again", async () => {
    t.clock = new Date("2024-01-01T00:00:00Z");
    await startProgram();
    await setBirthday(t.runtime.db, { shopId, customerId, birthday: { month: 3, day: 15 } }, t.clock);
    // A lot that matures while the program is off brings the member due then.
    await earnPending(50, "2024-02-10T00:00:00Z", "lot-a");
    await switchAt("2024-02-01T00:00:00Z", false);
    await tickAt("2024-02-11T00:00:00Z");
    expect((await member()).nextDueAt).toBeNull();

    await switchAt("2024-03-01T00:00:00Z", true);
    expect((await member()).nextDueAt).toEqual(new Date("2024-03-15T00:00:00Z"));
    await tickAt("2024-03-15T00:05:00Z");
    const paid = await t.runtime.db.loyaltyEntry.findMany({ where: { memberId: (await member()).id, reason: "birthday" } });
    expect(paid).toMatchObject([{ points: 100, occurredAt: new Date("2024-03-15T00:00:00Z") }]);
    expect((await member()).available).toBe(150);
  });

  test("new settings bring the members due under them; a program that is off is left alone", async () => {
    await startProgram({ expiry: YEAR_EXPIRY });
    await earnPending(100, "2024-06-05T00:00:00Z", "lot-a");
    await tickAt("2024-06-06T00:00:00Z");
    const expiresAt = new Date(new Date("2024-06-05T00:00:00Z").getTime() + 365 * DAY);
    // The warning, 30 days before the lot expires.
    expect((await member()).nextDueAt).toEqual(new Date(expiresAt.getTime() - 30 * DAY));

    // Warned 60 days before from now on.
    await saveProgramSettings(t.runtime.db, shopId, testProgramSettings({ expiry: YEAR_EXPIRY, expiryNotices: { warningDays: 60, lastChanceDays: 7 } }));
    await t.queue.drain();
    expect((await member()).nextDueAt).toEqual(new Date(expiresAt.getTime() - 60 * DAY));

    await switchAt("2024-06-07T00:00:00Z", false);
    await saveProgramSettings(t.runtime.db, shopId, testProgramSettings({ expiry: YEAR_EXPIRY, expiryNotices: { warningDays: 90, lastChanceDays: 7 } }));
    await t.queue.drain();
    expect((await member()).nextDueAt).toEqual(new Date(expiresAt.getTime() - 60 * DAY));
  });

  test("every member of a shop larger than one page is brought due again", async () => {
    t.clock = new Date("2024-01-01T00:00:00Z");
    await startProgram();
    await switchAt("2024-01-02T00:00:00Z", false);
    // 1,500 members who gave their birthday (15 March), let go by the clock while the program was off.
    await t.runtime.db.$executeRaw`
      WITH customers AS (
        INSERT INTO "Customer" (id, "shopId", "platformId", "updatedAt")
        SELECT gen_random_uuid(), ${shopId}::uuid, 'many-' || n, now() FROM generate_series(1, 1500) AS n
        RETURNING id)
      INSERT INTO "LoyaltyMember" (id, "shopId", "customerId", "birthMonth", "birthDay", "birthdaySetAt", "updatedAt")
      SELECT gen_random_uuid(), ${shopId}::uuid, id, 3, 15, '2023-06-01', now() FROM customers`;

    await switchAt("2024-03-01T00:00:00Z", true);
    const due = await t.runtime.db.loyaltyMember.groupBy({ by: ["nextDueAt"], where: { shopId }, _count: true });
    expect(due).toEqual([{ nextDueAt: new Date("2024-03-15T00:00:00Z"), _count: 1500 }]);
  });
});
