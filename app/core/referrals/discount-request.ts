import type { DiscountCodeRequest, DiscountValue } from "~/core/platform-actions";
import type { FriendReward, ReferralDiscount } from "./program-settings";

// The single-use discount code a referral reward asks the platform for (the friend's at the
// claim; the advocate's discount reward has the same shape).

const DAY_MS = 86_400_000;

export function discountValue(value: ReferralDiscount, currency: string): DiscountValue {
  switch (value.kind) {
    case "amount":
      return { kind: "amount", amountMinor: BigInt(value.amountMinor), currency };
    case "percent":
      return { kind: "percent", percent: value.percent };
    case "free_shipping":
      return { kind: "free_shipping" };
  }
}

/** When a code made at `now` runs out; null: never. */
export function codeExpiresAt(reward: Pick<FriendReward, "codeValidDays">, now: Date): Date | null {
  return reward.codeValidDays === null ? null : new Date(now.getTime() + reward.codeValidDays * DAY_MS);
}

/**
 * One use in all and once per customer; restricted to the customer when the platform knows them
 * (a friend who claimed signed in), else anyone who has the code (the one it was mailed to).
 */
export function discountCodeRequest(input: {
  reward: FriendReward;
  code: string;
  title: string;
  currency: string;
  customerPlatformId: string | null;
  now: Date;
}): DiscountCodeRequest {
  const { reward, now } = input;
  return {
    code: input.code,
    title: input.title,
    value: discountValue(reward.value, input.currency),
    customerPlatformId: input.customerPlatformId,
    usageLimit: 1,
    oncePerCustomer: true,
    minimumSubtotal: reward.minimumSubtotalMinor === null ? null : { amountMinor: BigInt(reward.minimumSubtotalMinor), currency: input.currency },
    startsAt: now,
    endsAt: codeExpiresAt(reward, now),
  };
}
