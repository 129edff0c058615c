import { describe, expect, it } from "vitest";
import { returnWindowMs, type ReturnWindowInput } from "~/core/referrals/return-window";

const DAY = 86_400_000;
const now = new Date("2026-12-04T10:00:00Z");
const input = (overrides: Partial<ReturnWindowInput> = {}): ReturnWindowInput => ({
  settingsDays: 14,
  occurredAt: new Date(now.getTime() - 5_000),
  recordedAt: now,
  isDemoShop: false,
  demoWindowMs: undefined,
  ...overrides,
});

describe("the return window", () => {
  it("is the program's days for a shop's orders, live or late", () => {
    expect(returnWindowMs(input())).toBe(14 * DAY);
    expect(returnWindowMs(input({ occurredAt: new Date(now.getTime() - 90 * DAY) }))).toBe(14 * DAY);
    expect(returnWindowMs(input({ settingsDays: 0 }))).toBe(0);
  });

  it("is the demo's minutes for an order placed now in the demo shop", () => {
    expect(returnWindowMs(input({ isDemoShop: true, demoWindowMs: 120_000 }))).toBe(120_000);
  });

  it("keeps the program's days for the demo history's orders played back, and outside demo mode", () => {
    expect(returnWindowMs(input({ isDemoShop: true, demoWindowMs: 120_000, occurredAt: new Date(now.getTime() - 40 * DAY) }))).toBe(14 * DAY);
    expect(returnWindowMs(input({ isDemoShop: true, demoWindowMs: 120_000, occurredAt: new Date(now.getTime() - 2 * 3_600_000) }))).toBe(14 * DAY);
    expect(returnWindowMs(input({ isDemoShop: true }))).toBe(14 * DAY);
    expect(returnWindowMs(input({ demoWindowMs: 120_000 }))).toBe(14 * DAY);
  });
});
