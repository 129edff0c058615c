import type { LedgerSummary } from "./ledger";

// The expiry notices: a warning `warningDays` before an available lot expires, a last chance
// `lastChanceDays` before. Each lot gets each notice at most once for the time it expires (the
// caller keys it by lot, level and that time); a lot found already inside the last-chance window
// gets only the last chance — a warning then would say less than the truth. Under inactivity
// expiry every lot expires when the member has been inactive long enough, and that time moves
// with their activity (a new deadline, new notices).

export type NoticeLevel = "warning" | "last_chance";

export interface NoticeSettings {
  warningDays: number;
  lastChanceDays: number;
}

export interface NoticeDue {
  lotId: string;
  level: NoticeLevel;
  points: number;
  expiresAt: Date;
}

const DAY_MS = 86_400_000;

/**
 * When the whole balance expires for inactivity (null: the program does not expire for it), counted
 * from the last activity, or from when the rule came into force if that is later (`since`): the
 * rule never expires points retroactively.
 */
export function inactivityDeadline(lastActivityAt: Date | null, inactivity: { days: number | null; since?: Date | null }): Date | null {
  if (inactivity.days === null || !lastActivityAt) return null;
  const start = Math.max(lastActivityAt.getTime(), inactivity.since?.getTime() ?? -Infinity);
  return new Date(start + inactivity.days * DAY_MS);
}

/** The lots with the time they will expire: their own, or the inactivity deadline if sooner. */
export function expiringBy(summary: LedgerSummary, deadline: Date | null): LedgerSummary {
  if (!deadline) return summary;
  return { ...summary, lots: summary.lots.map((lot) => ({ ...lot, expiresAt: lot.expiresAt && lot.expiresAt < deadline ? lot.expiresAt : deadline })) };
}

function noticeTimes(expiresAt: Date, settings: NoticeSettings): Array<{ level: NoticeLevel; at: number }> {
  return [
    { level: "last_chance", at: expiresAt.getTime() - settings.lastChanceDays * DAY_MS },
    { level: "warning", at: expiresAt.getTime() - settings.warningDays * DAY_MS },
  ];
}

/** Lots that can still expire: available, something left, an expiry still ahead. */
function expiringLots(summary: LedgerSummary, now: Date) {
  return summary.lots.filter((lot) => !lot.pending && lot.remaining > 0 && lot.expiresAt !== null && lot.expiresAt.getTime() > now.getTime());
}

/** The notice each expiring lot is in the window of now (the nearer level when both are). */
export function noticesDue(summary: LedgerSummary, now: Date, settings: NoticeSettings): NoticeDue[] {
  return expiringLots(summary, now).flatMap((lot) => {
    const due = noticeTimes(lot.expiresAt!, settings)
      .filter((notice) => notice.at <= now.getTime())
      .sort((a, b) => b.at - a.at)[0];
    return due ? [{ lotId: lot.id, level: due.level, points: lot.remaining, expiresAt: lot.expiresAt! }] : [];
  });
}

/** When the next notice falls due after `now` (null: none ahead). */
export function nextNoticeAt(summary: LedgerSummary, now: Date, settings: NoticeSettings): Date | null {
  const times = expiringLots(summary, now).flatMap((lot) =>
    noticeTimes(lot.expiresAt!, settings)
      .map((notice) => notice.at)
      .filter((at) => at > now.getTime()),
  );
  return times.length === 0 ? null : new Date(Math.min(...times));
}
