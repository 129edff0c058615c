import { z } from "zod";
import type { DiscountCodeRequest, DiscountValue } from "~/core/platform-actions";

// The rewards catalog: what members can spend points on, and what a redemption asks the platform
// for (a unique, single-use discount code restricted to the member).

const localizedText = z.object({ de: z.string().trim().min(1).max(80), en: z.string().trim().min(1).max(80) });

const common = {
  id: z.string().min(1).max(40),
  title: localizedText,
  active: z.boolean(),
  /** Minimum order subtotal for the code, minor units; null: none. */
  minimumSubtotalMinor: z.number().int().positive().nullable(),
  /** Days the code stays valid; null: it does not expire. */
  codeValidDays: z.number().int().min(1).max(730).nullable(),
};

export const rewardSchema = z.discriminatedUnion("kind", [
  z.object({ ...common, kind: z.literal("amount_off"), pointsCost: z.number().int().positive(), amountMinor: z.number().int().positive() }),
  z.object({ ...common, kind: z.literal("percent_off"), pointsCost: z.number().int().positive(), percent: z.number().int().min(1).max(100) }),
  z.object({ ...common, kind: z.literal("free_shipping"), pointsCost: z.number().int().positive() }),
  z.object({ ...common, kind: z.literal("free_product"), pointsCost: z.number().int().positive(), variantId: z.string().min(1) }),
  z.object({
    ...common,
    kind: z.literal("variable_amount"),
    /** Points per whole currency unit off (100 points → 1 €). */
    pointsPerUnit: z.number().int().positive(),
    minPoints: z.number().int().positive(),
    maxPoints: z.number().int().positive(),
  }),
]);

export type Reward = z.infer<typeof rewardSchema>;

export class RedemptionRefused extends Error {
  override name = "RedemptionRefused";
  constructor(readonly reason: "inactive" | "points_out_of_range" | "not_enough_points" | "not_a_step") {
    super(`Redemption refused: ${reason}`);
  }
}

export interface RedemptionQuote {
  points: number;
  value: DiscountValue;
}

/**
 * What a redemption costs and gives. A variable reward takes the points the member chose, in
 * whole currency units' steps between its minimum and maximum; every other reward has its price.
 */
export function quoteRedemption(reward: Reward, currency: string, minorPerUnit: number, chosenPoints?: number): RedemptionQuote {
  if (!reward.active) throw new RedemptionRefused("inactive");
  switch (reward.kind) {
    case "amount_off":
      return { points: reward.pointsCost, value: { kind: "amount", amountMinor: BigInt(reward.amountMinor), currency } };
    case "percent_off":
      return { points: reward.pointsCost, value: { kind: "percent", percent: reward.percent } };
    case "free_shipping":
      return { points: reward.pointsCost, value: { kind: "free_shipping" } };
    case "free_product":
      return { points: reward.pointsCost, value: { kind: "free_product", variantPlatformId: reward.variantId, quantity: 1 } };
    case "variable_amount": {
      const points = chosenPoints ?? reward.minPoints;
      if (!Number.isInteger(points) || points < reward.minPoints || points > reward.maxPoints) throw new RedemptionRefused("points_out_of_range");
      if (points % reward.pointsPerUnit !== 0) throw new RedemptionRefused("not_a_step");
      const units = points / reward.pointsPerUnit;
      return { points, value: { kind: "amount", amountMinor: BigInt(units * minorPerUnit), currency } };
    }
  }
}

// No 0/O, 1/I/L: a code read aloud or typed from a mail should not be mistyped.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** A reward code from random bytes (≥ 10 of them): PREFIX-XXXXX-XXXXX, 50 bits. */
export function rewardCode(prefix: string, randomBytes: Uint8Array): string {
  if (randomBytes.length < 10) throw new Error("A reward code needs 10 random bytes");
  const characters = Array.from(randomBytes.subarray(0, 10), (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]);
  return `${prefix}-${characters.slice(0, 5).join("")}-${characters.slice(5).join("")}`;
}

/** The discount code a redemption asks the platform for: single use, for this member only. */
export function rewardCodeRequest(input: {
  reward: Reward;
  quote: RedemptionQuote;
  code: string;
  title: string;
  customerPlatformId: string;
  currency: string;
  now: Date;
}): DiscountCodeRequest {
  const { reward, now } = input;
  return {
    code: input.code,
    title: input.title,
    value: input.quote.value,
    customerPlatformId: input.customerPlatformId,
    usageLimit: 1,
    oncePerCustomer: true,
    minimumSubtotal: reward.minimumSubtotalMinor === null ? null : { amountMinor: BigInt(reward.minimumSubtotalMinor), currency: input.currency },
    startsAt: now,
    endsAt: reward.codeValidDays === null ? null : new Date(now.getTime() + reward.codeValidDays * 86_400_000),
  };
}
