// The notices the program mails to its members.
export const MAIL_KINDS = ["points_earned", "points_expiring", "tier_reached"] as const;

export type MailKind = (typeof MAIL_KINDS)[number];

export const MAIL_STATUSES = ["QUEUED", "SENT", "FAILED", "DEMO"] as const;

export type MailStatus = (typeof MAIL_STATUSES)[number];
