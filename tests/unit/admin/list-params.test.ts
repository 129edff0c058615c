import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseCustomerListParams, parseOrderListParams } from "~/admin/list-params";
import { customerListUrl, orderListUrl, type CustomerListState, type OrderListState } from "~/admin/list-urls";
import { CONSENT_FILTERS, CUSTOMER_KINDS, CUSTOMER_SORT_KEYS, ORDER_PRESENCE } from "~/core/customers/customer-list-filters";
import { presetRange, rangeBounds } from "~/core/orders/order-date-range";
import {
  DATE_RANGE_PRESETS,
  FINANCIAL_STATUSES,
  FULFILLMENT_STATUSES,
  ORDER_SORT_KEYS,
  SORT_DIRECTIONS,
  YES_NO,
} from "~/core/orders/order-list-filters";

const TODAY = new Date("2026-12-04T15:00:00Z");
const orders = (search: string) => parseOrderListParams(new URLSearchParams(search), TODAY);
const customers = (search: string) => parseCustomerListParams(new URLSearchParams(search));

describe("orders list address", () => {
  test("no parameters: newest first, page 1, no filters, nothing to report", () => {
    expect(orders("")).toEqual({
      value: {
        query: "",
        plan: null,
        sort: "date",
        direction: "desc",
        page: 1,
        filters: {
          financialStatus: null,
          fulfillmentStatus: null,
          rangePreset: null,
          range: { from: null, to: null },
          cancelled: null,
          test: null,
        },
      },
      problems: [],
    });
  });

  test("every valid value applies", () => {
    const { value, problems } = orders(
      "q=%231042&status=paid&fulfillment=unfulfilled&from=2026-11-01&to=2026-11-30&cancelled=no&test=yes&sort=total&dir=asc&page=3",
    );
    expect(problems).toEqual([]);
    expect(value).toMatchObject({
      query: "#1042",
      plan: { orderNumber: 1042 },
      sort: "total",
      direction: "asc",
      page: 3,
      filters: {
        financialStatus: "paid",
        fulfillmentStatus: "unfulfilled",
        rangePreset: null,
        range: { from: "2026-11-01", to: "2026-11-30" },
        cancelled: "no",
        test: "yes",
      },
    });
  });

  test.each([
    ["status=storniert", { kind: "invalid", param: "status", value: "storniert" }],
    ["status=PAID", { kind: "invalid", param: "status", value: "PAID" }],
    ["fulfillment=shipped", { kind: "invalid", param: "fulfillment", value: "shipped" }],
    ["range=yesterday", { kind: "invalid", param: "range", value: "yesterday" }],
    ["from=2026-02-30", { kind: "invalid", param: "from", value: "2026-02-30" }],
    ["to=04.12.2026", { kind: "invalid", param: "to", value: "04.12.2026" }],
    ["from=2026-1-5", { kind: "invalid", param: "from", value: "2026-1-5" }],
    ["cancelled=maybe", { kind: "invalid", param: "cancelled", value: "maybe" }],
    ["test=1", { kind: "invalid", param: "test", value: "1" }],
    ["sort=revenue", { kind: "invalid", param: "sort", value: "revenue" }],
    ["dir=sideways", { kind: "invalid", param: "dir", value: "sideways" }],
    ["page=0", { kind: "invalid", param: "page", value: "0" }],
    ["page=-2", { kind: "invalid", param: "page", value: "-2" }],
    ["page=1.5", { kind: "invalid", param: "page", value: "1.5" }],
    ["page=abc", { kind: "invalid", param: "page", value: "abc" }],
    ["page=100001", { kind: "invalid", param: "page", value: "100001" }],
    ["from=2026-12-01&to=2026-11-01", { kind: "fromAfterTo", from: "2026-12-01", to: "2026-11-01" }],
    ["q=ab", { kind: "searchTooShort", query: "ab" }],
    ["q=%20a%20b%20", { kind: "searchTooShort", query: "a b" }],
  ])("%s is reported and ignored", (search, problem) => {
    const { value, problems } = orders(search);
    expect(problems).toEqual([problem]);
    expect(value.filters).toEqual(orders("").value.filters);
    expect(value).toMatchObject({ sort: "date", direction: "desc", page: 1, plan: null });
  });

  test("a bad value does not stop the good ones", () => {
    const { value, problems } = orders("status=storniert&sort=total&dir=sideways&page=0&fulfillment=fulfilled");
    expect(problems.map((problem) => problem.kind === "invalid" && problem.param)).toEqual(["dir", "page", "status"]);
    expect(value).toMatchObject({ sort: "total", direction: "desc", page: 1, filters: { fulfillmentStatus: "fulfilled", financialStatus: null } });
  });

  test("blank values are choices (a form's 'all'), not mistakes", () => {
    expect(orders("status=&fulfillment=%20&q=&range=").problems).toEqual([]);
  });

  test("a refused search stays in the field", () => {
    expect(orders("q=ab").value.query).toBe("ab");
  });

  test("order and phone numbers are searched however short their words", () => {
    expect(orders("q=%2312").problems).toEqual([]);
    expect(orders("q=%2B49%201522%20126069").value.plan?.phoneDigits).toBe("1522126069");
  });

  test("a preset wins over from and to and ends today", () => {
    expect(orders("range=last7&from=2020-01-01").value.filters).toMatchObject({
      rangePreset: "last7",
      range: { from: "2026-11-28", to: "2026-12-04" },
    });
  });

  test("one open end of a range is a range", () => {
    expect(orders("from=2026-11-01").value.filters.range).toEqual({ from: "2026-11-01", to: null });
    expect(orders("to=2026-11-01").value.filters.range).toEqual({ from: null, to: "2026-11-01" });
    expect(orders("from=2026-11-01&to=2026-11-01").problems).toEqual([]);
  });
});

