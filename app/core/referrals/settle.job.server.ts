import { randomBytes } from "node:crypto";
import { z } from "zod";
import { recordReferralRewarded } from "~/core/integrations/referral-events.server";
import { appendEntries, lockMember } from "~/core/loyalty/ledger.server";
import { ledgerOptions, lotExpiry, settleTier } from "~/core/loyalty/member-tier.server";
import { activeProgram } from "~/core/loyalty/program.server";
import { PlatformActionError, type DiscountCodeRequest, type PlatformActions } from "~/core/platform-actions";
import { isRedactedPlatformId } from "~/core/privacy/redaction-keys";
import { recordTimelineEvents } from "~/core/timeline/timeline.server";
import type { Db, Tx } from "~/db/prisma.server";
import { enqueueJob, type JobHandler } from "~/jobs/queue.server";
import { earnedMailIsTimely } from "~/core/notifications/mail-kinds";
import { recordReferralAdvocateRewardedMail } from "~/core/notifications/referral-mails.server";
import { stagedJob } from "~/jobs/staged-job";
import { friendCode } from "./codes";
import { discountCodeRequest } from "./discount-request";
import { referralProgram } from "./program.server";
import { friendDiscountTitle } from "./reward-text";
import { advocateRewardSchema, type AdvocateReward } from "./program-settings";
import { calendarMonth, rewardDate, settleDecision } from "./settle";

// The advocate's reward once the friend's order has passed the return window (design step 6), and
// the program's daily round: friend codes that ran out unused expire, and referrals whose window
// passed without being settled (a platform that refused, the loyalty program switched off) are
// tried again. Points are written in the reading step: they need no platform call. A discount
// code is asked of the platform between the job's two transactions (~/jobs/staged-job.ts).

export const REFERRAL_SETTLE_JOB = "referrals.settle";
export const REFERRALS_DUE_JOB = "referrals.due";

const CODE_ATTEMPTS = 3;
const DAY_MS = 86_400_000;
const RETRY_AFTER_MS = 3_600_000;
/** Referrals taken per round; a fuller round runs again at once. */
const REFERRALS_PER_ROUND = 1_000;

const payloadSchema = z.object({ referralId: z.string().uuid() });

/** Queues the settling of a referral at `runAt` (its window's end); one job per referral and key. */
export async function enqueueSettle(tx: Db | Tx, referralId: string, runAt: Date, key = `referrals-settle:${referralId}`): Promise<void> {
  await enqueueJob(tx, { kind: REFERRAL_SETTLE_JOB, payload: { referralId }, uniqueKey: key, runAt });
}

export async function scheduleReferralsDue(db: Db | Tx, runAt: Date): Promise<boolean> {
  return enqueueJob(db, { kind: REFERRALS_DUE_JOB, payload: {}, uniqueKey: `referrals-due:${runAt.toISOString().slice(0, 16)}`, runAt });
}

interface RewardedReferral {
  id: string;
  shopId: string;
  advocateCustomerId: string;
  friendCustomerId: string | null;
  order: { id: string; platformId: string };
}

export interface DiscountPlan {
  referral: RewardedReferral;
  /** When the reward is dated (./settle.ts rewardDate). */
  rewardAt: Date;
  shopDomain: string;
  request: DiscountCodeRequest;
  codePrefix: string;
}

export type DiscountOutcome = { created: true; code: string } | { created: false; error: string };

