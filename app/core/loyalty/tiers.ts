// VIP tiers: which tier a member is in, from the points they earned or the money they spent over
// the shop's chosen window. Refunds count against both (clawed-back points and refunded value are
// not "earned" or "spent"), so a refunded order never lifts anyone into a tier.

export type TierBasis = "points" | "spend";
export type TierWindow = "lifetime" | "calendar_year" | "rolling_12_months";
/** keep: a tier once reached is kept; recalculate: a member moves down when the value drops below. */
export type DemotionPolicy = "keep" | "recalculate";

export interface Tier {
  id: string;
  /** Points earned, or spend in minor units, from which the tier applies (the first tier: 0). */
  threshold: number;
  /** Earn multiplier while in the tier (1 = none). */
  multiplier: number;
  /** Points given once on reaching the tier. */
  entryRewardPoints: number;
}

export interface TierRules {
  basis: TierBasis;
  window: TierWindow;
  demotion: DemotionPolicy;
  /** Ascending by threshold. */
  tiers: readonly Tier[];
}

/** One contribution to the qualifying value: points earned (or taken back), or value spent (or refunded). */
export interface QualifyingEvent {
  at: Date;
  points: number;
  spendMinor: number;
}

const DAY_MS = 86_400_000;

/** Start of the window that counts at `now` (null: everything counts). */
export function windowStart(window: TierWindow, now: Date): Date | null {
  if (window === "lifetime") return null;
  if (window === "calendar_year") return new Date(Date.UTC(now.getUTCFullYear(), 0, 1));
  return new Date(now.getTime() - 365 * DAY_MS);
}

export function qualifyingValue(rules: TierRules, events: readonly QualifyingEvent[], now: Date): number {
  const start = windowStart(rules.window, now);
  let value = 0;
  for (const event of events) {
    if (event.at.getTime() > now.getTime()) continue;
    if (start && event.at.getTime() < start.getTime()) continue;
    value += rules.basis === "points" ? event.points : event.spendMinor;
  }
  return Math.max(0, value);
}

/** The highest tier whose threshold the value reaches (the first tier when none). */
export function tierForValue(rules: TierRules, value: number): Tier | null {
  let reached: Tier | null = rules.tiers[0] ?? null;
  for (const tier of rules.tiers) if (value >= tier.threshold) reached = tier;
  return reached;
}

function rank(rules: TierRules, tierId: string | null): number {
  return tierId === null ? -1 : rules.tiers.findIndex((tier) => tier.id === tierId);
}

/** The member's tier now, given the one they hold and the demotion policy. */
export function evaluateTier(rules: TierRules, currentTierId: string | null, value: number): Tier | null {
  const earned = tierForValue(rules, value);
  if (rules.demotion === "recalculate" || rank(rules, currentTierId) < 0) return earned;
  return rank(rules, earned?.id ?? null) >= rank(rules, currentTierId) ? earned : rules.tiers[rank(rules, currentTierId)]!;
}

/** What is missing to the next tier, for the storefront's progress bar. */
export function progressToNextTier(rules: TierRules, currentTierId: string | null, value: number): { next: Tier; missing: number } | null {
  const next = rules.tiers[rank(rules, currentTierId) + 1];
  return next ? { next, missing: Math.max(0, next.threshold - value) } : null;
}

/** Tiers passed on the way from one tier to another, each giving its entry reward once. */
export function tiersEntered(rules: TierRules, fromTierId: string | null, toTierId: string | null): Tier[] {
  const from = rank(rules, fromTierId);
  const to = rank(rules, toTierId);
  return to > from ? rules.tiers.slice(from + 1, to + 1) : [];
}
