import { z } from "zod";

// Actions the merchant defines (a review written, an event attended) that their own systems report
// through the API. The API grants points only for an action configured here, and only as often as
// its limit allows: a leaked key or a looping client cannot mint more than the merchant set.
// Windows are rolling (the last 24 hours, the last 30 days), so no time zone decides what "today"
// is and no burst fits twice around midnight.

export const LIMIT_PERIODS = ["ever", "day", "month"] as const;
export type LimitPeriod = (typeof LIMIT_PERIODS)[number];

const PERIOD_MS: Readonly<Record<Exclude<LimitPeriod, "ever">, number>> = {
  day: 86_400_000,
  month: 30 * 86_400_000,
};

/** The key a developer sends: lower-case letters, digits and underscores, starting with a letter. */
export const CUSTOM_ACTION_KEY = /^[a-z][a-z0-9_]{1,39}$/;

export const customActionSchema = z.object({
  key: z.string().regex(CUSTOM_ACTION_KEY),
  /** What the merchant calls it (their staff read it in the admin and the customer's timeline). */
  label: z.string().trim().min(1).max(60),
  points: z.number().int().min(1).max(100_000),
  /** At most `count` grants per customer in the period. */
  limit: z.object({ count: z.number().int().min(1).max(100), period: z.enum(LIMIT_PERIODS) }),
});

export type CustomAction = z.infer<typeof customActionSchema>;
export type ActionLimit = CustomAction["limit"];

/** The ledger reason of the action's earn entries; the limit counts the member's entries by it. */
export function customActionReason(key: string): string {
  return `custom:${key}`;
}

export type LimitVerdict = { allowed: true } | { allowed: false; count: number; period: LimitPeriod; nextAt: Date | null };

/**
 * Whether one more grant fits the limit, given when the customer was granted the action before.
 * When it does not: from when it would again (null: never, for a limit over all time).
 */
export function limitVerdict(limit: ActionLimit, grantedAt: readonly Date[], now: Date): LimitVerdict {
  const refused = (nextAt: Date | null): LimitVerdict => ({ allowed: false, count: limit.count, period: limit.period, nextAt });
  if (limit.period === "ever") return grantedAt.length < limit.count ? { allowed: true } : refused(null);
  const window = PERIOD_MS[limit.period];
  // A grant at exactly now minus the window has just left it.
  const inWindow = grantedAt
    .map((at) => at.getTime())
    .filter((at) => at > now.getTime() - window)
    .sort((a, b) => a - b);
  if (inWindow.length < limit.count) return { allowed: true };
  // The window must shed enough grants that one more fits: the oldest ones leave first.
  return refused(new Date(inWindow[inWindow.length - limit.count]! + window));
}