/** The referral with what settling it needs, its advocate's row locked: one advocate's rewards are counted one at a time. */
async function lockedReferral(tx: Tx, referralId: string) {
  // The lock first, then the read: a second settle of the same referral waits for the first one's
  // reading step (and sees points given or the month's count); its platform call is kept apart by
  // the daily round's grace (settleDueReferrals).
  const [code] = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT c.id::text FROM "ReferralCode" c JOIN "Referral" r ON r."codeId" = c.id WHERE r.id = ${referralId}::uuid FOR UPDATE OF c`;
  if (!code) return null;
  return tx.referral.findUnique({
    where: { id: referralId },
    include: {
      code: { select: { id: true, customerId: true, customer: { select: { platformId: true } } } },
    },
  });
}

type LockedReferral = NonNullable<Awaited<ReturnType<typeof lockedReferral>>>;

function rewardedReferral(referral: LockedReferral, order: { id: string; platformId: string }): RewardedReferral {
  return { id: referral.id, shopId: referral.shopId, advocateCustomerId: referral.code.customerId, friendCustomerId: referral.friendCustomerId, order };
}

/**
 * Marks the referral rewarded at `at`, with its timeline entry and outbound event; the advocate is
 * mailed when the reward is recent (a reward dated long ago is news to no one).
 */
async function markRewarded(
  tx: Tx,
  referral: RewardedReferral,
  given: { points: number } | { code: string; codeExpiresAt: Date | null },
  at: Date,
  now: Date,
): Promise<boolean> {
  const marked = await tx.referral.updateMany({
    where: { id: referral.id, status: "PENDING" },
    data: {
      status: "REWARDED",
      advocateRewardedAt: at,
      error: null,
      ...("points" in given ? { advocateRewardPoints: given.points } : { advocateRewardCode: given.code }),
    },
  });
  if (marked.count === 0) return false;
  const reward = "points" in given ? { kind: "points" as const, points: given.points } : { kind: "discount" as const, code: given.code };
  await recordTimelineEvents(tx, [
    {
      shopId: referral.shopId,
      customerId: referral.advocateCustomerId,
      kind: "referral.rewarded",
      occurredAt: at,
      sourceKey: `referral:${referral.id}:rewarded`,
      data: { referralId: referral.id, ...reward },
    },
  ]);
  await recordReferralRewarded(tx, referral, reward, at);
  if (!earnedMailIsTimely(at, now)) return true;
  await recordReferralAdvocateRewardedMail(tx, referral.shopId, referral.id, "code" in given ? { code: given.code, codeExpiresAt: given.codeExpiresAt } : { code: null, codeExpiresAt: null });
  return true;
}

async function rewardPoints(tx: Tx, referral: LockedReferral, order: { id: string; platformId: string }, points: number, at: Date, now: Date) {
  const program = await activeProgram(tx, referral.shopId);
  if (!program) {
    // The referral waits for the loyalty program; the daily round tries it again.
    await tx.referral.update({ where: { id: referral.id }, data: { error: "loyalty_program_inactive" } });
    return;
  }
  const member = await lockMember(tx, referral.shopId, referral.code.customerId);
  const options = ledgerOptions(program);
  const { entries } = await appendEntries(
    tx,
    member,
    [
      {
        kind: "referral",
        points,
        occurredAt: at,
        ...lotExpiry(program, at),
        sourceKey: `referral:${referral.id}:advocate`,
        ruleVersion: program.version,
        reason: "referral",
      },
    ],
    now,
    options,
  );
  await markRewarded(tx, rewardedReferral(referral, order), { points }, at, now);
  await settleTier(tx, program, member, entries, now, options);
}

/**
 * The reading step: decides what settling the referral does now. Points, the monthly limit and a
 * referral that is not (or not yet) due are done here; a discount code returns the platform's request.
 */
export async function prepareSettle(tx: Tx, referralId: string, now: Date): Promise<DiscountPlan | null> {
  const referral = await lockedReferral(tx, referralId);
  if (!referral || referral.orderId === null) return null;
  const program = await referralProgram(tx, referral.shopId);
  const rewardAt = rewardDate(referral.returnWindowEndsAt ?? now, referral.reviewedAt, now);
  const month = calendarMonth(rewardAt);
  const rewardedThisMonth = await tx.referral.count({
    where: { shopId: referral.shopId, codeId: referral.codeId, status: "REWARDED", advocateRewardedAt: { gte: month.start, lt: month.end } },
  });
  const parsed = advocateRewardSchema.safeParse(referral.advocateReward);
  const decision = settleDecision(
    {
      status: referral.status,
      returnWindowEndsAt: referral.returnWindowEndsAt,
      rewardedThisMonth,
      monthlyLimit: program?.settings.advocateMonthlyLimit ?? null,
      reward: parsed.success ? parsed.data : null,
    },
    now,
  );
  switch (decision.kind) {
    case "nothing":
    case "wait":
      return null;
    case "over_limit":
      await tx.referral.update({ where: { id: referral.id }, data: { status: "REJECTED", closedReason: "advocate_limit", error: null } });
      return null;
  }
  const order = await tx.order.findUniqueOrThrow({ where: { id: referral.orderId }, select: { id: true, platformId: true } });
  const reward: AdvocateReward = decision.reward;
  if (reward.kind === "points") {
    await rewardPoints(tx, referral, order, reward.points, rewardAt, now);
    return null;
  }
  const platformId = referral.code.customer.platformId;
  if (!platformId || isRedactedPlatformId(platformId)) {
    await tx.referral.update({ where: { id: referral.id }, data: { error: "advocate_not_on_platform" } });
    return null;
  }
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: referral.shopId }, select: { domain: true, currency: true } });
  const codePrefix = program?.settings.codePrefix ?? "FREUND";
  return {
    referral: rewardedReferral(referral, order),
    rewardAt,
    shopDomain: shop.domain,
    codePrefix,
    // The advocate's code is made as a friend's is (one use, for them alone), with the program's prefix.
    request: discountCodeRequest({
      reward,
      code: friendCode(codePrefix, randomBytes(10)),
      customerPlatformId: platformId,
      currency: shop.currency,
      // The discount's name in the platform's admin: in the merchant's language (German, as the first release's merchants).
      title: friendDiscountTitle("de", reward, shop.currency),
      now,
    }),
  };
}

/** The platform call: a code taken by another discount is chosen anew; a refusal is recorded on the referral. */
export async function callSettle(plan: DiscountPlan, actions: PlatformActions): Promise<DiscountOutcome> {
  let request = plan.request;
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await actions.createDiscountCode(request);
      return { created: true, code: created.code };
    } catch (error) {
      if (!(error instanceof PlatformActionError) || error.retryable) throw error;
      if (error.failure === "code_taken" && attempt < CODE_ATTEMPTS) {
        request = { ...request, code: friendCode(plan.codePrefix, randomBytes(10)) };
        continue;
      }
      return { created: false, error: error.message.slice(0, 500) };
    }
  }
}

export async function recordSettle(tx: Tx, plan: DiscountPlan, outcome: DiscountOutcome, now: Date): Promise<void> {
  if (!outcome.created) {
    await tx.referral.updateMany({ where: { id: plan.referral.id, status: "PENDING" }, data: { error: outcome.error } });
    return;
  }
  await markRewarded(tx, plan.referral, { code: outcome.code, codeExpiresAt: plan.request.endsAt }, plan.rewardAt, now);
}

/**
 * The daily round: unused friend codes past their end expire (design step 8), and referrals due
 * but still PENDING (the platform refused, the loyalty program was off) get a settle job again
 * (one a day each).
 */
export async function settleDueReferrals(tx: Tx, now: Date): Promise<number> {
  await tx.referral.updateMany({
    where: { status: "CLAIMED", friendCodeExpiresAt: { lt: now } },
    data: { status: "EXPIRED", closedReason: "code_expired" },
  });
  // Due for more than an hour: the referral's own job (queued at its window's end) has had its turn.
  const due = await tx.referral.findMany({
    where: { status: "PENDING", returnWindowEndsAt: { lte: new Date(now.getTime() - RETRY_AFTER_MS) } },
    orderBy: { returnWindowEndsAt: "asc" },
    take: REFERRALS_PER_ROUND,
    select: { id: true },
  });
  const day = now.toISOString().slice(0, 10);
  for (const referral of due) await enqueueSettle(tx, referral.id, now, `referrals-settle:${referral.id}:${day}`);
  return due.length;
}

export interface ReferralJobDeps {
  /** The shop's platform actions for a caller outside a transaction. */
  actionsFor(shopDomain: string): Promise<PlatformActions>;
  now?: () => Date;
}

export function createReferralJobs(deps: ReferralJobDeps): Record<string, JobHandler> {
  const now = deps.now ?? (() => new Date());
  return {
    [REFERRAL_SETTLE_JOB]: stagedJob<DiscountPlan, DiscountOutcome>({
      prepare: (payload, tx) => prepareSettle(tx, payloadSchema.parse(payload).referralId, now()),
      call: async (plan) => callSettle(plan, await deps.actionsFor(plan.shopDomain)),
      record: (plan, outcome, tx) => recordSettle(tx, plan, outcome, now()),
    }),
    [REFERRALS_DUE_JOB]: {
      async run(_payload, tx) {
        const at = now();
        const taken = await settleDueReferrals(tx, at);
        await scheduleReferralsDue(tx, taken === REFERRALS_PER_ROUND ? at : new Date(at.getTime() + DAY_MS));
      },
    },
  };
}
