// The eligible amount of an order: what a loyalty program earns on, and what a refund or a
// cancellation takes back.
//
//   eligible = 0                                                   for a test or cancelled order
//            = max(0, min(subtotal − refunded merchandise,
//                         total − refunded money))                 otherwise
//
// - subtotal: the merchandise after discounts, before shipping (tax included exactly when the
//   shop's prices include it, as the platform states the subtotal). Shipping, and tax added on
//   top of prices, earn nothing.
// - refunded merchandise: the subtotals of the refunded line items. A refund of money without
//   lines (goodwill, shipping) does not touch it...
// - ...but the amount never exceeds the money the shop kept (total − refunded money), so a large
//   goodwill refund lowers it too.
// - Never negative. Whether the order is paid is the program's concern (order.paid), not the
//   amount's.

export interface EligibilityState {
  subtotalMinor: bigint;
  totalMinor: bigint;
  test: boolean;
  cancelled: boolean;
  /** Sum of the refunds' money. */
  refundedMinor: bigint;
  /** Sum of the refunded line items' subtotals. */
  refundedMerchandiseMinor: bigint;
}

export function eligibleAmountMinor(state: EligibilityState): bigint {
  if (state.test || state.cancelled) return 0n;
  const merchandise = state.subtotalMinor - state.refundedMerchandiseMinor;
  const kept = state.totalMinor - state.refundedMinor;
  const eligible = merchandise < kept ? merchandise : kept;
  return eligible > 0n ? eligible : 0n;
}

/** Financial statuses of an order whose money was taken (refunds afterwards do not undo that). */
const PAID_STATUSES = new Set(["paid", "partially_refunded", "refunded"]);

export function isPaidStatus(financialStatus: string | null | undefined): boolean {
  return financialStatus != null && PAID_STATUSES.has(financialStatus.toLowerCase());
}