describe("date ranges", () => {
  test.each([
    ["last7", "2026-11-28"],
    ["last30", "2026-11-05"],
    ["last90", "2026-09-06"],
    ["thisYear", "2026-01-01"],
  ] as const)("%s starts %s", (preset, from) => {
    expect(presetRange(preset, TODAY)).toEqual({ from, to: "2026-12-04" });
  });

  test("a range covers its last day up to midnight", () => {
    expect(rangeBounds({ from: "2026-11-01", to: "2026-11-30" })).toEqual({
      gte: new Date("2026-11-01T00:00:00Z"),
      lt: new Date("2026-12-01T00:00:00Z"),
    });
    expect(rangeBounds({ from: null, to: null })).toEqual({ gte: null, lt: null });
  });

  test("a leap day exists only in leap years", () => {
    expect(orders("from=2028-02-29").problems).toEqual([]);
    expect(orders("from=2027-02-29").problems).toHaveLength(1);
  });
});

describe("customers list address", () => {
  test("filters, search and sort apply", () => {
    const { value, problems } = customers("q=K%C3%B6ln&consent=subscribed&type=guest&orders=without&sort=revenue&dir=asc");
    expect(problems).toEqual([]);
    expect(value).toMatchObject({
      query: "Köln",
      plan: { words: ["köln"] },
      sort: "revenue",
      direction: "asc",
      filters: { consent: "subscribed", kind: "guest", orders: "without" },
    });
  });

  test.each([
    ["consent=SUBSCRIBED", "consent"],
    ["consent=redacted", "consent"],
    ["type=vip", "type"],
    ["orders=some", "orders"],
    ["sort=date", "sort"],
  ])("%s is reported and ignored", (search, param) => {
    const { value, problems } = customers(search);
    expect(problems).toEqual([{ kind: "invalid", param, value: new URLSearchParams(search).values().next().value }]);
    expect(value.filters).toEqual({ consent: null, kind: null, orders: null });
    expect(value.sort).toBe("lastOrder");
  });
});

// Any state a page can be in survives the trip through its own address unchanged and unreported.
const direction = fc.constantFrom(...SORT_DIRECTIONS);
const page = fc.integer({ min: 1, max: 100_000 });
const query = fc.constantFrom("", "anna", "Anna Schmidt", "#1042", "+49 1522 126069", "köln 50%");
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const isoDay = fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));

describe("addresses and states", () => {
  test("orders: parse(url(state)) is the state", () => {
    const state: fc.Arbitrary<OrderListState> = fc
      .record({
        query,
        sort: fc.constantFrom(...ORDER_SORT_KEYS),
        direction,
        page,
        financialStatus: nullable(fc.constantFrom(...FINANCIAL_STATUSES)),
        fulfillmentStatus: nullable(fc.constantFrom(...FULFILLMENT_STATUSES)),
        preset: nullable(fc.constantFrom(...DATE_RANGE_PRESETS)),
        days: fc.tuple(nullable(isoDay), nullable(isoDay)),
        cancelled: nullable(fc.constantFrom(...YES_NO)),
        test: nullable(fc.constantFrom(...YES_NO)),
      })
      .map(({ preset, days: [a, b], ...rest }) => {
        const [from, to] = a && b && a > b ? [b, a] : [a, b];
        return {
          query: rest.query,
          sort: rest.sort,
          direction: rest.direction,
          page: rest.page,
          filters: {
            financialStatus: rest.financialStatus,
            fulfillmentStatus: rest.fulfillmentStatus,
            rangePreset: preset,
            range: preset ? presetRange(preset, TODAY) : { from, to },
            cancelled: rest.cancelled,
            test: rest.test,
          },
        };
      });
    fc.assert(
      fc.property(state, (original) => {
        const url = new URL(orderListUrl(original), "https://app.example");
        const { value, problems } = parseOrderListParams(url.searchParams, TODAY);
        expect(problems).toEqual([]);
        const { plan: _plan, ...parsed } = value;
        expect(parsed).toEqual(original);
      }),
    );
  });

  test("customers: parse(url(state)) is the state", () => {
    const state: fc.Arbitrary<CustomerListState> = fc.record({
      query,
      sort: fc.constantFrom(...CUSTOMER_SORT_KEYS),
      direction,
      page,
      filters: fc.record({
        consent: nullable(fc.constantFrom(...CONSENT_FILTERS)),
        kind: nullable(fc.constantFrom(...CUSTOMER_KINDS)),
        orders: nullable(fc.constantFrom(...ORDER_PRESENCE)),
      }),
    });
    fc.assert(
      fc.property(state, (original) => {
        const url = new URL(customerListUrl(original), "https://app.example");
        const { value, problems } = parseCustomerListParams(url.searchParams);
        expect(problems).toEqual([]);
        const { plan: _plan, ...parsed } = value;
        expect(parsed).toEqual(original);
      }),
    );
  });

  test("any address at all parses without throwing, and every problem names what the address said", () => {
    const names = ["q", "page", "sort", "dir", "status", "fulfillment", "range", "from", "to", "cancelled", "test", "consent", "type", "orders", "x"];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...names), fc.string({ maxLength: 12 })), { maxLength: 8 }), (pairs) => {
        const params = new URLSearchParams(pairs);
        for (const { problems } of [parseOrderListParams(params, TODAY), parseCustomerListParams(params)]) {
          for (const problem of problems) {
            if (problem.kind === "invalid") expect(params.getAll(problem.param).map((raw) => raw.trim())).toContain(problem.value);
          }
        }
      }),
    );
  });
});
