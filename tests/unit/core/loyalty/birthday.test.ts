import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  birthdayChange,
  birthdayDue,
  birthdaySchema,
  birthdaySourceKey,
  celebration,
  earnsInYear,
  firstEarningBirthday,
  isValidBirthday,
  nextBirthdayAt,
  paidBirthdayYears,
  type GivenBirthday,
} from "~/core/loyalty/birthday";

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);
const given = (month: number, day: number, setAt: string): GivenBirthday => ({ month, day, setAt: at(setAt) });
const SINCE = { since: at("2020-01-01T00:00:00Z"), paying: true };
const NONE = new Set<number>();

/** Any real birthday, Feb 29 included. */
const birthdayArb = fc
  .record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .filter((birthday) => isValidBirthday(birthday));
const instantArb = fc.date({ min: at("2022-01-01T00:00:00Z"), max: at("2030-12-31T00:00:00Z"), noInvalidDate: true });

describe("valid birthdays", () => {
  test.each([
    [1, 31, true],
    [2, 29, true],
    [2, 30, false],
    [4, 30, true],
    [4, 31, false],
    [12, 31, true],
    [13, 1, false],
    [0, 10, false],
    [6, 0, false],
    [3, 1.5, false],
  ])("%i/%s valid: %s", (month, day, valid) => {
    expect(isValidBirthday({ month, day })).toBe(valid);
    expect(birthdaySchema.safeParse({ month, day }).success).toBe(valid);
  });

  test("the schema takes only whole numbers (no strings, no year)", () => {
    expect(birthdaySchema.safeParse({ month: "3", day: 4 }).success).toBe(false);
    expect(birthdaySchema.parse({ month: 3, day: 4, year: 1990 })).toEqual({ month: 3, day: 4 });
  });

  test("every day of a leap year is a valid birthday, 366 in all", () => {
    let count = 0;
    for (let day = at("2024-01-01T00:00:00Z").getTime(); day < at("2025-01-01T00:00:00Z").getTime(); day += DAY) {
      const date = new Date(day);
      expect(isValidBirthday({ month: date.getUTCMonth() + 1, day: date.getUTCDate() })).toBe(true);
      count += 1;
    }
    expect(count).toBe(366);
  });
});

describe("the day it is celebrated", () => {
  test("29 February: on the 29th in leap years, the 28th otherwise", () => {
    expect(celebration({ month: 2, day: 29 }, 2024).toISOString()).toBe("2024-02-29T00:00:00.000Z");
    expect(celebration({ month: 2, day: 29 }, 2025).toISOString()).toBe("2025-02-28T00:00:00.000Z");
    expect(celebration({ month: 2, day: 29 }, 2100).toISOString()).toBe("2100-02-28T00:00:00.000Z");
    expect(celebration({ month: 2, day: 29 }, 2000).toISOString()).toBe("2000-02-29T00:00:00.000Z");
  });

  test("any birthday falls on its own month and day, at midnight UTC, in the year asked", () => {
    fc.assert(
      fc.property(birthdayArb, fc.integer({ min: 1990, max: 2100 }), (birthday, year) => {
        const day = celebration(birthday, year);
        expect(day.getUTCFullYear()).toBe(year);
        expect(day.getUTCMonth() + 1).toBe(birthday.month);
        expect(day.getTime() % DAY).toBe(0);
        const leapDayMoved = birthday.month === 2 && birthday.day === 29 && day.getUTCDate() === 28;
        expect(day.getUTCDate() === birthday.day || leapDayMoved).toBe(true);
      }),
    );
  });
});

