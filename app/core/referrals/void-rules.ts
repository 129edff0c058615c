// Whether a refund or cancellation of the friend's order voids the referral (design step 5): only
// while the advocate's reward still waits (PENDING or REVIEW) and within the return window. A
// cancellation or a full refund voids it; a partial refund does when it takes the order below the
// program's minimum, as the order would not have converted at that value.

export interface VoidableReferral {
  status: string;
  returnWindowEndsAt: Date | null;
}

export type Reduction =
  | { kind: "cancelled"; occurredAt: Date }
  /** `eligibleAfterMinor`: what the order is worth after the refund (0: refunded in full). */
  | { kind: "refund"; occurredAt: Date; eligibleAfterMinor: bigint };

export type VoidReason = "refunded" | "cancelled";

export function voidReason(referral: VoidableReferral, reduction: Reduction, minimumOrderMinor: number | null): VoidReason | null {
  if (referral.status !== "PENDING" && referral.status !== "REVIEW") return null;
  // The window ends when it ends: a reduction at its very end is after it.
  if (referral.returnWindowEndsAt === null || reduction.occurredAt.getTime() >= referral.returnWindowEndsAt.getTime()) return null;
  if (reduction.kind === "cancelled") return "cancelled";
  if (reduction.eligibleAfterMinor <= 0n) return "refunded";
  if (minimumOrderMinor !== null && reduction.eligibleAfterMinor < BigInt(minimumOrderMinor)) return "refunded";
  return null;
}
