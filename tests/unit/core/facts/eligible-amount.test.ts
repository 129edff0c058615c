import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { eligibleAmountMinor, isPaidStatus, type EligibilityState } from "~/core/facts/eligible-amount";

const order = (overrides: Partial<EligibilityState> = {}): EligibilityState => ({
  subtotalMinor: 10_000n,
  totalMinor: 11_490n, // 4.90 shipping, 10.00 tax on top
  test: false,
  cancelled: false,
  refundedMinor: 0n,
  refundedMerchandiseMinor: 0n,
  ...overrides,
});

describe("eligible amount", () => {
  test("is the merchandise after discounts: shipping and tax on top earn nothing", () => {
    expect(eligibleAmountMinor(order())).toBe(10_000n);
  });

  test("a refund of lines takes their subtotal off", () => {
    expect(eligibleAmountMinor(order({ refundedMinor: 2_500n, refundedMerchandiseMinor: 2_500n }))).toBe(7_500n);
  });

  test("a refund of money without lines lowers it only below what the shop kept", () => {
    // Shipping refunded: the shop still kept more than the merchandise.
    expect(eligibleAmountMinor(order({ refundedMinor: 490n }))).toBe(10_000n);
    // A goodwill refund of 50.00: the shop kept 64.90.
    expect(eligibleAmountMinor(order({ refundedMinor: 5_000n }))).toBe(6_490n);
  });

  test("is zero for cancelled and test orders, and never negative", () => {
    expect(eligibleAmountMinor(order({ cancelled: true }))).toBe(0n);
    expect(eligibleAmountMinor(order({ test: true }))).toBe(0n);
    expect(eligibleAmountMinor(order({ refundedMinor: 11_490n, refundedMerchandiseMinor: 10_000n }))).toBe(0n);
    expect(eligibleAmountMinor(order({ refundedMinor: 20_000n, refundedMerchandiseMinor: 15_000n }))).toBe(0n);
  });

  const amount = fc.bigInt({ min: 0n, max: 10n ** 12n });
  const state = fc.record({
    subtotalMinor: amount,
    totalMinor: amount,
    test: fc.boolean(),
    cancelled: fc.boolean(),
    refundedMinor: amount,
    refundedMerchandiseMinor: amount,
  });

  test("lies between zero, the subtotal and what the shop kept", () => {
    fc.assert(
      fc.property(state, (s) => {
        const eligible = eligibleAmountMinor(s);
        expect(eligible >= 0n).toBe(true);
        expect(eligible <= s.subtotalMinor).toBe(true);
        if (eligible > 0n) expect(eligible <= s.totalMinor - s.refundedMinor).toBe(true);
        if (s.test || s.cancelled) expect(eligible).toBe(0n);
      }),
    );
  });

  test("never grows with a further refund", () => {
    fc.assert(
      fc.property(state, amount, amount, (s, money, merchandise) => {
        const after = eligibleAmountMinor({
          ...s,
          refundedMinor: s.refundedMinor + money,
          refundedMerchandiseMinor: s.refundedMerchandiseMinor + merchandise,
        });
        expect(after <= eligibleAmountMinor(s)).toBe(true);
      }),
    );
  });
});

describe("paid statuses", () => {
  test("paid, partially refunded and refunded orders were paid; pending, authorized and voided ones not", () => {
    expect(["paid", "PAID", "partially_refunded", "refunded"].map(isPaidStatus)).toEqual([true, true, true, true]);
    expect(["pending", "authorized", "partially_paid", "voided", "expired", null].map(isPaidStatus)).toEqual([
      false, false, false, false, false, false,
    ]);
  });
});
