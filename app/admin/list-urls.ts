import type { CustomerListFilters, CustomerSortKey } from "~/core/customers/customer-list-filters";
import type { OrderListFilters, OrderSortKey, SortDirection } from "~/core/orders/order-list-filters";

// A list's address from its state: search, filters, sort and page travel in the URL (defaults
// left out), so a page can be bookmarked, shared and reloaded as it is. list-params.ts reads it back.

interface ListState<S extends string, F> {
  query: string;
  sort: S;
  direction: SortDirection;
  page: number;
  filters: F;
}

export type OrderListState = ListState<OrderSortKey, OrderListFilters>;
export type CustomerListState = ListState<CustomerSortKey, CustomerListFilters>;

function address(path: string, state: ListState<string, unknown>, defaultSort: string, filters: Array<[string, string | null]>): string {
  const params = new URLSearchParams();
  if (state.query) params.set("q", state.query);
  for (const [name, value] of filters) if (value) params.set(name, value);
  if (state.sort !== defaultSort) params.set("sort", state.sort);
  if (state.direction !== "desc") params.set("dir", state.direction);
  if (state.page > 1) params.set("page", String(state.page));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export const ORDERS_PATH = "/app/orders";
export const CUSTOMERS_PATH = "/app/customers";

export function orderListUrl(state: OrderListState): string {
  const { filters } = state;
  return address(ORDERS_PATH, state, "date", [
    ["status", filters.financialStatus],
    ["fulfillment", filters.fulfillmentStatus],
    // A preset stays a preset: "last 7 days" bookmarked today still means the last 7 days later.
    ["range", filters.rangePreset],
    ["from", filters.rangePreset ? null : filters.range.from],
    ["to", filters.rangePreset ? null : filters.range.to],
    ["cancelled", filters.cancelled],
    ["test", filters.test],
  ]);
}

export function customerListUrl(state: CustomerListState): string {
  const { filters } = state;
  return address(CUSTOMERS_PATH, state, "lastOrder", [
    ["consent", filters.consent],
    ["type", filters.kind],
    ["orders", filters.orders],
  ]);
}
