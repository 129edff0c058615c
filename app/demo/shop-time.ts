// Time in the demo shop's zone (Europe/Berlin). Shopify writes payload timestamps in the shop's
// local time with its UTC offset, so winter orders read +01:00 and summer orders +02:00.
// Computed by hand (EU DST rule) rather than with Intl, to stay identical on any ICU build.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** 01:00 UTC on the last Sunday of the month: when EU clocks change. */
function lastSundayAt0100Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  const back = lastDay.getUTCDay();
  return Date.UTC(year, month, lastDay.getUTCDate() - back, 1);
}

const dstCache = new Map<number, readonly [number, number]>();

export function berlinOffsetMinutes(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  let range = dstCache.get(year);
  if (!range) {
    range = [lastSundayAt0100Utc(year, 2), lastSundayAt0100Utc(year, 9)] as const;
    dstCache.set(year, range);
  }
  return ms >= range[0] && ms < range[1] ? 120 : 60;
}

/** "2026-03-04T10:15:00+01:00": whole seconds, local wall time, explicit offset. */
export function formatShopTime(ms: number): string {
  const offset = berlinOffsetMinutes(ms);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset * MINUTE).toISOString().slice(0, 19);
  return `${local}+0${offset / 60}:00`;
}

export interface LocalParts {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  /** 0 = Sunday */
  weekday: number;
}

export function localParts(ms: number): LocalParts {
  const d = new Date(ms + berlinOffsetMinutes(ms) * MINUTE);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    weekday: d.getUTCDay(),
  };
}

/** UTC instant of local midnight on the local day containing ms (DST-change days are close enough). */
export function localMidnight(ms: number): number {
  const offset = berlinOffsetMinutes(ms) * MINUTE;
  return Math.floor((ms + offset) / DAY) * DAY - offset;
}

/** Calendar-month arithmetic in UTC, clamping the day (Mar 31 minus one month is Feb 28/29). */
export function addUtcMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime();
}
