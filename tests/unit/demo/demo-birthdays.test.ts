import { describe, expect, test } from "vitest";
import { demoBirthdays, type DemoMember } from "~/demo/demo-birthdays";
import { celebration, isValidBirthday } from "~/core/loyalty/birthday";

// The demo's birthdays: the same members and days for the same day, one today, one in three days,
// the rest in the past year, each given on the day the member joined.

const DAY = 86_400_000;
const now = new Date("2026-12-04T15:00:00Z");
const members: DemoMember[] = Array.from({ length: 400 }, (_, index) => ({
  platformId: String(7_000_000 + index * 37),
  joinedAt: new Date(now.getTime() - (index % 50) * 20 * DAY),
}));

describe("demo birthdays", () => {
  const birthdays = demoBirthdays(members, now);

  test("about every fourth member, the same ones whatever the order they come in", () => {
    expect(birthdays.length).toBeGreaterThan(60);
    expect(birthdays.length).toBeLessThan(140);
    expect(demoBirthdays([...members].reverse(), now)).toEqual(birthdays);
    // A member's choice does not depend on the others.
    expect(demoBirthdays(members.slice(0, 200), now).map((birthday) => birthday.platformId)).toEqual(
      birthdays.filter((birthday) => Number(birthday.platformId) < 7_000_000 + 200 * 37).map((birthday) => birthday.platformId),
    );
  });

  test("one today and one in three days, both given long enough ago to earn; the others in the past year", () => {
    const day = (birthday: { month: number; day: number }) => celebration(birthday, 2026).getTime();
    const today = Date.UTC(2026, 11, 4);
    const atToday = birthdays.filter((birthday) => day(birthday) === today);
    const soon = birthdays.filter((birthday) => day(birthday) === today + 3 * DAY);
    expect(atToday).toHaveLength(1);
    expect(soon).toHaveLength(1);
    for (const special of [...atToday, ...soon]) expect(special.setAt.getTime()).toBeLessThanOrEqual(now.getTime() - 60 * DAY);
    for (const birthday of birthdays) {
      expect(isValidBirthday(birthday)).toBe(true);
      const joined = members.find((member) => member.platformId === birthday.platformId)!;
      expect(birthday.setAt).toEqual(joined.joinedAt);
      if (birthday !== atToday[0] && birthday !== soon[0]) {
        // This year's if it is past, else last year's.
        const last = day(birthday) < today ? day(birthday) : celebration(birthday, 2025).getTime();
        expect(last).toBeLessThan(today);
        expect(last).toBeGreaterThanOrEqual(today - 364 * DAY);
      }
    }
  });
});
