import type { LedgerSummary } from "./ledger";

// Taking points back when an order is refunded or cancelled: exactly the share of what the order
// earned (under the rule version that earned it, tier multiplier and bonuses included) that the
// refunded eligible value stands for. Repeated refunds are settled against the running total, so
// rounding never adds up: the order keeps floor-rounded in the member's favour, and a full refund
// takes back every point it earned.

export interface OrderEarnings {
  /** Points the order's earn entries gave, in all. */
  earned: number;
  /** The eligible value they were earned on (minor units). */
  eligibleMinor: bigint;
  /** Points its clawbacks have taken back so far. */
  clawedBack: number;
}

/** Points to take back now, after refunds of `refundedEligibleMinor` of the order's eligible value in all. */
export function clawbackDue(order: OrderEarnings, refundedEligibleMinor: bigint): number {
  if (order.earned <= 0) return 0;
  let target: number;
  if (order.eligibleMinor <= 0n || refundedEligibleMinor >= order.eligibleMinor) target = order.earned;
  else if (refundedEligibleMinor <= 0n) target = 0;
  else target = Number((BigInt(order.earned) * refundedEligibleMinor) / order.eligibleMinor);
  return Math.max(0, target - order.clawedBack);
}

/**
 * What happens when the points to take back were already spent: `allow_negative` takes them all,
 * down to `floor` (null: no limit); `cap_at_balance` takes only what the member still has.
 */
export type SpentPointsPolicy = { kind: "allow_negative"; floor: number | null } | { kind: "cap_at_balance" };

/** The lowest balance the policy allows a clawback (or an adjustment) to leave. */
export function balanceFloor(policy: SpentPointsPolicy): number {
  return policy.kind === "cap_at_balance" ? 0 : (policy.floor ?? -Infinity);
}

/** How much of `due` to take, and how much is forgiven to keep the balance at or above the floor. */
export function clawbackWithinPolicy(due: number, summary: LedgerSummary, policy: SpentPointsPolicy): { take: number; forgiven: number } {
  const room = summary.balance - balanceFloor(policy);
  const take = Math.max(0, Math.min(due, room));
  return { take, forgiven: due - take };
}
