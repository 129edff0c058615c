import { z } from "zod";

// A shop's thresholds for the referral fraud score (./fraud-score.ts): where a score sends a
// referral to the review queue or rejects it, and the limits of the velocity and code-spread
// signals. The windows tell the service which claims to count; the score compares the counts.

const velocitySchema = z.object({
  windowHours: z.number().int().min(1).max(24 * 90),
  /** Claims allowed in the window, this one included: the next one raises the signal. */
  limit: z.number().int().min(1).max(10_000),
});

export const fraudSettingsSchema = z
  .object({
    /** From this score on a referral waits for the merchant's review. */
    reviewAt: z.number().int().min(1).max(100),
    /** From this score on it is rejected; null: never automatically, the review queue decides. */
    rejectAt: z.number().int().min(1).max(100).nullable(),
    /** Claims from one IP address (an office or a mobile carrier shares one: a loose limit). */
    ipVelocity: velocitySchema,
    /** Claims from one IP address with one browser (user agent): one device, a tight limit. */
    deviceVelocity: velocitySchema,
    /** Unrelated customers using one advocate's codes: a code posted on a coupon site. */
    codeSpread: z.object({
      windowDays: z.number().int().min(1).max(365),
      /** Customers allowed in the window, the friend included: the next one raises the signal. */
      limit: z.number().int().min(1).max(10_000),
    }),
  })
  .refine((settings) => settings.rejectAt === null || settings.rejectAt >= settings.reviewAt, {
    path: ["rejectAt"],
    message: "The reject threshold cannot be below the review threshold",
  });

export type FraudSettings = z.infer<typeof fraudSettingsSchema>;

export const DEFAULT_FRAUD_SETTINGS: FraudSettings = {
  reviewAt: 30,
  rejectAt: 80,
  // "10 per week" from one address, as the product card suggests.
  ipVelocity: { windowHours: 24 * 7, limit: 10 },
  deviceVelocity: { windowHours: 24, limit: 3 },
  codeSpread: { windowDays: 30, limit: 15 },
};
