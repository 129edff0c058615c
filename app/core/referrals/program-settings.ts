import { z } from "zod";
import { DEFAULT_FRAUD_SETTINGS, fraudSettingsSchema } from "./fraud-settings";

// A shop's referral program settings, as the admin saves them (ReferralProgram.settings). A
// referral copies the rewards it was promised (the friend's at the claim, the advocate's at the
// conversion), so a change here never alters a referral under way.

/** What a discount code takes off: an amount of the shop's currency (minor units), a percentage, or the shipping. */
export const referralDiscountSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("amount"), amountMinor: z.number().int().min(1).max(100_000_000) }),
  z.object({ kind: z.literal("percent"), percent: z.number().int().min(1).max(100) }),
  z.object({ kind: z.literal("free_shipping") }),
]);

export type ReferralDiscount = z.infer<typeof referralDiscountSchema>;

const discountCodeRewardSchema = z.object({
  value: referralDiscountSchema,
  /** Minimum order subtotal in minor units of the shop's currency; null: none. */
  minimumSubtotalMinor: z.number().int().min(1).max(100_000_000).nullable(),
  /** Days the code can be used after it was made; null: it does not expire. */
  codeValidDays: z.number().int().min(1).max(365).nullable(),
});

/** The friend's reward: a single-use discount code of their own, for their first order. */
export const friendRewardSchema = discountCodeRewardSchema;

export type FriendReward = z.infer<typeof friendRewardSchema>;

/** The advocate's reward once the friend's first order has passed the return window. */
export const advocateRewardSchema = z.discriminatedUnion("kind", [
  /** Points on the loyalty ledger (needs the loyalty program switched on). */
  z.object({ kind: z.literal("points"), points: z.number().int().min(1).max(1_000_000) }),
  /** A single-use discount code for the advocate. */
  discountCodeRewardSchema.extend({ kind: z.literal("discount") }),
]);

export type AdvocateReward = z.infer<typeof advocateRewardSchema>;

export const referralSettingsSchema = z.object({
  friendReward: friendRewardSchema,
  advocateReward: advocateRewardSchema,
  /** Days after the friend's order is paid in which a refund or cancellation voids the referral. */
  returnWindowDays: z.number().int().min(0).max(365),
  /** Only the friend's order of at least this subtotal converts (minor units); null: any. */
  minimumOrderMinor: z.number().int().min(1).max(100_000_000).nullable(),
  /** Rewarded referrals per advocate and calendar month; null: no limit. */
  advocateMonthlyLimit: z.number().int().min(1).max(1_000).nullable(),
  /** Claims allowed from one visitor (IP address) per hour: more are refused, not just scored. */
  claimsPerHourPerIp: z.number().int().min(1).max(1_000),
  /** The start of every friend's and advocate's code (letters and digits). */
  codePrefix: z.string().regex(/^[A-Z0-9]{2,12}$/),
  fraud: fraudSettingsSchema,
});

export type ReferralSettings = z.infer<typeof referralSettingsSchema>;

/** What a new program starts with: the most common offer in the market (10 € for both, 30 days). */
export const DEFAULT_REFERRAL_SETTINGS: ReferralSettings = {
  friendReward: { value: { kind: "amount", amountMinor: 1_000 }, minimumSubtotalMinor: 3_000, codeValidDays: 30 },
  advocateReward: { kind: "discount", value: { kind: "amount", amountMinor: 1_000 }, minimumSubtotalMinor: 3_000, codeValidDays: 90 },
  returnWindowDays: 30,
  minimumOrderMinor: null,
  advocateMonthlyLimit: 10,
  claimsPerHourPerIp: 5,
  codePrefix: "FREUND",
  fraud: DEFAULT_FRAUD_SETTINGS,
};

/** The stored settings, read strictly: a program row always holds settings that once passed the schema. */
export function parseReferralSettings(stored: unknown): ReferralSettings {
  return referralSettingsSchema.parse(stored);
}
