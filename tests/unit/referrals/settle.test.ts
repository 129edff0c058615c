import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AdvocateReward } from "~/core/referrals/program-settings";
import { calendarMonth, rewardDate, settleDecision, type SettleState } from "~/core/referrals/settle";

const NOW = new Date("2024-06-15T12:00:00Z");
const POINTS: AdvocateReward = { kind: "points", points: 500 };

const state = (overrides: Partial<SettleState> = {}): SettleState => ({
  status: "PENDING",
  returnWindowEndsAt: new Date(NOW.getTime() - 1),
  rewardedThisMonth: 0,
  monthlyLimit: 10,
  reward: POINTS,
  ...overrides,
});

describe("settleDecision", () => {
  it("rewards a pending referral whose window has passed", () => {
    expect(settleDecision(state(), NOW)).toEqual({ kind: "reward", reward: POINTS });
    expect(settleDecision(state({ returnWindowEndsAt: NOW }), NOW)).toEqual({ kind: "reward", reward: POINTS });
  });

  it("waits while the window is open", () => {
    const until = new Date(NOW.getTime() + 1);
    expect(settleDecision(state({ returnWindowEndsAt: until }), NOW)).toEqual({ kind: "wait", until });
  });

  it.each(["CLAIMED", "REVIEW", "REWARDED", "VOIDED", "REJECTED", "EXPIRED"])("does nothing for a %s referral", (status) => {
    expect(settleDecision(state({ status }), NOW)).toEqual({ kind: "nothing" });
  });

  it("does nothing without a window or a promised reward", () => {
    expect(settleDecision(state({ returnWindowEndsAt: null }), NOW)).toEqual({ kind: "nothing" });
    expect(settleDecision(state({ reward: null }), NOW)).toEqual({ kind: "nothing" });
  });

  it("rejects at the monthly limit, and never without one", () => {
    expect(settleDecision(state({ rewardedThisMonth: 9, monthlyLimit: 10 }), NOW).kind).toBe("reward");
    expect(settleDecision(state({ rewardedThisMonth: 10, monthlyLimit: 10 }), NOW)).toEqual({ kind: "over_limit" });
    expect(settleDecision(state({ rewardedThisMonth: 1_000, monthlyLimit: null }), NOW).kind).toBe("reward");
  });

  it("never rewards before the window's end nor beyond the limit, whatever the state", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("CLAIMED", "PENDING", "REVIEW", "REWARDED", "VOIDED", "REJECTED", "EXPIRED"),
        fc.option(fc.integer({ min: -10 * 86_400_000, max: 10 * 86_400_000 }), { nil: null }),
        fc.nat(50),
        fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }),
        (status, offset, rewardedThisMonth, monthlyLimit) => {
          const returnWindowEndsAt = offset === null ? null : new Date(NOW.getTime() + offset);
          const decision = settleDecision(state({ status, returnWindowEndsAt, rewardedThisMonth, monthlyLimit }), NOW);
          if (decision.kind === "reward" || decision.kind === "over_limit") {
            expect(status).toBe("PENDING");
            expect(returnWindowEndsAt!.getTime()).toBeLessThanOrEqual(NOW.getTime());
          }
          if (decision.kind === "reward" && monthlyLimit !== null) expect(rewardedThisMonth).toBeLessThan(monthlyLimit);
        },
      ),
    );
  });
});

describe("rewardDate", () => {
  const windowEnd = new Date("2026-11-10T12:00:00Z");
  const now = new Date("2026-12-04T09:00:00Z");

  it("is the window's end when the settle runs late", () => {
    expect(rewardDate(windowEnd, null, now)).toEqual(windowEnd);
  });

  it("is the merchant's approval when it came after the window", () => {
    const approved = new Date("2026-11-20T08:00:00Z");
    expect(rewardDate(windowEnd, approved, now)).toEqual(approved);
    expect(rewardDate(windowEnd, new Date("2026-11-01T08:00:00Z"), now)).toEqual(windowEnd);
  });

  it("is never after now", () => {
    expect(rewardDate(new Date("2026-12-05T00:00:00Z"), null, now)).toEqual(now);
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), fc.option(fc.date({ noInvalidDate: true })), fc.date({ noInvalidDate: true }), (end, reviewed, at) => {
        const date = rewardDate(end, reviewed, at);
        expect(date.getTime()).toBeLessThanOrEqual(at.getTime());
        expect(date.getTime()).toBe(Math.min(at.getTime(), Math.max(end.getTime(), reviewed?.getTime() ?? 0)));
      }),
    );
  });
});

describe("calendarMonth", () => {
  it("is the UTC month around the moment, end exclusive, across the year's end", () => {
    expect(calendarMonth(NOW)).toEqual({ start: new Date("2024-06-01T00:00:00Z"), end: new Date("2024-07-01T00:00:00Z") });
    expect(calendarMonth(new Date("2024-12-31T23:59:59Z"))).toEqual({ start: new Date("2024-12-01T00:00:00Z"), end: new Date("2025-01-01T00:00:00Z") });
    expect(calendarMonth(new Date("2024-03-01T00:00:00Z")).start).toEqual(new Date("2024-03-01T00:00:00Z"));
  });
});
