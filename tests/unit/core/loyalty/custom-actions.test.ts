import { describe, expect, it } from "vitest";
import { customActionSchema, limitVerdict, type ActionLimit } from "~/core/loyalty/custom-actions";
import { DEFAULT_PROGRAM_SETTINGS, programSettingsSchema } from "~/core/loyalty/program-settings";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date("2026-03-10T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe("limitVerdict", () => {
  it.each<[string, ActionLimit, Date[], boolean]>([
    ["once ever, never granted", { count: 1, period: "ever" }, [], true],
    ["once ever, granted a year ago", { count: 1, period: "ever" }, [ago(365 * DAY)], false],
    ["three ever, granted twice", { count: 3, period: "ever" }, [ago(DAY), ago(2 * DAY)], true],
    ["three ever, granted three times", { count: 3, period: "ever" }, [ago(DAY), ago(2 * DAY), ago(900 * DAY)], false],
    ["once a day, granted 23 hours ago", { count: 1, period: "day" }, [ago(23 * HOUR)], false],
    ["once a day, granted 24 hours ago (it just left the window)", { count: 1, period: "day" }, [ago(DAY)], true],
    ["once a day, granted 24 hours and a millisecond ago", { count: 1, period: "day" }, [ago(DAY + 1)], true],
    ["once a day, granted 24 hours less a millisecond ago", { count: 1, period: "day" }, [ago(DAY - 1)], false],
    ["twice a day, once inside and once outside", { count: 2, period: "day" }, [ago(HOUR), ago(25 * HOUR)], true],
    ["twice a day, twice inside", { count: 2, period: "day" }, [ago(HOUR), ago(20 * HOUR)], false],
    ["five a month, four inside and many before", { count: 5, period: "month" }, [ago(DAY), ago(5 * DAY), ago(10 * DAY), ago(29 * DAY), ago(31 * DAY), ago(60 * DAY)], true],
    ["five a month, five inside", { count: 5, period: "month" }, [ago(DAY), ago(5 * DAY), ago(10 * DAY), ago(20 * DAY), ago(29 * DAY)], false],
    // A grant stamped ahead of this clock (another server's) still counts against the window.
    ["once a day, granted a minute ahead", { count: 1, period: "day" }, [new Date(NOW.getTime() + 60_000)], false],
  ])("%s", (_, limit, grantedAt, allowed) => {
    expect(limitVerdict(limit, grantedAt, NOW).allowed).toBe(allowed);
  });

  it("says a limit over all time never frees up", () => {
    expect(limitVerdict({ count: 1, period: "ever" }, [ago(DAY)], NOW)).toEqual({ allowed: false, count: 1, period: "ever", nextAt: null });
  });

  it("frees up when enough of the oldest grants in the window have left it", () => {
    // Two a day, three inside (a limit lowered since): two must leave, the second oldest decides.
    const verdict = limitVerdict({ count: 2, period: "day" }, [ago(HOUR), ago(10 * HOUR), ago(20 * HOUR)], NOW);
    expect(verdict).toEqual({ allowed: false, count: 2, period: "day", nextAt: new Date(ago(10 * HOUR).getTime() + DAY) });
  });

  it("frees a monthly limit 30 days after the grant that must leave, whatever order the grants come in", () => {
    const verdict = limitVerdict({ count: 2, period: "month" }, [ago(2 * DAY), ago(25 * DAY), ago(40 * DAY)], NOW);
    expect(verdict).toMatchObject({ allowed: false, nextAt: new Date(ago(25 * DAY).getTime() + 30 * DAY) });
    // At that moment one more fits.
    expect(limitVerdict({ count: 2, period: "month" }, [ago(2 * DAY), ago(25 * DAY)], new Date(ago(25 * DAY).getTime() + 30 * DAY)).allowed).toBe(true);
  });
});

describe("customActionSchema", () => {
  const valid = { key: "review_written", label: "Bewertung geschrieben", points: 50, limit: { count: 1, period: "ever" } };

  it.each(["review_written", "newsletter2", "ab"])("takes the key %s", (key) => {
    expect(customActionSchema.safeParse({ ...valid, key }).success).toBe(true);
  });

  it.each(["Review", "2nd_review", "review-written", "a", "review written", "x".repeat(41), ""])("refuses the key %j", (key) => {
    expect(customActionSchema.safeParse({ ...valid, key }).success).toBe(false);
  });

  it.each([
    ["no points", { points: 0 }],
    ["fractional points", { points: 2.5 }],
    ["a blank label", { label: "   " }],
    ["a limit of none", { limit: { count: 0, period: "day" } }],
    ["an unknown period", { limit: { count: 1, period: "week" } }],
    ["no limit", { limit: undefined }],
  ])("refuses %s", (_, change) => {
    expect(customActionSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});

describe("the program's custom actions", () => {
  it("are none in settings stored before they existed", () => {
    const { customActions: _, ...stored } = DEFAULT_PROGRAM_SETTINGS;
    expect(programSettingsSchema.parse(JSON.parse(JSON.stringify(stored))).customActions).toEqual([]);
  });

  it("need unique keys", () => {
    const action = { key: "review_written", label: "Review", points: 10, limit: { count: 1, period: "day" as const } };
    const result = programSettingsSchema.safeParse({ ...DEFAULT_PROGRAM_SETTINGS, customActions: [action, { ...action, label: "Again" }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["customActions", 1, "key"]]);
  });
});
