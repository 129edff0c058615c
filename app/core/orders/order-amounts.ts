// What an order's figures add up to, as the order page shows them. Pure; integer minor units.

/** A line as the buyer was charged for it: unit price times quantity, less the line's discounts. */
export function lineTotalMinor(line: { unitPriceMinor: bigint; quantity: number; totalDiscountMinor: bigint }): bigint {
  return line.unitPriceMinor * BigInt(line.quantity) - line.totalDiscountMinor;
}

/** What the shop keeps of an order: its total less what was refunded. */
export function netAfterRefundsMinor(order: { totalMinor: bigint; totalRefundedMinor: bigint }): bigint {
  return order.totalMinor - order.totalRefundedMinor;
}
