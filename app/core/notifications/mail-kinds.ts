// The notices the programs mail: the loyalty program's to its members, the referral program's to
// a referred friend (their code) and to the advocate (their reward).
export const MAIL_KINDS = ["points_earned", "points_expiring", "tier_reached", "referral_friend_code", "referral_advocate_rewarded"] as const;

export type MailKind = (typeof MAIL_KINDS)[number];

export const MAIL_STATUSES = ["QUEUED", "SENT", "FAILED", "DEMO"] as const;

export type MailStatus = (typeof MAIL_STATUSES)[number];

/** How old an earning may be and still be mailed (see recordPointsEarnedMail). */
export const EARNED_MAIL_WITHIN_MS = 3 * 86_400_000;

export function earnedMailIsTimely(earnedAt: Date, now: Date): boolean {
  return now.getTime() - earnedAt.getTime() <= EARNED_MAIL_WITHIN_MS;
}
