import { describe, expect, it } from "vitest";
import { expiringBy, inactivityDeadline, nextNoticeAt, noticesDue } from "~/core/loyalty/expiry-notices";
import type { Lot, LedgerSummary } from "~/core/loyalty/ledger";
import { nextDueAt } from "~/core/loyalty/ledger.server";

const DAY = 86_400_000;
const NOW = new Date("2026-06-01T00:00:00Z");
const at = (days: number) => new Date(NOW.getTime() + days * DAY);
const SETTINGS = { warningDays: 30, lastChanceDays: 7 };

function lot(id: string, expiresInDays: number | null, overrides: Partial<Lot> = {}): Lot {
  return { id, kind: "earn", points: 100, remaining: 100, availableAt: at(-100), expiresAt: expiresInDays === null ? null : at(expiresInDays), pending: false, ...overrides };
}
const summary = (...lots: Lot[]): LedgerSummary => ({ balance: 0, available: 0, pending: 0, lots });

describe("expiry notices", () => {
  it.each([
    [31, null],
    [30, "warning"],
    [8, "warning"],
    [7, "last_chance"],
    [1, "last_chance"],
    [0.001, "last_chance"],
  ])("a lot expiring in %s days is due for: %s", (days, level) => {
    const due = noticesDue(summary(lot("a", days)), NOW, SETTINGS);
    expect(due).toEqual(level ? [{ lotId: "a", level, points: 100, expiresAt: at(days) }] : []);
  });

  it("name what is left of the lot", () => {
    expect(noticesDue(summary(lot("a", 5, { remaining: 40 })), NOW, SETTINGS)).toEqual([{ lotId: "a", level: "last_chance", points: 40, expiresAt: at(5) }]);
  });

  it.each([
    ["already expired", lot("a", 0)],
    ["past its expiry", lot("a", -1)],
    ["never expiring", lot("a", null)],
    ["spent", lot("a", 3, { remaining: 0 })],
    ["still pending", lot("a", 3, { pending: true })],
  ])("leave out a lot %s", (_name, subject) => {
    expect(noticesDue(summary(subject), NOW, SETTINGS)).toEqual([]);
    expect(nextNoticeAt(summary(subject), NOW, SETTINGS)).toBeNull();
  });

  it("treat each lot on its own", () => {
    const due = noticesDue(summary(lot("a", 20), lot("b", 3), lot("c", 90)), NOW, SETTINGS);
    expect(due.map((notice) => [notice.lotId, notice.level])).toEqual([
      ["a", "warning"],
      ["b", "last_chance"],
    ]);
  });

  it("come due next at the nearest notice still ahead", () => {
    expect(nextNoticeAt(summary(lot("a", 90)), NOW, SETTINGS)).toEqual(at(60));
    // Inside the warning window: the last chance is next.
    expect(nextNoticeAt(summary(lot("a", 20)), NOW, SETTINGS)).toEqual(at(13));
    // Inside the last-chance window: nothing more (the expiry itself is the ledger's).
    expect(nextNoticeAt(summary(lot("a", 5)), NOW, SETTINGS)).toBeNull();
    expect(nextNoticeAt(summary(lot("a", 90), lot("b", 20)), NOW, SETTINGS)).toEqual(at(13));
  });

  it("give a lot first seen inside both windows only the last chance", () => {
    expect(noticesDue(summary(lot("a", 2)), NOW, { warningDays: 3, lastChanceDays: 3 }).map((notice) => notice.level)).toEqual(["last_chance"]);
  });
});

describe("the member's clock", () => {
  it("comes back at the next notice before the expiry itself, when the program has notices", () => {
    const lots = summary(lot("a", 90), lot("b", 200));
    expect(nextDueAt(lots, NOW, null, SETTINGS)).toEqual(at(60));
    expect(nextDueAt(lots, NOW, null)).toEqual(at(90));
    expect(nextDueAt(summary(lot("a", 5)), NOW, null, SETTINGS)).toEqual(at(5));
  });
});

describe("under inactivity expiry", () => {
  it("the deadline is the last activity plus the program's days", () => {
    expect(inactivityDeadline(at(-10), { days: 90 })).toEqual(at(80));
    expect(inactivityDeadline(null, { days: 90 })).toBeNull();
    expect(inactivityDeadline(at(-10), { days: null })).toBeNull();
  });

  it("a rule switched on later counts from when it came into force, never retroactively", () => {
    expect(inactivityDeadline(at(-400), { days: 90, since: at(-5) })).toEqual(at(85));
    expect(inactivityDeadline(at(-1), { days: 90, since: at(-5) })).toEqual(at(89));
  });

  it("every lot expires at the deadline, or at its own expiry if sooner", () => {
    const lots = expiringBy(summary(lot("a", null), lot("b", 20), lot("c", 300)), at(25));
    expect(lots.lots.map((one) => one.expiresAt)).toEqual([at(25), at(20), at(25)]);
    expect(expiringBy(summary(lot("a", null)), null).lots[0]!.expiresAt).toBeNull();
  });

  it("notices come for the deadline, and the clock comes back for them", () => {
    const lots = expiringBy(summary(lot("a", null), lot("b", null, { remaining: 30 })), at(20));
    expect(noticesDue(lots, NOW, SETTINGS).map((notice) => [notice.lotId, notice.level, notice.points])).toEqual([
      ["a", "warning", 100],
      ["b", "warning", 30],
    ]);
    const held = { ...summary(lot("a", null)), balance: 100 };
    const deadline = inactivityDeadline(at(-10), { days: 90 });
    expect(nextDueAt(held, NOW, deadline, SETTINGS)).toEqual(at(50));
    expect(nextDueAt(held, NOW, deadline)).toEqual(at(80));
  });
});