describe("set in time", () => {
  test("30 days before the day earns; a minute later does not", () => {
    expect(earnsInYear(given(7, 10, "2026-06-10T00:00:00Z"), 2026)).toBe(true);
    expect(earnsInYear(given(7, 10, "2026-06-10T00:01:00Z"), 2026)).toBe(false);
    expect(earnsInYear(given(7, 10, "2026-06-10T00:01:00Z"), 2027)).toBe(true);
  });

  test("what the shopper is told: the first birthday that earns, and whether this year's is too close", () => {
    expect(firstEarningBirthday(given(7, 10, "2026-05-01T12:00:00Z"), at("2026-05-01T12:00:00Z"))).toEqual({ at: at("2026-07-10T00:00:00Z"), skipsThisYear: false });
    expect(firstEarningBirthday(given(5, 20, "2026-05-01T12:00:00Z"), at("2026-05-01T12:00:00Z"))).toEqual({ at: at("2027-05-20T00:00:00Z"), skipsThisYear: true });
    // Today is the birthday: too late for today's.
    expect(firstEarningBirthday(given(5, 1, "2026-05-01T12:00:00Z"), at("2026-05-01T12:00:00Z"))).toEqual({ at: at("2027-05-01T00:00:00Z"), skipsThisYear: true });
    // Already past this year: next year's, which is not "this year skipped".
    expect(firstEarningBirthday(given(3, 1, "2026-05-01T12:00:00Z"), at("2026-05-01T12:00:00Z"))).toEqual({ at: at("2027-03-01T00:00:00Z"), skipsThisYear: false });
    // Late December for early January: next year's is under 30 days away too.
    expect(firstEarningBirthday(given(1, 5, "2026-12-20T00:00:00Z"), at("2026-12-20T00:00:00Z"))).toEqual({ at: at("2028-01-05T00:00:00Z"), skipsThisYear: true });
  });

  test("the first earning birthday is always at least 30 days after setting, and within 13 months", () => {
    fc.assert(
      fc.property(birthdayArb, instantArb, (birthday, now) => {
        const first = firstEarningBirthday({ ...birthday, setAt: now }, now);
        expect(first.at.getTime() - now.getTime()).toBeGreaterThanOrEqual(30 * DAY);
        expect(first.at.getTime() - now.getTime()).toBeLessThanOrEqual(396 * DAY);
      }),
    );
  });
});

