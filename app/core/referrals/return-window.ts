// How long a converted referral's order can still be refunded or cancelled before the advocate is
// rewarded: the program's days; in the demo shop, minutes for an order placed now (its storefront's),
// so a newcomer sees the reward, while its history's orders keep the program's days.

const DAY_MS = 86_400_000;

/** A fact recorded within this of its event is a live order's, not a history's played back. */
const LIVE_WITHIN_MS = 3_600_000;

export interface ReturnWindowInput {
  settingsDays: number;
  /** When the order was paid, and when its fact was recorded. */
  occurredAt: Date;
  recordedAt: Date;
  isDemoShop: boolean;
  /** The demo's window for live orders; undefined outside demo mode. */
  demoWindowMs: number | undefined;
}

export function returnWindowMs(input: ReturnWindowInput): number {
  const live = input.recordedAt.getTime() - input.occurredAt.getTime() < LIVE_WITHIN_MS;
  return input.isDemoShop && live && input.demoWindowMs !== undefined ? input.demoWindowMs : input.settingsDays * DAY_MS;
}
