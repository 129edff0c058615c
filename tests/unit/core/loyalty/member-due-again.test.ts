import { describe, expect, it } from "vitest";
import { memberDueAt } from "~/core/loyalty/due.job.server";
import type { LedgerEntry } from "~/core/loyalty/ledger";
import type { LedgerOptions, MemberRow } from "~/core/loyalty/ledger.server";

// When a member is due again after the program was switched on or its settings saved: at once
// when the clock has work waiting (balances behind the ledger, an expiry), else when the ledger
// next needs it, under the program's options in force.

const DAY = 86_400_000;
const NOW = new Date("2025-06-01T00:00:00Z");
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

const member = (overrides: Partial<MemberRow> = {}): MemberRow => ({
  id: "m1",
  shopId: "s1",
  customerId: "c1",
  balance: 0,
  available: 0,
  pending: 0,
  tierId: null,
  lastActivityAt: null,
  birthMonth: null,
  birthDay: null,
  birthdaySetAt: null,
  ...overrides,
});

const earn = (id: string, points: number, occurred: number, available: number, expires: number | null = null): LedgerEntry & { sourceKey: string } => ({
  id,
  kind: "earn",
  points,
  occurredAt: at(occurred),
  availableAt: at(available),
  expiresAt: expires === null ? null : at(expires),
  lotId: null,
  sourceKey: `earn:${id}`,
});

const OFF_OPTIONS: LedgerOptions = { inactivityDays: null };

describe("memberDueAt", () => {
  it("is when the next pending lot matures, balances in step", () => {
    const entries = [earn("a", 100, -20, -5), earn("b", 200, -10, 4)];
    expect(memberDueAt(member({ balance: 300, available: 100, pending: 200 }), entries, NOW, OFF_OPTIONS)).toEqual(at(4));
  });

  it("is now when a lot matured while no one looked (kept balances behind the ledger)", () => {
    const entries = [earn("a", 100, -20, -5), earn("b", 200, -10, -1)];
    expect(memberDueAt(member({ balance: 300, available: 100, pending: 200 }), entries, NOW, OFF_OPTIONS)).toEqual(NOW);
  });

  it("is now when a lot has expired and is not written off yet", () => {
    const entries = [earn("a", 100, -400, -390, -25)];
    expect(memberDueAt(member({ balance: 100, available: 100 }), entries, NOW, OFF_OPTIONS)).toEqual(NOW);
  });

  it("is now when the balance's inactivity deadline passed while the program was off; else at the deadline", () => {
    const entries = [earn("a", 100, -200, -200)];
    const options: LedgerOptions = { inactivityDays: 90, inactivitySince: null };
    expect(memberDueAt(member({ balance: 100, available: 100, lastActivityAt: at(-200) }), entries, NOW, options)).toEqual(NOW);
    expect(memberDueAt(member({ balance: 100, available: 100, lastActivityAt: at(-30) }), entries, NOW, options)).toEqual(at(60));
  });

  it("is the expiry notice before the lot's expiry, when the program sends them", () => {
    const entries = [earn("a", 100, -10, -10, 100)];
    const options: LedgerOptions = { inactivityDays: null, notices: { warningDays: 30, lastChanceDays: 7 } };
    expect(memberDueAt(member({ balance: 100, available: 100 }), entries, NOW, options)).toEqual(at(70));
    expect(memberDueAt(member({ balance: 100, available: 100 }), entries, NOW, OFF_OPTIONS)).toEqual(at(100));
  });

  it("is the coming birthday, unless that year is paid", () => {
    const given = member({ birthMonth: 6, birthDay: 20, birthdaySetAt: new Date("2024-01-01T00:00:00Z") });
    const options: LedgerOptions = { inactivityDays: null, birthdays: { since: new Date("2020-01-01T00:00:00Z"), paying: true } };
    expect(memberDueAt(given, [], NOW, options)).toEqual(new Date("2025-06-20T00:00:00Z"));
    const paid = [{ ...earn("bday", 100, -400, -400), sourceKey: "birthday:m1:2025" }];
    expect(memberDueAt({ ...given, balance: 100, available: 100 }, paid, NOW, options)).toEqual(new Date("2026-06-20T00:00:00Z"));
    expect(memberDueAt(given, [], NOW, OFF_OPTIONS)).toBeNull();
  });
});
