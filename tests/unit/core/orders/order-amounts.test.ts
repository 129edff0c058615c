import { describe, expect, it } from "vitest";

import { lineTotalMinor, netAfterRefundsMinor } from "~/core/orders/order-amounts";

describe("lineTotalMinor", () => {
  it.each([
    [8990n, 2, 1798n, 16182n],
    [450n, 1, 0n, 450n],
    [0n, 3, 0n, 0n],
    [1999n, 0, 0n, 0n],
    // 64-bit amounts stay exact.
    [9_007_199_254_740_993n, 2, 1n, 18_014_398_509_481_985n],
  ])("%s × %s less %s is %s", (unitPriceMinor, quantity, totalDiscountMinor, expected) => {
    expect(lineTotalMinor({ unitPriceMinor, quantity, totalDiscountMinor })).toBe(expected);
  });
});

describe("netAfterRefundsMinor", () => {
  it.each([
    [17222n, 0n, 17222n],
    [17222n, 8091n, 9131n],
    [17222n, 17222n, 0n],
  ])("%s less %s refunded is %s", (totalMinor, totalRefundedMinor, expected) => {
    expect(netAfterRefundsMinor({ totalMinor, totalRefundedMinor })).toBe(expected);
  });
});
