import { currencyExponent } from "~/core/money";
import { formatDate, formatMoney, formatMonthDay } from "~/i18n/format";
import { translate, type Locale } from "~/i18n/translate";
import { changeableFrom, type GivenBirthday } from "./birthday";
import type { ProgramSettings } from "./program-settings";
import type { Reward } from "./rewards";
import { progressToNextTier, type TierRules } from "./tiers";

// The program as the storefront panel shows it, in the shopper's language: how points are
// earned, the rewards with their prices and whether the member can afford them, the way to the
// next tier, the member's birthday. Texts are made here so the storefront's script stays small and only places them.

export interface StorefrontReward {
  id: string;
  kind: Reward["kind"];
  title: string;
  /** The price; for a variable reward the smallest amount of points it takes. */
  points: number;
  /** Variable rewards: the most points and the step the member may choose in. */
  maxPoints: number | null;
  step: number | null;
  priceText: string;
  affordable: boolean;
}

interface TierView {
  id: string;
  name: string;
}

export interface TierProgress {
  tier: TierView | null;
  next: (TierView & { missing: number; text: string }) | null;
  /** 0 to 1: how far the member is from their tier's threshold to the next one. */
  progress: number;
  /** When there is no next tier. */
  topText: string | null;
}

const unitMinor = (currency: string) => 10 ** currencyExponent(currency);

export function earnText(settings: ProgramSettings, currency: string, locale: Locale): string {
  const amount = formatMoney(locale, unitMinor(currency), currency);
  const points = settings.earning.pointsPerUnit;
  return points === 1 ? translate(locale, "storefront.earn.rateOne", { amount }) : translate(locale, "storefront.earn.rate", { points, amount });
}

/** The active rewards; `available` null for a shopper who is not signed in (nothing is affordable). */
export function rewardViews(rewards: readonly Reward[], currency: string, locale: Locale, available: number | null): StorefrontReward[] {
  return rewards
    .filter((reward) => reward.active)
    .map((reward) => {
      const common = { id: reward.id, kind: reward.kind, title: reward.title[locale] };
      if (reward.kind === "variable_amount") {
        const amount = formatMoney(locale, unitMinor(currency), currency);
        return {
          ...common,
          points: reward.minPoints,
          maxPoints: reward.maxPoints,
          step: reward.pointsPerUnit,
          priceText: translate(locale, "storefront.reward.range", { min: reward.minPoints, max: reward.maxPoints, step: reward.pointsPerUnit, amount }),
          affordable: available !== null && available >= reward.minPoints,
        };
      }
      return {
        ...common,
        points: reward.pointsCost,
        maxPoints: null,
        step: null,
        priceText: translate(locale, "storefront.reward.cost", { points: reward.pointsCost }),
        affordable: available !== null && available >= reward.pointsCost,
      };
    });
}

/**
 * The member's tier and the way to the next one. `value` is what the tier rules count (points or
 * spend in minor units over their window); `tierNames` the tiers' names in the shopper's language.
 */
export function tierProgress(
  rules: TierRules,
  tierId: string | null,
  value: number,
  tierNames: ReadonlyMap<string, string>,
  currency: string,
  locale: Locale,
): TierProgress {
  const view = (id: string): TierView => ({ id, name: tierNames.get(id) ?? id });
  const current = rules.tiers.find((tier) => tier.id === tierId) ?? null;
  const ahead = progressToNextTier(rules, current?.id ?? null, value);
  if (!ahead) {
    return { tier: current ? view(current.id) : null, next: null, progress: 1, topText: current ? translate(locale, "storefront.tier.top") : null };
  }
  const from = current?.threshold ?? 0;
  const span = ahead.next.threshold - from;
  const progress = span > 0 ? Math.min(1, Math.max(0, (value - from) / span)) : 1;
  const next = view(ahead.next.id);
  const text =
    rules.basis === "points"
      ? translate(locale, "storefront.tier.nextPoints", { missing: ahead.missing, tier: next.name })
      : translate(locale, "storefront.tier.nextSpend", { missing: formatMoney(locale, ahead.missing, currency), tier: next.name });
  return { tier: current ? view(current.id) : null, next: { ...next, missing: ahead.missing, text }, progress, topText: null };
}

export interface StorefrontBirthday {
  /** The day given; both null when not given yet (the panel invites the shopper to give it). */
  month: number | null;
  day: number | null;
  /** The day given, or the invitation with the points it earns. */
  text: string;
  /** When the next birthday points come (null before the day is given). */
  note: string | null;
  /** Whether the panel offers the form: not given yet, or the year since the last setting has passed. */
  canChange: boolean;
  /** From when it can be changed again, while it cannot. */
  changeText: string | null;
}

/**
 * The member's birthday for the panel. `nextPointsAt`: when the clock will pay it next (see
 * nextBirthdayAt), null when none is ahead.
 */
export function birthdayView(points: number, given: GivenBirthday | null, nextPointsAt: Date | null, locale: Locale, now: Date): StorefrontBirthday {
  if (!given) return { month: null, day: null, text: translate(locale, "storefront.birthday.invite", { points }), note: null, canChange: true, changeText: null };
  const from = changeableFrom(given);
  const canChange = from.getTime() <= now.getTime();
  return {
    month: given.month,
    day: given.day,
    text: translate(locale, "storefront.birthday.given", { date: formatMonthDay(locale, given.month, given.day) }),
    note: nextPointsAt ? translate(locale, "storefront.birthday.nextPoints", { date: formatDate(locale, nextPointsAt.toISOString()) ?? "" }) : null,
    canChange,
    changeText: canChange ? null : translate(locale, "storefront.birthday.changeFrom", { date: formatDate(locale, from.toISOString()) ?? "" }),
  };
}
