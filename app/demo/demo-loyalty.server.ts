import { enqueueCheckoutDiscountUpkeep } from "~/core/loyalty/checkout-discount.server";
import { scheduleLoyaltyDue } from "~/core/loyalty/due.job.server";
import { DEFAULT_PROGRAM_SETTINGS } from "~/core/loyalty/program-settings";
import { saveProgram } from "~/core/loyalty/program.server";
import { redeemReward } from "~/core/loyalty/redemption.server";
import type { Runtime } from "~/runtime.server";

// The demo shop runs the loyalty program with its default settings from the first day of its
// history, so the history's orders earn (and refunds take back) points as they arrive, and a few
// members have spent points on a reward by the time the newcomer looks.

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
 * After the history is processed: the program's clock catches up (points mature, old lots expire,
 * tiers settle), then some members redeem a reward.
 */
export async function settleDemoProgram(runtime: Runtime, shopId: string, domain: string): Promise<number> {
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
