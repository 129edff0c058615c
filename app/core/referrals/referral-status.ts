import type { ReferralStatus } from "~/db/generated/client";

// A claimed code that ran out unused is an expired referral, whether or not a job has written
// EXPIRED yet: every reader of a referral's status sees it through this rule.

export function effectiveReferralStatus(referral: { status: ReferralStatus; friendCodeExpiresAt: Date | null }, now: Date): ReferralStatus {
  if (referral.status === "CLAIMED" && referral.friendCodeExpiresAt !== null && referral.friendCodeExpiresAt <= now) return "EXPIRED";
  return referral.status;
}