describe("due on the day, once a year", () => {
  const member = given(3, 15, "2025-01-01T00:00:00Z");

  test("wakes at midnight UTC of the birthday; due from then for a week", () => {
    expect(nextBirthdayAt(member, SINCE, NONE, at("2026-03-01T10:00:00Z"))).toEqual(at("2026-03-15T00:00:00Z"));
    expect(birthdayDue(member, SINCE, NONE, at("2026-03-14T23:59:59Z"))).toBeNull();
    expect(birthdayDue(member, SINCE, NONE, at("2026-03-15T00:00:00Z"))).toEqual({ year: 2026, at: at("2026-03-15T00:00:00Z") });
    expect(birthdayDue(member, SINCE, NONE, at("2026-03-21T23:59:59Z"))).toEqual({ year: 2026, at: at("2026-03-15T00:00:00Z") });
    // Missed for a week: next year's.
    expect(birthdayDue(member, SINCE, NONE, at("2026-03-22T00:00:00Z"))).toBeNull();
    expect(nextBirthdayAt(member, SINCE, NONE, at("2026-03-22T00:00:00Z"))).toEqual(at("2027-03-15T00:00:00Z"));
  });

  test("a paid year is not due again: the next visit is next year's birthday", () => {
    const paid = new Set([2026]);
    expect(birthdayDue(member, SINCE, paid, at("2026-03-15T08:00:00Z"))).toBeNull();
    expect(nextBirthdayAt(member, SINCE, paid, at("2026-03-15T08:00:00Z"))).toEqual(at("2027-03-15T00:00:00Z"));
  });

  test("a late-December birthday found in January is still the old year's", () => {
    const december = given(12, 30, "2025-01-01T00:00:00Z");
    expect(birthdayDue(december, SINCE, NONE, at("2027-01-02T00:00:00Z"))).toEqual({ year: 2026, at: at("2026-12-30T00:00:00Z") });
    expect(birthdayDue(december, SINCE, new Set([2026]), at("2027-01-02T00:00:00Z"))).toBeNull();
  });

  test("nothing before the program's start, nothing for a birthday set too late", () => {
    expect(nextBirthdayAt(member, { since: at("2026-03-16T00:00:00Z"), paying: true }, NONE, at("2026-03-10T00:00:00Z"))).toEqual(at("2027-03-15T00:00:00Z"));
    const late = given(3, 15, "2026-03-01T00:00:00Z");
    expect(birthdayDue(late, SINCE, NONE, at("2026-03-15T01:00:00Z"))).toBeNull();
    expect(nextBirthdayAt(late, SINCE, NONE, at("2026-03-01T00:00:00Z"))).toEqual(at("2027-03-15T00:00:00Z"));
    expect(nextBirthdayAt(null, SINCE, NONE, at("2026-03-01T00:00:00Z"))).toBeNull();
  });

  test("whatever the clock: a due birthday is the wake time, and once paid the wake is later and not due", () => {
    fc.assert(
      fc.property(birthdayArb, instantArb, fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 800 }), fc.boolean(), (birthday, setAt, laterDays, sinceDays, paying) => {
        const member = { ...birthday, setAt };
        const rules = { since: new Date(setAt.getTime() - 400 * DAY + sinceDays * DAY), paying };
        const now = new Date(setAt.getTime() + laterDays * DAY);
        const wake = nextBirthdayAt(member, rules, NONE, now);
        const due = birthdayDue(member, rules, NONE, now);
        if (due) {
          expect(paying).toBe(true);
          expect(wake).toEqual(due.at);
          expect(earnsInYear(member, due.year)).toBe(true);
          expect(due.at.getTime()).toBeGreaterThanOrEqual(rules.since.getTime());
          const after = nextBirthdayAt(member, rules, new Set([due.year]), now);
          expect(after!.getTime()).toBeGreaterThan(now.getTime());
          expect(birthdayDue(member, rules, new Set([due.year]), now)).toBeNull();
        } else {
          // Not due: the wake, if any, is still ahead (never a past time that would spin the clock).
          expect(wake === null || wake.getTime() > now.getTime()).toBe(true);
        }
      }),
    );
  });

  test("while the program gives no birthday points the clock still visits on the coming birthday, and nothing past is due", () => {
    const off = { ...SINCE, paying: false };
    expect(nextBirthdayAt(member, off, NONE, at("2026-03-01T10:00:00Z"))).toEqual(at("2026-03-15T00:00:00Z"));
    expect(birthdayDue(member, off, NONE, at("2026-03-15T00:05:00Z"))).toBeNull();
    expect(nextBirthdayAt(member, off, NONE, at("2026-03-15T00:05:00Z"))).toEqual(at("2027-03-15T00:00:00Z"));
  });

  test("over years of daily visits each year is paid at most once, on or within a week after the day", () => {
    fc.assert(
      fc.property(birthdayArb, instantArb, (birthday, setAt) => {
        const member = { ...birthday, setAt };
        const paid = new Set<number>();
        const paidAt: Date[] = [];
        for (let now = setAt.getTime(); now < setAt.getTime() + 3 * 366 * DAY; now += DAY) {
          const due = birthdayDue(member, SINCE, paid, new Date(now));
          if (!due) continue;
          expect(paid.has(due.year)).toBe(false);
          paid.add(due.year);
          paidAt.push(new Date(now));
          expect(now - due.at.getTime()).toBeLessThan(7 * DAY);
        }
        expect(paid.size).toBeGreaterThanOrEqual(2);
        expect(paid.size).toBeLessThanOrEqual(3);
        expect(paidAt[0]!.getTime() - setAt.getTime()).toBeGreaterThanOrEqual(30 * DAY);
      }),
    );
  });
});

describe("changing the birthday", () => {
  const current = given(3, 15, "2026-01-10T00:00:00Z");

  test("the first time is always allowed; the same day again changes nothing", () => {
    expect(birthdayChange(null, { month: 5, day: 5 }, at("2026-01-10T00:00:00Z"))).toEqual({ allowed: true, changed: true });
    expect(birthdayChange(current, { month: 3, day: 15 }, at("2026-01-11T00:00:00Z"))).toEqual({ allowed: true, changed: false });
  });

  test("another day only 12 months after the last setting", () => {
    expect(birthdayChange(current, { month: 3, day: 16 }, at("2026-06-01T00:00:00Z"))).toEqual({ allowed: false, reason: "locked", until: at("2027-01-10T00:00:00Z") });
    expect(birthdayChange(current, { month: 3, day: 16 }, at("2027-01-10T00:00:00Z"))).toEqual({ allowed: true, changed: true });
  });
});

test("source keys and paid years: per member and year, other members' and other sources ignored", () => {
  expect(birthdaySourceKey("m1", 2026)).toBe("birthday:m1:2026");
  expect([...paidBirthdayYears("m1", ["birthday:m1:2025", "birthday:m1:2026", "birthday:m2:2024", "action:newsletter:m1", "order:x:earn"])].sort()).toEqual([2025, 2026]);
});
