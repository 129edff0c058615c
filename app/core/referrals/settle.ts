import type { AdvocateReward } from "./program-settings";

// What settling a converted referral does (design step 6), decided from its state alone: the
// services read the state and write what this says.

export interface SettleState {
  status: string;
  returnWindowEndsAt: Date | null;
  /** REWARDED referrals of the same advocate in the calendar month of `now`. */
  rewardedThisMonth: number;
  /** The program's advocateMonthlyLimit; null: none. */
  monthlyLimit: number | null;
  /** The advocate's reward as promised at the conversion. */
  reward: AdvocateReward | null;
}

export type SettleDecision =
  /** Not (or no longer) waiting for its reward: voided, rejected, in review or settled before. */
  | { kind: "nothing" }
  /** The return window is still open: the referral waits. */
  | { kind: "wait"; until: Date }
  /** The advocate has had the month's rewards: REJECTED, closedReason `advocate_limit`. */
  | { kind: "over_limit" }
  | { kind: "reward"; reward: AdvocateReward };

export function settleDecision(state: SettleState, now: Date): SettleDecision {
  if (state.status !== "PENDING" || state.returnWindowEndsAt === null || state.reward === null) return { kind: "nothing" };
  if (state.returnWindowEndsAt.getTime() > now.getTime()) return { kind: "wait", until: state.returnWindowEndsAt };
  if (state.monthlyLimit !== null && state.rewardedThisMonth >= state.monthlyLimit) return { kind: "over_limit" };
  return { kind: "reward", reward: state.reward };
}

/**
 * When the advocate's reward is dated: when it fell due — the window's end, or the merchant's
 * approval when that came later — and never after `now`. A settle that runs late (a queue that was
 * down, a history played back) dates the reward as the ledger's other entries are dated, by when
 * it happened rather than when it was processed.
 */
export function rewardDate(returnWindowEndsAt: Date, reviewedAt: Date | null, now: Date): Date {
  const due = Math.max(returnWindowEndsAt.getTime(), reviewedAt?.getTime() ?? 0);
  return new Date(Math.min(due, now.getTime()));
}

/**
 * The calendar month `now` falls in, as [start, end) in UTC: the monthly limit counts the rewards
 * given in it. UTC rather than the shop's zone: the limit is a brake on abuse, and an hour at the
 * turn of a month does not change what it stops.
 */
export function calendarMonth(now: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { start, end };
}
