import type { ReferralStatus } from "~/db/generated/client";

/** Every status a referral can show, in the order of its life (the admin's status tabs). */
export const REFERRAL_STATUSES = ["CLAIMED", "PENDING", "REVIEW", "REWARDED", "VOIDED", "REJECTED", "EXPIRED"] as const satisfies readonly ReferralStatus[];
