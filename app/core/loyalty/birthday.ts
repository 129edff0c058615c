import { z } from "zod";

// Birthday points. The shopper gives their birthday (month and day, no year) at the storefront and
// earns the program's birthday points on it every year. Dates are calendar days in UTC: the store
// keeps no shop time zone (as the order date filters), so a birthday begins at 00:00 UTC.
//
// Against gaming, in plain words:
// - A birthday given or changed less than 30 days before it earns nothing that year (nobody sets
//   "today" to collect at once); the next year's does.
// - Once given, it can be changed again only 12 months after it was last set.
// - A member earns birthday points at most once per calendar year, keyed by the celebration's year
//   (`birthday:<memberId>:<year>`): a replay or a change of date never pays twice.
// - Someone born on 29 February celebrates on 28 February in other years.
// - A birthday the program's clock reaches late (the app was down) is still paid within a week;
//   one found later than that waits for the next year.

export interface Birthday {
  /** 1-12 */
  month: number;
  day: number;
}

export interface GivenBirthday extends Birthday {
  /** When the shopper last set it. */
  setAt: Date;
}

const DAY_MS = 86_400_000;
const BIRTHDAY_NOTICE_DAYS = 30;
const BIRTHDAY_CHANGE_DAYS = 365;
const BIRTHDAY_GRACE_DAYS = 7;

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A real day of some year: 29 February is one, 30 February and 31 April are not. */
export function isValidBirthday(birthday: Birthday): boolean {
  const { month, day } = birthday;
  return Number.isInteger(month) && Number.isInteger(day) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2000, month);
}

export const birthdaySchema = z
  .object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) })
  .refine(isValidBirthday, { message: "No such day", path: ["day"] });

/** The start (00:00 UTC) of the day the birthday is celebrated in `year`. */
export function celebration(birthday: Birthday, year: number): Date {
  const day = birthday.month === 2 && birthday.day === 29 && !isLeapYear(year) ? 28 : birthday.day;
  return new Date(Date.UTC(year, birthday.month - 1, day));
}

/** Whether the birthday of `year` earns: it was set at least 30 days before the day. */
export function earnsInYear(birthday: GivenBirthday, year: number): boolean {
  return birthday.setAt.getTime() <= celebration(birthday, year).getTime() - BIRTHDAY_NOTICE_DAYS * DAY_MS;
}

/** The start of every source key of the member's birthday points. */
export function birthdaySourcePrefix(memberId: string): string {
  return `birthday:${memberId}:`;
}

export function birthdaySourceKey(memberId: string, year: number): string {
  return `${birthdaySourcePrefix(memberId)}${year}`;
}

/** The years a member's entries show birthday points for. */
export function paidBirthdayYears(memberId: string, sourceKeys: Iterable<string>): Set<number> {
  const prefix = birthdaySourcePrefix(memberId);
  const years = new Set<number>();
  for (const key of sourceKeys) if (key.startsWith(prefix)) years.add(Number(key.slice(prefix.length)));
  return years;
}

export interface BirthdayRules {
  /** Birthdays before it earn nothing: the program's start. */
  since: Date;
  /**
   * Whether the program gives birthday points now. While it does not, the clock still visits on
   * the coming birthdays (points switched on again miss none), but nothing past is due.
   */
  paying: boolean;
}

/** The celebrations that can still earn, in order: eligible, unpaid, not before the program, not past their grace. */
function openCelebrations(birthday: GivenBirthday, rules: BirthdayRules, paidYears: ReadonlySet<number>, now: Date): Array<{ year: number; at: Date }> {
  const from = now.getUTCFullYear() - 1;
  // A program that starts later (or a birthday set ahead of the clock) pushes the first one out.
  const to = Math.max(now.getUTCFullYear(), rules.since.getUTCFullYear(), birthday.setAt.getUTCFullYear()) + 2;
  const open: Array<{ year: number; at: Date }> = [];
  for (let year = from; year <= to; year++) {
    const at = celebration(birthday, year);
    if (paidYears.has(year) || !earnsInYear(birthday, year) || at.getTime() < rules.since.getTime()) continue;
    if (at.getTime() + BIRTHDAY_GRACE_DAYS * DAY_MS <= now.getTime() || (!rules.paying && at.getTime() <= now.getTime())) continue;
    open.push({ year, at });
  }
  return open;
}

/** The celebration to pay now, if one is due: it has begun and is still within its grace. */
export function birthdayDue(birthday: GivenBirthday | null, rules: BirthdayRules, paidYears: ReadonlySet<number>, now: Date): { year: number; at: Date } | null {
  if (!birthday) return null;
  const first = openCelebrations(birthday, rules, paidYears, now)[0];
  return first && first.at.getTime() <= now.getTime() ? first : null;
}

/**
 * When the program's clock must next visit the member for a birthday (a time already past: at
 * once); null for none. A paid year, a year set too late and a program's start move it on, so a
 * visit that pays (or cannot pay) never leaves the member due again.
 */
export function nextBirthdayAt(birthday: GivenBirthday | null, rules: BirthdayRules, paidYears: ReadonlySet<number>, now: Date): Date | null {
  if (!birthday) return null;
  return openCelebrations(birthday, rules, paidYears, now)[0]?.at ?? null;
}

/** What the shopper is told after giving their birthday: the first birthday that earns, and whether this year's is too close. */
export function firstEarningBirthday(birthday: GivenBirthday, now: Date): { at: Date; skipsThisYear: boolean } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  let year = now.getUTCFullYear();
  if (celebration(birthday, year).getTime() < today) year += 1;
  const upcoming = year;
  while (!earnsInYear(birthday, year)) year += 1;
  return { at: celebration(birthday, year), skipsThisYear: year !== upcoming };
}

export type BirthdayChange =
  | { allowed: true; changed: boolean }
  | { allowed: false; reason: "locked"; until: Date };

/** From when a given birthday may be changed: 12 months after it was last set. */
export function changeableFrom(current: GivenBirthday): Date {
  return new Date(current.setAt.getTime() + BIRTHDAY_CHANGE_DAYS * DAY_MS);
}

/** Whether the member may set `next`: the first time always; the same day again changes nothing; another day 12 months after the last setting. */
export function birthdayChange(current: GivenBirthday | null, next: Birthday, now: Date): BirthdayChange {
  if (!current) return { allowed: true, changed: true };
  if (current.month === next.month && current.day === next.day) return { allowed: true, changed: false };
  const until = changeableFrom(current);
  return until.getTime() <= now.getTime() ? { allowed: true, changed: true } : { allowed: false, reason: "locked", until };
}

/** The member row's columns as a birthday (null when not given). */
export function givenBirthday(row: { birthMonth: number | null; birthDay: number | null; birthdaySetAt: Date | null }): GivenBirthday | null {
  return row.birthMonth !== null && row.birthDay !== null && row.birthdaySetAt !== null ? { month: row.birthMonth, day: row.birthDay, setAt: row.birthdaySetAt } : null;
}
