import { enqueueCheckoutDiscountUpkeep } from "~/core/loyalty/checkout-discount.server";
import { payBirthday, recordBirthday } from "~/core/loyalty/birthday.server";
import { scheduleLoyaltyDue } from "~/core/loyalty/due.job.server";
import { lockMember } from "~/core/loyalty/ledger.server";
import { DEFAULT_PROGRAM_SETTINGS } from "~/core/loyalty/program-settings";
import { activeProgram, saveProgram } from "~/core/loyalty/program.server";
import { redeemReward } from "~/core/loyalty/redemption.server";
import type { Runtime } from "~/runtime.server";
import { demoBirthdays } from "./demo-birthdays";

// The demo shop runs the loyalty program with its default settings from the first day of its
// history, so the history's orders earn (and refunds take back) points as they arrive, some members
// have given their birthday (./demo-birthdays.ts) and earned on it, and a few have spent points on
// a reward by the time the newcomer looks.

/** Switches the program on before the history is sent (a later start keeps what is there). */
export async function ensureDemoProgram(runtime: Runtime, shopId: string, historyStart: Date): Promise<void> {
  if (await runtime.db.loyaltyProgram.findUnique({ where: { shopId } })) return;
  await runtime.db.$transaction(async (tx) => {
    const program = await saveProgram(tx, shopId, { settings: DEFAULT_PROGRAM_SETTINGS, enabled: true, startedAt: historyStart });
    await enqueueCheckoutDiscountUpkeep(tx, shopId, program.version);
  });
}

/** Every seventh member who can afford it redeems the cheapest reward (once: the request key is theirs). */
const REDEEMING_EVERY = 7;

/**
 * Members who gave their birthday get it (once: one already given is kept), with the points of
 * the birthdays since then.
 */
export async function giveDemoBirthdays(runtime: Runtime, shopId: string, now: Date): Promise<void> {
  const program = await activeProgram(runtime.db, shopId);
  if (!program || program.settings.actions.birthday <= 0) return;
  const members = await runtime.db.loyaltyMember.findMany({
    where: { shopId, customer: { isGuest: false, platformId: { not: null } } },
    select: { customerId: true, birthdaySetAt: true, customer: { select: { platformId: true, sourceCreatedAt: true, createdAt: true } } },
  });
  const byPlatformId = new Map(members.map((member) => [member.customer.platformId!, member]));
  const birthdays = demoBirthdays(
    members.map((member) => ({ platformId: member.customer.platformId!, joinedAt: member.customer.sourceCreatedAt ?? member.customer.createdAt })),
    now,
  );
  for (const birthday of birthdays) {
    const member = byPlatformId.get(birthday.platformId)!;
    if (member.birthdaySetAt) continue;
    await runtime.db.$transaction(async (tx) => {
      const row = await lockMember(tx, shopId, member.customerId);
      await recordBirthday(tx, program, row, birthday, birthday.setAt, now);
      for (let year = birthday.setAt.getUTCFullYear(); year <= now.getUTCFullYear(); year++) await payBirthday(tx, program, row, year, now);
    });
  }
}

/**
 * After the history is processed: members' birthdays are given and paid, the program's clock
 * catches up (points mature, old lots expire, tiers settle), then some members redeem a reward.
 */
export async function settleDemoProgram(runtime: Runtime, shopId: string, domain: string): Promise<number> {
  await giveDemoBirthdays(runtime, shopId, new Date());
  await scheduleLoyaltyDue(runtime.db, new Date());
  runtime.queue.wake();
  await runtime.queue.whenIdle();
  const members = await runtime.db.loyaltyMember.findMany({
    where: { shopId, available: { gte: 500 }, customer: { isGuest: false, platformId: { not: null } } },
    orderBy: { customerId: "asc" },
    select: { customerId: true },
  });
  let redeemed = 0;
  for (const [index, member] of members.entries()) {
    if (index % REDEEMING_EVERY !== 0) continue;
    await redeemReward(
      runtime.db,
      () => runtime.platformActionsFor(domain),
      { shopId, customerId: member.customerId, rewardId: "five-off", requestKey: `demo:${member.customerId}`, locale: "de" },
    );
    redeemed += 1;
  }
  return redeemed;
}
