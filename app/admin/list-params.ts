import { z } from "zod";
import { queryParamReader } from "./query-params";
import { searchPlan, wordsTooShort, type SearchPlan } from "~/core/customers/customer-search";
import {
  CONSENT_FILTERS,
  CUSTOMER_KINDS,
  CUSTOMER_SORT_KEYS,
  ORDER_PRESENCE,
  type CustomerListFilters,
  type CustomerSortKey,
} from "~/core/customers/customer-list-filters";
import { parseIsoDay, presetRange } from "~/core/orders/order-date-range";
import {
  DATE_RANGE_PRESETS,
  FINANCIAL_STATUSES,
  FULFILLMENT_STATUSES,
  ORDER_SORT_KEYS,
  SORT_DIRECTIONS,
  YES_NO,
  type DayRange,
  type OrderListFilters,
  type OrderSortKey,
  type SortDirection,
} from "~/core/orders/order-list-filters";

// A list page's address, read value by value: what does not parse is left out and reported, so
// the page applies the rest and says what it ignored (a hand-edited URL, a stale bookmark).

type ListParam =
  | "q"
  | "page"
  | "sort"
  | "dir"
  | "status"
  | "fulfillment"
  | "range"
  | "from"
  | "to"
  | "cancelled"
  | "test"
  | "consent"
  | "type"
  | "orders";

export type ListProblem =
  | { kind: "invalid"; param: ListParam; value: string }
  | { kind: "fromAfterTo"; from: string; to: string }
  | { kind: "searchTooShort"; query: string }
  | { kind: "pageBeyondEnd"; page: number; lastPage: number };

interface Parsed<T> {
  value: T;
  problems: ListProblem[];
}

interface ListQuery<S extends string> {
  /** The search text as typed; "" for none. */
  query: string;
  /** What the search asks for; null for no search, or one refused (see problems). */
  plan: SearchPlan | null;
  sort: S;
  direction: SortDirection;
  page: number;
}

const MAX_PAGE = 100_000;
const MAX_QUERY_LENGTH = 200;
const ISO_DAY = z.string().refine((text) => parseIsoDay(text) !== null);

// Every parameter either list knows; each list reads only its own.
const PARAM_SCHEMAS = {
  page: z.coerce.number().int().min(1).max(MAX_PAGE),
  dir: z.enum(SORT_DIRECTIONS),
  orderSort: z.enum(ORDER_SORT_KEYS),
  customerSort: z.enum(CUSTOMER_SORT_KEYS),
  status: z.enum(FINANCIAL_STATUSES),
  fulfillment: z.enum(FULFILLMENT_STATUSES),
  range: z.enum(DATE_RANGE_PRESETS),
  from: ISO_DAY,
  to: ISO_DAY,
  cancelled: z.enum(YES_NO),
  test: z.enum(YES_NO),
  consent: z.enum(CONSENT_FILTERS),
  type: z.enum(CUSTOMER_KINDS),
  orders: z.enum(ORDER_PRESENCE),
} as const;

function reader(searchParams: URLSearchParams) {
  // Both sort vocabularies come from the one "sort" parameter; blanks count as absent (a form's
  // "all" sends status=).
  const params = new URLSearchParams();
  for (const [name, value] of searchParams) if (value.trim() !== "") params.set(name, value.trim());
  const sort = params.get("sort");
  if (sort !== null) {
    params.set("orderSort", sort);
    params.set("customerSort", sort);
  }
  const { read, rejected } = queryParamReader(params, PARAM_SCHEMAS);
  const problems: ListProblem[] = [];
  const reportRejected = () => {
    for (const { name, value } of rejected.splice(0)) {
      problems.push({ kind: "invalid", param: name === "orderSort" || name === "customerSort" ? "sort" : name, value });
    }
  };
  // The search text stays as typed (the field shows it, links keep it) even when it is refused.
  const search = (): { query: string; plan: SearchPlan | null } => {
    const query = (searchParams.get("q") ?? "").slice(0, MAX_QUERY_LENGTH).trim();
    const plan = searchPlan(query);
    if (plan && wordsTooShort(plan) && plan.phoneDigits === null && plan.orderNumber === null) {
      problems.push({ kind: "searchTooShort", query });
      return { query, plan: null };
    }
    return { query, plan };
  };
  return { read, problems, reportRejected, search };
}

/** A preset wins over from/to; from after to is a mistake, and neither end applies. */
function readRange(read: ReturnType<typeof reader>, today: Date): Pick<OrderListFilters, "rangePreset" | "range"> {
  const preset = read.read("range");
  if (preset) return { rangePreset: preset, range: presetRange(preset, today) };
  const range: DayRange = { from: read.read("from") ?? null, to: read.read("to") ?? null };
  if (range.from && range.to && range.from > range.to) {
    read.problems.push({ kind: "fromAfterTo", from: range.from, to: range.to });
    return { rangePreset: null, range: { from: null, to: null } };
  }
  return { rangePreset: null, range };
}

export function parseOrderListParams(
  searchParams: URLSearchParams,
  today: Date,
): Parsed<ListQuery<OrderSortKey> & { filters: OrderListFilters }> {
  const read = reader(searchParams);
  const value = {
    ...read.search(),
    sort: read.read("orderSort") ?? "date",
    direction: read.read("dir") ?? "desc",
    page: read.read("page") ?? 1,
    filters: {
      financialStatus: read.read("status") ?? null,
      fulfillmentStatus: read.read("fulfillment") ?? null,
      cancelled: read.read("cancelled") ?? null,
      test: read.read("test") ?? null,
      ...readRange(read, today),
    },
  };
  read.reportRejected();
  return { value, problems: read.problems };
}

export function parseCustomerListParams(
  searchParams: URLSearchParams,
): Parsed<ListQuery<CustomerSortKey> & { filters: CustomerListFilters }> {
  const read = reader(searchParams);
  const value = {
    ...read.search(),
    sort: read.read("customerSort") ?? "lastOrder",
    direction: read.read("dir") ?? "desc",
    page: read.read("page") ?? 1,
    filters: {
      consent: read.read("consent") ?? null,
      kind: read.read("type") ?? null,
      orders: read.read("orders") ?? null,
    },
  };
  read.reportRejected();
  return { value, problems: read.problems };
}
