import { describe, expect, test } from "vitest";
import { historyLine } from "~/core/loyalty/history-lines";
import { birthdayView } from "~/core/loyalty/storefront-view";

// The birthday as the storefront panel shows it, in both languages.

const now = new Date("2026-05-01T12:00:00Z");

describe("the panel's birthday", () => {
  test("not given: an invitation with the points, and the form", () => {
    expect(birthdayView(150, null, null, "en", now)).toEqual({
      month: null,
      day: null,
      text: "Tell us your birthday and get 150 points on it every year.",
      note: null,
      canChange: true,
      changeText: null,
    });
  });

  test("given this year: the day, the next points, and from when it can be changed", () => {
    const given = { month: 2, day: 29, setAt: new Date("2026-04-01T08:00:00Z") };
    const next = new Date("2027-02-28T00:00:00Z");
    expect(birthdayView(100, given, next, "de", now)).toEqual({
      month: 2,
      day: 29,
      text: "Ihr Geburtstag: 29. Februar",
      note: "Ihre nächsten Geburtstagspunkte: 28.02.2027",
      canChange: false,
      changeText: "Sie können ihn ab dem 01.04.2027 wieder ändern.",
    });
    expect(birthdayView(100, given, next, "en", now)).toMatchObject({ text: "Your birthday: February 29", note: "Your next birthday points: Feb 28, 2027" });
  });

  test("given over a year ago: the form again", () => {
    const given = { month: 12, day: 24, setAt: new Date("2025-04-30T00:00:00Z") };
    expect(birthdayView(100, given, new Date("2026-12-24T00:00:00Z"), "en", now)).toMatchObject({ canChange: true, changeText: null });
  });
});

test("a birthday's entry in the history", () => {
  const source = { kind: "earn" as const, points: 100, occurredAt: now, availableAt: now, reason: "birthday", fromOrder: false, orderName: null, rewardTitle: null };
  expect(historyLine(source, "en", () => null, now).text).toBe("Birthday points");
  expect(historyLine(source, "de", () => null, now).text).toBe("Geburtstagspunkte");
  expect(historyLine({ ...source, reason: "newsletter" }, "en", () => null, now).text).toBe("Bonus points");
});
