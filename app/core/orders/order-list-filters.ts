// The orders list's vocabulary: what it can be filtered and sorted by. Pure, so that the URL
// parser, the query and the page share one list of each.

/** Payment statuses, as stored from order webhooks (compared in lower case). */
export const FINANCIAL_STATUSES = [
  "pending",
  "authorized",
  "partially_paid",
  "paid",
  "partially_refunded",
  "refunded",
  "voided",
  "expired",
] as const;
export type FinancialStatus = (typeof FINANCIAL_STATUSES)[number];

/**
 * Fulfillment statuses in lower case. Webhooks store null for "nothing shipped" and the import
 * stores null for UNFULFILLED: the list treats a missing status as "unfulfilled".
 */
export const FULFILLMENT_STATUSES = ["unfulfilled", "partial", "fulfilled", "restocked", "in_progress", "on_hold", "scheduled"] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];

/** Columns the list can be sorted by: the order's date and its total. */
export const ORDER_SORT_KEYS = ["date", "total"] as const;
export type OrderSortKey = (typeof ORDER_SORT_KEYS)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** Date ranges a merchant picks with one click; "from"/"to" give any other. */
export const DATE_RANGE_PRESETS = ["last7", "last30", "last90", "thisYear"] as const;
export type DateRangePreset = (typeof DATE_RANGE_PRESETS)[number];

/** "yes": only those, "no": none of those; absent: both. */
export const YES_NO = ["yes", "no"] as const;
export type YesNo = (typeof YES_NO)[number];

/** A range of days, as calendar dates (YYYY-MM-DD, UTC), both ends included; either may be open. */
export interface DayRange {
  from: string | null;
  to: string | null;
}

export interface OrderListFilters {
  financialStatus: FinancialStatus | null;
  fulfillmentStatus: FulfillmentStatus | null;
  /** The preset the range came from, or null for a custom range (or none). */
  rangePreset: DateRangePreset | null;
  range: DayRange;
  cancelled: YesNo | null;
  test: YesNo | null;
}

export const NO_ORDER_FILTERS: OrderListFilters = {
  financialStatus: null,
  fulfillmentStatus: null,
  rangePreset: null,
  range: { from: null, to: null },
  cancelled: null,
  test: null,
};
