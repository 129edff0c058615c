import type { Reward } from "./rewards";

// What a point is worth in the shop's currency, for the points liability: the rate at which the
// catalog turns points into money. The cheapest fixed-amount reward is the one most members can
// afford and so the rate most points will be redeemed at; without one, a variable reward's rate.

export type PointValueBasis =
  | { kind: "amount_off"; rewardId: string; title: { de: string; en: string }; amountMinor: number; points: number }
  | { kind: "variable_amount"; rewardId: string; title: { de: string; en: string }; amountMinor: number; points: number };

/** The reward that sets a point's value (amountMinor for `points` points); null when none can. */
export function pointValueBasis(rewards: readonly Reward[], minorPerUnit: number): PointValueBasis | null {
  const active = rewards.filter((reward) => reward.active);
  const fixed = active
    .flatMap((reward) => (reward.kind === "amount_off" ? [reward] : []))
    .sort((a, b) => a.pointsCost - b.pointsCost)[0];
  if (fixed) return { kind: "amount_off", rewardId: fixed.id, title: fixed.title, amountMinor: fixed.amountMinor, points: fixed.pointsCost };
  const variable = active.find((reward) => reward.kind === "variable_amount");
  if (variable) return { kind: "variable_amount", rewardId: variable.id, title: variable.title, amountMinor: minorPerUnit, points: variable.pointsPerUnit };
  return null;
}

/** `points` at the basis' rate, in minor units, rounded half up (exact: no floating point). */
export function pointsValueMinor(points: number, basis: Pick<PointValueBasis, "amountMinor" | "points">): number {
  const numerator = BigInt(points) * BigInt(basis.amountMinor);
  const divisor = BigInt(basis.points);
  return Number((numerator * 2n + divisor) / (divisor * 2n));
}
