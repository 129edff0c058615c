// The customers list's vocabulary: what it can be filtered and sorted by. Pure, so that the URL
// parser, the query and the page share one list of each.

/** Columns the list can be sorted by: last order, revenue, number of orders. */
export const CUSTOMER_SORT_KEYS = ["lastOrder", "revenue", "orders"] as const;
export type CustomerSortKey = (typeof CUSTOMER_SORT_KEYS)[number];

/** E-mail marketing consent as the URL spells it: the stored enum value in lower case. */
export const CONSENT_FILTERS = ["subscribed", "not_subscribed", "unsubscribed", "pending", "unknown"] as const;
export type ConsentFilter = (typeof CONSENT_FILTERS)[number];

/** Registered customers have an account at the shop; guests are known from their orders only. */
export const CUSTOMER_KINDS = ["registered", "guest"] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

export const ORDER_PRESENCE = ["with", "without"] as const;
export type OrderPresence = (typeof ORDER_PRESENCE)[number];

export interface CustomerListFilters {
  consent: ConsentFilter | null;
  kind: CustomerKind | null;
  orders: OrderPresence | null;
}

export const NO_CUSTOMER_FILTERS: CustomerListFilters = { consent: null, kind: null, orders: null };
