import type { DateRangePreset, DayRange } from "./order-list-filters";

// Date filters work on calendar days in UTC: the store keeps no shop time zone yet, so an order
// placed shortly after midnight in Berlin counts to the day before in the list. Ranges are whole
// days, both ends included.

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The calendar day "YYYY-MM-DD" as a UTC midnight, or null when it is no real date (2026-02-30). */
export function parseIsoDay(text: string): Date | null {
  const match = ISO_DAY.exec(text);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text ? date : null;
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The days a preset covers, ending today: "last 7 days" is today and the 6 days before. */
export function presetRange(preset: DateRangePreset, today: Date): DayRange {
  const to = isoDay(today);
  if (preset === "thisYear") return { from: `${to.slice(0, 4)}-01-01`, to };
  const days = preset === "last7" ? 7 : preset === "last30" ? 30 : 90;
  return { from: isoDay(new Date(today.getTime() - (days - 1) * DAY_MS)), to };
}

/** The instants a day range covers: from the first day's midnight up to, not including, the midnight after the last. */
export function rangeBounds(range: DayRange): { gte: Date | null; lt: Date | null } {
  const from = range.from ? parseIsoDay(range.from) : null;
  const to = range.to ? parseIsoDay(range.to) : null;
  return { gte: from, lt: to ? new Date(to.getTime() + DAY_MS) : null };
}
