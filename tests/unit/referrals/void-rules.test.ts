import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { voidReason, type Reduction } from "~/core/referrals/void-rules";

const WINDOW_END = new Date("2024-06-01T00:00:00Z");
const WITHIN = new Date(WINDOW_END.getTime() - 1);
const pending = { status: "PENDING", returnWindowEndsAt: WINDOW_END };
const refund = (eligibleAfterMinor: bigint, occurredAt = WITHIN): Reduction => ({ kind: "refund", occurredAt, eligibleAfterMinor });

describe("voidReason", () => {
  it("voids on a cancellation or a full refund within the window, in review too", () => {
    expect(voidReason(pending, { kind: "cancelled", occurredAt: WITHIN }, null)).toBe("cancelled");
    expect(voidReason(pending, refund(0n), null)).toBe("refunded");
    expect(voidReason({ ...pending, status: "REVIEW" }, refund(0n), null)).toBe("refunded");
  });

  it("voids on a partial refund only below the minimum", () => {
    expect(voidReason(pending, refund(2_999n), 3_000)).toBe("refunded");
    expect(voidReason(pending, refund(3_000n), 3_000)).toBeNull();
    expect(voidReason(pending, refund(1n), null)).toBeNull();
  });

  it("changes nothing at or after the window's end, or once the referral is settled or closed", () => {
    expect(voidReason(pending, refund(0n, WINDOW_END), null)).toBeNull();
    expect(voidReason(pending, { kind: "cancelled", occurredAt: new Date(WINDOW_END.getTime() + 1) }, null)).toBeNull();
    for (const status of ["CLAIMED", "REWARDED", "VOIDED", "REJECTED", "EXPIRED"]) {
      expect(voidReason({ status, returnWindowEndsAt: WINDOW_END }, refund(0n), null)).toBeNull();
    }
    expect(voidReason({ status: "PENDING", returnWindowEndsAt: null }, refund(0n), null)).toBeNull();
  });

  it("a smaller remaining value never voids less: voiding is monotonic in the refund", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 100_000n }), fc.bigInt({ min: 0n, max: 100_000n }), fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }), (a, b, minimum) => {
        const [less, more] = a < b ? [a, b] : [b, a];
        if (voidReason(pending, refund(more), minimum) !== null) expect(voidReason(pending, refund(less), minimum)).toBe("refunded");
      }),
    );
  });
});
